"""Celery tasks of sessions: thin shells over services."""

from celery import shared_task

from .services.notifications import agenda_reminders_send


@shared_task
def send_agenda_reminders() -> int:
    return agenda_reminders_send()

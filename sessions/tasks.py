"""Celery tasks of sessions: thin shells over services."""

from celery import shared_task

from .services.notifications import agenda_reminders_send


@shared_task
def send_agenda_reminders() -> int:
    return agenda_reminders_send()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_close_followups(session_id: int) -> int:
    from .services.followups import close_followups_send

    return close_followups_send(session_id=session_id)


@shared_task
def send_action_reminders() -> int:
    from .services.followups import action_reminders_send

    return action_reminders_send()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_minutes_approved(session_id: int) -> int:
    from .services.followups import minutes_approved_notify

    return minutes_approved_notify(session_id=session_id)

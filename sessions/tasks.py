"""Celery tasks of sessions: thin shells over services."""

from celery import shared_task

from .services.notifications import agenda_reminders_send


@shared_task
def send_agenda_reminders() -> int:
    return agenda_reminders_send()


@shared_task
def send_action_reminders() -> int:
    from .services.followups import action_reminders_send

    return action_reminders_send()


@shared_task
def apply_retention() -> int:
    from .services.retention import retention_apply

    return retention_apply()


# Follow-ups on close and on approved minutes are queued in the transaction that closes or approves
# (sessions.services.room, .minutes); these tasks remain for messages already in a queue when that
# changed. Idempotent: each email has its outbox key.
@shared_task
def send_close_followups(session_id: int) -> int:
    from .models import Session
    from .services.followups import close_followups_queue

    return close_followups_queue(session=Session.objects.get(pk=session_id))


@shared_task
def send_minutes_approved(session_id: int) -> int:
    from .models import Session
    from .services.followups import minutes_approved_queue

    return minutes_approved_queue(session=Session.objects.get(pk=session_id))

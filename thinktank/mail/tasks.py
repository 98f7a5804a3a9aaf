"""Celery tasks for the outbox: thin, idempotent, by id. The services decide; these only schedule."""

from celery import shared_task

from .services import MAX_SEND_ATTEMPTS, outbound_email_send, outbound_email_sweep


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=MAX_SEND_ATTEMPTS - 1,
)
def send_outbound_email(self, email_id: int) -> bool:
    """Send one outbox email; safe to run twice (the row is claimed before sending).

    An error puts the row back to pending and the task retries with backoff; the row itself counts
    attempts and becomes `failed` after the last one.
    """
    return outbound_email_send(email_id=email_id)


@shared_task
def outbox_sweep() -> dict[str, int]:
    """Every few minutes (beat): re-enqueue emails whose task was lost, flag sends a dead worker left."""
    return outbound_email_sweep()

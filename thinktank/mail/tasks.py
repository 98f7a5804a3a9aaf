"""Celery tasks for the outbox: thin, idempotent, by id. The services decide; these only schedule."""

from celery import shared_task

from .services import outbound_email_send, outbound_email_sweep


@shared_task
def send_outbound_email(email_id: int) -> bool:
    """Send one outbox email; safe to run twice (the row is claimed before sending). A failure is
    recorded on the row, which the sweep retries: the task itself never retries."""
    return outbound_email_send(email_id=email_id)


@shared_task
def outbox_sweep() -> dict[str, int]:
    """Every minute (beat): send what is pending and due, and what a dead worker left half-sent."""
    return outbound_email_sweep()

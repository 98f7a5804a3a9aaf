"""Closing a session with a real Celery worker on Redis: each follow-up email goes out once, even
when an old-style follow-up task is delivered twice on top of the rows the close itself wrote."""

import pytest

from sessions.services.actions import action_item_create
from sessions.services.room import room_control
from sessions.tasks import send_close_followups
from thinktank.mail.models import EmailStatus, OutboundEmail

FOLLOWUP_TASK = "sessions.tasks.send_close_followups"


@pytest.mark.django_db(transaction=True)
def test_close_followups_are_sent_once_by_a_real_worker(
    celery_worker_process, live_session, ready_participant
):
    worker = celery_worker_process
    ana = ready_participant(live_session, name="Ana Reyes", email="ana@acme.example")
    ben = ready_participant(live_session, name="Ben Okafor", email="ben@bolt.example")
    action_item_create(session=live_session, by=live_session.created_by, title="Ana's pilot", owner=ana)
    room_control(session_id=live_session.pk, user=live_session.created_by, action="close")
    send_close_followups.delay(live_session.pk)  # twice, as a redelivery of a pre-upgrade task would
    send_close_followups.delay(live_session.pk)

    def all_sent() -> bool:
        statuses = list(OutboundEmail.objects.values_list("status", flat=True))
        return (
            len(statuses) == 3
            and all(s == EmailStatus.SENT for s in statuses)
            and len(worker.tasks_succeeded(FOLLOWUP_TASK)) >= 2
        )

    worker.wait_until(all_sent, what="three follow-ups sent and both follow-up runs finished")
    # The file backend appends messages sent from one connection to one file, 79 dashes apart.
    messages = [m for path in worker.sent_messages() for m in path.read_text().split("-" * 79) if m.strip()]
    assert len(messages) == 3
    recipients = sorted(line for m in messages for line in m.splitlines() if line.startswith("To: "))
    assert recipients == sorted(
        [
            "To: Ana Reyes <ana@acme.example>",
            "To: Ben Okafor <ben@bolt.example>",
            f"To: {_to(live_session.created_by)}",
        ]
    )
    ana_mail = next(m for m in messages if "ana@acme.example" in m)
    assert "Ana's pilot" in ana_mail
    assert ben.email not in ana_mail


def _to(user) -> str:
    return f"{user.name} <{user.email}>"

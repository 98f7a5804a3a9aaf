"""No email is lost when a worker dies mid-send or mid-fan-out, or when Redis is down as a session
closes; a resend carries the first attempt's Message-ID (the one duplicate the outbox allows)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from sessions.services.actions import action_item_create
from sessions.services.room import room_control
from sessions.tasks import send_action_reminders
from tests.celery_worker import CeleryWorkers, kill
from tests.redis_server import RedisServer
from tests.smtp_server import SMTPServer
from thinktank.mail.models import EmailStatus, OutboundEmail
from thinktank.mail.services import email_address, email_queue, outbound_email_sweep

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def _sweep_later(minutes: float = 6) -> dict:
    """The sweep as beat runs it, some minutes from now (so stale claims and lost tasks are due)."""
    return outbound_email_sweep(now=timezone.now() + timedelta(minutes=minutes))


def _all_sent(worker, count: int | None = None) -> None:
    def done() -> bool:
        statuses = list(OutboundEmail.objects.values_list("status", flat=True))
        return (
            bool(statuses)
            and (count is None or len(statuses) == count)
            and set(statuses) == {EmailStatus.SENT}
        )

    worker.wait_until(done, what="every email sent")


def test_a_worker_killed_mid_send_loses_nothing_and_the_resend_has_the_same_message_id(celery_workers):
    with SMTPServer() as smtp:
        smtp.stall()  # the server takes the message in and never answers
        first = celery_workers.start(EMAIL_URL=smtp.url)
        with transaction.atomic():
            email = email_queue(
                key="fault:mid-send",
                kind="selftest",
                to=email_address(name="Ana Reyes", email="ana@example.com"),
                subject="Your actions",
                template="_outbox_selftest",
                context={"name": "Ana"},
            )
        smtp.wait_for(1)
        kill(first)  # mid-send: the SMTP server has the message, the row says `sending`
        assert OutboundEmail.objects.get().status == EmailStatus.SENDING

        smtp.stall(False)
        second = celery_workers.start(EMAIL_URL=smtp.url)
        assert _sweep_later() == {"requeued": 1, "revived": 1}
        _all_sent(second)
        received = smtp.wait_for(2)
    assert [r.accepted for r in received] == [False, True]
    assert {r.message_id for r in received} == {email.message_id}


def test_closing_while_redis_is_down_loses_no_follow_up(
    celery_workers: CeleryWorkers, tmp_path, live_session, ready_participant
):
    redis = RedisServer(tmp_path).start()
    try:
        celery_workers.publish_to(redis.url)
        people = [ready_participant(live_session, name=f"Leader {n}") for n in range(4)]
        for person in people:
            action_item_create(session=live_session, by=live_session.created_by, title="Pilot", owner=person)
        redis.kill()

        room_control(session_id=live_session.pk, user=live_session.created_by, action="close")

        live_session.refresh_from_db()
        assert live_session.state == "closed"
        assert OutboundEmail.objects.filter(status=EmailStatus.PENDING).count() == len(people) + 1
        redis.start()  # Redis is back (empty: whatever it held is gone)
        celery_workers.publish_to(celery_workers.redis_url)
        worker = celery_workers.start()
        _sweep_later(minutes=1)
        _all_sent(worker, count=len(people) + 1)
    finally:
        redis.kill()
    recipients = {
        line
        for path in worker.sent_messages()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    }
    assert {f"To: {p.name} <{p.email}>" for p in people} <= recipients


def test_a_worker_killed_mid_fan_out_leaves_every_reminder_sent_once(
    celery_workers: CeleryWorkers, live_session, ready_participant
):
    owners = [ready_participant(live_session, name=f"Owner {n}") for n in range(3)]
    due = timezone.localdate() + timedelta(days=1)
    for n in range(240):
        action_item_create(
            session=live_session,
            by=live_session.created_by,
            title=f"Item {n}",
            owner=owners[n % 3],
            due_date=due,
        )
    first = celery_workers.start()
    send_action_reminders.delay()
    first.wait_until(lambda: OutboundEmail.objects.exists(), what="the fan-out to begin")
    kill(first)  # somewhere in the middle of queueing 240 reminders
    queued_before_the_kill = OutboundEmail.objects.count()

    second = celery_workers.start()
    send_action_reminders.delay()  # beat runs it again next hour
    _sweep_later()
    _all_sent(second, count=240)
    assert queued_before_the_kill <= 240
    assert OutboundEmail.objects.values("key").distinct().count() == 240
    messages = [m for path in second.sent_messages() for m in path.read_text().split("-" * 79) if m.strip()]
    first_messages = [
        m for path in first.sent_messages() for m in path.read_text().split("-" * 79) if m.strip()
    ]
    subjects = [
        line for m in messages + first_messages for line in m.splitlines() if line.startswith("Subject: ")
    ]
    assert len(subjects) <= 240 + 1  # at most the one send the kill interrupted goes twice
    assert len(set(subjects)) == 240

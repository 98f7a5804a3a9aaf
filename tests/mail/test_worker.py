"""The outbox with a real Celery worker on Redis: a task delivered twice still sends one email."""

import pytest

from thinktank.mail.models import EmailStatus, OutboundEmail
from thinktank.mail.services import email_address, email_queue
from thinktank.mail.tasks import send_outbound_email

SEND_TASK = "thinktank.mail.tasks.send_outbound_email"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_once_when_the_task_is_delivered_twice(celery_worker_process):
    worker = celery_worker_process
    email = email_queue(
        key="selftest:worker:1",
        kind="selftest",
        to=email_address(name="Ana Reyes", email="ana@example.com"),
        subject="Outbox self-test",
        template="_outbox_selftest",
        context={"name": "Ana"},
    )
    send_outbound_email.delay(email.pk)  # the duplicate delivery a retry or a redelivery would cause

    def sent_and_both_runs_done() -> bool:
        status = OutboundEmail.objects.values_list("status", flat=True).get(pk=email.pk)
        return status == EmailStatus.SENT and len(worker.tasks_succeeded(SEND_TASK)) >= 2

    worker.wait_until(sent_and_both_runs_done, what="the email to be sent and both task runs to finish")

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1  # claimed once: the second run found it taken
    assert email.sent_at is not None
    runs = worker.tasks_succeeded(SEND_TASK)
    assert len(runs) == 2
    assert sum(line.endswith(": True") for line in runs) == 1  # one run sent, the other did nothing
    [message] = worker.sent_messages()
    content = message.read_text()
    assert "Subject: Outbox self-test" in content
    assert "To: Ana Reyes <ana@example.com>" in content
    assert "hello Ana" in content

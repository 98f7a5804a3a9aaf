"""The outbox sends each email once: idempotent queueing, after-commit enqueueing, claimed sending,
retries on SMTP failure and a sweep that recovers lost tasks without ever resending a maybe-sent one."""

import logging
from collections.abc import Iterator
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from thinktank.mail.models import EmailStatus, OutboundEmail
from thinktank.mail.services import (
    MAX_SEND_ATTEMPTS,
    email_address,
    email_queue,
    outbound_email_send,
    outbound_email_sweep,
)
from thinktank.mail.tasks import outbox_sweep, send_outbound_email

pytestmark = pytest.mark.django_db


class FlakySMTPBackend(LocmemBackend):
    """The locmem backend behind an SMTP server that refuses the next `failures_left` sends."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left > 0:
            FlakySMTPBackend.failures_left -= 1
            raise SMTPException("451 4.3.0 Try again later")
        return super().send_messages(messages)


class SweptDuringSendBackend(LocmemBackend):
    """A send so slow that the sweep, run meanwhile, takes its worker for dead."""

    def send_messages(self, messages):
        outbound_email_sweep(now=timezone.now() + timedelta(minutes=16))
        assert OutboundEmail.objects.get().status == EmailStatus.UNKNOWN
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp() -> Iterator[type[FlakySMTPBackend]]:
    """Set `flaky_smtp.failures_left` to make the next sends fail."""
    with override_settings(EMAIL_BACKEND=f"{__name__}.FlakySMTPBackend"):
        yield FlakySMTPBackend
    FlakySMTPBackend.failures_left = 0


@pytest.fixture
def eager_retries() -> Iterator[None]:
    """Let eager tasks run their retries at once: with errors propagated, the first Retry is raised."""
    with override_settings(CELERY_TASK_EAGER_PROPAGATES=False):
        yield


def queue(key: str = "selftest:1", **overrides) -> OutboundEmail:
    fields = {
        "key": key,
        "kind": "selftest",
        "to": email_address(name="Ana Reyes", email="ana@example.com"),
        "subject": "Outbox self-test",
        "template": "_outbox_selftest",
        "context": {"name": "Ana"},
    }
    return email_queue(**(fields | overrides))


def age(email: OutboundEmail, **fields) -> None:
    """Set timestamps as if time had passed (auto_now_add ignores values given at creation)."""
    OutboundEmail.objects.filter(pk=email.pk).update(**fields)


# --- Queueing ---


def test_queueing_the_same_key_twice_sends_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue()
        second = queue(subject="Something else")

    assert second.pk == first.pk
    assert second.subject == "Outbox self-test"
    assert len(callbacks) == 1
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1
    first.refresh_from_db()
    assert first.status == EmailStatus.SENT
    assert first.sent_at is not None


def test_nothing_is_sent_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue()

    assert len(callbacks) == 1
    assert mail.outbox == []
    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the change that asked for the email failed")

    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_email_is_sent_when_the_transaction_commits():
    with transaction.atomic():
        email = queue()
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT


def test_bodies_are_rendered_at_queue_time_with_the_site_url(settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://thinktank.example"
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(context={"name": "Tom & Jerry"})

    assert email.body_text == "Used only by tests/mail: hello Tom & Jerry, see https://thinktank.example/.\n"
    assert "hello Tom &amp; Jerry" in email.body_html  # escaped in HTML only
    [message] = mail.outbox
    assert message.body == email.body_text
    assert message.alternatives[0].content == email.body_html
    assert message.alternatives[0].mimetype == "text/html"


def test_no_html_part_when_the_template_has_none(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(template="_outbox_selftest_plain")

    assert email.body_html == ""
    [message] = mail.outbox
    assert message.alternatives == []
    assert message.body == "Used only by tests/mail (no html part): hello Ana.\n"


def test_line_breaks_are_removed_from_the_subject(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue(subject="Hello\r\nBcc: x@evil.example")

    assert email.subject == "Hello Bcc: x@evil.example"
    assert mail.outbox[0].message()["Bcc"] is None


def test_a_multi_line_address_header_is_refused():
    with pytest.raises(ValueError):
        queue(to="ana@example.com\r\nBcc: x@evil.example")
    assert not OutboundEmail.objects.exists()


# --- Addresses ---


def test_email_address_neutralises_a_header_injection_in_the_name(django_capture_on_commit_callbacks):
    to = email_address(name="Eve\r\nBcc: x@evil.example", email="eve@example.com")

    assert "\r" not in to and "\n" not in to
    assert to == '"Eve Bcc: x@evil.example" <eve@example.com>'
    with django_capture_on_commit_callbacks(execute=True):
        queue(to=to)
    [message] = mail.outbox
    assert message.recipients() == [to]
    assert message.message()["Bcc"] is None
    assert message.message()["To"] == to


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ana Reyes", "Ana Reyes <ana@example.com>"),
        ("", "ana@example.com"),
        ('Reyes, Ana "the boss"', '"Reyes, Ana \\"the boss\\"" <ana@example.com>'),
        ("Ana\x00\tReyes\u2028", "Ana Reyes <ana@example.com>"),
    ],
)
def test_email_address_quotes_and_cleans_the_name(name, expected):
    assert email_address(name=name, email=" ana@example.com ") == expected


@pytest.mark.parametrize("email", ["", "ana@example.com\r\nBcc: x@evil.example", "ana @example.com"])
def test_email_address_refuses_an_unusable_address(email):
    with pytest.raises(ValueError):
        email_address(name="Ana", email=email)


# --- Sending ---


def test_running_the_task_twice_sends_once():
    email = queue()  # its on-commit enqueue never runs inside the test transaction

    assert send_outbound_email.delay(email.pk).get() is True
    assert send_outbound_email.delay(email.pk).get() is False

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1


def test_an_email_that_is_not_pending_is_not_sent():
    for status in [EmailStatus.SENDING, EmailStatus.FAILED, EmailStatus.UNKNOWN]:
        email = queue(key=f"selftest:{status}")
        age(email, status=status, claimed_at=timezone.now())
        assert outbound_email_send(email_id=email.pk) is False
    assert outbound_email_send(email_id=0) is False
    assert mail.outbox == []


def test_an_smtp_failure_leaves_the_row_pending_and_a_later_run_sends_it(flaky_smtp):
    email = queue()
    flaky_smtp.failures_left = 1

    with pytest.raises(SMTPException):
        outbound_email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTPException: 451 4.3.0 Try again later"
    assert mail.outbox == []

    assert outbound_email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert len(mail.outbox) == 1


def test_the_task_retries_after_an_smtp_failure(flaky_smtp, eager_retries):
    email = queue()
    flaky_smtp.failures_left = 2

    result = send_outbound_email.delay(email.pk)

    assert result.get() is True
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 3
    assert len(mail.outbox) == 1


def test_the_email_fails_after_the_last_retry(flaky_smtp, eager_retries):
    email = queue()
    flaky_smtp.failures_left = 100

    result = send_outbound_email.delay(email.pk)

    assert result.failed()
    assert isinstance(result.result, SMTPException)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == MAX_SEND_ATTEMPTS
    assert "Try again later" in email.last_error
    assert mail.outbox == []
    assert send_outbound_email.delay(email.pk).get() is False  # a late duplicate does nothing


def test_a_send_that_finishes_after_the_sweep_gave_up_on_it_is_marked_sent():
    """The worker knows the message was accepted; `unknown` only meant nobody knew."""
    email = queue()

    with override_settings(EMAIL_BACKEND=f"{__name__}.SweptDuringSendBackend"):
        assert outbound_email_send(email_id=email.pk) is True

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


# --- Sweep ---


def test_the_sweep_marks_sends_left_by_a_dead_worker_unknown_and_does_not_resend(
    caplog, django_capture_on_commit_callbacks
):
    stale = queue(key="selftest:stale")
    fresh = queue(key="selftest:fresh")
    age(stale, status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=16), attempts=1)
    age(fresh, status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=1), attempts=1)

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        counts = outbox_sweep.delay().get()

    assert counts == {"requeued": 0, "unknown": 1}
    assert OutboundEmail.objects.get(pk=stale.pk).status == EmailStatus.UNKNOWN
    assert OutboundEmail.objects.get(pk=fresh.pk).status == EmailStatus.SENDING
    assert mail.outbox == []
    assert "selftest:stale" in caplog.text
    assert "not resent" in caplog.text


def test_the_sweep_re_enqueues_pending_emails_whose_task_was_lost(django_capture_on_commit_callbacks):
    lost = queue(key="selftest:lost")
    young = queue(key="selftest:young")
    retrying = queue(key="selftest:retrying")
    retry_lost = queue(key="selftest:retry-lost")
    long_ago = timezone.now() - timedelta(hours=1)
    age(lost, created_at=timezone.now() - timedelta(minutes=3))
    # Failed once a minute ago: Celery holds its retry (backoff), the sweep must not add tries.
    age(retrying, created_at=long_ago, claimed_at=timezone.now() - timedelta(minutes=1), attempts=1)
    # Failed long ago and nothing retried it: its retry message was lost.
    age(retry_lost, created_at=long_ago, claimed_at=timezone.now() - timedelta(minutes=20), attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        counts = outbox_sweep.delay().get()

    assert counts == {"requeued": 2, "unknown": 0}
    statuses = dict(OutboundEmail.objects.values_list("key", "status"))
    assert statuses == {
        "selftest:lost": EmailStatus.SENT,
        "selftest:young": EmailStatus.PENDING,
        "selftest:retrying": EmailStatus.PENDING,
        "selftest:retry-lost": EmailStatus.SENT,
    }
    assert sorted(message.subject for message in mail.outbox) == ["Outbox self-test"] * 2
    assert young.pk and retrying.pk


def test_the_sweep_runs_every_five_minutes(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert schedule["task"] == outbox_sweep.name
    assert schedule["schedule"] == 300


# --- Database invariants ---


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "bogus"},
        {"status": EmailStatus.SENT},  # without sent_at
        {"status": EmailStatus.SENDING},  # without claimed_at
    ],
)
def test_the_database_refuses_an_impossible_row(fields):
    with pytest.raises(IntegrityError):
        OutboundEmail.objects.create(key="selftest:bad", kind="selftest", to="a@example.com", **fields)


# --- Admin ---


def test_the_admin_lists_the_outbox_read_only(admin_client):
    email = queue()

    page = admin_client.get("/admin/mail/outboundemail/")
    assert page.status_code == 200
    assert email.subject in page.content.decode()
    assert b"/admin/mail/outboundemail/add/" not in page.content
    assert admin_client.get(f"/admin/mail/outboundemail/{email.pk}/change/").status_code == 200  # view only
    assert admin_client.post(f"/admin/mail/outboundemail/{email.pk}/delete/").status_code == 403

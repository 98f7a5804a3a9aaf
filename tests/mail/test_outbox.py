"""The outbox loses no email and sends each once: idempotent queueing, after-commit enqueueing,
claimed sending, retries with backoff on SMTP failure, and a sweep that sends what a lost task or a
dead worker left, with the same Message-ID every time."""

import logging
from collections.abc import Iterator
from datetime import timedelta
from smtplib import SMTPException, SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from thinktank.mail.models import EmailStatus, OutboundEmail
from thinktank.mail.services import (
    GIVE_UP_AFTER,
    email_address,
    email_queue,
    outbound_email_retry,
    outbound_email_send,
    outbound_email_sweep,
)
from thinktank.mail.tasks import outbox_sweep, send_outbound_email

pytestmark = pytest.mark.django_db


class FlakySMTPBackend(LocmemBackend):
    """The locmem backend behind an SMTP server that refuses the next `failures_left` sends with
    `error` (a temporary 451 unless a test says otherwise)."""

    failures_left = 0
    error: Exception = SMTPException("451 4.3.0 Try again later")

    def send_messages(self, messages):
        if FlakySMTPBackend.failures_left > 0:
            FlakySMTPBackend.failures_left -= 1
            raise FlakySMTPBackend.error
        return super().send_messages(messages)


class SweptDuringSendBackend(LocmemBackend):
    """A send so slow that the sweep, run meanwhile, takes its worker for dead and sends it again."""

    swept = False

    def send_messages(self, messages):
        if not SweptDuringSendBackend.swept:
            SweptDuringSendBackend.swept = True
            outbound_email_sweep(now=timezone.now() + timedelta(minutes=6))
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp() -> Iterator[type[FlakySMTPBackend]]:
    """Set `flaky_smtp.failures_left` to make the next sends fail."""
    with override_settings(EMAIL_BACKEND=f"{__name__}.FlakySMTPBackend"):
        yield FlakySMTPBackend
    FlakySMTPBackend.failures_left = 0
    FlakySMTPBackend.error = SMTPException("451 4.3.0 Try again later")


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


def test_every_email_carries_its_own_stable_message_id(settings):
    settings.DEFAULT_FROM_EMAIL = "ThinkTank <team@thinktank.example>"
    first, second = queue(key="selftest:a"), queue(key="selftest:b")
    assert first.message_id.endswith("@thinktank.example>") and first.message_id != second.message_id
    outbound_email_send(email_id=first.pk)
    assert mail.outbox[0].extra_headers["Message-ID"] == first.message_id


def test_an_email_that_is_not_pending_is_not_sent():
    for status in [EmailStatus.SENDING, EmailStatus.FAILED, EmailStatus.SENT]:
        email = queue(key=f"selftest:{status}")
        age(email, status=status, claimed_at=timezone.now(), sent_at=timezone.now())
        assert outbound_email_send(email_id=email.pk) is False
    assert outbound_email_send(email_id=0) is False
    assert mail.outbox == []


def test_a_temporary_smtp_failure_is_retried_with_backoff_by_the_sweep(flaky_smtp):
    email = queue()
    flaky_smtp.failures_left = 2

    assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 1)
    assert email.last_error == "SMTPException: 451 4.3.0 Try again later"
    first_wait = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

    assert outbound_email_sweep()["requeued"] == 0  # not due yet
    assert outbound_email_sweep(now=email.next_attempt_at + timedelta(minutes=1))["requeued"] == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.PENDING, 2)
    assert email.next_attempt_at - timezone.now() > first_wait  # the wait doubles

    outbound_email_sweep(now=email.next_attempt_at + timedelta(minutes=1))
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 3)
    assert len(mail.outbox) == 1


def test_a_permanent_refusal_fails_at_once(flaky_smtp):
    email = queue()
    flaky_smtp.failures_left = 1
    flaky_smtp.error = SMTPRecipientsRefused({"ana@example.com": (550, b"5.1.1 No such user")})

    assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert "No such user" in email.last_error
    assert send_outbound_email.delay(email.pk).get() is False  # a late duplicate does nothing


def test_temporary_failures_give_up_after_three_days_and_a_person_can_send_again(
    flaky_smtp, django_capture_on_commit_callbacks
):
    email = queue()
    age(email, created_at=timezone.now() - GIVE_UP_AFTER - timedelta(minutes=1))
    flaky_smtp.failures_left = 1

    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_email_retry(email_ids=[email.pk]) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_a_send_slower_than_the_stale_limit_may_go_twice_but_with_one_message_id():
    """The one duplicate the outbox allows: recognisable by its Message-ID."""
    email = queue()

    with override_settings(EMAIL_BACKEND=f"{__name__}.SweptDuringSendBackend"):
        assert outbound_email_send(email_id=email.pk) is True

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [email.message_id] * 2


# --- Sweep ---


def test_the_sweep_sends_again_what_a_dead_worker_left_with_the_same_message_id(caplog):
    stale = queue(key="selftest:stale")
    fresh = queue(key="selftest:fresh")
    age(stale, status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=6), attempts=1)
    age(fresh, status=EmailStatus.SENDING, claimed_at=timezone.now() - timedelta(minutes=1), attempts=1)

    with caplog.at_level(logging.WARNING):
        counts = outbox_sweep.delay().get()

    assert counts == {"requeued": 1, "revived": 1}
    assert OutboundEmail.objects.get(pk=stale.pk).status == EmailStatus.SENT
    assert OutboundEmail.objects.get(pk=fresh.pk).status == EmailStatus.SENDING  # its worker is alive
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [stale.message_id]
    assert "selftest:stale" in caplog.text


def test_the_sweep_sends_pending_emails_whose_task_was_lost():
    lost = queue(key="selftest:lost")
    young = queue(key="selftest:young")
    age(lost, next_attempt_at=timezone.now() - timedelta(minutes=3))

    counts = outbox_sweep.delay().get()

    assert counts == {"requeued": 1, "revived": 0}
    statuses = dict(OutboundEmail.objects.values_list("key", "status"))
    assert statuses == {"selftest:lost": EmailStatus.SENT, "selftest:young": EmailStatus.PENDING}
    assert young.pk and len(mail.outbox) == 1


def test_the_sweep_runs_every_minute_and_tasks_have_time_limits(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert schedule["task"] == outbox_sweep.name
    assert schedule["schedule"] == 60
    assert settings.CELERY_TASK_TIME_LIMIT and settings.EMAIL_TIMEOUT
    # A claim is counted as a dead worker's only well after a live one would have been stopped.
    from thinktank.mail.services import SENDING_STALE_AFTER

    assert SENDING_STALE_AFTER.total_seconds() > settings.CELERY_TASK_TIME_LIMIT + settings.EMAIL_TIMEOUT


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

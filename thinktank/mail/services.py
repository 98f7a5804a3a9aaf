"""Queueing and sending outbound email through the outbox. The promise: no email is lost, and
none is sent twice but in one instant.

- Queueing writes the row in the caller's transaction: the email exists exactly when the change that
  causes it committed (a session closed while Redis is down still has all its follow-ups). Its
  unique `key` makes queueing again return the same row.
- After commit a send task is enqueued. If the broker is down nothing is lost: the sweep (beat,
  every minute) enqueues every pending row whose time has come.
- A worker claims a row (pending -> sending, one conditional UPDATE) before it talks to SMTP, so a
  retried or twice-delivered task finds it taken. A claim older than SENDING_STALE_AFTER (far longer
  than EMAIL_TIMEOUT and the task's time limit allow a send to take) belongs to a worker that died:
  the sweep puts the row back to pending and it is sent again.
- Every attempt carries the row's Message-ID. The one duplicate possible, when a worker dies between
  the SMTP server's acceptance and the row's update, has the same Message-ID as the first.
- A temporary SMTP error is retried with backoff (one minute, doubling to an hour) for GIVE_UP_AFTER;
  a permanent refusal (5xx) fails the row at once. Failed rows stay in the admin, which can send them
  again.
"""

import logging
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid, parseaddr
from functools import partial
from smtplib import SMTPRecipientsRefused, SMTPResponseException
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from .models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

# A pending row gets this long for the task enqueued at commit before the sweep steps in.
ENQUEUE_GRACE = timedelta(seconds=30)
# A send takes seconds (EMAIL_TIMEOUT, the task's hard time limit): a claim this old is a dead worker's.
SENDING_STALE_AFTER = timedelta(minutes=5)
FIRST_RETRY_AFTER = timedelta(minutes=1)
LONGEST_RETRY_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)
SWEEP_BATCH = 500
# After the broker refused one publish, the next ones in this window are left to the sweep, so a
# transaction that queued a thousand emails does not wait a thousand connect timeouts.
BROKER_DOWN_BACKOFF = 10.0
SUBJECT_MAX = OutboundEmail._meta.get_field("subject").max_length
ERROR_MAX = 2000
UNSAFE_IN_HEADERS = {"Cc", "Zl", "Zp"}  # control characters (CR, LF, ...), line and paragraph separators

_broker_down_since: float | None = None


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email. `content_type` may carry parameters, as calendar invitations
    need ("text/calendar; method=REQUEST"); the charset is always UTF-8."""

    filename: str
    content_type: str
    content: str

    def as_row(self) -> dict:
        return {"filename": self.filename, "content_type": self.content_type, "content": self.content}

    def mime_part(self) -> MIMEText:
        kind, _, params = self.content_type.partition(";")
        maintype, _, subtype = kind.strip().partition("/")
        if maintype != "text" or not subtype:
            raise ValueError(f"Only text attachments are kept in the outbox, not {self.content_type!r}.")
        part = MIMEText(self.content, subtype, "utf-8")
        for param in filter(None, (p.strip() for p in params.split(";"))):
            name, _, value = param.partition("=")
            part.set_param(name.strip(), value.strip().strip('"'))
        part.add_header("Content-Disposition", "attachment", filename=_single_line(self.filename))
        return part


def _is_unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in UNSAFE_IN_HEADERS


def _single_line(value: str) -> str:
    """Unsafe characters become spaces and runs of spaces one, so no header can be injected."""
    return " ".join("".join(" " if _is_unsafe(ch) else ch for ch in value).split())


def email_address(*, name: str, email: str) -> str:
    """A header-safe `Name <email>` for `email_queue(to=...)`; the name is user text, so it is cleaned."""
    email = email.strip()
    if not email or any(_is_unsafe(ch) or ch.isspace() for ch in email):
        raise ValueError(f"Not a usable email address: {email!r}")
    return formataddr((_single_line(name), email))


def _render(template: str, context: dict) -> tuple[str, str]:
    """(text, html) bodies; the text body is not HTML-escaped, the html part is optional."""
    text_template = get_template(f"emails/{template}.txt")
    # The Django backend's own Template takes a Context, which lets plain text skip autoescaping.
    body_text = text_template.template.render(Context(context, autoescape=False))
    try:
        html_template = get_template(f"emails/{template}.html")
    except TemplateDoesNotExist:
        return body_text, ""
    return body_text, html_template.render(context)


def _enqueue_send(email_id: int) -> None:
    """Enqueue the send once the surrounding transaction commits; never fails the caller."""
    transaction.on_commit(partial(_publish_send, email_id), robust=True)


def _publish_send(email_id: int, *, even_if_broker_was_down: bool = False) -> bool:
    """Enqueue the send task; False if the broker could not be reached (the row waits)."""
    global _broker_down_since
    from .tasks import send_outbound_email  # tasks.py imports this module

    recently_down = (
        _broker_down_since is not None and time.monotonic() - _broker_down_since < BROKER_DOWN_BACKOFF
    )
    if recently_down and not even_if_broker_was_down:
        return False
    try:
        send_outbound_email.apply_async((email_id,), retry=False)
    except Exception as error:  # the broker is unreachable: the row waits for the sweep
        _broker_down_since = time.monotonic()
        logger.warning("Outbound email %s not enqueued (%s); the outbox sweep will send it.", email_id, error)
        return False
    _broker_down_since = None
    return True


def email_queue(
    *,
    key: str,
    kind: str,
    to: str,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
    attachments: list[Attachment] | None = None,
) -> OutboundEmail:
    """Put an email in the outbox, in the caller's transaction, and send it after commit.

    The key makes it happen once: queueing an existing key returns that row and enqueues nothing.
    Bodies are rendered now from templates/emails/<template>.txt (and .html if present), so the email
    says what was true when it was queued.
    """
    existing = OutboundEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    if any(_is_unsafe(ch) for ch in to):
        raise ValueError("The address header must be one line; build it with email_address().")
    body_text, body_html = _render(template, {**context, "site_url": settings.SITE_URL})
    subject = _single_line(subject)
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to": to.strip(),
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "message_id": make_msgid(domain=_mail_domain()),
            "headers": {name: _single_line(value) for name, value in (headers or {}).items()},
            "attachments": [attachment.as_row() for attachment in attachments or ()],
        },
    )
    if created:
        _enqueue_send(email.pk)
    return email


def _mail_domain() -> str:
    sender = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return sender.rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname or "thinktank.invalid"


def outbound_email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take a pending email for sending, or None if another worker has it or it is done.

    One conditional UPDATE, so two workers cannot both win. Call it outside a transaction, so the
    claim is committed before anything is sent.
    """
    claimed = OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return OutboundEmail.objects.get(pk=email_id)


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={**email.headers, "Message-ID": email.message_id or f"<outbox-{email.pk}@{_mail_domain()}>"},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for row in email.attachments or ():
        message.attach(Attachment(**row).mime_part())
    return message


def outbound_email_send(*, email_id: int) -> bool:
    """Send one queued email if nobody else has; True if this call sent it.

    An SMTP error is recorded on the row, which is retried later (the sweep) or, for a permanent
    refusal or after GIVE_UP_AFTER, marked failed. It is not raised: the row, not the task, retries.
    """
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return False
    try:
        _message(email).send()
    except Exception as error:
        _record_failure(email, error)
        return False
    # From pending too: the sweep may have taken this worker for dead while the server accepted it.
    OutboundEmail.objects.filter(pk=email.pk, status__in=[EmailStatus.SENDING, EmailStatus.PENDING]).update(
        status=EmailStatus.SENT, sent_at=timezone.now()
    )
    return True


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    now = timezone.now()
    permanent = isinstance(error, SMTPRecipientsRefused) or (
        isinstance(error, SMTPResponseException) and 500 <= error.smtp_code < 600
    )
    give_up = permanent or now - email.created_at > GIVE_UP_AFTER
    wait = min(LONGEST_RETRY_WAIT, FIRST_RETRY_AFTER * 2 ** max(0, email.attempts - 1))
    OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED if give_up else EmailStatus.PENDING,
        next_attempt_at=now + wait,
        last_error=f"{type(error).__name__}: {error}"[:ERROR_MAX],
    )
    log = logger.error if give_up else logger.warning
    log("Outbound email %s (%s) not sent: %s%s", email.pk, email.key, error, "; gave up" if give_up else "")


def outbound_email_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Send whatever is pending and due (its task lost, or a retry's time come), and put back to
    pending the sends a dead worker left. Beat runs it every minute."""
    now = now or timezone.now()
    stale = OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - SENDING_STALE_AFTER)
    for pk, key in stale.values_list("pk", "key")[:SWEEP_BATCH]:
        logger.warning("Outbound email %s (%s) was left sending by a worker; sending it again.", pk, key)
    revived = stale.update(status=EmailStatus.PENDING, next_attempt_at=F("claimed_at"))
    due_ids = list(
        OutboundEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now - ENQUEUE_GRACE)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    requeued = 0
    for email_id in due_ids:
        if not _publish_send(email_id, even_if_broker_was_down=True):
            break  # the broker is down: the next sweep tries again
        requeued += 1
    return {"requeued": requeued, "revived": revived}


def outbound_email_retry(*, email_ids: list[int]) -> int:
    """A person's decision (the admin): send failed emails again, now."""
    failed = list(
        OutboundEmail.objects.filter(pk__in=email_ids, status=EmailStatus.FAILED).values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=failed).update(
        status=EmailStatus.PENDING, next_attempt_at=timezone.now()
    )
    for email_id in failed:
        _enqueue_send(email_id)
    return len(failed)

"""Queueing and sending outbound email through the outbox.

Every email ThinkTank sends is a row in OutboundEmail first. Two guards make each email go out once:
- queueing: the row's unique `key` (queueing the same key again returns the existing row, enqueues
  nothing), and the send task is enqueued only after commit, so a rolled-back change sends nothing;
- sending: a worker claims the row (pending -> sending, one conditional UPDATE) before it talks to
  SMTP, so a retried or twice-delivered task finds it taken and does nothing. A row left in `sending`
  by a dead worker becomes `unknown` and is never resent: at most once.
"""

import logging
import unicodedata
from datetime import datetime, timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from .models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

# One first try plus the task's retries; counted on the row, so extra deliveries cannot add tries.
MAX_SEND_ATTEMPTS = 7
# A pending row this old with no claim has probably lost its task (broker down at commit time).
PENDING_LOST_AFTER = timedelta(minutes=2)
# A row that failed and went back to pending gets a retry within retry_backoff_max (10 minutes);
# past this, its retry message was lost.
RETRY_LOST_AFTER = timedelta(minutes=15)
# A send takes seconds; a row claimed this long ago belongs to a worker that died mid-send.
SENDING_STALE_AFTER = timedelta(minutes=15)
SWEEP_BATCH = 500
SUBJECT_MAX = OutboundEmail._meta.get_field("subject").max_length
ERROR_MAX = 2000
UNSAFE_IN_HEADERS = {"Cc", "Zl", "Zp"}  # control characters (CR, LF, ...), line and paragraph separators


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
    # Imported here: tasks.py imports this module.
    from .tasks import send_outbound_email

    send_outbound_email.delay_on_commit(email_id)


def email_queue(*, key: str, kind: str, to: str, subject: str, template: str, context: dict) -> OutboundEmail:
    """Put an email in the outbox and send it after the surrounding transaction commits.

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
        },
    )
    if created:
        _enqueue_send(email.pk)
    return email


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
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def outbound_email_send(*, email_id: int) -> bool:
    """Send one queued email if nobody else has; True if this call sent it.

    On an error (SMTP down, ...) the row goes back to pending with the error, or to failed after
    MAX_SEND_ATTEMPTS, and the error is re-raised so the task retries.
    """
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        return False
    try:
        _message(email).send()
    except Exception as exc:
        give_up = email.attempts >= MAX_SEND_ATTEMPTS
        OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED if give_up else EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:ERROR_MAX],
        )
        raise
    # From `unknown` too: the sweep may have given up on a slow send this worker now knows succeeded.
    OutboundEmail.objects.filter(pk=email.pk, status__in=[EmailStatus.SENDING, EmailStatus.UNKNOWN]).update(
        status=EmailStatus.SENT, sent_at=timezone.now()
    )
    return True


def outbound_email_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Re-enqueue pending emails whose task was lost; mark emails stuck in `sending` as `unknown`.

    A stuck `sending` row means a worker died mid-send: the SMTP server may have accepted the message,
    so it is not resent (at most once); a person decides from the admin.
    """
    now = now or timezone.now()
    lost = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RETRY_LOST_AFTER)
    pending_ids = list(
        OutboundEmail.objects.filter(
            lost, status=EmailStatus.PENDING, created_at__lt=now - PENDING_LOST_AFTER
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for email_id in pending_ids:
        _enqueue_send(email_id)

    stale = OutboundEmail.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=now - SENDING_STALE_AFTER)
    with transaction.atomic():
        stuck = list(stale.select_for_update(skip_locked=True).values_list("pk", "key")[:SWEEP_BATCH])
        OutboundEmail.objects.filter(pk__in=[pk for pk, _ in stuck]).update(status=EmailStatus.UNKNOWN)
    for pk, key in stuck:
        logger.warning(
            "Outbound email %s (%s) was left sending by a worker; marked unknown, not resent.", pk, key
        )
    return {"requeued": len(pending_ids), "unknown": len(stuck)}

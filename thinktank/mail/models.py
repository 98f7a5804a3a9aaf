"""The outbox: one row per email ThinkTank means to send, written in the same transaction as the
change that causes it, so none is lost and each is sent once (see thinktank.mail.services).

The unique `key` makes queueing idempotent; the status row makes sending idempotent (a worker claims a
row with a conditional UPDATE before it talks to SMTP, so a retried or twice-delivered task finds it
already taken); `message_id` is the same on every attempt, so a resend is recognisable.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboundEmail(models.Model):
    key = models.CharField(
        max_length=200, unique=True, help_text='What makes it happen once, e.g. "invitation:42:1".'
    )
    kind = models.SlugField(max_length=50, db_index=False)
    to = models.CharField(max_length=500, help_text='The full address header, e.g. "Ana Reyes" <ana@x.com>.')
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    message_id = models.CharField(
        max_length=255, blank=True, help_text="The Message-ID header, the same on every attempt to send it."
    )
    headers = models.JSONField(default=dict, blank=True, help_text="Extra headers (List-Unsubscribe, ...).")
    # Text attachments, rendered when queued like the bodies: [{"filename", "content_type", "content"}]
    # (calendar files: "text/calendar; method=REQUEST").
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="Times a worker has claimed it to send.")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last claimed it.")
    next_attempt_at = models.DateTimeField(
        default=timezone.now, help_text="When a pending email is due to be (re)tried."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outbound email"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outboundemail_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="outboundemail_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outboundemail_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="outboundemail_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENDING) | Q(claimed_at__isnull=False),
                name="outboundemail_sending_has_claimed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"

"""Invitations: single-use, expiring links bound to one email address."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.timezone import now

from .sessions import Role, Session

TOKEN_SALT = "thinktank.invitation"


def new_nonce() -> str:
    return get_random_string(32)


class InvitationStatus(models.TextChoices):
    PLANNED = "planned", "Planned, not sent yet"
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An invitation to take part in a session as a participant (for a company) or as counsel.

    The link carries a signed (invitation id, nonce) pair; resending or revoking changes the nonce,
    so every earlier link stops working.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=150)
    company = models.ForeignKey("accounts.Company", null=True, blank=True, on_delete=models.PROTECT)
    role = models.CharField(max_length=12, choices=Role, default=Role.PARTICIPANT)
    nonce = models.CharField(max_length=32, default=new_nonce)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    send_count = models.PositiveSmallIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Carried over from an earlier session of the series: nothing was sent, and the link does not
    # work, until the facilitator sends it (sessions.services.invitations.invitation_resend).
    planned = models.BooleanField(default=False)

    class Meta:
        ordering = ["session", "name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "email"], name="invitation_one_per_email"),
            models.CheckConstraint(
                condition=Q(role__in=[Role.PARTICIPANT, Role.COUNSEL]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.PARTICIPANT) | Q(company__isnull=False),
                name="invitation_participant_has_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> to {self.session}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.planned:
            return InvitationStatus.PLANNED
        if self.expires_at <= now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def token(self) -> str:
        return signing.dumps([self.pk, self.nonce], salt=TOKEN_SALT, compress=True)

    def link(self) -> str:
        return settings.SITE_URL + reverse("invitation", kwargs={"token": self.token})

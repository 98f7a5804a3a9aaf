"""Action items: the commitments people leave with, and the minutes counsel approves."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from .room import Idea
from .sessions import AgendaQuestion, Session


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    DONE = "done", "Done"


class ScreenState(models.TextChoices):
    CLEAR = "clear", "Passed the ground-rule screen"
    HELD = "held", "Held for a moderator"
    RELEASED = "released", "Released by a moderator"
    DECLINED = "declined", "Declined by a moderator"


class ActionItem(models.Model):
    """A commitment owned by one participant. Together, a session's items are its collaboration contract."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="action_items")
    # Stable identity outside ThinkTank (calendar UIDs): a re-import updates, never duplicates.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True, max_length=2000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items")
    due_date = models.DateField(null=True, blank=True)
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    question = models.ForeignKey(
        AgendaQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    status = models.CharField(max_length=10, choices=ActionStatus, default=ActionStatus.PROPOSED)
    # An item made from an anonymous idea and proposed to that idea's own author would pair the idea
    # with its author's name: it is seen by its owner and the moderators only, until the owner
    # accepts it (and so agrees to be named with it). Kept by sessions.services.actions.
    owner_only = models.BooleanField(default=False)
    # Action items pass the session's ground-rule screen like ideas: a held one is the moderators'
    # alone until one of them releases it (sessions.services.actions).
    screen_state = models.CharField(max_length=8, choices=ScreenState, default=ScreenState.CLEAR)
    screen_rules = models.JSONField(default=list, blank=True)
    screen_matches = models.JSONField(default=list, blank=True)
    screen_reason = models.CharField(max_length=500, blank=True, help_text="Why a moderator declined it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(default=now)
    # The SEQUENCE of the item's calendar event (RFC 5545): one more on every change, so a calendar
    # that has the event replaces it with the newer one (sessions.services.actions bumps it).
    ics_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_item_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(screen_state__in=ScreenState.values), name="action_item_screen_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def public(self) -> bool:
        """Seen by every participant: passed the screen (or released), and not its owner's alone."""
        return self.screen_state in (ScreenState.CLEAR, ScreenState.RELEASED) and not self.owner_only


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Not submitted"
    SUBMITTED = "submitted", "Submitted to counsel"
    RETURNED = "returned", "Sent back by counsel"
    APPROVED = "approved", "Approved by counsel"


class MinutesVersion(models.Model):
    """The minutes as the facilitator submitted them: frozen files and their SHA-256. Counsel approves
    this version, not whatever the live data says later; a resubmission is a new version."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveIntegerField()
    markdown = models.TextField()
    pdf = models.BinaryField()
    markdown_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(default=now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="minutes_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.session_id}, version {self.number}"


class MinutesReview(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="minutes_review")
    status = models.CharField(max_length=10, choices=MinutesStatus, default=MinutesStatus.DRAFT)
    # The version last submitted: the one counsel reviews, and once approved, the record.
    version = models.ForeignKey(
        MinutesVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MinutesStatus.values), name="minutes_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.session}: {self.get_status_display()}"


class MinutesComment(models.Model):
    """A participant's comment on a submitted draft of the minutes, before counsel decides."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    company = models.CharField(max_length=120, blank=True)
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["version", "created_at"]

    def __str__(self) -> str:
        return f"comment on minutes {self.version_id}"

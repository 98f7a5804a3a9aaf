"""A think-tank session, who takes part in it, and its agenda."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.timezone import now


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone.")


class SessionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for invitations"
    LIVE = "live", "Live"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    COUNSEL = "counsel", "Counsel"
    PARTICIPANT = "participant", "Participant"


class Session(models.Model):
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="The shared vision: why these companies meet.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    state = models.CharField(max_length=10, choices=SessionState, default=SessionState.DRAFT)
    companies = models.ManyToManyField("accounts.Company", related_name="sessions", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_sessions"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # The live room.
    current_question = models.ForeignKey(
        "AgendaQuestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Safeguards (docs/compliance.md).
    require_counsel_present = models.BooleanField(
        "counsel must be in the room to start",
        default=True,
        help_text="Where the session has counsel, it cannot start until counsel is in the room.",
    )
    share_screen_decisions = models.BooleanField(
        "share moderation decisions to improve the screen",
        default=False,
        help_text="The moderators' decisions on held and flagged ideas, without names, may be exported to retrain the screen.",
    )
    minutes_unattributed = models.BooleanField(
        "minutes name no authors", default=False, help_text="The minutes attribute no idea to anyone."
    )
    legal_hold_since = models.DateTimeField(null=True, blank=True)
    legal_hold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The tamper-evident record's length and last hash (sessions.models.record).
    record_length = models.PositiveIntegerField(default=0)
    record_head = models.CharField(max_length=64, default="0" * 64)
    # A series: the earlier session of the same think tank this one follows (sessions.services.series).
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_sessions"
    )
    # The session's own calendar event (the .ics in invitations): grows when its time or title changes.
    calendar_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(state__in=SessionState.values), name="session_state_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sessions:detail", kwargs={"session_id": self.pk})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Membership(models.Model):
    """A person's role in one session; a participant speaks for one company."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role)
    company = models.ForeignKey("accounts.Company", null=True, blank=True, on_delete=models.PROTECT)
    joined_at = models.DateTimeField(default=now)
    # Buy-in (participants): willing to speak candidly, what they hope to gain, what they bring.
    bought_in_at = models.DateTimeField(null=True, blank=True)
    hopes = models.TextField("what I hope to gain", blank=True)
    strength = models.TextField("the strength I bring", blank=True)
    # First time they entered the live room: the minutes list attendees from it.
    attended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="membership_one_per_session"),
            models.CheckConstraint(
                condition=~Q(role=Role.PARTICIPANT) | Q(company__isnull=False),
                name="membership_participant_has_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.session}"


class AgendaQuestion(models.Model):
    """One question of a session's ordered agenda, with an optional time box."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    time_box_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="question_position_unique"),
            models.CheckConstraint(
                condition=Q(time_box_minutes__isnull=True)
                | Q(time_box_minutes__gte=1, time_box_minutes__lte=480),
                name="question_time_box_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class AgendaApproval(models.Model):
    """Counsel's approval of the agenda as it stood (its digest): the agenda is approved while it
    still reads exactly so; any change needs counsel's approval again."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_approvals")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=now)
    agenda_digest = models.CharField(max_length=64)
    agenda_text = models.TextField(help_text="The agenda approved, as text.")

    class Meta:
        ordering = ["session", "-approved_at", "-id"]

    def __str__(self) -> str:
        return f"Agenda of {self.session_id} approved {self.approved_at:%Y-%m-%d}"

"""The live room: ideas, reactions, flags, presence, and the per-session event log.

Every change people see is a RoomEvent with the session's next `seq`, stored in the same transaction
as the change; the event log is what `sync` replays to a client that missed something.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from .sessions import AgendaQuestion, Session

IDEA_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 500


class IdeaStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HELD = "held", "Held for a moderator"
    FLAGGED = "flagged", "Flagged, hidden until a moderator decides"
    DECLINED = "declined", "Declined by a moderator"


class Idea(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ideas")
    question = models.ForeignKey(AgendaQuestion, on_delete=models.PROTECT, related_name="ideas")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ideas")
    # The company the author spoke for when posting (kept even if they later change company).
    company = models.ForeignKey("accounts.Company", null=True, blank=True, on_delete=models.PROTECT)
    client_id = models.UUIDField()
    text = models.TextField(max_length=IDEA_MAX_LENGTH)
    anonymous = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    status = models.CharField(max_length=10, choices=IdeaStatus)
    screen_rules = models.JSONField(default=list, blank=True)
    screen_matches = models.JSONField(default=list, blank=True)
    highlighted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author", "client_id"], name="idea_client_id_unique"),
            models.CheckConstraint(condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"),
        ]
        indexes = [models.Index(fields=["session", "question", "status"])]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.TextChoices):
    RELEASE = "release", "Released"
    DECLINE = "decline", "Declined"


class DecisionSource(models.TextChoices):
    SCREEN = "screen", "Held by the ground-rule screen"
    FLAG = "flag", "Flagged by participants"


class ModerationDecision(models.Model):
    """Every decision a moderator made on an idea, kept: an idea can be held and released, then
    flagged and declined, and the minutes record each step, with what the screen said at the time."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=8, choices=Decision)
    source = models.CharField(max_length=8, choices=DecisionSource)
    # The rule the moderator judged it to touch when declining (blank on release): what the screen
    # learns from (per-rule precision and recall, groundrules.quality).
    rule = models.SlugField(max_length=50, blank=True)
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    # The screen's verdict on the idea when the moderator decided (the rules it may touch).
    screen_rules = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="decision_valid"),
            models.CheckConstraint(
                condition=Q(source__in=DecisionSource.values), name="decision_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.DECLINE) | ~Q(reason=""), name="decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} idea {self.idea_id}"


class ReactionKind(models.TextChoices):
    AGREE = "agree", "Agree"
    DISSENT = "dissent", "Dissent"


class Reaction(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReactionKind)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user", "kind"], name="reaction_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=ReactionKind.values), name="reaction_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on idea {self.idea_id}"


class Flag(models.Model):
    """A participant's ground-rule concern about a published idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="flag_once_per_user")]

    def __str__(self) -> str:
        return f"flag on idea {self.idea_id}"


class Audience(models.TextChoices):
    ALL = "all", "Everyone in the room"
    MODERATORS = "moderators", "Facilitators and counsel"
    AUTHOR = "author", "The idea's author and moderators"


class RoomEvent(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=32)
    audience = models.CharField(max_length=10, choices=Audience, default=Audience.ALL)
    # For Audience.AUTHOR; also who an anonymous idea's author is, to show it to them alone.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    # The idea or action item whose content this event shows. A replay (`sync`) passes the event on
    # only while that idea or item is still visible to the viewer: an idea published and later
    # hidden or declined is never replayed to someone who did not see it live.
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    action_item = models.ForeignKey(
        "ActionItem", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField()
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["session", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="room_event_seq_unique"),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="room_event_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.type}"


class Presence(models.Model):
    """One open websocket of a person in a room; several tabs make several rows."""

    # Indexed by (session, person), not by session alone: "is this person already in the room?" is
    # asked on every join, and a session index made it read every row of a crowded room.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="presence", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(default=now)
    last_seen = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["session", "user"], name="presence_session_person")]

    def __str__(self) -> str:
        return f"user {self.user_id} in session {self.session_id}"


class Objection(models.Model):
    """ "I object / stop this topic": raised by a participant; the room is paused at once, and the
    minutes record it with its time (not who raised it)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="objections")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.ForeignKey(
        AgendaQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    raised_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self) -> str:
        return f"objection in session {self.session_id}"


class AttendanceKind(models.TextChoices):
    JOINED = "joined", "Joined"
    LEFT = "left", "Left"
    LEFT_IN_PROTEST = "protest", "Left in protest"


class Attendance(models.Model):
    """The attendance register: every time someone enters or leaves the room (their first socket in,
    their last one out), with their role and company then."""

    # Indexed by (session, person, time) below; a session index of its own made the planner read a
    # crowded room's whole register to find one person's last entry.
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12)
    company = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=8, choices=AttendanceKind)
    reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["session", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AttendanceKind.values), name="attendance_kind_valid"),
        ]
        indexes = [models.Index(fields=["session", "user", "at"], name="attendance_session_person")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.at:%H:%M}"


class StatementAcknowledgement(models.Model):
    """Someone in the room acknowledged the antitrust statement read out at the start."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="statement_acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField()
    acknowledged_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["session", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="statement_acknowledged_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged the statement of {self.session_id}"

"""A series of sessions of the same think tank: the commitments an earlier session left open, carried
onto the next session's agenda ("Review our commitments"), and each owner's report on them there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from .actions import ActionItem, ScreenState
from .sessions import Session

NOTE_MAX_LENGTH = 1000


class CarriedCommitment(models.Model):
    """An earlier session's open action item, on the agenda of the session that follows it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="carried_commitments")
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="carried_into")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "action_item"], name="commitment_carried_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action_item} in session {self.session_id}"


class Progress(models.TextChoices):
    DONE = "done", "Done"
    ONGOING = "ongoing", "Still on"
    DROPPED = "dropped", "Dropped"


class ProgressReport(models.Model):
    """The owner's word on a carried commitment: done, still on or dropped, with an optional note.

    Kept, never edited: a later report supersedes an earlier one. The note is read by the room, so it
    passes the session's ground-rule screen like an idea (sessions.services.series)."""

    commitment = models.ForeignKey(CarriedCommitment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress = models.CharField(max_length=8, choices=Progress)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    screen_state = models.CharField(max_length=8, choices=ScreenState, default=ScreenState.CLEAR)
    screen_rules = models.JSONField(default=list, blank=True)
    screen_matches = models.JSONField(default=list, blank=True)
    screen_reason = models.CharField(max_length=500, blank=True, help_text="Why a moderator declined it.")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["commitment", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__in=Progress.values), name="progress_report_valid"),
            models.CheckConstraint(
                condition=Q(screen_state__in=ScreenState.values), name="progress_report_screen_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_progress_display()}: {self.commitment}"

    @property
    def public(self) -> bool:
        return self.screen_state in (ScreenState.CLEAR, ScreenState.RELEASED)

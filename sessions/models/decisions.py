"""From ideas to decisions: groups of similar ideas, and dot-votes on ideas or groups.

Votes are anonymous to everyone, facilitators included: a voter's dots are kept (VoteDots) only
while the vote is open, to hold each person to their budget, and deleted when it closes; what
remains is each item's total and how many people voted (sessions.services.votes).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from .room import Idea
from .sessions import AgendaQuestion, Session

GROUP_TITLE_MAX_LENGTH = 120
MAX_DOTS = 10


class IdeaGroup(models.Model):
    """Similar ideas of one question, under a title the facilitator gives (screened like an idea)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="idea_groups")
    question = models.ForeignKey(AgendaQuestion, on_delete=models.CASCADE, related_name="idea_groups")
    title = models.CharField(max_length=GROUP_TITLE_MAX_LENGTH)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class IdeaGroupMember(models.Model):
    """An idea in a group; an idea is in one group at most."""

    group = models.ForeignKey(IdeaGroup, on_delete=models.CASCADE, related_name="members")
    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="group_membership")
    added_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"idea {self.idea_id} in group {self.group_id}"


class VoteOn(models.TextChoices):
    IDEAS = "ideas", "Ideas"
    GROUPS = "groups", "Groups"


class Vote(models.Model):
    """A dot-vote on the ideas (or the groups) of one question. One open vote per session at a time."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="votes")
    question = models.ForeignKey(AgendaQuestion, on_delete=models.CASCADE, related_name="votes")
    on = models.CharField(max_length=6, choices=VoteOn, default=VoteOn.IDEAS)
    dots = models.PositiveSmallIntegerField(default=3)
    # May a participant put several of their dots on one item?
    stacking = models.BooleanField(default=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # How many people placed at least one dot: kept when the per-voter rows are deleted at close.
    voters = models.PositiveIntegerField(default=0)
    # Bumped with every dot placed or removed: live tallies carry it, so a client keeps the newest.
    tally_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(dots__gte=1, dots__lte=MAX_DOTS), name="vote_dots_range"),
            models.CheckConstraint(condition=Q(on__in=VoteOn.values), name="vote_on_valid"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(closed_at__isnull=True), name="one_open_vote_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"vote {self.pk} on question {self.question_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class VoteItem(models.Model):
    """What one can put dots on: an idea, or a group (its title as it was when the vote opened)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="items")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(IdeaGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    label = models.CharField(max_length=GROUP_TITLE_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField()
    # The final count, written when the vote closes.
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["vote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "position"], name="vote_item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"item {self.position} of vote {self.vote_id}"


class VoteDots(models.Model):
    """One voter's dots on one item of an open vote: only to enforce the budget, never shown, and
    deleted when the vote closes."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(VoteItem, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="vote_dots_once_per_item"),
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=MAX_DOTS), name="vote_dots_count_range"
            ),
        ]
        indexes = [models.Index(fields=["vote", "voter"])]

    def __str__(self) -> str:
        return f"dots on item {self.item_id}"

"""Dot-voting: the facilitator opens a vote on the current question's ideas (or its groups), with
N dots per participant; participants place and remove dots while it is open; the facilitator (or
the session's close) closes it, and the ranked results stay.

Anonymous to everyone, facilitators included. A voter's dots are kept only while the vote is open,
to hold them to their budget; no frame, page or export says who put a dot where (the live tallies
are totals, each person is told only their own dots), and when the vote closes the per-voter rows
are deleted, leaving each item's total and the number of voters.

Placing a dot is not a numbered room event: in a room of 2,000 every dot would be a broadcast to
everyone. The totals go out instead as `vote.tally`, coalesced (sessions.room_hub), carrying the
vote's `tally_version` so a client keeps the newest. Opening and closing are room events.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.timezone import now

from thinktank.accounts.models import User

from ..access import Access, Act, session_access
from ..models import IdeaGroup, IdeaStatus, Session, Vote, VoteDots, VoteItem, VoteOn
from ..models.decisions import MAX_DOTS
from .room import (
    RoomError,
    _check_not_closed,
    _check_room_open_for_changes,
    _check_statement_acknowledged,
    _lock,
)
from .room_events import event_emit

MAX_VOTE_ITEMS = 200
DOT_ACTIONS = ("place", "remove")


@dataclass(frozen=True)
class DotResult:
    vote_id: int
    mine: dict


def vote_open(
    *,
    session_id: int,
    user: User,
    on: str = VoteOn.IDEAS,
    dots: int = 3,
    stacking: bool = True,
    access: Access | None = None,
) -> Vote:
    """A vote on the published ideas (or the groups) of the current question."""
    if on not in VoteOn.values:
        raise RoomError("invalid", "on must be 'ideas' or 'groups'.")
    if not 1 <= dots <= MAX_DOTS:
        raise RoomError("invalid", f"dots must be between 1 and {MAX_DOTS}.")
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.RUN_VOTE, known=access)
        _check_room_open_for_changes(session)
        if session.current_question_id is None:
            raise RoomError("not_found", "There is no current question to vote on.")
        if Vote.objects.filter(session=session, closed_at=None).exists():
            raise RoomError("vote_open", "A vote is open already: close it first.")
        vote = Vote.objects.create(
            session=session,
            question_id=session.current_question_id,
            on=on,
            dots=dots,
            stacking=stacking,
            opened_by=user,
        )
        items = _items(vote)
        if not items:
            what = "published ideas" if on == VoteOn.IDEAS else "groups"
            raise RoomError("nothing_to_vote_on", f"The current question has no {what} to vote on.")
        if len(items) > MAX_VOTE_ITEMS:
            raise RoomError("invalid", f"At most {MAX_VOTE_ITEMS} items in a vote: group the ideas first.")
        VoteItem.objects.bulk_create(items)
        event_emit(session=session, type="vote.opened", payload={"vote": vote_payload(vote, items)})
    return vote


def vote_dot(
    *,
    session_id: int,
    user: User,
    item_id: int,
    action: str,
    vote_id: int | None = None,
    access: Access | None = None,
) -> DotResult:
    """Place one of this person's dots on an item of the open vote, or take one back."""
    if action not in DOT_ACTIONS:
        raise RoomError("invalid", "action must be 'place' or 'remove'.")
    session = Session.objects.filter(pk=session_id).first()
    session_access(session=session, session_id=session_id, user=user, act=Act.VOTE, known=access)
    _check_room_open_for_changes(session)
    _check_statement_acknowledged(session, user)
    with transaction.atomic():
        # The vote's row orders every dot of the vote and its close: no dot lands after the close.
        vote = _vote(session_id, vote_id, lock=True)
        item = VoteItem.objects.filter(vote=vote, pk=item_id).select_related("idea").first()
        if item is None or (item.idea_id and item.idea.status != IdeaStatus.PUBLISHED):
            raise RoomError("not_in_vote", "That is not one of this vote's items.")
        spent = VoteDots.objects.filter(vote=vote, voter=user).aggregate(n=Sum("count"))["n"] or 0
        row = VoteDots.objects.filter(item=item, voter=user).first()
        if action == "place":
            if spent >= vote.dots:
                raise RoomError(
                    "no_dots_left", f"You have placed all {vote.dots} of your dots: take one back first."
                )
            if row is not None and not vote.stacking:
                raise RoomError("one_dot_per_item", "In this vote, one dot per item.")
            if row is None:
                VoteDots.objects.create(vote=vote, item=item, voter=user, count=1)
            else:
                row.count += 1
                row.save(update_fields=["count"])
        else:
            if row is None:
                raise RoomError("no_dot_here", "You have no dot on that item.")
            if row.count == 1:
                row.delete()
            else:
                row.count -= 1
                row.save(update_fields=["count"])
        vote.tally_version += 1
        vote.save(update_fields=["tally_version"])
    return DotResult(vote_id=vote.pk, mine=vote_mine(vote=vote, user_id=user.pk))


def vote_close(
    *, session_id: int, user: User, vote_id: int | None = None, access: Access | None = None
) -> Vote:
    with transaction.atomic():
        session, _ = _lock(session_id, user, Act.RUN_VOTE, known=access)
        _check_not_closed(session)
        vote = _vote(session_id, vote_id, lock=True)
        _close(session, vote)
    return vote


def vote_close_open(*, session: Session) -> None:
    """Close the open vote, if any, of a session whose row the caller has locked (at the session's close)."""
    vote = Vote.objects.select_for_update().filter(session=session, closed_at=None).first()
    if vote is not None:
        _close(session, vote)


# --- reads -------------------------------------------------------------------------------------


def vote_tally(*, vote_id: int) -> dict | None:
    """The live totals of an open vote (None once closed: `vote.closed` has the results)."""
    vote = Vote.objects.filter(pk=vote_id, closed_at=None).values("tally_version").first()
    if vote is None:
        return None
    counts, voters = _totals(vote_id)
    return {
        "type": "vote.tally",
        "vote_id": vote_id,
        "version": vote["tally_version"],
        "totals": {str(item): n for item, n in counts.items()},
        "voters": voters,
    }


def vote_mine(*, vote: Vote, user_id: int) -> dict:
    """This person's own dots (for them alone): `{"type": "vote.mine", ...}`."""
    dots = dict(VoteDots.objects.filter(vote=vote, voter_id=user_id).values_list("item_id", "count"))
    return {
        "type": "vote.mine",
        "vote_id": vote.pk,
        "dots": {str(item): n for item, n in dots.items()},
        "remaining": vote.dots - sum(dots.values()),
    }


def open_vote(*, session_id: int) -> Vote | None:
    return Vote.objects.filter(session_id=session_id, closed_at=None).first()


def vote_payload(vote: Vote, items: list[VoteItem]) -> dict:
    payload = {
        "id": vote.pk,
        "question_id": vote.question_id,
        "on": vote.on,
        "dots": vote.dots,
        "stacking": vote.stacking,
        "status": "open" if vote.is_open else "closed",
        "items": [
            {"id": item.pk, "idea_id": item.idea_id, "group_id": item.group_id, "label": item.label}
            for item in items
        ],
    }
    if not vote.is_open:
        ranked = sorted(items, key=lambda item: (-item.total, item.position))
        payload["results"] = [{"item_id": item.pk, "dots": item.total} for item in ranked]
        payload["voters"] = vote.voters
    return payload


def votes_with_items(*, session: Session) -> list[tuple[Vote, list[VoteItem]]]:
    """Every vote of the session with its items, in two queries."""
    votes = list(Vote.objects.filter(session=session).order_by("opened_at", "id"))
    items: dict[int, list[VoteItem]] = {vote.pk: [] for vote in votes}
    for item in VoteItem.objects.filter(vote__session=session).select_related("idea").order_by("position"):
        items[item.vote_id].append(item)
    return [(vote, items[vote.pk]) for vote in votes]


def vote_results(vote: Vote, items: list[VoteItem]) -> list[VoteItem]:
    """A closed vote's items, most dots first, without ideas no longer shown to everyone."""
    shown = [item for item in items if item.idea_id is None or item.idea.status == IdeaStatus.PUBLISHED]
    return sorted(shown, key=lambda item: (-item.total, item.position))


# --- helpers -----------------------------------------------------------------------------------


def _items(vote: Vote) -> list[VoteItem]:
    if vote.on == VoteOn.IDEAS:
        ideas = vote.question.ideas.filter(status=IdeaStatus.PUBLISHED).order_by("created_at", "id")
        return [VoteItem(vote=vote, idea=idea, position=n) for n, idea in enumerate(ideas, 1)]
    groups = (
        IdeaGroup.objects.filter(session_id=vote.session_id, question_id=vote.question_id)
        .annotate(shown=Count("members", filter=Q(members__idea__status=IdeaStatus.PUBLISHED)))
        .filter(shown__gt=0)
        .order_by("created_at", "id")
    )
    return [
        VoteItem(vote=vote, group=group, label=group.title, position=n) for n, group in enumerate(groups, 1)
    ]


def _vote(session_id: int, vote_id: int | None, *, lock: bool) -> Vote:
    votes = Vote.objects.select_for_update() if lock else Vote.objects.all()
    vote = (
        votes.filter(session_id=session_id, closed_at=None).first()
        if vote_id is None
        else votes.filter(session_id=session_id, pk=vote_id).first()
    )
    if vote is None:
        if vote_id is None or not Vote.objects.filter(session_id=session_id, closed_at=None).exists():
            raise RoomError("no_vote_open", "No vote is open.")
        raise RoomError("not_found", "No such vote in this session.")
    if not vote.is_open:
        raise RoomError("vote_closed", "That vote is closed.")
    return vote


def _totals(vote_id: int) -> tuple[dict[int, int], int]:
    rows = VoteDots.objects.filter(vote_id=vote_id)
    counts = dict(rows.values_list("item_id").annotate(n=Sum("count")).order_by())
    voters = rows.aggregate(n=Count("voter", distinct=True))["n"]
    return counts, voters


def _close(session: Session, vote: Vote) -> None:
    counts, voters = _totals(vote.pk)
    items = list(vote.items.select_related("idea").order_by("position"))
    for item in items:
        item.total = counts.get(item.pk, 0)
    VoteItem.objects.bulk_update(items, ["total"])
    vote.closed_at, vote.voters = now(), voters
    vote.save(update_fields=["closed_at", "voters"])
    # Who voted what is needed no longer: only the totals stay.
    VoteDots.objects.filter(vote=vote).delete()
    event_emit(session=session, type="vote.closed", payload={"vote": vote_payload(vote, items)})

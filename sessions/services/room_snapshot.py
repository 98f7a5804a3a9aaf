"""The live room as it stands, for one viewer, in one frame: what a page load needs instead of a
replay of the whole event log (a session with thousands of events replayed them all on every reload).

The snapshot is made of the same frames the room sends live (`idea.published`, `idea.held`, ...),
without `seq`, so a client applies it with the code it applies events with; `last_seq` says where
its live events take over (the session's seq is read first: any event after it reaches the client
live or by `sync`, and applying it again on top of the snapshot changes nothing).
"""

from django.db.models import Count, Q

from ..models import ActionItem, Audience, Flag, Idea, IdeaStatus, Reaction, Session
from .actions import action_item_payload
from .groups import group_payload, groups_with_ideas
from .room import _timer_payload, idea_payload, statement_payload
from .room_events import Viewer, frame_for_viewer
from .votes import vote_mine, vote_payload, vote_tally, votes_with_items

VISIBLE_ITEM_STATES = ("clear", "released")


def room_snapshot(*, session_id: int, viewer: Viewer) -> dict:
    session = Session.objects.get(pk=session_id)
    frames = [
        {"type": "session.state", "state": session.state, "by": None},
        {
            "type": "agenda.current",
            "question_id": session.current_question_id,
            "timer_ends_at": _timer_payload(session)["ends_at"],
        },
    ]
    frames += _idea_frames(session, viewer)
    frames += _action_item_frames(session, viewer)
    frames += _group_frames(session)
    frames += _vote_frames(session, viewer)
    return {
        "type": "snapshot",
        "last_seq": session.last_seq,
        "frames": frames,
        "statement": statement_payload(session),
        "my_reactions": list(
            Reaction.objects.filter(idea__session=session, user_id=viewer.user_id).values_list(
                "idea_id", "kind"
            )
        ),
    }


def _idea_frames(session: Session, viewer: Viewer) -> list[dict]:
    visible = Q(status=IdeaStatus.PUBLISHED)
    if viewer.is_moderator:
        visible |= Q(status__in=[IdeaStatus.HELD, IdeaStatus.FLAGGED])
    else:
        visible |= Q(author_id=viewer.user_id)  # one's own held, flagged or declined ideas
    ideas = (
        Idea.objects.filter(visible, session=session)
        .select_related("author", "company")
        .order_by("created_at", "id")
    )
    counts = _reaction_counts(session)
    flags = _flags(session) if viewer.is_moderator else {}
    frames = []
    for idea in ideas:
        reactions = counts.get(idea.pk, {"agree": 0, "dissent": 0, "build_on": 0})
        payload = idea_payload(idea, reactions=reactions)
        for frame in _frames_of(idea, payload, flags.get(idea.pk)):
            shown = frame_for_viewer(
                {
                    "seq": 0,
                    "type": frame.pop("type"),
                    "audience": frame.pop("audience"),
                    "author_id": idea.author_id,
                    "payload": frame,
                },
                viewer,
            )
            if shown is not None:
                shown.pop("seq")
                frames.append(shown)
    return frames


def _frames_of(idea: Idea, payload: dict, flagged: tuple[int, str] | None) -> list[dict]:
    """The frames that bring a client to this idea's current state."""
    if idea.status == IdeaStatus.PUBLISHED:
        return [{"type": "idea.published", "audience": Audience.ALL, "idea": payload}]
    if idea.status == IdeaStatus.FLAGGED:
        frames = [
            {"type": "idea.published", "audience": Audience.ALL, "idea": payload},
            {"type": "idea.hidden", "audience": Audience.ALL, "idea_id": idea.pk},
        ]
        if flagged:
            count, reason = flagged
            frames.append(
                {
                    "type": "idea.flagged",
                    "audience": Audience.MODERATORS,
                    "idea_id": idea.pk,
                    "reason": reason,
                    "flags": count,
                    "idea": payload,
                }
            )
        return frames
    held = {
        "type": "idea.held",
        "audience": Audience.AUTHOR,
        "idea": payload,
        "rules": idea.screen_rules,
        "matches": idea.screen_matches,
    }
    if idea.status == IdeaStatus.DECLINED:
        return [
            held,
            {
                "type": "idea.declined",
                "audience": Audience.AUTHOR,
                "idea_id": idea.pk,
                "reason": idea.moderation_reason,
            },
        ]
    return [held]


def _reaction_counts(session: Session) -> dict[int, dict[str, int]]:
    """Agree, dissent and build-on counts of every idea of the session, in two grouped queries."""
    counts: dict[int, dict[str, int]] = {}

    def entry(idea_id: int) -> dict[str, int]:
        return counts.setdefault(idea_id, {"agree": 0, "dissent": 0, "build_on": 0})

    grouped = (
        Reaction.objects.filter(idea__session=session).values_list("idea_id", "kind").annotate(n=Count("pk"))
    )
    for idea_id, kind, n in grouped:
        entry(idea_id)[kind] = n
    replies = (
        Idea.objects.filter(session=session, parent__isnull=False, status=IdeaStatus.PUBLISHED)
        .values_list("parent_id")
        .annotate(n=Count("pk"))
    )
    for parent_id, n in replies:
        entry(parent_id)["build_on"] = n
    return counts


def _flags(session: Session) -> dict[int, tuple[int, str]]:
    """Flagged ideas waiting for a moderator: how many flags, and the latest reason given."""
    found: dict[int, tuple[int, str]] = {}
    for idea_id, reason in (
        Flag.objects.filter(idea__session=session, idea__status=IdeaStatus.FLAGGED)
        .order_by("created_at")
        .values_list("idea_id", "reason")
    ):
        count, _ = found.get(idea_id, (0, ""))
        found[idea_id] = (count + 1, reason)
    return found


def _action_item_frames(session: Session, viewer: Viewer) -> list[dict]:
    items = ActionItem.objects.filter(session=session).select_related("owner", "idea")
    if not viewer.is_moderator:
        items = items.filter(screen_state__in=VISIBLE_ITEM_STATES).filter(
            Q(owner_only=False) | Q(owner_id=viewer.user_id)
        )
    return [
        {"type": "action_item.created", "action_item": action_item_payload(item)}
        for item in items.order_by("created_at")
    ]


def _group_frames(session: Session) -> list[dict]:
    return [
        {"type": "group.updated", "group": group_payload(group, [idea.pk for idea in ideas])}
        for group, ideas in groups_with_ideas(session=session)
    ]


def _vote_frames(session: Session, viewer: Viewer) -> list[dict]:
    """Closed votes with their results, the open one with its live totals and this person's dots."""
    frames = []
    for vote, items in votes_with_items(session=session):
        if not vote.is_open:
            frames.append({"type": "vote.closed", "vote": vote_payload(vote, items)})
            continue
        frames.append({"type": "vote.opened", "vote": vote_payload(vote, items)})
        frames.append(vote_tally(vote_id=vote.pk))
        if not viewer.is_moderator:
            frames.append(vote_mine(vote=vote, user_id=viewer.user_id))
    return [frame for frame in frames if frame is not None]

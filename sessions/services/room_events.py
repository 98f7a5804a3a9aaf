"""The room's event log: numbering, storing, broadcasting after commit, and who sees what.

One counter per session (`Session.last_seq`), advanced under the session row's lock, so seq is
strictly increasing and gap-free in the database. Broadcasts go out through the channel layer only
after the transaction commits.
"""

import logging
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import Q

from ..models import ActionItem, Audience, Idea, IdeaStatus, Role, RoomEvent, Session
from .record import record_append

logger = logging.getLogger(__name__)

SYNC_BATCH = 500
# The payload key of fields meant for one person only (see event_emit).
PRIVATE = "private"


@dataclass(frozen=True)
class Viewer:
    """Who is looking: decides which events they get and whether anonymous authors are shown."""

    user_id: int
    role: str

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.FACILITATOR, Role.COUNSEL)


def room_group(session_id: int) -> str:
    return f"room-{session_id}"


def moderators_group(session_id: int) -> str:
    return f"room-{session_id}-mods"


def person_group(session_id: int, user_id: int) -> str:
    """A participant's sockets in one room (moderators get author-only events as moderators)."""
    return f"room-{session_id}-user-{user_id}"


def user_group(user_id: int) -> str:
    """Every socket of a person, in every room (logout, removal from a session)."""
    return f"user-{user_id}"


def event_emit(
    *,
    session: Session,
    type: str,
    payload: dict,
    audience: str = Audience.ALL,
    author_id: int | None = None,
    idea: Idea | None = None,
    action_item: ActionItem | None = None,
    private_to: int | None = None,
    private: dict | None = None,
) -> RoomEvent:
    """Store the next event of a session whose row the caller has locked; broadcast it after commit.

    `idea` / `action_item`: what the event shows, so a replay can leave it out once that is no
    longer visible. `private`: fields only the person `private_to` gets (their own reaction, say).
    """
    session.last_seq += 1
    if private is not None:
        payload = {**payload, PRIVATE: {"to": private_to, "fields": private}}
    record_append(
        session=session,
        kind="room_event",
        payload={
            "seq": session.last_seq,
            "type": type,
            "audience": audience,
            "author_id": author_id,
            "payload": payload,
        },
        save=False,
    )
    session.save(update_fields=["last_seq", "record_length", "record_head"])
    event = RoomEvent.objects.create(
        session=session,
        seq=session.last_seq,
        type=type,
        audience=audience,
        author_id=author_id,
        idea=idea,
        action_item=action_item,
        payload=payload,
    )
    message = {"type": "room.event", "event": event_message(event)}
    transaction.on_commit(lambda: _broadcast(session.pk, message, audience, author_id))
    return event


def event_message(event: RoomEvent) -> dict:
    return {
        "seq": event.seq,
        "type": event.type,
        "audience": event.audience,
        "author_id": event.author_id,
        "payload": event.payload,
    }


def frame_for_viewer(event: dict, viewer: Viewer) -> dict | None:
    """The frame `viewer` gets for a stored or broadcast event, or None if it is not for them.

    Anonymous ideas keep their author for moderators and for the author alone; private fields go to
    the one person they belong to.
    """
    is_author = event["author_id"] == viewer.user_id
    if event["audience"] == Audience.MODERATORS and not viewer.is_moderator:
        return None
    if event["audience"] == Audience.AUTHOR and not (viewer.is_moderator or is_author):
        return None
    payload = event["payload"]
    private = payload.get(PRIVATE)
    frame = {"type": event["type"], "seq": event["seq"], **payload}
    if private is not None:
        del frame[PRIVATE]
        if private["to"] == viewer.user_id:
            frame.update(private["fields"])
    idea = frame.get("idea")
    if idea and idea.get("anonymous") and not (viewer.is_moderator or is_author):
        frame["idea"] = {**idea, "author": None}
    if idea or (event["author_id"] is not None and "idea_id" in frame):
        frame["mine"] = is_author
    return frame


def events_after(*, session_id: int, viewer: Viewer, after_seq: int) -> list[dict]:
    """What `sync` replays: every stored event after `after_seq` this viewer may see, in order.

    "May see" is decided now, not when the event happened: an idea published and since hidden,
    declined or flagged is not replayed to anyone but its author and the moderators, nor an action
    item that has become its owner's alone.
    """
    visible = Q(audience=Audience.ALL)
    if viewer.is_moderator:
        visible |= Q(audience__in=[Audience.MODERATORS, Audience.AUTHOR])
    else:
        visible |= Q(audience=Audience.AUTHOR, author_id=viewer.user_id)
        visible &= (
            Q(idea__isnull=True) | Q(idea__status=IdeaStatus.PUBLISHED) | Q(idea__author_id=viewer.user_id)
        )
        visible &= Q(action_item__isnull=True) | (
            Q(action_item__screen_state__in=["clear", "released"])
            & (Q(action_item__owner_only=False) | Q(action_item__owner_id=viewer.user_id))
        )
    events = RoomEvent.objects.filter(visible, session_id=session_id, seq__gt=after_seq).order_by("seq")
    frames = []
    for event in events.iterator(chunk_size=SYNC_BATCH):
        frame = frame_for_viewer(event_message(event), viewer)
        if frame is not None:
            frames.append(frame)
    return frames


def group_send(group: str, message: dict) -> None:
    """Broadcast, best effort: what is broadcast is already committed, so a channel layer that is
    down (Redis restarting) must not fail the change. Whoever missed it catches up with `sync`."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        logger.warning("Broadcast to %s failed; clients catch up with sync.", group, exc_info=True)


def _broadcast(session_id: int, message: dict, audience: str, author_id: int | None) -> None:
    if audience == Audience.ALL:
        group_send(room_group(session_id), message)
        return
    group_send(moderators_group(session_id), message)
    if audience == Audience.AUTHOR and author_id is not None:
        # Only participants' sockets join their person group; a moderator author gets it once, above.
        group_send(person_group(session_id, author_id), message)

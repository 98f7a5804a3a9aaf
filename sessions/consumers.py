"""The live room's websocket (docs/protocol.md). Thin: parse, check, call a service, answer.

Who may do what is decided by sessions.access. Admission (membership, buy-in, agreement to the
current rules) is checked when the socket opens and again whenever something changes it (a removal,
a sign-out, a new version of the rules each reach the socket at once); every service the consumer
calls applies the policy to its act on every message. No frame can close the socket: a malformed,
oversized, too-deep, too-fast or otherwise bad frame gets an `error` and changes nothing.

Costs that would grow with the room (presence, hello, encoding broadcasts) are shared by the sockets
of one process in sessions.room_hub.
"""

import json
import logging
import time
import uuid

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.timezone import now

from thinktank.text import InvalidText, clean_text

from .access import Act, Forbidden, NotAdmitted, NotFound, session_access
from .models import Session, StatementAcknowledgement
from .room_db import room_db
from .room_hub import hub_for
from .services import groups, presence, room, votes
from .services.room import RoomError
from .services.room_events import (
    Viewer,
    events_after,
    moderators_group,
    person_group,
    room_group,
    user_group,
)
from .services.room_snapshot import room_snapshot
from .throttle import ConnectionLimits

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
MAX_INT = 2**31 - 1  # ids and seqs are 32-bit columns: a larger number can name nothing
REFUSED = 4403
LEFT = 4000  # left in protest: not refused, the client does not reconnect by itself
# A throttled socket is told at most this often for frames it cannot resend (posts are always told).
THROTTLE_NOTICE_EVERY = 1.0


class RoomConsumer(AsyncJsonWebsocketConsumer):
    async def dispatch(self, message):
        """Channels' dispatch, without the hop to Django's one sync thread that Channels makes before
        every message to close old database connections: in a room of 1,000 that hop per delivered
        frame was a sixth of the server's time (docs/performance.md). The room reaches the database
        only through room_db, whose threads look after their own connections."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        self.session_id = self.scope["url_route"]["kwargs"]["session_id"]
        self.user = self.scope.get("user")
        self.viewer = None
        self.access = None
        self.present = False
        self.groups_joined: list[str] = []
        self.limits = ConnectionLimits()
        self.last_throttle_notice = 0.0
        await self.accept()
        try:
            self.access = await self._admission()
        except (NotFound, Forbidden) as refusal:
            missing = getattr(refusal, "missing", None)
            await self._refuse("not_admitted", "You cannot enter this room.", missing=missing)
            return
        self.hub = hub_for(self.session_id)
        self.viewer = Viewer(user_id=self.user.pk, role=self.access.role)
        groups = [room_group(self.session_id), user_group(self.user.pk)]
        groups.append(
            moderators_group(self.session_id)
            if self.viewer.is_moderator
            else person_group(self.session_id, self.user.pk)
        )
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        arrived, own_hello = await room_db(self._arrive)()
        self.present = True
        if arrived:
            self.hub.presence_changed("presence.join", arrived)
        await self.send(text_data=await self._hello(own_hello))

    async def disconnect(self, code):
        await self._leave()

    async def _leave(self) -> None:
        """Out of the room's groups and its presence list: on disconnect, and at once when refused."""
        groups, self.groups_joined = self.groups_joined, []
        for group in groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.present:
            self.present = False
            left = await room_db(presence.presence_leave)(
                session_id=self.session_id, user=self.user, channel_name=self.channel_name
            )
            if left:
                self.hub.presence_changed("presence.leave", left)

    # --- from the client -------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.viewer is None:
            return
        if wait := self.limits.take("frame"):
            await self._throttled(wait)
            return
        if text_data is None or len(text_data) > MAX_FRAME_BYTES or len(text_data.encode()) > MAX_FRAME_BYTES:
            code = "too_large" if text_data is not None else "bad_json"
            await self._error(code, "Frames are JSON text of at most 16 KiB.")
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            await self._error("bad_json", "That frame is not valid JSON (or is nested too deeply).")
            return
        if not isinstance(content, dict):
            await self._error("bad_json", 'A frame is a JSON object with a "type".')
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        handler = HANDLERS.get(kind) if isinstance(kind, str) else None
        if handler is None:
            await self._error("unknown_type", f"Unknown message type: {str(kind)[:40]!r}.")
            return
        client_id = (
            content.get("client_id")
            if kind == "idea.post" and isinstance(content.get("client_id"), str)
            else None
        )
        if wait := self.limits.take(kind):
            await self._throttled(wait, client_id=client_id)
            return
        try:
            await handler(self, content)
        except NotAdmitted as refusal:
            await self._refuse(
                "not_admitted", "Agree to the current ground rules to come back in.", missing=refusal.missing
            )
        except NotFound:
            await self._refuse("removed", "You no longer take part in this session.")
        except Forbidden as error:
            await self._error("forbidden", str(error), client_id=client_id)
        except RoomError as error:
            await self._error(error.code, error.message, client_id=client_id, **error.details)
        except BadField as error:
            await self._error("invalid", str(error), client_id=client_id)
        except Exception:
            # Whatever went wrong, the socket stays usable; a post can be sent again with the same
            # client_id, which never makes a second idea.
            logger.exception("Live room: %s frame failed in session %s", kind, self.session_id)
            await self._error(
                "server_error",
                "Something went wrong on our side. Try again; a repeated post never appears twice.",
                client_id=client_id,
            )

    async def on_idea_post(self, content):
        client_id = _uuid(content, "client_id")
        fields = {
            "client_id": client_id,
            "question_id": _int(content, "question_id"),
            "text": _str(content, "text", limit=None, multiline=True),
            "anonymous": _bool(content, "anonymous", default=False),
            "parent_id": _int(content, "parent_id", required=False),
        }
        result = await self._call(room.idea_post, **fields)
        await self.send_json(
            {"type": "ack", "client_id": str(client_id), "idea_id": result.idea.pk, "status": result.status}
        )

    async def on_sync(self, content):
        """Replay what was missed; or, with `snapshot`, the room as it stands in one frame (a page
        load need not replay the whole log)."""
        after = _int(content, "after_seq")
        if after < 0:
            raise BadField("after_seq must be 0 or more.")
        if _bool(content, "snapshot", default=False):
            snapshot = await room_db(room_snapshot)(session_id=self.session_id, viewer=self.viewer)
            await self.send_json(snapshot)
            await self.send_json({"type": "synced", "last_seq": snapshot["last_seq"]})
            return
        frames, last_seq = await room_db(self._replay)(after)
        for frame in frames:
            await self.send_json(frame)
        # Live vote totals are not numbered events: a client that was away gets them as they stand.
        for frame in await room_db(self._open_vote_frames)():
            await self.send_json(frame)
        await self.send_json({"type": "synced", "last_seq": last_seq})

    async def on_reaction_set(self, content):
        await self._call(
            room.reaction_set,
            idea_id=_int(content, "idea_id"),
            kind=_str(content, "kind"),
            on=_bool(content, "on"),
        )

    async def on_idea_flag(self, content):
        await self._call(
            room.idea_flag, idea_id=_int(content, "idea_id"), reason=_str(content, "reason", default="")
        )

    async def on_ping(self, content):
        await room_db(presence.presence_touch)(channel_name=self.channel_name)
        await self.send_json({"type": "pong", "server_time": now().isoformat()})

    async def on_session_control(self, content):
        await self._call(room.room_control, action=_str(content, "action"))

    async def on_agenda_goto(self, content):
        await self._call(room.agenda_goto, question_id=_int(content, "question_id"))

    async def on_timer_set(self, content):
        await self._call(room.timer_set, minutes=_int(content, "minutes", required=False))

    async def on_idea_moderate(self, content):
        await self._call(
            room.idea_moderate,
            idea_id=_int(content, "idea_id"),
            decision=_str(content, "decision"),
            reason=_str(content, "reason", default=""),
            rule=_str(content, "rule", default="", limit=50),
        )

    async def on_objection_raise(self, content):
        await self._call(room.objection_raise, reason=_str(content, "reason", default=""))

    async def on_protest_leave(self, content):
        await self._call(room.protest_leave, reason=_str(content, "reason", default=""))

    async def on_statement_acknowledge(self, content):
        await self._call(room.statement_acknowledge)
        await self.send_json({"type": "statement.acknowledged.ok"})

    async def on_idea_highlight(self, content):
        await self._call(room.idea_highlight, idea_id=_int(content, "idea_id"), on=_bool(content, "on"))

    async def on_group_create(self, content):
        await self._call(
            groups.group_create, title=_str(content, "title", limit=1000), idea_ids=_ints(content, "idea_ids")
        )

    async def on_group_update(self, content):
        await self._call(
            groups.group_update,
            group_id=_int(content, "group_id"),
            action=_str(content, "action", limit=20),
            idea_ids=_ints(content, "idea_ids", required=False),
            title=_str(content, "title", default="", limit=1000),
        )

    async def on_group_suggest(self, content):
        found = await self._call(
            groups.group_suggestions, question_id=_int(content, "question_id", required=False)
        )
        await self.send_json({"type": "group.suggestions", **found})

    async def on_vote_open(self, content):
        dots = _int(content, "dots", required=False)
        await self._call(
            votes.vote_open,
            on=_str(content, "on", default="ideas", limit=10),
            dots=3 if dots is None else dots,
            stacking=_bool(content, "stacking", default=True),
        )

    async def on_vote_dot(self, content):
        result = await self._call(
            votes.vote_dot,
            vote_id=_int(content, "vote_id", required=False),
            item_id=_int(content, "item_id"),
            action=_str(content, "action", limit=10),
        )
        # This person's own dots, to each of their tabs; the room gets totals, coalesced.
        await self.channel_layer.group_send(
            person_group(self.session_id, self.user.pk), {"type": "vote.mine", "frame": result.mine}
        )
        self.hub.tally_changed(result.vote_id, room_db(self._vote_tally))

    async def on_vote_close(self, content):
        await self._call(votes.vote_close, vote_id=_int(content, "vote_id", required=False))

    # --- from the channel layer (group handlers only send) ---------------------------------

    async def room_event(self, message):
        text = self.hub.encoded_frame(message["event"], self.viewer) if self.viewer else None
        if text is not None:
            await self.send(text_data=text)

    async def presence_batch(self, message):
        """Joins and leaves of the last half second, in one frame."""
        if self.viewer is not None:
            frame = {"type": "presence.update", "changes": message["changes"]}
            await self.send(text_data=self.hub.encoded_message(f"presence:{message['batch']}", frame))

    async def vote_tally(self, message):
        """The totals of an open vote (never who voted what)."""
        if self.viewer is not None:
            frame = message["frame"]
            key = f"tally:{frame['vote_id']}:{frame['version']}"
            await self.send(text_data=self.hub.encoded_message(key, frame))

    async def vote_mine(self, message):
        """This person's own dots, after they placed or removed one (from any of their tabs)."""
        if self.viewer is not None:
            await self.send_json(message["frame"])

    async def member_removed(self, message):
        if message["session_id"] == self.session_id:
            await self._refuse("removed", "You no longer take part in this session.")

    async def admission_recheck(self, message):
        """Something the gate depends on changed (a new version of the ground rules, say)."""
        if self.viewer is None:
            return
        try:
            self.access = await self._admission()
        except (NotFound, Forbidden) as refusal:
            missing = getattr(refusal, "missing", None)
            await self._refuse(
                "not_admitted", "Agree to the new ground rules to come back in.", missing=missing
            )

    async def member_left(self, message):
        """This person left the room in protest (from any of their tabs)."""
        if message["session_id"] == self.session_id and self.viewer is not None:
            await self._error("left_in_protest", "You left the meeting in protest; it is on the record.")
            self.viewer = None
            await self._leave()
            await self.close(code=LEFT)

    async def user_logout(self, message):
        await self._refuse("logged_out", "You signed out.")

    # --- helpers ---------------------------------------------------------------------------

    async def _call(self, service, **fields):
        """A room service: it applies the policy to its act, given this socket's admission."""
        return await room_db(service)(
            session_id=self.session_id, user=self.user, access=self.access, **fields
        )

    async def _admission(self):
        if not self.user or not self.user.is_authenticated:
            raise NotFound("Sign in first.")
        return await room_db(session_access)(session_id=self.session_id, user=self.user, act=Act.ENTER_ROOM)

    async def _error(self, code: str, message: str, **extra):
        frame = {"type": "error", "code": code, "message": message}
        frame.update({k: v for k, v in extra.items() if v is not None or k == "missing"})
        await self.send_json(frame)

    async def _refuse(self, code: str, message: str, **extra):
        await self._error(code, message, **extra)
        self.viewer = None
        await self._leave()
        await self.close(code=REFUSED)

    async def _throttled(self, wait: float, client_id: str | None = None) -> None:
        now = time.monotonic()
        if client_id is None and now - self.last_throttle_notice < THROTTLE_NOTICE_EVERY:
            return
        self.last_throttle_notice = now
        await self._error(
            "rate_limited",
            f"Too many messages: slow down, and try again in {wait:.1f} s.",
            client_id=client_id,
            retry_after=round(wait, 2),
        )

    def _arrive(self) -> tuple[dict | None, dict]:
        """Into the presence list, and this person's part of `hello`: one trip to the database
        threads (a connect storm is a thousand of these)."""
        arrived = presence.presence_join(
            session_id=self.session_id,
            user=self.user,
            channel_name=self.channel_name,
            membership=self.access.membership,
        )
        return arrived, self._own_hello()

    async def _hello(self, own: dict) -> str:
        """This person's part of `hello` with the part every socket shares (built at most every half
        second per room and process: sessions.room_hub)."""
        shared = await self.hub.shared_hello_json(room_db(self._shared_hello))
        return "{" + json.dumps(own, separators=(",", ":"))[1:-1] + "," + shared + "}"

    def _own_hello(self) -> dict:
        membership = self.access.membership
        return {
            "type": "hello",
            "role": self.viewer.role,
            "user": {
                "id": self.user.pk,
                "user_id": self.user.pk,
                "name": self.user.name,
                "company": membership.company.name if membership.company else None,
            },
            "server_time": now().isoformat(),
            "statement_acknowledged": StatementAcknowledgement.objects.filter(
                session_id=self.session_id, user=self.user
            ).exists(),
        }

    def _shared_hello(self) -> dict:
        session = Session.objects.get(pk=self.session_id)
        return {
            "state": session.state,
            "current_question_id": session.current_question_id,
            "last_seq": session.last_seq,
            "session": {"id": session.pk, "title": session.title, "purpose": session.purpose},
            "questions": [
                {"id": q.pk, "position": q.position, "text": q.text, "time_box_minutes": q.time_box_minutes}
                for q in session.questions.all()
            ],
            "timer_ends_at": session.timer_ends_at.isoformat() if session.timer_ends_at else None,
            "presence": presence.presence_snapshot(session_id=session.pk),
            "statement": {**room.statement_payload(session), "required": session.started_at is not None},
        }

    @staticmethod
    def _vote_tally(vote_id: int) -> dict | None:
        return votes.vote_tally(vote_id=vote_id)

    def _open_vote_frames(self) -> list[dict]:
        vote = votes.open_vote(session_id=self.session_id)
        if vote is None:
            return []
        frames = [votes.vote_tally(vote_id=vote.pk)]
        if self.viewer.role == "participant":
            frames.append(votes.vote_mine(vote=vote, user_id=self.user.pk))
        return [frame for frame in frames if frame is not None]

    def _replay(self, after: int) -> tuple[list[dict], int]:
        last_seq = Session.objects.values_list("last_seq", flat=True).get(pk=self.session_id)
        return events_after(session_id=self.session_id, viewer=self.viewer, after_seq=after), last_seq


HANDLERS = {
    "idea.post": RoomConsumer.on_idea_post,
    "sync": RoomConsumer.on_sync,
    "reaction.set": RoomConsumer.on_reaction_set,
    "idea.flag": RoomConsumer.on_idea_flag,
    "ping": RoomConsumer.on_ping,
    "session.control": RoomConsumer.on_session_control,
    "agenda.goto": RoomConsumer.on_agenda_goto,
    "timer.set": RoomConsumer.on_timer_set,
    "idea.moderate": RoomConsumer.on_idea_moderate,
    "idea.highlight": RoomConsumer.on_idea_highlight,
    "objection.raise": RoomConsumer.on_objection_raise,
    "protest.leave": RoomConsumer.on_protest_leave,
    "statement.acknowledge": RoomConsumer.on_statement_acknowledge,
    "group.create": RoomConsumer.on_group_create,
    "group.update": RoomConsumer.on_group_update,
    "group.suggest": RoomConsumer.on_group_suggest,
    "vote.open": RoomConsumer.on_vote_open,
    "vote.dot": RoomConsumer.on_vote_dot,
    "vote.close": RoomConsumer.on_vote_close,
}


# --- field parsing: shape only; the services check meaning ------------------------------------


class BadField(ValueError):
    pass


_MISSING = object()


def _field(content: dict, name: str, required: bool, default):
    value = content.get(name, _MISSING)
    if value is _MISSING or (value is None and not required):
        if required and default is _MISSING:
            raise BadField(f"{name} is required.")
        return None if default is _MISSING else default
    return value


def _int(content: dict, name: str, required: bool = True) -> int | None:
    value = _field(content, name, required, _MISSING)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadField(f"{name} must be an integer.")
    if not -MAX_INT <= value <= MAX_INT:
        raise BadField(f"{name} is out of range.")
    return value


def _ints(content: dict, name: str, required: bool = True, limit: int = 50) -> list[int]:
    value = _field(content, name, required, _MISSING)
    if value is None and not required:
        return []
    if not isinstance(value, list) or len(value) > limit:
        raise BadField(f"{name} must be a list of at most {limit} integers.")
    return [_int({name: item}, name) for item in value]


def _str(
    content: dict, name: str, default=_MISSING, limit: int | None = 2000, multiline: bool = False
) -> str:
    """A string field, cleaned of control and invisible characters (thinktank.text)."""
    value = _field(content, name, default is _MISSING, default)
    if not isinstance(value, str):
        raise BadField(f"{name} must be a string.")
    if limit is not None and len(value) > limit:
        raise RoomError("too_long", f"{name} is too long.")
    try:
        return clean_text(value, multiline=multiline)
    except InvalidText as error:
        raise BadField(f"{name}: {error}") from error


def _bool(content: dict, name: str, default=_MISSING) -> bool:
    value = _field(content, name, default is _MISSING, default)
    if not isinstance(value, bool):
        raise BadField(f"{name} must be true or false.")
    return value


def _uuid(content: dict, name: str) -> uuid.UUID:
    value = _str(content, name)
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise BadField(f"{name} must be a UUID.") from error

"""What one server process keeps for each live room it serves, so that no cost grows with the square
of the room (docs/performance.md):

- presence changes are coalesced into one broadcast per room every PRESENCE_BATCH_SECONDS (one
  broadcast per join made a 1,000-person connect storm send half a million frames);
- the parts of `hello` every socket shares (the session, the agenda, who is present) are built and
  encoded at most every SHARED_HELLO_SECONDS, not once per socket;
- the live totals of a dot-vote go out at most once per room and process every VOTE_TALLY_SECONDS,
  read fresh from the database (a dot per broadcast would be 2,000 frames per dot in a big room);
- each broadcast event is encoded once per kind of viewer (moderator or not, author or not, the
  person a private field is for), not once per socket.

Everything here is a cache or a timer of this process: the database and the channel layer stay the
truth, and a cache entry is at most a fraction of a second old (a client then catches up with sync).
"""

import asyncio
import json
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from channels.layers import get_channel_layer

from .services.room_events import frame_for_viewer, room_group

PRESENCE_BATCH_SECONDS = 0.5
SHARED_HELLO_SECONDS = 0.5
ENCODED_FRAMES_KEPT = 512
VOTE_TALLY_SECONDS = 0.5


@dataclass
class RoomHub:
    session_id: int
    pending_presence: list[dict] = field(default_factory=list)
    flush: asyncio.TimerHandle | None = None
    shared_hello: tuple[float, str] | None = None
    shared_hello_building: asyncio.Future | None = None
    encoded: OrderedDict = field(default_factory=OrderedDict)
    pending_tallies: set = field(default_factory=set)
    tally_flush: asyncio.TimerHandle | None = None

    # --- presence ---------------------------------------------------------------------------

    def presence_changed(self, event: str, person: dict) -> None:
        """Queue a join or leave; the room hears of it in the next batch."""
        self.pending_presence.append({"event": event, "user": person})
        if self.flush is None:
            loop = asyncio.get_running_loop()
            self.flush = loop.call_later(PRESENCE_BATCH_SECONDS, lambda: asyncio.ensure_future(self._flush()))

    async def _flush(self) -> None:
        changes, self.pending_presence, self.flush = self.pending_presence, [], None
        if not changes:
            return
        layer = get_channel_layer()
        try:
            await layer.group_send(
                room_group(self.session_id),
                {"type": "presence.batch", "batch": uuid.uuid4().hex, "changes": changes},
            )
        except Exception:  # the channel layer is down: clients see presence again in their next hello
            return

    # --- vote tallies -----------------------------------------------------------------------

    def tally_changed(self, vote_id: int, read) -> None:
        """A dot was placed or removed; `read(vote_id)` (async) gives the totals to send, or None."""
        self.pending_tallies.add(vote_id)
        if self.tally_flush is None:
            loop = asyncio.get_running_loop()
            self.tally_flush = loop.call_later(
                VOTE_TALLY_SECONDS, lambda: asyncio.ensure_future(self._flush_tallies(read))
            )

    async def _flush_tallies(self, read) -> None:
        votes, self.pending_tallies, self.tally_flush = self.pending_tallies, set(), None
        layer = get_channel_layer()
        for vote_id in votes:
            try:
                frame = await read(vote_id)
                if frame is not None:
                    await layer.group_send(
                        room_group(self.session_id), {"type": "vote.tally", "frame": frame}
                    )
            except Exception:  # the channel layer is down: clients get the totals with their next sync
                return

    # --- hello ------------------------------------------------------------------------------

    async def shared_hello_json(self, build) -> str:
        """The JSON members of `hello` that every socket gets (without braces); `build` makes the
        dict, off the event loop, when the cached one is too old."""
        cached = self.shared_hello
        if cached is not None and time.monotonic() - cached[0] < SHARED_HELLO_SECONDS:
            return cached[1]
        # One build at a time: the sockets that arrive while it runs wait for it instead of each
        # building their own (in a connect storm, a slow build drew a crowd of builds).
        building = self.shared_hello_building
        if building is None or building.get_loop() is not asyncio.get_running_loop():
            building = self.shared_hello_building = asyncio.ensure_future(self._build_shared_hello(build))
        return await asyncio.shield(building)

    async def _build_shared_hello(self, build) -> str:
        try:
            shared = await build()
            text = json.dumps(shared, separators=(",", ":"))[1:-1]
            self.shared_hello = (time.monotonic(), text)
            return text
        finally:
            self.shared_hello_building = None

    # --- broadcast events ---------------------------------------------------------------------

    def encoded_frame(self, event: dict, viewer) -> str | None:
        """The event as `viewer` gets it, encoded; None if it is not for them."""
        private = event["payload"].get("private")
        variant = (
            viewer.is_moderator,
            event["author_id"] == viewer.user_id,
            private is not None and private["to"] == viewer.user_id,
        )
        key = (event["seq"], event["type"], variant)
        if key in self.encoded:
            return self.encoded[key]
        self.shared_hello = None  # the room changed: the next hello reads it again
        frame = frame_for_viewer(event, viewer)
        text = None if frame is None else json.dumps(frame, separators=(",", ":"))
        self.encoded[key] = text
        if len(self.encoded) > ENCODED_FRAMES_KEPT:
            self.encoded.popitem(last=False)
        return text

    def encoded_message(self, key: str, frame: dict) -> str:
        """A frame that is the same for every socket (a presence batch), encoded once."""
        if key not in self.encoded:
            self.encoded[key] = json.dumps(frame, separators=(",", ":"))
            if len(self.encoded) > ENCODED_FRAMES_KEPT:
                self.encoded.popitem(last=False)
        return self.encoded[key]


_hubs: dict[int, RoomHub] = {}


def hub_for(session_id: int) -> RoomHub:
    hub = _hubs.get(session_id)
    if hub is None:
        hub = _hubs[session_id] = RoomHub(session_id)
    return hub

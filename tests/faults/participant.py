"""A participant in the live room that behaves like the browser's room socket (static/js/room/
socket.js): it reconnects to whichever server answers, catches up with `sync` after the last seq it
applied (buffering live frames meanwhile), applies each seq at most once, and re-sends a post with
the same client_id until it is acked. Fault tests use it to check that nothing acked is lost."""

import asyncio
import json
import uuid

from django.conf import settings

RETRY_PAUSE = 0.3
FRAME_TIMEOUT = 3


class Participant:
    def __init__(self, name: str, cookie: str, ports: list[int], session_id: int):
        self.name = name
        self.cookie = cookie
        self.ports = ports  # preferred server first, as a load balancer would route
        self.session_id = session_id
        self.websocket = None
        self.port: int | None = None  # the server of the current connection
        self.hello: dict | None = None
        self.last_seq = 0
        self.applied: list[int] = []  # seqs, in the order applied
        self.ideas_seen: dict[int, str] = {}  # idea id -> text
        self.acked: dict[str, int] = {}  # client_id -> idea id
        self.reconnects = 0

    # --- connection --------------------------------------------------------------------------

    async def connect(self) -> None:
        """Connect to the first server that admits us, then catch up."""
        from websockets.asyncio.client import connect

        last_error = None
        for port in self.ports:
            try:
                websocket = await connect(
                    f"ws://127.0.0.1:{port}/ws/sessions/{self.session_id}/",
                    origin=f"http://127.0.0.1:{port}",
                    additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.cookie}"},
                    proxy=None,
                    open_timeout=FRAME_TIMEOUT,
                    close_timeout=1,
                )
                hello = json.loads(await asyncio.wait_for(websocket.recv(), FRAME_TIMEOUT))
                if hello.get("type") != "hello":
                    await websocket.close()
                    raise ConnectionError(f"not admitted: {hello}")
                self.websocket, self.port, self.hello = websocket, port, hello
                await self._sync()
                return
            except Exception as error:  # refused, timed out, server down: try the next one
                last_error = error
                self.websocket = None
        raise ConnectionError(f"{self.name}: no server answered ({last_error})")

    async def _sync(self) -> None:
        """Replay what we missed; live frames arriving meanwhile are applied with it, in seq order."""
        await self.websocket.send(json.dumps({"type": "sync", "after_seq": self.last_seq}))
        frames = []
        while (frame := json.loads(await asyncio.wait_for(self.websocket.recv(), FRAME_TIMEOUT)))[
            "type"
        ] != "synced":
            frames.append(frame)
        for frame in sorted((f for f in frames if "seq" in f), key=lambda f: f["seq"]):
            self._apply(frame)
        for frame in frames:
            if "seq" not in frame:
                self._note(frame)

    async def ensure_connected(self) -> None:
        while self.websocket is None:
            try:
                await self.connect()
            except ConnectionError:
                await asyncio.sleep(RETRY_PAUSE)
                self.reconnects += 1

    def _drop(self) -> None:
        self.websocket = None

    # --- frames ------------------------------------------------------------------------------

    def _apply(self, frame: dict) -> None:
        if frame["seq"] <= self.last_seq:
            return  # already applied: nothing is shown twice
        self.last_seq = frame["seq"]
        self.applied.append(frame["seq"])
        if frame["type"] in ("idea.published", "idea.restored"):
            self.ideas_seen[frame["idea"]["id"]] = frame["idea"]["text"]

    def _note(self, frame: dict) -> None:
        if frame["type"] == "ack":
            self.acked[frame["client_id"]] = frame["idea_id"]

    async def _receive(self, timeout: float) -> dict | None:
        try:
            frame = json.loads(await asyncio.wait_for(self.websocket.recv(), timeout))
        except TimeoutError:
            return None
        except Exception:  # the connection died (server killed, Redis gone)
            self._drop()
            return None
        if "seq" in frame:
            self._apply(frame)
        else:
            self._note(frame)
        return frame

    # --- what a person does ------------------------------------------------------------------

    async def post(self, question_id: int, text: str, *, deadline: float = 45) -> int:
        """Post until acked (the same client_id every time); returns the idea id."""
        client_id = str(uuid.uuid4())
        frame = {"type": "idea.post", "client_id": client_id, "question_id": question_id, "text": text}
        async with asyncio.timeout(deadline):
            while client_id not in self.acked:
                await self.ensure_connected()
                try:
                    await self.websocket.send(json.dumps(frame))
                except Exception:
                    self._drop()
                    continue
                while client_id not in self.acked and self.websocket is not None:
                    answer = await self._receive(FRAME_TIMEOUT)
                    if answer is None and self.websocket is not None:
                        break  # no answer in time: send again
                    if answer and answer.get("type") == "error" and answer.get("client_id") == client_id:
                        await asyncio.sleep(RETRY_PAUSE)
                        break
        return self.acked[client_id]

    async def wait_to_see(self, idea_ids: set[int], *, deadline: float = 30) -> None:
        async with asyncio.timeout(deadline):
            while not idea_ids <= set(self.ideas_seen):
                await self.ensure_connected()
                await self._receive(0.5)

    async def close(self) -> None:
        if self.websocket is not None:
            try:
                await self.websocket.close()
            except Exception:
                pass
            self._drop()

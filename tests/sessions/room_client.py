"""A websocket client for consumer tests: the real ASGI app, signed in by a real session cookie."""

import json
import uuid

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from sessions.models import Idea
from tests.asgi_servers import session_cookie as signed_in_cookie
from thinktank.asgi import application

TIMEOUT = 3


session_cookie = database_sync_to_async(signed_in_cookie)


class RoomClient:
    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator

    @classmethod
    async def open(cls, session, user=None, origin: bytes | None = b"http://127.0.0.1:8000", headers=()):
        headers = [(b"host", b"127.0.0.1:8000"), *headers]
        if origin is not None:
            headers.append((b"origin", origin))
        if user is not None:
            key = await session_cookie(user)
            headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode()))
        communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.pk}/", headers=headers)
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        client = cls(communicator)
        client.connected = connected
        client.skipped = []
        return client

    async def send(self, frame) -> None:
        await self.communicator.send_to(text_data=frame if isinstance(frame, str) else json.dumps(frame))

    async def receive(self) -> dict:
        return await self.communicator.receive_json_from(timeout=TIMEOUT)

    async def receive_type(self, *types: str) -> dict:
        """The next frame of one of `types`; frames of other types before it are kept in `skipped`."""
        while True:
            frame = await self.receive()
            if frame["type"] in types:
                return frame
            self.skipped.append(frame)

    async def presence_change(self, event: str, name: str) -> dict:
        """The person of the next `presence.join` / `presence.leave` change naming `name`
        (presence comes in batches: `presence.update`, every half second per room)."""
        while True:
            frame = await self.receive_type("presence.update")
            for change in frame["changes"]:
                if change["event"] == event and change["user"]["name"] == name:
                    return change["user"]

    async def nothing(self) -> bool:
        """True if nothing but presence notices arrives in a short while."""
        while not await self.communicator.receive_nothing(timeout=0.3):
            frame = await self.receive()
            if not frame["type"].startswith("presence."):
                return False
        return True

    async def close(self) -> None:
        await self.communicator.disconnect()


def idea_post(question, text="Huddles at the start of every shift", client_id=None, **extra) -> dict:
    """An `idea.post` frame to `question`."""
    return {
        "type": "idea.post",
        "client_id": str(client_id or uuid.uuid4()),
        "question_id": question.pk,
        "text": text,
        "anonymous": False,
        **extra,
    }


async def open_room(session, user) -> tuple[RoomClient, dict]:
    """A socket in the room, and its hello."""
    client = await RoomClient.open(session, user)
    hello = await client.receive_type("hello")
    return client, hello


async def stored_ideas() -> list[Idea]:
    return await database_sync_to_async(lambda: list(Idea.objects.all()))()

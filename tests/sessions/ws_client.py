"""A real websocket client (the `websockets` library uvicorn[standard] brings) for tests against
uvicorn processes: connect with a session cookie, wait for a frame, build an idea post."""

import asyncio
import json
import uuid

from django.conf import settings

FRAME_TIMEOUT = 5


async def connect(port: int, session_id: int, cookie: str, *, origin: str | None = None):
    """A socket in the room, and its hello (fails the test if the server refuses)."""
    from websockets.asyncio.client import connect as ws_connect

    websocket = await ws_connect(
        f"ws://127.0.0.1:{port}/ws/sessions/{session_id}/",
        origin=origin or f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
        proxy=None,
        open_timeout=FRAME_TIMEOUT,
        close_timeout=2,
    )
    hello = await next_frame(websocket, lambda frame: frame["type"] in ("hello", "error"))
    assert hello["type"] == "hello", hello
    return websocket, hello


async def next_frame(websocket, wanted, timeout: float = FRAME_TIMEOUT) -> dict:
    """The first frame for which `wanted(frame)` is true; others (presence notices...) are skipped."""
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await websocket.recv())
            if wanted(frame):
                return frame


def post_frame(question_id: int, text: str, **extra) -> dict:
    return {
        "type": "idea.post",
        "client_id": str(uuid.uuid4()),
        "question_id": question_id,
        "text": text,
        "anonymous": False,
        **extra,
    }


def published(client_id: str):
    return lambda frame: frame["type"] == "idea.published" and frame["idea"]["client_id"] == client_id


def ack_or_error(client_id: str):
    return lambda frame: frame["type"] in ("ack", "error") and frame.get("client_id") == client_id

"""A room with nothing going on keeps its sockets: production runs on Redis, and rooms go quiet.

channels_redis waits for messages with a 5 s BRPOP; a Redis client whose socket times out at 5 s
(redis-py 8's default) dropped every socket of a room that was quiet for 5 s (1006, TimeoutError).
This test sits in a quiet room over Redis on a real server for longer than that, without pinging.
"""

import asyncio
import json

import pytest
from django.db import connection

from tests.asgi_servers import session_cookie, start_uvicorn
from tests.sessions.ws_client import connect, next_frame, post_frame, published

pytestmark = pytest.mark.django_db(transaction=True)

QUIET_SECONDS = 12  # longer than BRPOP's 5 s plus any 5 s socket timeout


def test_a_socket_in_a_quiet_room_survives_and_still_receives(
    redis_url, live_session, ready_participant, tmp_path, settings
):
    server = start_uvicorn(
        settings_dict=connection.settings_dict,
        log=tmp_path / "uvicorn.log",
        REDIS_URL=redis_url,
        SECRET_KEY=settings.SECRET_KEY,
    )
    try:
        server.wait_healthy()
        ana = ready_participant(live_session, name="Ana Reyes")
        ben = ready_participant(live_session, name="Ben Okafor")
        cookies = session_cookie(ana), session_cookie(ben)

        async def scenario():
            ana_ws, _ = await connect(server.port, live_session.pk, cookies[0])
            await asyncio.sleep(QUIET_SECONDS)  # nobody says anything, nobody pings
            ben_ws, _ = await connect(server.port, live_session.pk, cookies[1])
            frame = post_frame(live_session.current_question_id, "Shadow a top rep for an afternoon")
            await ben_ws.send(json.dumps(frame))
            seen = await next_frame(ana_ws, published(frame["client_id"]))
            assert seen["idea"]["text"] == frame["text"]
            for websocket in (ana_ws, ben_ws):
                await websocket.close()

        asyncio.run(asyncio.wait_for(scenario(), QUIET_SECONDS + 30))
        assert "TimeoutError" not in server.log.read_text()
    finally:
        server.stop()

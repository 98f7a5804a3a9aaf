"""Several server processes share the Redis channel layer: what happens on one reaches the others.

Two real uvicorn processes on the test database and one Redis database; each participant is connected
to a different process with a real websocket client (the `websockets` library that uvicorn[standard]
brings). The test prepares its data and session cookies first, then runs the whole websocket scenario
in `asyncio.run` without touching the ORM.
"""

import asyncio
import json

import pytest
from django.conf import settings
from django.db import connection

from tests.asgi_servers import session_cookie, start_uvicorn
from tests.sessions.ws_client import ack_or_error, connect, next_frame, post_frame, published

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO_TIMEOUT = 60


@pytest.fixture
def two_servers(transactional_db, tmp_path, redis_url):
    """Ports of two uvicorn processes on the test database, sharing the Redis channel layer."""
    servers = []
    try:
        for index in (1, 2):
            servers.append(
                start_uvicorn(
                    settings_dict=connection.settings_dict,
                    log=tmp_path / f"uvicorn-{index}.log",
                    REDIS_URL=redis_url,
                    # The servers must validate the session cookies this process signs.
                    SECRET_KEY=settings.SECRET_KEY,
                )
            )
        for server in servers:
            server.wait_healthy()
        yield [server.port for server in servers]
    finally:
        for server in servers:
            server.stop()


def test_events_cross_between_two_server_processes(two_servers, live_session, ready_participant):
    first, second = two_servers
    session_id = live_session.pk
    question_id = live_session.current_question_id
    ana = ready_participant(live_session, name="Ana Reyes")
    ben = ready_participant(live_session, name="Ben Okafor")
    cookies = {
        "ana": session_cookie(ana),
        "ben": session_cookie(ben),
        "fran": session_cookie(live_session.created_by),
    }

    async def scenario():
        ana_ws, ana_hello = await connect(first, session_id, cookies["ana"])
        ben_ws, ben_hello = await connect(second, session_id, cookies["ben"])
        fran_ws, fran_hello = await connect(second, session_id, cookies["fran"])
        try:
            assert (ana_hello["role"], ben_hello["role"], fran_hello["role"]) == (
                "participant",
                "participant",
                "facilitator",
            )
            assert ana_hello["current_question_id"] == question_id

            # Ana, on server 1, posts: she gets her ack; Ben, on server 2, sees the idea.
            ana_post = post_frame(question_id, "Huddles at the start of every shift")
            await ana_ws.send(json.dumps(ana_post))
            ack = await next_frame(ana_ws, ack_or_error(ana_post["client_id"]))
            assert (ack["type"], ack["status"]) == ("ack", "published"), ack
            seen_by_ben = await next_frame(ben_ws, published(ana_post["client_id"]))
            assert seen_by_ben["idea"]["id"] == ack["idea_id"]
            assert seen_by_ben["idea"]["text"] == ana_post["text"]
            assert seen_by_ben["idea"]["author"]["name"] == "Ana Reyes"
            await next_frame(fran_ws, published(ana_post["client_id"]))

            # Ben, on server 2, posts: Ana, on server 1, sees it.
            ben_post = post_frame(question_id, "Pair new reps with a buddy for their first month")
            await ben_ws.send(json.dumps(ben_post))
            ben_ack = await next_frame(ben_ws, ack_or_error(ben_post["client_id"]))
            assert (ben_ack["type"], ben_ack["status"]) == ("ack", "published"), ben_ack
            seen_by_ana = await next_frame(ana_ws, published(ben_post["client_id"]))
            assert seen_by_ana["idea"]["id"] == ben_ack["idea_id"]
            assert seen_by_ana["seq"] > seen_by_ben["seq"]

            # The facilitator, on server 2, puts on the brakes: Ana, on server 1, is told.
            await fran_ws.send(json.dumps({"type": "session.control", "action": "pause"}))
            state = await next_frame(ana_ws, lambda frame: frame["type"] in ("session.state", "error"))
            assert (state["type"], state["state"]) == ("session.state", "paused"), state
            assert state["by"] == live_session.created_by.name
            assert (await next_frame(ben_ws, lambda frame: frame["type"] == "session.state"))[
                "state"
            ] == "paused"
        finally:
            for websocket in (ana_ws, ben_ws, fran_ws):
                await websocket.close()

    async def bounded():
        async with asyncio.timeout(SCENARIO_TIMEOUT):
            await scenario()

    asyncio.run(bounded())

"""A dot-vote over the Redis channel layer with two server processes: a dot placed through one
process reaches the totals on the other, and each person's own dots reach only them."""

import asyncio
import json
import uuid

import pytest
from django.conf import settings
from django.db import connection

from sessions.services.room import idea_post
from tests.asgi_servers import session_cookie, start_uvicorn
from tests.sessions.ws_client import connect, next_frame

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO_TIMEOUT = 60


@pytest.fixture
def two_servers(transactional_db, tmp_path, redis_url):
    servers = []
    try:
        for index in (1, 2):
            servers.append(
                start_uvicorn(
                    settings_dict=connection.settings_dict,
                    log=tmp_path / f"uvicorn-{index}.log",
                    REDIS_URL=redis_url,
                    SECRET_KEY=settings.SECRET_KEY,
                )
            )
        for server in servers:
            server.wait_healthy()
        yield [server.port for server in servers]
    finally:
        for server in servers:
            server.stop()


def test_dots_on_one_server_reach_the_totals_on_the_other(two_servers, live_session, ready_participant):
    first, second = two_servers
    ana = ready_participant(live_session, name="Ana Reyes")
    ben = ready_participant(live_session, name="Ben Okafor")
    for text in ("Peer coaching circles", "Shadow a top rep"):
        idea_post(
            session_id=live_session.pk,
            user=ana,
            client_id=uuid.uuid4(),
            question_id=live_session.current_question_id,
            text=text,
        )
    cookies = {
        "ana": session_cookie(ana),
        "ben": session_cookie(ben),
        "fran": session_cookie(live_session.created_by),
    }

    def of(kind):
        return lambda frame: frame["type"] in (kind, "error")

    async def scenario():
        ana_ws, _ = await connect(first, live_session.pk, cookies["ana"])
        ben_ws, _ = await connect(second, live_session.pk, cookies["ben"])
        fran_ws, _ = await connect(second, live_session.pk, cookies["fran"])
        try:
            await fran_ws.send(json.dumps({"type": "vote.open", "dots": 2}))
            vote = (await next_frame(ana_ws, of("vote.opened")))["vote"]
            items = [item["id"] for item in vote["items"]]
            await ana_ws.send(json.dumps({"type": "vote.dot", "item_id": items[0], "action": "place"}))
            mine = await next_frame(ana_ws, of("vote.mine"))
            assert mine["dots"] == {str(items[0]): 1}, mine
            await ben_ws.send(json.dumps({"type": "vote.dot", "item_id": items[1], "action": "place"}))
            assert (await next_frame(ben_ws, of("vote.mine")))["dots"] == {str(items[1]): 1}

            async def totals(websocket):
                while True:
                    tally = await next_frame(websocket, of("vote.tally"))
                    if tally["voters"] == 2:
                        return tally["totals"]

            expected = {str(items[0]): 1, str(items[1]): 1}
            for websocket in (ana_ws, ben_ws, fran_ws):
                assert await totals(websocket) == expected
            await fran_ws.send(json.dumps({"type": "vote.close"}))
            closed = (await next_frame(ana_ws, of("vote.closed")))["vote"]
            assert closed["voters"] == 2
            assert sorted(r["dots"] for r in closed["results"]) == [1, 1]
        finally:
            for websocket in (ana_ws, ben_ws, fran_ws):
                await websocket.close()

    asyncio.run(asyncio.wait_for(scenario(), SCENARIO_TIMEOUT))

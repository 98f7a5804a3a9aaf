"""The live room through real faults: Redis killed and restarted, one of two servers killed.
Participants behave like the browser (reconnect, sync, re-send with the same client_id); after
recovery every acked idea has reached every participant, once, and none was stored twice."""

import asyncio

import pytest
from django.conf import settings
from django.db import connection

from sessions.models import Idea
from tests.asgi_servers import session_cookie, start_uvicorn
from tests.redis_server import RedisServer

from .participant import Participant

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SCENARIO_TIMEOUT = 120


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()


@pytest.fixture
def two_servers(redis, tmp_path):
    servers = [
        start_uvicorn(
            settings_dict=connection.settings_dict,
            log=tmp_path / f"uvicorn-{n}.log",
            REDIS_URL=redis.url,
            SECRET_KEY=settings.SECRET_KEY,
        )
        for n in (1, 2)
    ]
    for server in servers:
        server.wait_healthy()
    yield servers
    for server in servers:
        server.stop()


def _participants(live_session, ready_participant, ports_for: list[list[int]]) -> list[Participant]:
    people = [ready_participant(live_session, name=f"Leader {n}") for n in range(len(ports_for))]
    return [
        Participant(person.name, session_cookie(person), ports, live_session.pk)
        for person, ports in zip(people, ports_for, strict=True)
    ]


async def _everyone_posts(participants, question_id: int, round_name: str) -> set[int]:
    ids = await asyncio.gather(
        *(p.post(question_id, f"{round_name}: {p.name} shares a coaching habit") for p in participants)
    )
    return set(ids)


def _run(scenario) -> None:
    async def bounded():
        async with asyncio.timeout(SCENARIO_TIMEOUT):
            await scenario()

    asyncio.run(bounded())


def test_redis_killed_and_restarted_mid_session_loses_no_acked_idea(
    two_servers, redis, live_session, ready_participant
):
    first, second = (server.port for server in two_servers)
    participants = _participants(
        live_session, ready_participant, [[first, second], [first, second], [second, first], [second, first]]
    )
    question_id = live_session.current_question_id

    async def scenario():
        for p in participants:
            await p.connect()
        before = await _everyone_posts(participants, question_id, "before")
        await asyncio.gather(*(p.wait_to_see(before) for p in participants))

        redis.kill()  # every socket's channel layer is gone
        posting = asyncio.gather(*(_everyone_posts([p], question_id, "during") for p in participants))
        await asyncio.sleep(2)
        redis.start()  # back, empty
        during = set().union(*await posting)
        after = await _everyone_posts(participants, question_id, "after")

        acked = before | during | after
        await asyncio.gather(*(p.wait_to_see(acked) for p in participants))
        for p in participants:
            assert set(p.ideas_seen) == acked, p.name
            assert len(p.applied) == len(set(p.applied)), f"{p.name} applied a seq twice"
            await p.close()
        return acked

    _run(scenario)
    assert Idea.objects.count() == 12  # every post once, however often it was re-sent


def test_one_of_two_servers_killed_loses_no_acked_idea(two_servers, live_session, ready_participant):
    doomed, survivor = two_servers
    participants = _participants(
        live_session,
        ready_participant,
        [[doomed.port, survivor.port], [doomed.port, survivor.port], [survivor.port, doomed.port]],
    )
    question_id = live_session.current_question_id

    async def scenario():
        for p in participants:
            await p.connect()
        before = await _everyone_posts(participants, question_id, "before")
        doomed.process.kill()  # SIGKILL: no goodbye to anyone
        doomed.process.wait()
        during = await _everyone_posts(participants, question_id, "during")
        acked = before | during
        await asyncio.gather(*(p.wait_to_see(acked) for p in participants))
        for p in participants:
            assert set(p.ideas_seen) == acked, p.name
            await p.close()
        assert participants[0].port == survivor.port  # moved over, as a load balancer would send it

    _run(scenario)
    assert Idea.objects.count() == 6

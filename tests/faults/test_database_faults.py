"""PostgreSQL restarted mid-session (every connection cut, as in a crash or a failover): the servers
carry on once it is back, and every acked idea reaches every participant, once.

Runs on a private PostgreSQL cluster and a private Redis (tests/postgres_server.py), set up the way
an operator would: migrate, seed_demo, sign in through the login page."""

import asyncio
import json
import os
import subprocess
import sys

import psycopg2
import pytest
from django.conf import settings

from tests.asgi_servers import PROJECT_ROOT, start_uvicorn
from tests.http_client import Browser
from tests.postgres_server import PostgresServer
from tests.redis_server import RedisServer

from .participant import Participant

pytestmark = pytest.mark.faults

SCENARIO_TIMEOUT = 120


@pytest.fixture
def stack(tmp_path):
    """A private PostgreSQL (migrated, with the live demo session) and Redis, and two servers."""
    postgres = PostgresServer().init()
    redis = RedisServer(tmp_path).start()
    servers = []
    try:
        postgres.start()
        postgres.create_database("thinktank")
        environment = {
            "DATABASE_URL": postgres.url("thinktank"),
            "REDIS_URL": redis.url,
            "SECRET_KEY": settings.SECRET_KEY,
        }
        demo = json.loads(
            _manage(environment, "migrate", "--no-input")
            and _manage(
                environment, "seed_demo", "--live", "--participants", "4", "--companies", "2", "--json"
            )
        )
        for n in (1, 2):
            servers.append(
                start_uvicorn(settings_dict=None, log=tmp_path / f"uvicorn-{n}.log", **environment)
            )
        for server in servers:
            server.wait_healthy()
        yield {"postgres": postgres, "servers": servers, "demo": demo}
    finally:
        for server in servers:
            server.stop()
        redis.kill()
        postgres.destroy()


def _manage(environment: dict, *arguments: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thinktank.settings.test", **environment}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout or "ok"


def _ideas_stored(postgres: PostgresServer) -> int:
    with psycopg2.connect(postgres.url("thinktank")) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM thinktank_sessions_idea")
        return cursor.fetchone()[0]


def test_postgres_restarted_mid_session_loses_no_acked_idea(stack):
    postgres, (first, second), demo = stack["postgres"], stack["servers"], stack["demo"]
    participants = []
    for n, email in enumerate(demo["participants"]):
        browser = Browser(first.url)
        browser.log_in(email, demo["password"])
        cookie = browser.cookie(settings.SESSION_COOKIE_NAME)
        assert cookie, f"{email} could not sign in"
        ports = [first.port, second.port] if n % 2 else [second.port, first.port]
        participants.append(Participant(email, cookie, ports, int(demo["session_id"])))

    async def scenario():
        for p in participants:
            await p.connect()
        question_id = participants[0].hello["current_question_id"]

        async def everyone_posts(round_name: str) -> set[int]:
            return set(
                await asyncio.gather(
                    *(p.post(question_id, f"{round_name}: {p.name} tip") for p in participants)
                )
            )

        before = await everyone_posts("before")
        posting = asyncio.ensure_future(everyone_posts("during"))
        await asyncio.to_thread(postgres.restart)
        acked = before | await posting | await everyone_posts("after")
        await asyncio.gather(*(p.wait_to_see(acked) for p in participants))
        for p in participants:
            assert set(p.ideas_seen) == acked, p.name
            assert len(p.applied) == len(set(p.applied))
            await p.close()

    async def bounded():
        async with asyncio.timeout(SCENARIO_TIMEOUT):
            await scenario()

    asyncio.run(bounded())
    assert _ideas_stored(postgres) == 3 * len(participants)

"""Reload and page benchmarks of a big session: what a participant waits for when they reload the room
of a session with thousands of events, and how long the pages of such a session take to render.

Usage (from the repo root, with the venv's python):

    python bench/reload.py [--ideas 1000] [--reloads 30] [--renders 30]

What it does, on loopback, in its own PostgreSQL database (`thinktank_bench_reload`, dropped after):
1. migrates, seeds the live demo session (24 participants), and plays `--ideas` ideas into it through
   the room's own services, with a reaction for every idea (about 2 events per idea);
2. starts one uvicorn and, `--reloads` times, opens a participant's socket as a page load does and
   times hello + `sync` with `snapshot: true` until `synced`; then the same with a full replay
   (`sync` from 0, what a page load did before), for comparison;
3. renders the room, summary, readiness, minutes and "my action items" pages `--renders` times each
   in this process (Django's test client: server time, no network) and prints median and p95.

Targets (issue 11): the snapshot of a session with 2,000 events in < 300 ms; the room page of a
session with 1,000 ideas in < 150 ms at the median.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import (  # noqa: E402
    PG,
    ROOT,
    drop_database,
    manage,
    percentile,
    recreate_database,
    start_servers,
    stop_servers,
)

IDEAS = [
    "Shadow a top rep for an afternoon and share what you saw",
    "Two-minute huddles before the first wave of calls",
    "Let reps pick one coaching goal for the month",
    "Celebrate small wins on the floor every Friday",
    "Pair new hires with a buddy for their first four weeks",
    "Ask the quietest rep in the huddle what they would change",
]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--reloads", type=int, default=30)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--db-name", default="thinktank_bench_reload")
    parser.add_argument("--max-snapshot", type=float, default=300.0, help="target in ms")
    parser.add_argument("--max-room-page", type=float, default=150.0, help="target in ms (median)")
    return parser.parse_args(argv)


def environment(db_name: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings.base",
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db_name}",
        "SECRET_KEY": "bench",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
        "REDIS_URL": "",
    }


def play(session_id: int, ideas: int) -> dict:
    """Post ideas through the room's services (in this process) and return what the pages need."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from sessions.models import Membership, Session
    from sessions.services.room import idea_post, reaction_set

    session = Session.objects.get(pk=session_id)
    people = [
        m.user for m in Membership.objects.filter(session=session, role="participant").select_related("user")
    ]
    for n in range(ideas):
        author, reactor = people[n % len(people)], people[(n + 1) % len(people)]
        text = f"{IDEAS[n % len(IDEAS)]} ({n + 1})"
        idea = idea_post(
            session_id=session.pk,
            user=author,
            client_id=uuid.uuid4(),
            question_id=session.current_question_id,
            text=text,
        ).idea
        if idea.status == "published":
            reaction_set(session_id=session.pk, user=reactor, idea_id=idea.pk, kind="agree", on=True)
    session.refresh_from_db()
    store = SessionStore()
    reader = people[0]
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = (
        str(reader.pk),
        "django.contrib.auth.backends.ModelBackend",
    )
    store[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    store.create()
    return {
        "events": session.last_seq,
        "cookie": store.session_key,
        "reader": reader,
        "facilitator": session.created_by,
    }


async def time_loads(
    port: int, session_id: int, cookie: str, reloads: int, snapshot: bool
) -> tuple[list[float], int]:
    from websockets.asyncio.client import connect

    times, size = [], 0
    for _ in range(reloads):
        started = time.perf_counter()
        async with connect(
            f"ws://127.0.0.1:{port}/ws/sessions/{session_id}/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"sessionid={cookie}"},
            proxy=None,
            max_size=None,
            compression=None,
        ) as websocket:
            size = 0
            frame = {"type": "sync", "after_seq": 0, **({"snapshot": True} if snapshot else {})}
            await websocket.send(json.dumps(frame))
            async for raw in websocket:
                size += len(raw)
                if json.loads(raw)["type"] == "synced":
                    break
        times.append((time.perf_counter() - started) * 1000)
    return times, size


def time_pages(session_id: int, reader, facilitator, renders: int) -> dict[str, list[float]]:
    from django.test import Client
    from django.urls import reverse

    pages = {
        "room (participant)": (reader, reverse("sessions:room", args=[session_id])),
        "summary (facilitator)": (facilitator, reverse("sessions:summary", args=[session_id])),
        "readiness (facilitator)": (facilitator, reverse("sessions:readiness", args=[session_id])),
        "minutes (facilitator)": (facilitator, reverse("sessions:minutes", args=[session_id])),
        "my action items (participant)": (reader, reverse("sessions:my_action_items")),
    }
    results = {}
    for name, (person, path) in pages.items():
        client = Client()
        client.force_login(person)
        assert client.get(path).status_code == 200, name
        times = []
        for _ in range(renders):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        results[name] = times
    return results


def main(argv=None) -> int:
    args = parse_args(argv)
    env = environment(args.db_name)
    os.environ.update({k: v for k, v in env.items() if k != "REDIS_URL"})
    os.environ.pop("REDIS_URL", None)
    servers = []
    try:
        print(f"preparing {args.db_name} with {args.ideas} ideas ...", flush=True)
        recreate_database(args.db_name)
        manage(env, "migrate", "--noinput")
        seeded = json.loads(manage(env, "seed_demo", "--live", "--json").strip())
        session_id = int(seeded["session_id"])
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings

        # Pages render here without collectstatic: plain static URLs (the manifest is a dict lookup).
        settings.STORAGES["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        played = play(session_id, args.ideas)
        with tempfile.TemporaryDirectory(prefix="reload-") as scratch:
            server_args = argparse.Namespace(servers=1, workers=1, profile=None)
            servers = start_servers(server_args, env, Path(scratch))
            port = servers[0].port
            snapshot, snapshot_size = asyncio.run(
                time_loads(port, session_id, played["cookie"], args.reloads, True)
            )
            replay, replay_size = asyncio.run(
                time_loads(port, session_id, played["cookie"], args.reloads, False)
            )
        pages = time_pages(session_id, played["reader"], played["facilitator"], args.renders)
    finally:
        stop_servers(servers)
        from django.db import connections

        connections.close_all()
        drop_database(args.db_name)

    def line(name: str, values: list[float]) -> str:
        return (
            f"  {name:32s} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
        )

    print(f"\nA session with {args.ideas} ideas and {played['events']} room events\n")
    print(f"reloading the room (hello, then the room's state; {args.reloads} reloads, one server)")
    print(line("snapshot (what a page load does)", snapshot) + f"   {snapshot_size / 1024:.0f} KiB")
    print(line("full replay (sync from 0)", replay) + f"   {replay_size / 1024:.0f} KiB")
    print(f"\npages ({args.renders} renders each, server time in this process)")
    for name, times in pages.items():
        print(line(name, times))
    ok_snapshot = percentile(snapshot, 0.95) < args.max_snapshot
    ok_page = statistics.median(pages["room (participant)"]) < args.max_room_page
    print(
        f"\nRESULT: {'OK' if ok_snapshot and ok_page else 'SLOW'} (snapshot p95 < {args.max_snapshot:g} ms: "
        f"{ok_snapshot}; room page median < {args.max_room_page:g} ms: {ok_page})"
    )
    return 0 if ok_snapshot and ok_page else 2


if __name__ == "__main__":
    sys.exit(main())

"""Fan-out benchmark of the live room: N participants in one room, ideas posted at a steady rate.

Usage (from the repo root, with the venv's python):

    python bench/fanout.py --participants 200 --rate 2 --duration 30 [--servers 1] [--workers 1]

What it does, all on loopback:
1. drops and recreates its own PostgreSQL database (`thinktank_bench`), flushes Redis db 13,
   runs `manage.py migrate` and `manage.py seed_demo --live --participants N --companies 6 --json`;
2. signs every demo participant in by creating a Django session directly (no password login);
3. starts `--servers` uvicorn processes on free ports, sharing the Redis channel layer, and waits
   for /healthz; clients are spread round-robin across them;
4. connects one websocket per participant, waits for every `hello` and for the presence notices to
   settle, then sends `idea.post` at `--rate` ideas per second (in total, from participants in turn)
   for `--duration` seconds, and waits up to `--grace` seconds for stragglers;
5. prints delivery latency (send of `idea.post` -> receipt of `idea.published` by each participant,
   one machine clock), acks, lost and duplicate deliveries, errors, a `sync` check, and the CPU time
   every process used during the load.

Exit status: 0 if nothing was lost (and p95 is under --max-p95 when that is set), 1 if anything was
lost, duplicated, unacknowledged or answered with an error, 2 if only the latency target was missed.
Subprocesses are always stopped and the bench database is dropped (keep it with --keep-db).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
LAYERS = {
    # "settings": whatever thinktank/settings/base.py chooses for REDIS_URL.
    "settings": None,
    "core": "channels_redis.core.RedisChannelLayer",
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
IDEA_TEXT = "coaching idea #{k} from leader {n:02d}: daily huddles before the first call wave"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--rate", type=float, default=2.0, help="ideas per second, in total")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of posting")
    parser.add_argument("--servers", type=int, default=1, help="uvicorn processes (ports), sharing Redis")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn --workers per server")
    parser.add_argument("--grace", type=float, default=5.0, help="seconds to wait for stragglers")
    parser.add_argument(
        "--layer",
        choices=sorted(LAYERS),
        default="settings",
        help="channel layer backend for the servers (default: what the settings choose)",
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=None, help="add ?conn_max_age=N to the servers' DATABASE_URL"
    )
    parser.add_argument(
        "--pg-options",
        help='libpq options for the servers, e.g. "-c synchronous_commit=off" (diagnosis only)',
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="sample server 1 with py-spy during the posting phase (pip install '.[bench]'); raw stacks to "
        "FILE, and the functions with the most samples printed",
    )
    parser.add_argument(
        "--profile-phase",
        choices=("posting", "connect"),
        default="posting",
        help="what --profile samples: the posting phase (default) or the connecting of everyone (a storm)",
    )
    parser.add_argument(
        "--profile-gil",
        action="store_true",
        help="sample only the thread holding the GIL: where the server's CPU goes, not where it waits",
    )
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate on clients")
    parser.add_argument("--max-p95", type=float, default=150.0, help="p95 target in ms (0: none)")
    parser.add_argument("--db-name", default="thinktank_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database afterwards")
    parser.add_argument("--connect-timeout", type=float, default=60.0)
    parser.add_argument(
        "--storm",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="connect everyone spread evenly over SECONDS (a connect storm) instead of 25 at a time",
    )
    parser.add_argument("--storm-target", type=float, default=15.0, help="every hello within this many s")
    args = parser.parse_args(argv)
    if args.participants < 1 or args.rate <= 0 or args.duration <= 0 or args.servers < 1:
        parser.error("--participants, --rate, --duration and --servers must be positive")
    if args.rate * args.duration > 100_000 or args.duration > 3600 or args.participants > 5000:
        parser.error("that load is beyond what this bench is meant for (bounded runs only)")
    return args


# --- environment: database, Redis, settings ----------------------------------------------------


def server_env(args, settings_dir: Path | None) -> dict:
    database_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{args.db_name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": "bench",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
    }
    if settings_dir is not None:
        env["DJANGO_SETTINGS_MODULE"] = "fanout_bench_settings"
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(settings_dir), str(ROOT), env.get("PYTHONPATH")])
        )
    return env


def write_layer_settings(layer: str, redis_url: str, directory: Path) -> Path | None:
    """A settings module that is base.py with another channel layer backend (nothing in the repo changes)."""
    backend = LAYERS[layer]
    if backend is None:
        return None
    (directory / "fanout_bench_settings.py").write_text(
        "from thinktank.settings.base import *  # noqa\n"
        f"CHANNEL_LAYERS = {{'default': {{'BACKEND': {backend!r}, 'CONFIG': {{'hosts': [{redis_url!r}]}}}}}}\n"
    )
    return directory


def recreate_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def drop_database(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **PG)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        connection.close()


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def manage(env: dict, *arguments: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def session_cookies(env: dict, emails: list[str]) -> tuple[dict[str, str], str]:
    """(email -> sessionid, the settings' channel layer backend); sessions created directly in the bench database (PBKDF2 logins would take minutes)."""
    for key in (
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
    ):
        os.environ[key] = env[key]
    os.environ["DJANGO_SETTINGS_MODULE"] = "thinktank.settings.base"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from thinktank.accounts.models import User

    cookies = {}
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    for email in emails:
        user = users[email]
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[email] = store.session_key
    connections.close_all()
    from django.conf import settings

    return cookies, settings.CHANNEL_LAYERS["default"]["BACKEND"]


# --- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_servers(args, env: dict, log_dir: Path) -> list[Server]:
    servers = []
    for index in range(args.servers):
        port = free_port()
        log = log_dir / f"uvicorn-{index + 1}.log"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "thinktank.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            # As deployed: room frames are small; compressing each one per socket costs CPU and
            # ~50 KiB of memory per connection (docs/performance.md).
            "--ws-per-message-deflate",
            "false",
        ]
        if args.workers > 1:
            command += ["--workers", str(args.workers)]
        with open(log, "wb") as handle:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        servers.append(Server(port=port, process=process, log=log))
    for server in servers:
        wait_healthy(server)
    return servers


def wait_healthy(server: Server, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise SystemExit(f"uvicorn on :{server.port} exited:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"uvicorn on :{server.port} did not answer /healthz:\n{server.log.read_text()}")
        time.sleep(0.2)


def stop_servers(servers: list[Server]) -> None:
    for server in servers:
        if server.process.poll() is None:
            try:
                os.killpg(server.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(server.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.process.wait(timeout=5)


# --- profile (py-spy, sampling one server from outside, so the server runs as deployed) ---------


def start_profile(args, server: Server, seconds: float) -> subprocess.Popen | None:
    if not args.profile:
        return None
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        raise SystemExit("--profile needs py-spy: pip install -c constraints.txt '.[bench]'")
    pids = [server.process.pid, *_children(server.process.pid)]
    command = [
        spy,
        "record",
        "--pid",
        str(pids[-1]),
        "--duration",
        str(max(1, int(seconds))),
        "--rate",
        "200",
        "--function",
    ]
    if args.profile_gil:
        command.append("--gil")
    command += ["--format", "raw", "--output", str(Path(args.profile).resolve()), "--nonblocking"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


OUR_CODE = ("sessions/", "thinktank/", "groundrules/", "channels/", "channels_redis/")


def profile_summary(path: str, top: int = 15) -> list[str]:
    """The functions in most of server 1's samples: self (on top of the stack) and inclusive (anywhere
    in it), as percentages of all samples, from py-spy's raw (collapsed stack) output."""
    total, own, anywhere = 0, Counter(), Counter()
    for line in Path(path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            anywhere[frame] += int(count)
    if not total:
        return ["  (no samples)"]

    def short(frame: str) -> str:  # "send (uvicorn/protocols/websockets/x.py:514)" -> "send (x.py:514)"
        name, _, where = frame.partition(" (")
        return f"{name} ({where.rsplit('/', 1)[-1]}"

    lines = [f"  {total} samples; self %, inclusive %, function"]
    for frame, samples in own.most_common(top):
        lines.append(f"  {100 * samples / total:5.1f} {100 * anywhere[frame] / total:6.1f}  {short(frame)}")
    lines.append("  inclusive %, ThinkTank's and Channels' functions:")
    ours = [(f, n) for f, n in anywhere.most_common() if f.partition(" (")[2].startswith(OUR_CODE)]
    for frame, samples in ours[:top]:
        lines.append(f"  {'':5} {100 * samples / total:6.1f}  {short(frame)}")
    return lines


# --- CPU accounting (from /proc: which process used the 2 cores) ------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found += [int(child) for child in text]
        return found
    except OSError:
        return []


def server_rss(server: Server) -> int:
    """Resident memory of a server and its worker processes, in bytes."""
    total = 0
    for pid in [server.process.pid, *_children(server.process.pid)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_snapshot(servers: list[Server]) -> dict[str, float]:
    snapshot = {}
    for index, server in enumerate(servers, 1):
        pids = [server.process.pid, *_children(server.process.pid)]
        snapshot[f"server {index} (uvicorn)"] = sum(_proc_cpu(pid) for pid in pids)
    snapshot["load generator (this)"] = sum(os.times()[:2])
    by_name = {"postgres": 0.0, "redis-server": 0.0}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if name in by_name:
                by_name[name] += _proc_cpu(int(entry.name))
    snapshot["postgres (all backends)"] = by_name["postgres"]
    snapshot["redis-server"] = by_name["redis-server"]
    snapshot[MACHINE] = _machine_busy()
    return snapshot


MACHINE = "whole machine (busy)"


def cpu_difference(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: after[name] - before.get(name, 0.0) for name in after}


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


# --- the clients -------------------------------------------------------------------------------


@dataclass
class Client:
    index: int
    email: str
    port: int
    websocket: object = None
    hello: dict | None = None
    connect_started: float = 0.0
    hello_at: float = 0.0
    presence_frames: int = 0
    received: dict[str, float] = field(default_factory=dict)  # client_id -> receipt time
    duplicates: int = 0
    frames: int = 0
    errors: list[dict] = field(default_factory=list)
    closed: str | None = None


@dataclass
class Run:
    sent: dict[str, float] = field(default_factory=dict)  # client_id -> send time
    acks: dict[str, float] = field(default_factory=dict)  # client_id -> ack receipt time
    ack_status: dict[str, int] = field(default_factory=dict)
    lag_max: float = 0.0
    lag_samples: list[float] = field(default_factory=list)


async def connect(client: Client, cookie: str, args) -> None:
    from websockets.asyncio.client import connect as ws_connect

    client.websocket = await ws_connect(
        f"ws://127.0.0.1:{client.port}/ws/sessions/{args.session_id}/",
        origin=f"http://127.0.0.1:{client.port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        compression=None if args.no_compression else "deflate",
        proxy=None,
        open_timeout=args.connect_timeout,
        ping_interval=None,
        max_queue=None,
    )


async def reader(client: Client, run: Run, hello_seen: asyncio.Event) -> None:
    clock = time.perf_counter
    try:
        async for raw in client.websocket:
            now = clock()
            client.frames += 1
            frame = json.loads(raw)
            kind = frame.get("type")
            if kind == "idea.published":
                client_id = frame["idea"]["client_id"]
                if client_id in client.received:
                    client.duplicates += 1
                else:
                    client.received[client_id] = now
            elif kind == "ack":
                client_id = frame["client_id"]
                if client_id not in run.acks:
                    run.acks[client_id] = now
                run.ack_status[frame["status"]] = run.ack_status.get(frame["status"], 0) + 1
            elif kind == "hello":
                client.hello = frame
                client.hello_at = now
                hello_seen.set()
            elif kind in ("presence.update", "presence.join", "presence.leave"):
                client.presence_frames += 1
            elif kind == "error":
                client.errors.append(frame)
    except Exception as error:  # noqa: BLE001 - a dropped socket is reported, not raised
        client.closed = f"{type(error).__name__}: {error}"
    else:
        client.closed = f"closed {getattr(client.websocket, 'close_code', None)}"


async def loop_lag(run: Run, stop: asyncio.Event, interval: float = 0.01) -> None:
    """How late the load generator's own event loop runs (its share of the 2 cores)."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(interval)
        lag = time.perf_counter() - before - interval
        run.lag_samples.append(lag)
        run.lag_max = max(run.lag_max, lag)


async def quiet(clients: list[Client], still: float = 1.0, limit: float = 30.0) -> None:
    """Wait until no frame has arrived for `still` seconds (the presence.join storm is over)."""
    deadline = time.monotonic() + limit
    last = -1
    while time.monotonic() < deadline:
        total = sum(c.frames for c in clients)
        if total == last:
            return
        last = total
        await asyncio.sleep(still)


async def verify_by_sync(args, cookie: str, port: int, after_seq: int, expected: set[str]) -> tuple[int, int]:
    """A fresh socket's `sync` replays every idea posted: returns (found, expected)."""
    from websockets.asyncio.client import connect as ws_connect

    found: set[str] = set()
    async with ws_connect(
        f"ws://127.0.0.1:{port}/ws/sessions/{args.session_id}/",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        proxy=None,
        open_timeout=10,
        max_size=None,
    ) as websocket:
        await websocket.send(json.dumps({"type": "sync", "after_seq": after_seq}))
        async with asyncio.timeout(30):
            async for raw in websocket:
                frame = json.loads(raw)
                if frame["type"] == "idea.published":
                    found.add(frame["idea"]["client_id"])
                elif frame["type"] == "synced":
                    break
    return len(found & expected), len(expected)


async def load(args, servers: list[Server], emails: list[str], cookies: dict[str, str]) -> dict:
    ports = [server.port for server in servers]
    clients = [Client(index=i, email=e, port=ports[i % len(ports)]) for i, e in enumerate(emails)]
    run = Run()
    gate = asyncio.Semaphore(10_000 if args.storm else 25)
    hellos = [asyncio.Event() for _ in clients]
    readers: list[asyncio.Task] = []
    rss_before = sum(server_rss(server) for server in servers)
    connect_sampler = None
    if args.profile_phase == "connect":  # the storm, and the stragglers after it
        connect_sampler = start_profile(args, servers[0], (args.storm or 10.0) + 8.0)
    connect_cpu_before = cpu_snapshot(servers)
    started = time.perf_counter()

    async def open_one(client: Client, hello: asyncio.Event) -> None:
        if args.storm:  # everyone at their own moment of the storm, not in a queue
            await asyncio.sleep(
                max(0.0, started + args.storm * client.index / len(clients) - time.perf_counter())
            )
        async with gate:
            client.connect_started = time.perf_counter()
            await connect(client, cookies[client.email], args)
            readers.append(asyncio.create_task(reader(client, run, hello)))

    results = await asyncio.gather(
        *(open_one(c, h) for c, h in zip(clients, hellos, strict=True)), return_exceptions=True
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        raise SystemExit(f"{len(failures)} websocket handshakes failed, e.g. {failures[0]!r}")
    try:
        async with asyncio.timeout(args.connect_timeout):
            await asyncio.gather(*(h.wait() for h in hellos))
    except TimeoutError:
        missing = sum(1 for c in clients if c.hello is None)
        raise SystemExit(f"{missing} participants got no hello in {args.connect_timeout} s") from None
    connect_seconds = time.perf_counter() - started
    connect_cpu = cpu_difference(connect_cpu_before, cpu_snapshot(servers))
    last_hello = max(c.hello_at for c in clients) - started
    to_hello = [(c.hello_at - c.connect_started) * 1000 for c in clients]
    await quiet(clients)
    rss_after = sum(server_rss(server) for server in servers)
    presence_frames = [c.presence_frames for c in clients]
    for client in clients:
        client.received.clear()
        client.duplicates = 0
        client.errors.clear()
    question_id = clients[0].hello["current_question_id"]
    first_seq = max(c.hello["last_seq"] for c in clients)

    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    cpu_before = cpu_snapshot(servers)
    wall_before = time.perf_counter()
    sampler = start_profile(args, servers[0], args.duration) if args.profile_phase == "posting" else None
    stop_lag = asyncio.Event()
    lag_task = asyncio.create_task(loop_lag(run, stop_lag))
    posts = max(1, int(round(args.rate * args.duration)))
    t0 = time.perf_counter()
    for k in range(posts):
        delay = t0 + k / args.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        poster = clients[k % len(clients)]
        client_id = str(uuid.uuid4())
        frame = json.dumps(
            {
                "type": "idea.post",
                "client_id": client_id,
                "question_id": question_id,
                "text": IDEA_TEXT.format(k=k + 1, n=poster.index + 1),
                "anonymous": False,
            }
        )
        run.sent[client_id] = time.perf_counter()
        await poster.websocket.send(frame)
    posting_seconds = time.perf_counter() - t0
    for spy in (sampler, connect_sampler):
        if spy is not None:
            spy.wait(timeout=60)
    expected = len(run.sent) * len(clients)
    deadline = time.perf_counter() + args.grace
    while time.perf_counter() < deadline:
        if sum(len(c.received) for c in clients) >= expected and len(run.acks) >= len(run.sent):
            break
        await asyncio.sleep(0.05)
    stop_lag.set()
    await lag_task
    wall = time.perf_counter() - wall_before
    cpu_after = cpu_snapshot(servers)

    synced = await verify_by_sync(args, cookies[clients[0].email], clients[0].port, first_seq, set(run.sent))

    for client in clients:
        await client.websocket.close()
    try:
        async with asyncio.timeout(10):
            await asyncio.gather(*readers, return_exceptions=True)
    except TimeoutError:
        for task in readers:
            task.cancel()

    return {
        "clients": clients,
        "run": run,
        "connect_seconds": connect_seconds,
        "last_hello": last_hello,
        "to_hello": to_hello,
        "presence_frames": presence_frames,
        "rss_per_client": (rss_after - rss_before) / len(clients),
        "posting_seconds": posting_seconds,
        "wall": wall,
        "cpu": cpu_difference(cpu_before, cpu_after),
        "connect_cpu": connect_cpu,
        "synced": synced,
        "loadavg": loadavg,
    }


# --- report ------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def cpu_lines(cpu: dict[str, float], wall: float, *, machine_line: bool = True) -> list[str]:
    """Each process's CPU seconds over `wall` seconds, and the rest of the machine."""
    cpu = dict(cpu)
    machine = cpu.pop(MACHINE)
    lines = [f"  {name:24s} {seconds:6.2f} s  {100 * seconds / wall:5.1f}%" for name, seconds in cpu.items()]
    if machine_line:
        others = max(0.0, machine - sum(cpu.values()))
        lines.append(f"  {'other processes':24s} {others:6.2f} s  {100 * others / wall:5.1f}%")
    return lines


def report(args, outcome: dict) -> int:
    clients: list[Client] = outcome["clients"]
    run: Run = outcome["run"]
    latencies = []
    for client in clients:
        for client_id, received in client.received.items():
            sent = run.sent.get(client_id)
            if sent is not None:
                latencies.append((received - sent) * 1000)
    first, spread = [], []  # per idea: first receipt, and last receipt minus first (the fan-out itself)
    for client_id, sent in run.sent.items():
        times = [c.received[client_id] for c in clients if client_id in c.received]
        if times:
            first.append((min(times) - sent) * 1000)
            spread.append((max(times) - min(times)) * 1000)
    ack_latencies = [(run.acks[c] - run.sent[c]) * 1000 for c in run.sent if c in run.acks]
    posts = len(run.sent)
    expected = posts * len(clients)
    received = len(latencies)
    lost = expected - received
    duplicates = sum(c.duplicates for c in clients)
    errors: dict[str, int] = {}
    for client in clients:
        for error in client.errors:
            errors[error.get("code", "?")] = errors.get(error.get("code", "?"), 0) + 1
    dropped = [c for c in clients if c.closed and not c.closed.startswith("closed 1000")]
    found, wanted = outcome["synced"]
    p95 = percentile(latencies, 0.95)
    layer = LAYERS[args.layer] or f"{args.settings_layer} (from the settings)"

    def ms(value: float) -> str:
        return f"{value:8.1f} ms"

    lines = [
        "",
        "ThinkTank live-room fan-out",
        "---------------------------",
        f"participants          {len(clients)} in one room",
        f"rate                  {args.rate:g} ideas/s for {args.duration:g} s ({posts} ideas)",
        f"servers               {args.servers} x uvicorn (--workers {args.workers}), clients round-robin",
        f"channel layer         {layer}",
        f"database              PostgreSQL {args.db_name}"
        + (
            f" (conn_max_age={args.conn_max_age})"
            if args.conn_max_age is not None
            else " (CONN_MAX_AGE from the settings)"
        )
        + (f" options {args.pg_options!r}" if args.pg_options else ""),
        f"ws compression        {'off' if args.no_compression else 'permessage-deflate'}",
        f"machine               {os.cpu_count()} cores, load generator beside the server",
        "",
        f"connect + hello       {outcome['connect_seconds']:.1f} s for {len(clients)} sockets"
        + (f" (a storm: all connecting within {args.storm:g} s)" if args.storm else " (25 at a time)"),
        f"  last hello at       {outcome['last_hello']:.1f} s after the first connect"
        + (f" (target {args.storm_target:g} s)" if args.storm else ""),
        f"  connect -> hello    p50 {ms(percentile(outcome['to_hello'], 0.50))}   p95 {ms(percentile(outcome['to_hello'], 0.95))}"
        f"   max {ms(max(outcome['to_hello']))}",
        f"  presence frames     {statistics.fmean(outcome['presence_frames']):.1f} per socket while everyone joined"
        f" (max {max(outcome['presence_frames'])})",
        f"  server memory       {outcome['rss_per_client'] / 1024:.0f} KiB per connected participant (RSS growth / sockets)",
        f"posting took          {outcome['posting_seconds']:.2f} s (target {args.duration:g} s)",
        "",
        f"deliveries            {received} / {expected} expected ({posts} ideas x {len(clients)})",
        f"lost                  {lost}",
        f"duplicates            {duplicates}",
        f"acks                  {len(ack_latencies)} / {posts} (status {run.ack_status or '-'})",
        f"errors received       {errors or 0}",
        f"sockets dropped       {len(dropped)}" + (f" e.g. {dropped[0].closed}" if dropped else ""),
        f"sync check            {found} / {wanted} ideas replayed by `sync`",
        "",
        "delivery latency (idea.post sent -> idea.published received, every participant)",
        f"  p50 {ms(percentile(latencies, 0.50))}   p95 {ms(p95)}   p99 {ms(percentile(latencies, 0.99))}"
        f"   max {ms(max(latencies) if latencies else float('nan'))}",
        f"  mean {ms(statistics.fmean(latencies) if latencies else float('nan'))}",
        "per idea: first receipt after sending, and fan-out spread (last receipt - first receipt)",
        f"  first p50 {ms(percentile(first, 0.50))}   p95 {ms(percentile(first, 0.95))}"
        f"   spread p50 {ms(percentile(spread, 0.50))}   p95 {ms(percentile(spread, 0.95))}",
        "ack latency (idea.post sent -> ack received by the author)",
        f"  p50 {ms(percentile(ack_latencies, 0.50))}   p95 {ms(percentile(ack_latencies, 0.95))}"
        f"   max {ms(max(ack_latencies) if ack_latencies else float('nan'))}",
        "load generator event-loop lag (10 ms ticks)",
        f"  p95 {ms(percentile(run.lag_samples, 0.95) * 1000)}   max {ms(run.lag_max * 1000)}",
        "",
        f"CPU while connecting ({outcome['connect_seconds']:.1f} s wall, 100% = one core)",
        *cpu_lines(outcome["connect_cpu"], outcome["connect_seconds"]),
        f"CPU during the load phase ({outcome['wall']:.1f} s wall, 100% = one core)",
    ]
    cpu = dict(outcome["cpu"])
    machine = cpu.pop(MACHINE)
    lines += cpu_lines(outcome["cpu"], outcome["wall"], machine_line=False)
    servers_cpu = sum(v for k, v in cpu.items() if k.startswith("server "))
    if posts:
        lines.append(
            f"  {'server CPU per idea':24s} {1000 * servers_cpu / posts:6.1f} ms (all server processes)"
        )
    if received:
        lines.append(f"  {'per 1,000 deliveries':24s} {1000 * servers_cpu / received:6.3f} s of server CPU")
    others = max(0.0, machine - sum(cpu.values()))
    lines.append(f"  {'other processes':24s} {others:6.2f} s  {100 * others / outcome['wall']:5.1f}%")
    lines.append(
        f"  {'whole machine':24s} {machine:6.2f} s  {100 * machine / outcome['wall']:5.1f}%"
        f" of {100 * (os.cpu_count() or 1)}%   (load average before: {outcome['loadavg']})"
    )
    failed = lost or duplicates or errors or len(ack_latencies) < posts or found < wanted or dropped
    if args.storm and outcome["last_hello"] > args.storm_target:
        lines.append(
            f"STORM: SLOW (the last hello came {outcome['last_hello']:.1f} s in, target {args.storm_target:g} s)"
        )
    slow = args.max_p95 > 0 and not (p95 < args.max_p95)
    lines.append("")
    if failed:
        lines.append("RESULT: FAIL (deliveries lost, duplicated, unacknowledged or in error)")
    elif slow:
        lines.append(f"RESULT: SLOW (nothing lost, but p95 {p95:.1f} ms >= {args.max_p95:g} ms)")
    else:
        target = f", p95 {p95:.1f} ms < {args.max_p95:g} ms" if args.max_p95 > 0 else ""
        lines.append(f"RESULT: OK (nothing lost{target})")
    print("\n".join(lines), flush=True)
    return 1 if failed else 2 if slow else 0


# --- main --------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    servers: list[Server] = []
    created = False
    # Ctrl-C and SIGTERM both unwind through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with tempfile.TemporaryDirectory(prefix="fanout-") as scratch:
        scratch_dir = Path(scratch)
        try:
            settings_dir = write_layer_settings(args.layer, args.redis_url, scratch_dir)
            env = server_env(args, settings_dir)
            query = {}
            if args.conn_max_age is not None:
                query["conn_max_age"] = str(args.conn_max_age)
            if args.pg_options:
                query["options"] = args.pg_options
            if query:
                env["DATABASE_URL"] += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
            print(f"preparing database {args.db_name} and Redis {args.redis_url} ...", flush=True)
            recreate_database(args.db_name)
            created = True
            flush_redis(args.redis_url)
            manage_env = {**server_env(args, None), "DATABASE_URL": env["DATABASE_URL"]}
            manage(manage_env, "migrate", "--noinput")
            seeded = json.loads(
                manage(
                    manage_env,
                    "seed_demo",
                    "--live",
                    "--participants",
                    str(args.participants),
                    "--companies",
                    "6",
                    "--json",
                ).strip()
            )
            args.session_id = seeded["session_id"]
            emails = seeded["participants"]
            cookies, args.settings_layer = session_cookies(manage_env, emails)
            print(f"starting {args.servers} server(s) ...", flush=True)
            servers = start_servers(args, env, scratch_dir)
            print(
                f"connecting {len(emails)} participants to {', '.join(s.url for s in servers)} ...",
                flush=True,
            )
            try:
                from uvloop import run as run_loop  # the same fast loop uvicorn uses
            except ImportError:
                run_loop = asyncio.run
            outcome = run_loop(load(args, servers, emails, cookies))
            for server in servers:
                if server.process.poll() is not None:
                    print(f"server :{server.port} died:\n{server.log.read_text()}", flush=True)
            status = report(args, outcome)
            if args.profile:
                print(
                    f"\nprofile of server 1 during {args.profile_phase} (py-spy, raw stacks in {args.profile})"
                )
                print("\n".join(profile_summary(args.profile)))
            for server in servers:
                text = server.log.read_text(errors="replace").strip()
                if text:
                    print(f"\n--- log of server :{server.port} (last 20 lines) ---")
                    print("\n".join(text.splitlines()[-20:]))
            return status
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        finally:
            stop_servers(servers)
            if created and not args.keep_db:
                try:
                    from django.db import connections

                    connections.close_all()
                except Exception:  # noqa: BLE001 - Django may never have been set up
                    pass
                drop_database(args.db_name)
            try:
                flush_redis(args.redis_url)
            except Exception:  # noqa: BLE001
                pass


if __name__ == "__main__":
    sys.exit(main())

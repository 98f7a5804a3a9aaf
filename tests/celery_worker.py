"""A real Celery worker process against the real Redis, for tests that must prove what eager mode hides
(a task delivered twice, a separate process reading committed rows).

A pytest plugin, registered in tests/conftest.py, so any test can ask for `celery_worker_process`.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from thinktank.celery import app

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
_UNSET = object()


@dataclass
class CeleryWorkerProcess:
    """A running worker: the queue it consumes, where it writes mail files and its log."""

    queue: str
    mail_dir: Path
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def sent_messages(self) -> list[Path]:
        return sorted(self.mail_dir.iterdir())

    def tasks_succeeded(self, task_name: str) -> list[str]:
        """The worker's log lines for runs of `task_name` that finished (returned or did nothing)."""
        return [
            line
            for line in self.log().splitlines()
            if f"Task {task_name}[" in line and " succeeded in " in line
        ]

    def wait_until(self, condition: Callable[[], bool], *, timeout: float = 60.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({self.process.returncode}).\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Timed out after {timeout}s waiting for {what or condition}.\nWorker log:\n{self.log()}"
                )
            time.sleep(0.1)


def _database_url() -> str:
    """The database this test process is using (the test database), as a URL for the worker."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def _worker_env(*, redis_url: str, mail_dir: Path, queue: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thinktank.settings.base",
        "SECRET_KEY": "x",
        "REDIS_URL": redis_url,
        "DATABASE_URL": _database_url(),
        # django-environ drops the first "/" of the path, so an absolute path needs four slashes.
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
        # Tasks the worker enqueues itself (an email per follow-up) stay on this test's queue.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }


def _point_app_at(changes: dict) -> dict:
    """Put `changes` in the Celery app's config; return what to put back.

    The app reads Django settings lazily, but `conf.update` wins over them, and the broker connection
    pools are cached on first use: drop them so the next publish uses the broker now configured.
    """
    saved = {key: app.conf.changes.get(key, _UNSET) for key in changes}
    app.conf.update(changes)
    _drop_broker_pools()
    return saved


def _restore_app(saved: dict) -> None:
    for key, value in saved.items():
        if value is _UNSET:
            app.conf.changes.pop(key, None)
        else:
            app.conf.changes[key] = value
    _drop_broker_pools()


def _drop_broker_pools() -> None:
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps process-wide pools keyed by broker URL; a closed one must not be handed out again.
    kombu_pools.reset()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # warm shutdown: the task in hand finishes
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


def start_worker(*, redis_url: str, queue: str, tmp_path: Path, name: str = "worker", **environment: str):
    """A `celery worker` subprocess (solo pool) consuming `queue` on `redis_url`, ready to work.

    `environment` adds or overrides variables (EMAIL_URL for a real SMTP server, say). Sent mail
    lands as files in its `mail_dir` unless EMAIL_URL says otherwise.
    """
    mail_dir = tmp_path / f"{name}-mail"
    mail_dir.mkdir(exist_ok=True)
    log_path = tmp_path / f"{name}.log"
    env = {**_worker_env(redis_url=redis_url, mail_dir=mail_dir, queue=queue), **environment}
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "thinktank", "worker"),
                *("--pool", "solo", "--concurrency", "1", "-Q", queue, "--hostname", f"{queue}-{name}@%h"),
                *("--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = CeleryWorkerProcess(queue=queue, mail_dir=mail_dir, log_path=log_path, process=process)
    try:
        worker.wait_until(
            lambda: " ready." in worker.log(), timeout=READY_TIMEOUT, what="the worker to start"
        )
    except BaseException:
        _stop(process)
        raise
    return worker


class CeleryWorkers:
    """Workers of one test, all on one queue; this process's Celery app publishes to it."""

    def __init__(self, *, redis_url: str, tmp_path: Path):
        self.redis_url = redis_url
        self.tmp_path = tmp_path
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.started: list[CeleryWorkerProcess] = []
        self._saved = _point_app_at(
            {"task_always_eager": False, "broker_url": redis_url, "task_default_queue": self.queue}
        )

    def start(self, **environment: str) -> CeleryWorkerProcess:
        worker = start_worker(
            redis_url=self.redis_url,
            queue=self.queue,
            tmp_path=self.tmp_path,
            name=f"worker{len(self.started) + 1}",
            **environment,
        )
        self.started.append(worker)
        return worker

    def publish_to(self, redis_url: str) -> None:
        """Point this process's Celery app at another broker (a dead one, say)."""
        _point_app_at({"broker_url": redis_url})

    def close(self) -> None:
        _restore_app(self._saved)
        for worker in self.started:
            _stop(worker.process)


def kill(worker: CeleryWorkerProcess) -> None:
    """SIGKILL, as a crash or an out-of-memory kill would: no warm shutdown, no goodbye."""
    worker.process.kill()
    worker.process.wait(STOP_TIMEOUT)


@pytest.fixture
def celery_workers(transactional_db, tmp_path: Path) -> Iterator[CeleryWorkers]:
    """Start Celery worker subprocesses on Redis (TEST_REDIS_URL, flushed first) with `.start()`.

    While the test runs, this process's Celery app publishes to their queue instead of running tasks
    inline. Needs committed data, hence `transactional_db`; the workers are stopped before the tables
    are flushed.
    """
    redis.Redis.from_url(settings.TEST_REDIS_URL).flushdb()
    workers = CeleryWorkers(redis_url=settings.TEST_REDIS_URL, tmp_path=tmp_path)
    try:
        yield workers
    finally:
        workers.close()


@pytest.fixture
def celery_worker_process(celery_workers) -> CeleryWorkerProcess:
    """One worker (see `celery_workers`)."""
    return celery_workers.start()

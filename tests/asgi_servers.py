"""Real ASGI server processes for tests that need websockets across processes or a browser.

pytest-django's live_server speaks WSGI only; these start `uvicorn thinktank.asgi:application` on the
test database, so tests using them must be `django_db(transaction=True)` for the server to see their
rows.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The database a Django connection uses (the test database), as a DATABASE_URL."""
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def session_cookie(user) -> str:
    """A signed-in Django session for `user`, as the value of the session cookie."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


@dataclass
class UvicornProcess:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                pytest.fail(
                    f"uvicorn on :{self.port} exited ({self.process.returncode}):\n{self.log.read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"uvicorn on :{self.port} did not answer /healthz in {START_TIMEOUT} s:\n{self.log.read_text()}"
                )
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_uvicorn(*, settings_dict: dict | None, log: Path, **environment: str) -> UvicornProcess:
    """Start a server on the test settings and database; `environment` adds or overrides variables.

    The test settings serve static files from the finders (no collectstatic), skip the HTTPS
    redirect, and use the factories' password hasher, so test users can sign in through the form.
    Without REDIS_URL the channel layer is in-memory: enough while every socket is in this process.
    """
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "thinktank.settings.test",
        **({"DATABASE_URL": database_url(settings_dict)} if settings_dict else {}),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
        **environment,
    }
    command = [sys.executable, "-m", "uvicorn", "thinktank.asgi:application", "--host", "127.0.0.1"]
    command += [
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--ws-per-message-deflate",
        "false",
    ]
    with open(log, "wb") as handle:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
    return UvicornProcess(process=process, port=port, log=log)

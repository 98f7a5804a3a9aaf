"""A private PostgreSQL cluster on a free port, for tests that restart the database server without
touching the machine's own (which the rest of the suite, and other test runs, use)."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.asgi_servers import free_port

START_TIMEOUT = 30


def _bin_dir() -> Path:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    assert versions, "PostgreSQL's server binaries are not installed (apt-get install postgresql)"
    return versions[-1].parent


class PostgresServer:
    """initdb, start, restart, stop. As root, the cluster belongs to the `postgres` user."""

    def __init__(self):
        self.bin = _bin_dir()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="thinktank-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_postgres = os.getuid() == 0
        if self.as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        if self.as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=60)

    def init(self) -> "PostgresServer":
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )
        deadline = time.monotonic() + START_TIMEOUT
        while self._run(
            str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), check=False
        ).returncode:
            if time.monotonic() > deadline:
                raise AssertionError(f"PostgreSQL did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def restart(self) -> None:
        """A fast shutdown (every connection is cut, as in a crash or a failover) and a start."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.start()

    def create_database(self, name: str) -> None:
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def destroy(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False
        )
        shutil.rmtree(self.dir, ignore_errors=True)

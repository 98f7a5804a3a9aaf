"""How the live room's websocket reaches the database.

The room consumers of a server process do their database work in a small pool of threads
(ROOM_DB_THREADS), each keeping its connection open: reconnecting to PostgreSQL for every websocket
message cost milliseconds on the room's hot path, and a few connections per process are bounded,
unlike the one per request thread that HTTP pages would keep under ASGI (which is why CONN_MAX_AGE
stays 0 for them). A connection idle for a few seconds is checked before
its next use (a restarted PostgreSQL is noticed and reconnected to), and one that failed is dropped.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connections


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=settings.ROOM_DB_THREADS, thread_name_prefix="room-db")
    return _executor


_executor: ThreadPoolExecutor | None = None


class RoomDatabaseSyncToAsync(SyncToAsync):
    """The room's calls are independent of each other (none holds a transaction across calls), so
    ROOM_DB_THREADS of them can wait on PostgreSQL at once: a connect storm is many short reads."""

    def __init__(self, func):
        super().__init__(func, thread_sensitive=False, executor=_pool())

    def thread_handler(self, loop, *args, **kwargs):
        _prepare()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _drop_if_broken()


# A connection used this recently is taken as alive; an older one is checked before use (a restarted
# PostgreSQL is noticed). A broken connection that a query trips over is dropped after the call.
CHECK_IF_IDLE_FOR = 5.0
_last_used = threading.local()


def _prepare() -> None:
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        if now - getattr(_last_used, connection.alias, 0.0) > CHECK_IF_IDLE_FOR:
            connection.health_check_done = False  # one liveness check on the next query
        setattr(_last_used, connection.alias, now)


def _drop_if_broken() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred and not connection.is_usable():
            connection.close()
        else:
            connection.errors_occurred = False


room_db = RoomDatabaseSyncToAsync

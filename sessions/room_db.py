"""How the live room's websocket reaches the database.

Every room consumer of a server process does its database work in one thread (thread-sensitive
sync_to_async, outside any request). That thread keeps its connection open: reconnecting to
PostgreSQL for every websocket message cost milliseconds on the room's hot path, and one connection
per process is bounded, unlike the one per request thread that HTTP pages would keep under ASGI
(which is why CONN_MAX_AGE stays 0 for them). Before each call the connection is checked once (a
restarted PostgreSQL is noticed and reconnected to), and a connection that failed is dropped.
"""

from asgiref.sync import SyncToAsync
from django.db import connections


class RoomDatabaseSyncToAsync(SyncToAsync):
    def __init__(self, func):
        super().__init__(func, thread_sensitive=True)

    def thread_handler(self, loop, *args, **kwargs):
        _prepare()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _drop_if_broken()


def _prepare() -> None:
    for connection in connections.all(initialized_only=True):
        connection.health_check_done = False  # one liveness check on the next query


def _drop_if_broken() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred and not connection.is_usable():
            connection.close()
        else:
            connection.errors_occurred = False


room_db = RoomDatabaseSyncToAsync

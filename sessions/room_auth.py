"""Who is on the other end of a live-room websocket: the Django session cookie, checked once when
the socket opens (the same checks as Django's and Channels' own: the session, the user, the password
hash the session was made with).

Channels' AuthMiddlewareStack does this too, but it wraps every frame the server sends to check
whether the session needs saving (a socket never changes it), and its database reads close the
connection after every call when CONN_MAX_AGE is 0; both cost the most in a connect storm and on
every broadcast. Here the reads go through the room's own database threads (sessions.room_db).
"""

from importlib import import_module

from channels.auth import get_user
from django.conf import settings
from django.http.cookie import parse_cookie

from .room_db import room_db


def _user_for(session_key: str | None):
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return get_user.func({"session": store})  # Channels' own checks, on a session of our own


class RoomAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers", []))
        cookies = parse_cookie(headers.get(b"cookie", b"").decode("latin1"))
        user = await room_db(_user_for)(cookies.get(settings.SESSION_COOKIE_NAME))
        return await self.inner({**scope, "user": user}, receive, send)

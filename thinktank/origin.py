"""Websockets are accepted only from this site's own pages: the Origin must be the very origin
(scheme, host and port) the request came to, with a host in ALLOWED_HOSTS, or one listed in
CSRF_TRUSTED_ORIGINS.

Channels' AllowedHostsOriginValidator compares the host alone, so a page on another port or scheme
of the same host (another app on :8080, plain http beside https) could open a socket with the
visitor's cookies.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_tuple(scheme: str, netloc: str) -> tuple[str, str, int] | None:
    host, port = split_domain_port(netloc)
    if not host:
        return None
    try:
        return scheme, host, int(port) if port else DEFAULT_PORTS[scheme]
    except (KeyError, ValueError):
        return None


def request_origin(scope: dict) -> tuple[str, str, int] | None:
    """The origin a websocket request was made to, as a browser page on this site has it."""
    headers = dict(scope.get("headers", []))
    host = headers.get(b"host", b"").decode("latin1")
    secure = scope.get("scheme") in ("wss", "https")
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        header, value = proxy
        forwarded = headers.get(header.removeprefix("HTTP_").replace("_", "-").lower().encode(), b"")
        secure = secure or forwarded.decode("latin1").split(",")[0].strip() == value
    if not validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
        return None
    return _origin_tuple("https" if secure else "http", host)


def origin_allowed(scope: dict) -> bool:
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin", b"").decode("latin1")
    parts = urlsplit(origin)
    if parts.scheme not in DEFAULT_PORTS:
        return False
    theirs = _origin_tuple(parts.scheme, parts.netloc)
    if theirs is None:
        return False
    trusted = {_origin_tuple(*_split(o)) for o in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}
    return theirs == request_origin(scope) or theirs in trusted


def _split(origin: str) -> tuple[str, str]:
    parts = urlsplit(origin)
    return parts.scheme, parts.netloc


class SameOriginValidator:
    """ASGI middleware: refuses the websocket handshake (403) unless `origin_allowed`."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)

"""ASGI entry point: HTTP through Django, websockets through Channels.

Serve with any ASGI server, e.g. `uvicorn thinktank.asgi:application` or `daphne thinktank.asgi:application`.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinktank.settings.base")
django_asgi_app = get_asgi_application()

from thinktank.startup import require_secret_key  # noqa: E402

require_secret_key()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (needs Django set up first)

from sessions.room_auth import RoomAuthMiddleware  # noqa: E402
from sessions.routing import websocket_urlpatterns  # noqa: E402
from thinktank.origin import SameOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginValidator(RoomAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)

# Garbage-collector tuning for the long-lived server process. Full collections walk every object
# the process holds (Django, hundreds of open sockets) and stalled the event loop for ~150 ms, which
# delayed live-room broadcasts (bench/fanout.py: one server, 200 participants, p95 164-199 ms).
# Objects created at start-up are frozen out of collection, and young collections run less often:
# p95 78 ms. Reference counting still frees almost everything at once; this only spaces out cycles.
gc.freeze()
gc.set_threshold(50_000, 20, 100)

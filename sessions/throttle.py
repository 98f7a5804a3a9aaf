"""Per-connection rate limits of the live room's websocket: token buckets, one per kind of frame.

A socket that sends faster than its limits is throttled, not closed: each frame over the limit gets a
`rate_limited` error and is dropped, so one flooding client costs its room (and the server's other
rooms) almost nothing, and a person who clicks fast is told to slow down rather than cut off.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings

# (burst, per second) for every frame, and tighter ones for the frames that cost the most.
DEFAULT_LIMITS = {
    "frame": (30, 10.0),  # any frame at all, counted before it is even parsed
    "idea.post": (5, 0.5),  # five at once, then one idea every two seconds
    "sync": (5, 0.2),  # a replay reads the room's log: a reconnect needs one
    "group.suggest": (3, 0.2),  # compares up to 200 ideas pairwise
    "vote.dot": (10, 4.0),  # a person clicking dots fast, not a script
}


@dataclass
class TokenBucket:
    burst: int
    per_second: float
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)
        self.updated = time.monotonic()

    def take(self) -> float:
        """0 if a frame may go now (and count it), else how many seconds until one may."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.per_second


class ConnectionLimits:
    """The buckets of one websocket connection."""

    def __init__(self) -> None:
        limits = {**DEFAULT_LIMITS, **getattr(settings, "ROOM_RATE_LIMITS", {})}
        self._buckets = {kind: TokenBucket(*limit) for kind, limit in limits.items()}

    def take(self, kind: str) -> float:
        bucket = self._buckets.get(kind)
        return bucket.take() if bucket else 0.0

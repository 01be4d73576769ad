"""The live audience's settings, read once per process (``reset()`` re-reads them, for tests).

Settings, all optional:

- ``REDIS_URL``: when set, beacons are recorded in Redis and moved to the database by
  ``yunzhao audience_worker``; otherwise they are written to the database directly.
- ``AUDIENCE_RATE_LIMIT`` / ``AUDIENCE_RATE_WINDOW``: beacons accepted per client address within a
  sliding window of that many seconds (default 600 per 60 s; mobile carriers put many viewers behind
  one address, so the limit is generous).
- ``AUDIENCE_PROXY_COUNT``: how many reverse proxies in front of the app append to
  ``X-Forwarded-For`` (0: the peer address is the client's).
- ``AUDIENCE_REDIS_PREFIX``: prefix of every Redis key (default ``aud:``).
- ``AUDIENCE_GROUP_COMMIT``: ``False`` writes each beacon from its own request thread (tests).
- ``AUDIENCE_ACK_TIMEOUT``: seconds a request waits for its beacon to be written before answering 503.
- ``AUDIENCE_PLATFORM_CHANNEL``: code of the channel under which the platform's own counts appear in
  an event's reach (default ``yunzhao``).
- ``AUDIENCE_STREAM_SECONDS`` / ``AUDIENCE_STREAM_INTERVAL``: how long one live event stream (SSE)
  stays open (default 60 s; the browser then opens a new one) and how often it sends the figures
  (default every second, at most every 2 s). Under WSGI an open stream holds a server thread.
- ``AUDIENCE_LIVE_CACHE_SECONDS``: how long a process reuses the live figures it has read (default
  1 s), so that many staff pages and the big screen polling the same event cost one read.
- ``AUDIENCE_LIVE_PASS_SECONDS``: how long a live pass lets a staff page poll the live figures
  without its session (default 300 s; see ``passes.py``).
"""

import functools
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Config:
    """The settings one process runs with."""

    redis_url: str
    rate_limit: int
    rate_window: int
    proxy_count: int
    redis_prefix: str
    group_commit: bool
    ack_timeout: float
    platform_channel: str
    cookie_secure: bool
    stream_seconds: float = 60.0
    stream_interval: float = 1.0
    live_cache_seconds: float = 1.0
    live_pass_seconds: int = 300


@functools.cache
def config() -> Config:
    """The settings, read once."""
    return Config(
        redis_url=getattr(settings, "REDIS_URL", "") or "",
        rate_limit=int(getattr(settings, "AUDIENCE_RATE_LIMIT", 600)),
        rate_window=int(getattr(settings, "AUDIENCE_RATE_WINDOW", 60)),
        proxy_count=int(getattr(settings, "AUDIENCE_PROXY_COUNT", 0)),
        redis_prefix=getattr(settings, "AUDIENCE_REDIS_PREFIX", "aud:"),
        group_commit=bool(getattr(settings, "AUDIENCE_GROUP_COMMIT", True)),
        ack_timeout=float(getattr(settings, "AUDIENCE_ACK_TIMEOUT", 5.0)),
        platform_channel=getattr(settings, "AUDIENCE_PLATFORM_CHANNEL", "yunzhao"),
        cookie_secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        stream_seconds=max(0.0, float(getattr(settings, "AUDIENCE_STREAM_SECONDS", 60.0))),
        # The figures must reach the page at least every 2 seconds.
        stream_interval=min(2.0, max(0.0, float(getattr(settings, "AUDIENCE_STREAM_INTERVAL", 1.0)))),
        live_cache_seconds=max(0.0, float(getattr(settings, "AUDIENCE_LIVE_CACHE_SECONDS", 1.0))),
        live_pass_seconds=max(1, int(getattr(settings, "AUDIENCE_LIVE_PASS_SECONDS", 300))),
    )


def reset() -> None:
    """Forget the settings read so far (tests change them)."""
    config.cache_clear()

"""Server-Sent Events: the live figures pushed to a staff page every second or two, for a bounded time.

A stream sends ``event: figures`` every ``AUDIENCE_STREAM_INTERVAL`` seconds (≤ 2) for
``AUDIENCE_STREAM_SECONDS``, then ``event: end`` and closes; the browser's ``EventSource`` opens a
new one after the ``retry`` delay. So a stream never holds a WSGI server thread for long, and a
signed-out user is turned away at the next reconnection. Under ASGI the stream is asynchronous and
holds no thread while it waits.
"""

import asyncio
import json
import math
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse

from .conf import config

RETRY_MS = 1000
sleep = time.sleep  # the tests replace it


def _message(event: str, data: Any, ident: int | None = None) -> bytes:
    lines = [f"id: {ident}"] if ident is not None else []
    lines += [f"event: {event}", "data: " + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False,
                                                       separators=(",", ":"))]
    return ("\n".join(lines) + "\n\n").encode()


def _count() -> tuple[int, float]:
    """How many figures events one stream sends, and the pause between two."""
    cfg = config()
    if cfg.stream_interval <= 0:
        return 1, 0.0
    return max(1, math.floor(cfg.stream_seconds / cfg.stream_interval) + 1), cfg.stream_interval


def _events(read: Callable[[], dict]) -> Iterator[bytes]:
    count, pause = _count()
    yield f"retry: {RETRY_MS}\n\n".encode()
    for ident in range(count):
        if ident:
            sleep(pause)
        yield _message("figures", read(), ident)
    yield _message("end", {})


async def _async_events(read: Callable[[], dict]) -> AsyncIterator[bytes]:
    count, pause = _count()
    read_async = sync_to_async(read)
    yield f"retry: {RETRY_MS}\n\n".encode()
    for ident in range(count):
        if ident:
            await asyncio.sleep(pause)
        yield _message("figures", await read_async(), ident)
    yield _message("end", {})


def event_stream(request: HttpRequest, read: Callable[[], dict]) -> StreamingHttpResponse:
    """A stream of ``read()`` every second or two; asynchronous when served over ASGI."""
    events = _async_events(read) if isinstance(request, ASGIRequest) else _events(read)
    response = StreamingHttpResponse(events, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-store"
    # Proxies (nginx) must pass each event on at once rather than buffer the response.
    response["X-Accel-Buffering"] = "no"
    return response

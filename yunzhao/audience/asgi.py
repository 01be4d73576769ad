"""The beacon in front of Django under an ASGI server: ``/t/`` is answered in the event loop.

A beacon's request holds no thread while its batch is written: the event loop awaits a future that
the writer thread resolves, so one process can have thousands of beacons in flight and its batches
grow with the load instead of with the number of server threads. ``yunzhao/asgi.py`` wraps Django's
ASGI application with ``BeaconShortCircuitASGI``; under WSGI, ``wsgi.py`` does the same job.
"""

import logging

from .ingest import MAX_BYTES, Reply, handle_async
from .passes import ASGI_HEADER as PASS_HEADER
from .wsgi import PATHS, cookieless, freeze_heap

log = logging.getLogger(__name__)


class BeaconShortCircuitASGI:
    """An ASGI middleware: beacons go straight to the beacon handler, everything else to ``app``
    (the live counter's requests and those bearing a live pass without their cookies, as under WSGI)."""

    def __init__(self, app) -> None:
        self.app = app
        freeze_heap()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in PATHS:
            if scope["type"] == "http" and cookieless(scope["path"], _bears_pass(scope)):
                scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or () if k.lower() != b"cookie"]}
            return await self.app(scope, receive, send)
        try:
            headers = dict(scope.get("headers") or ())
            method = scope["method"]
            body = await _body(headers, receive) if method == "POST" else b""
            reply = await handle_async(
                method=method,
                query=scope.get("query_string", b"").decode("latin-1"),
                body=body,
                content_type=headers.get(b"content-type", b"").decode("latin-1"),
                cookies=headers.get(b"cookie", b"").decode("latin-1"),
                remote_addr=(scope.get("client") or ("", 0))[0],
                forwarded_for=headers.get(b"x-forwarded-for", b"").decode("latin-1"),
            )
        except Exception:  # a beacon never answers 500
            log.exception("audience: beacon failed")
            reply = Reply(503, [("Cache-Control", "no-store")])
        await send({"type": "http.response.start", "status": reply.status,
                    "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.header_lines()]})
        await send({"type": "http.response.body", "body": reply.body})


def _bears_pass(scope) -> bool:
    return any(name.lower() == PASS_HEADER for name, _ in scope.get("headers") or ())


async def _body(headers: dict[bytes, bytes], receive) -> bytes | None:
    """At most ``MAX_BYTES`` of the body; ``None`` when there is more (the rest is not read)."""
    try:
        if int(headers.get(b"content-length", b"0") or 0) > MAX_BYTES:
            return None
    except ValueError:
        pass
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BYTES:
            return None
        if not message.get("more_body"):
            return body

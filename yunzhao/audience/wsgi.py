"""The beacon served in front of Django: ``/t/`` is answered before Django builds a request.

The public live counter (``/live/…``) and any request bearing a live pass (``passes.py``) go on to
Django without the visitor's cookies (``cookieless``).

The beacon needs none of Django's request machinery (sessions, authentication, messages, CSRF,
templates): skipping it leaves the request to the beacon's own work. ``yunzhao/wsgi.py`` wraps the
Django application with ``BeaconShortCircuit``; the Django view at the same URL (``views.py``) serves
the test client, ``runserver`` and ASGI.
"""

import gc
import logging
import os

from .ingest import MAX_BYTES, Reply, handle, read_body
from .passes import META_KEY as PASS_KEY

log = logging.getLogger(__name__)

PATHS = frozenset({"/t/", "/t"})
# The public live counter (``/live/<id>.json``): it reaches Django without the visitor's cookies.
COUNTER_PREFIX = "/live/"


def is_counter(path: str) -> bool:
    """Whether a path is the public live counter's, whose requests need no cookie at all.

    Django's ``LoginRequiredMiddleware`` asks whether the visitor is signed in before it looks at
    the view, which reads the session and the user for anyone who has a session cookie: two queries
    (and, with a session saved on every request, a write) for every poll of every signed-in
    visitor. Without the cookie the request is an anonymous one, as the counter is the same for all.
    """
    return path.startswith(COUNTER_PREFIX)


def cookieless(path: str, bears_pass: bool) -> bool:
    """Whether a request reaches Django without its cookies: the public counter's, and a staff page's
    poll of the live figures that bears a live pass. Such a poll is answered on the pass alone
    (``views.live._figures``); with the cookies, the session middleware and the login check would
    read the session and the user before the view is reached. Dropping them never grants anything:
    a request without cookies is an anonymous one."""
    return bears_pass or is_counter(path)


class BeaconShortCircuit:
    """A WSGI middleware: beacons go straight to the beacon handler, everything else to ``app``
    (the live counter's requests and those bearing a live pass without their cookies)."""

    def __init__(self, app) -> None:
        self.app = app
        freeze_heap()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path not in PATHS:
            if cookieless(path, PASS_KEY in environ):
                environ.pop("HTTP_COOKIE", None)
            return self.app(environ, start_response)
        try:
            reply = handle(
                method=environ.get("REQUEST_METHOD", ""),
                query=environ.get("QUERY_STRING", ""),
                body=_body(environ),
                content_type=environ.get("CONTENT_TYPE", ""),
                cookies=environ.get("HTTP_COOKIE", ""),
                remote_addr=environ.get("REMOTE_ADDR", ""),
                forwarded_for=environ.get("HTTP_X_FORWARDED_FOR", ""),
            )
        except Exception:  # a beacon never answers 500
            log.exception("audience: beacon failed")
            reply = Reply(503, [("Cache-Control", "no-store")])
        start_response(reply.status_line, reply.header_lines())
        return [reply.body]


def freeze_heap() -> None:
    """Leave the objects of the loaded application out of every future garbage collection.

    A server process holds some hundred thousand long-lived objects once Django and the project are
    imported; Python's full collection walks all of them, which took 160-240 ms on the machine the
    beacon was measured on, and it comes round every few seconds under load (the batches' beacons
    live long enough to reach the oldest generation). Everything in the process waits meanwhile, so
    it set the beacon's p99. Frozen, they are never walked again; a full collection then takes a few
    milliseconds. Called once the application is loaded; does its work once per process.
    """
    global _frozen_in
    if _frozen_in != os.getpid():
        _frozen_in = os.getpid()
        gc.collect()
        gc.freeze()


_frozen_in = 0


def _body(environ) -> bytes | None:
    if environ.get("REQUEST_METHOD") != "POST":
        return b""
    return read_body(environ.get("CONTENT_LENGTH", ""), environ["wsgi.input"])


__all__ = ["MAX_BYTES", "BeaconShortCircuit"]

"""The public live counter: "12,345 views · 8,901 viewers" on the portal page of an event on air.

``/live/<event id>.json`` answers for an event whose public page is published and which is not
cancelled (otherwise 404), with its totals only: views, distinct viewers, whether it is on air, and
the time they were read. Never the channels, plays or anything else the staff pages show.

Every investor watching the livestream polls it every two seconds, so it must cost about what an
anonymous "hello" view costs: it reads the event and the figures from this process's one-second
cache (``recent_public_event``, ``recent_live_figures``: no query while they are fresh, never the raw
beacons), sends the same bytes to every poll of that second, and never uses the session or the user.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from .. import selectors

CACHE_CONTROL = "public, max-age=1"
NOT_FOUND = b'{"error": "not found"}'
# Ids beyond a 64-bit column are not found (SQLite refuses to even compare them).
MAX_ID = 2**63 - 1

# The body each event was last answered with, and the figures and event it was made from.
_bodies: dict[int, tuple[dict, selectors.PublicEvent, bytes]] = {}
BODIES_KEPT = 512


def _body(event: selectors.PublicEvent, figures: dict) -> bytes:
    last = _bodies.get(event.id)
    if last is not None and last[0] is figures and last[1] is event:
        return last[2]
    body = json.dumps(selectors.public_totals(event, figures), separators=(",", ":")).encode()
    if len(_bodies) >= BODIES_KEPT:
        _bodies.clear()
    _bodies[event.id] = (figures, event, body)
    return body


def _without_session(request: HttpRequest) -> None:
    """Take the (not yet loaded) session off the request: the session middleware then leaves the
    response alone, with no session read, no save, no cookie and no ``Vary: Cookie``, even for a
    visitor who has a session (the site otherwise saves it on every request)."""
    request.__dict__.pop("session", None)


@login_not_required
@require_safe
def live_counter(request: HttpRequest, event_id: int) -> HttpResponse:
    """An event's public live totals as JSON, for the counter on its portal page."""
    _without_session(request)
    event = selectors.recent_public_event(event_id) if event_id <= MAX_ID else None
    if event is None:
        response = HttpResponse(NOT_FOUND, status=404, content_type="application/json")
    else:
        figures = selectors.recent_live_figures(event_id=event_id)
        response = HttpResponse(_body(event, figures), content_type="application/json")
    response["Cache-Control"] = CACHE_CONTROL
    return response

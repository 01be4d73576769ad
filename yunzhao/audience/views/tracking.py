"""The beacon as a Django view, for whatever reaches Django (tests, ``runserver``, ASGI).

Under the WSGI server the short-circuit in ``wsgi.py`` answers ``/t/`` first; both call ``ingest.handle``.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from ..conf import config
from ..ingest import COOKIE, COOKIE_AGE, handle, read_body

log = logging.getLogger(__name__)


@csrf_exempt
@login_not_required
def beacon(request: HttpRequest) -> HttpResponse:
    """Record one beacon: 204 once it is stored, a 4xx (counted) when it is refused, never 500."""
    meta = request.META
    try:
        reply = handle(
            method=request.method or "",
            query=meta.get("QUERY_STRING", ""),
            body=read_body(meta.get("CONTENT_LENGTH", ""), request) if request.method == "POST" else b"",
            content_type=meta.get("CONTENT_TYPE", ""),
            cookies=meta.get("HTTP_COOKIE", ""),
            remote_addr=meta.get("REMOTE_ADDR", ""),
            forwarded_for=meta.get("HTTP_X_FORWARDED_FOR", ""),
        )
    except Exception:  # a beacon never answers 500
        log.exception("audience: beacon failed")
        return HttpResponse(status=503, headers={"Cache-Control": "no-store"})
    response = HttpResponse(reply.body, status=reply.status)
    for name, value in reply.headers:
        response.headers[name] = value
    if not reply.body:
        del response.headers["Content-Type"]
    if reply.cookie:
        response.set_cookie(COOKIE, reply.cookie, max_age=COOKIE_AGE, samesite="Lax", httponly=True,
                            secure=config().cookie_secure)
    return response

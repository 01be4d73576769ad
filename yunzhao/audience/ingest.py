"""The beacon: what an event page (or a partner's page) sends when it is opened or starts playing.

``POST /t/`` with a JSON body (sent as ``application/json`` or, to spare the browser a CORS
pre-flight with ``navigator.sendBeacon``, as ``text/plain``) or a form body; or ``GET /t/?…`` for
pixel-style embedding (``&img=1`` answers a 1×1 GIF instead of 204). Fields:

- ``e``: the event id (required; an unknown or cancelled event is refused with 404);
- ``src``: the code printed on the share link or QR code: a channel code; anything else, or nothing,
  is counted as "unattributed";
- ``k``: ``pv`` (page view, the default) or ``play``;
- ``v``: the viewer id, a random token the page keeps in local storage: 16 to 64 characters of
  ``A-Z a-z 0-9 _ -``. Without it the ``yz_vid`` first-party cookie is used, and when that is absent
  too a new token is made and set in that cookie (a year, ``SameSite=Lax``, ``HttpOnly``: the page
  never needs to read it). Partner pages on other sites should send ``v``, as browsers do not send our
  cookie from them.

Answers: 204 once the beacon is durably recorded; 400 malformed or a bad viewer id, 404 unknown event,
405 another method, 413 a body or query over 2 KB, 429 too many from one address, 503 when storage
does not answer in time (nothing acknowledged). Each refusal is counted per reason. Nothing personal
is stored: no address, no user agent; the rate limit keys on a keyed hash of the address, kept only
in memory and, with Redis, for two windows.

This module knows nothing of Django's request: the WSGI short-circuit (``wsgi.py``) and the Django
view (``views.py``) both hand it the raw parts of the request.
"""

import asyncio
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from .catalog import catalog
from .choices import BeaconKind, Rejection
from .conf import config
from .groupcommit import WriteFailed
from .ratelimit import address_key
from .recorder import get_recorder
from .records import UNATTRIBUTED, Beacon

log = logging.getLogger(__name__)

MAX_BYTES = 2048
MAX_FIELDS = 16
COOKIE = "yz_vid"
COOKIE_AGE = 365 * 24 * 3600
VIEWER = re.compile(r"[A-Za-z0-9_-]{16,64}")
KINDS = frozenset(BeaconKind.values)
# The smallest transparent GIF.
PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
         b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
STATUS = {
    Rejection.MALFORMED: 400,
    Rejection.BAD_VIEWER: 400,
    Rejection.UNKNOWN_EVENT: 404,
    Rejection.OVERSIZED: 413,
    Rejection.RATE_LIMITED: 429,
    Rejection.UNAVAILABLE: 503,
}
REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           413: "Content Too Large", 429: "Too Many Requests", 503: "Service Unavailable"}
_NO_STORE = ("Cache-Control", "no-store")


@dataclass
class Reply:
    """The answer to a beacon."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    cookie: str = ""  # a new viewer id, to be set in the ``yz_vid`` cookie

    def header_lines(self) -> list[tuple[str, str]]:
        """The headers, with the cookie written out (for the WSGI short-circuit)."""
        if not self.cookie:
            return self.headers
        secure = "; Secure" if config().cookie_secure else ""
        return [*self.headers, ("Set-Cookie", f"{COOKIE}={self.cookie}; Max-Age={COOKIE_AGE}; Path=/; "
                                              f"SameSite=Lax; HttpOnly{secure}")]

    @property
    def status_line(self) -> str:
        return f"{self.status} {REASONS[self.status]}"


def refuse(reason: str, *, allow: bool = False) -> Reply:
    """Count a refusal and say why, in the status code."""
    get_recorder().reject(reason)
    headers = [_NO_STORE, ("Allow", "GET, POST")] if allow else [_NO_STORE]
    return Reply(405 if allow else STATUS[reason], headers)


@dataclass
class Accepted:
    """A beacon that passed every check: to be recorded, then answered with ``reply``."""

    beacon: Beacon
    reply: Reply


def check(*, method: str, query: str, body: bytes | None, content_type: str, cookies: str, remote_addr: str,
          forwarded_for: str, wait: bool = True) -> Accepted | Reply:
    """Check one beacon: ``Accepted``, or the refusal (already counted). ``body`` is ``None`` when it
    exceeded ``MAX_BYTES``. ``wait=False`` never waits for the database (an event the catalog does
    not know yet is refused while it is read again in the background)."""
    if method not in ("GET", "POST"):
        return refuse(Rejection.MALFORMED, allow=True)
    if body is None or len(query) > MAX_BYTES:
        return refuse(Rejection.OVERSIZED)
    fields = _fields(method, query, body, content_type)
    if fields is None:
        return refuse(Rejection.MALFORMED)

    event = _event_id(fields.get("e"))
    kind = fields.get("k") or BeaconKind.PAGE_VIEW
    if event is None or kind not in KINDS:
        return refuse(Rejection.MALFORMED)
    campaign = catalog.event(event, wait=wait)
    if campaign is None:
        return refuse(Rejection.UNKNOWN_EVENT)
    viewer, new_cookie = _viewer(fields.get("v"), cookies)
    if viewer is None:
        return refuse(Rejection.BAD_VIEWER)
    source = fields.get("src")
    channel = catalog.channel(source) if isinstance(source, str) and source else None

    recorder = get_recorder()
    client = address_key(remote_addr, forwarded_for, config().proxy_count, recorder.salt)
    now = time.time()
    if not recorder.limiter.admit(client, now):
        return refuse(Rejection.RATE_LIMITED)
    beacon = Beacon(event, channel or UNATTRIBUTED, kind, viewer, int(now * 1000), campaign_id=campaign)
    cookie = viewer if new_cookie else ""
    if method == "GET" and fields.get("img") == "1":
        return Accepted(beacon, Reply(200, [_NO_STORE, ("Content-Type", "image/gif")], PIXEL, cookie))
    return Accepted(beacon, Reply(204, [_NO_STORE], cookie=cookie))


def handle(**request) -> Reply:
    """Check one beacon, record it, and answer (see ``check`` for the arguments)."""
    outcome = check(**request)
    if isinstance(outcome, Reply):
        return outcome
    try:
        get_recorder().record(outcome.beacon)
    except WriteFailed as error:
        log.warning("audience: beacon not recorded: %s", error)
        return refuse(Rejection.UNAVAILABLE)
    return outcome.reply


async def handle_async(**request) -> Reply:
    """``handle`` for an event loop: waits for the write without holding a thread."""
    if not catalog.loaded:  # the process's first beacon: read the catalog off the loop, once
        await asyncio.to_thread(catalog.load)
    outcome = check(**request, wait=False)
    if isinstance(outcome, Reply):
        return outcome
    try:
        await get_recorder().record_async(outcome.beacon)
    except WriteFailed as error:
        log.warning("audience: beacon not recorded: %s", error)
        return refuse(Rejection.UNAVAILABLE)
    return outcome.reply


def read_body(content_length: str, stream) -> bytes | None:
    """At most ``MAX_BYTES`` of the body, read from a WSGI input; ``None`` when there is more."""
    try:
        length = int(content_length) if content_length else -1
    except ValueError:
        length = -1
    if length > MAX_BYTES:
        return None
    if length == 0:
        return b""
    data = stream.read(length if length > 0 else MAX_BYTES + 1)
    return None if len(data) > MAX_BYTES else data


def _fields(method: str, query: str, body: bytes, content_type: str) -> dict | None:
    """The beacon's fields from the query string and, for POST, the body; ``None`` if unreadable."""
    try:
        fields = _form(query) if query else {}
        if method == "POST" and body.strip():
            if content_type.startswith("application/x-www-form-urlencoded"):
                fields.update(_form(body.decode()))
            else:
                data = json.loads(body)
                if not isinstance(data, dict):
                    return None
                fields.update(data)
    except (ValueError, RecursionError):
        return None
    return fields


def _form(text: str) -> dict[str, str]:
    """``a=1&b=x`` as a dict: ``urllib.parse.parse_qsl`` made lean for the few short fields of a beacon."""
    parts = text.split("&")
    if len(parts) > MAX_FIELDS:
        raise ValueError("too many fields")
    fields = {}
    for part in parts:
        name, _, value = part.partition("=")
        if "%" in value or "+" in value:
            value = unquote_plus(value, errors="strict")
        if "%" in name or "+" in name:
            name = unquote_plus(name, errors="strict")
        fields[name] = value
    return fields


def _event_id(value) -> int | None:
    """An event id given as a number or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**63 else None
    if isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
        return int(value) or None
    return None


def _viewer(given, cookies: str) -> tuple[str | None, bool]:
    """The viewer id and whether it is new (to be set in the cookie); ``None`` if the one given is invalid."""
    if given is not None and given != "":
        if isinstance(given, str) and VIEWER.fullmatch(given):
            return given, False
        return None, False
    if cookies and COOKIE in cookies:
        for part in cookies.split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE and VIEWER.fullmatch(value):
                return value, False
    return secrets.token_urlsafe(16), True

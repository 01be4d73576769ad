"""Live passes: what lets a staff page poll an event's or a campaign's live figures without its session.

A page that shows live figures asks for them every two seconds. Answered as any staff request is,
each poll would read the session and the user and ask the access rule again: four to six times the
cost of the figures themselves, on the request that the big screen and every open live page repeat
all through a livestream. So the first poll, answered through the session and the access rule, also
carries a *live pass* (the ``X-Live-Pass`` response header): a token signed with the site's secret
key naming the scope (event or campaign), its id, the user it was issued to and their language. The
page sends it back with its next polls, and those are answered on the pass alone: the signature and
the age checked, no query. A pass lasts ``AUDIENCE_LIVE_PASS_SECONDS`` (default 300 s); an expired or
altered one is refused (403) and the page asks through its session again, which issues a new one.

The trade-off, stated: access withdrawn from a user (or a user deactivated or logged out) still lets
a page already open read the same figures for at most the life of its pass. The figures are an
event's audience totals, and the pass opens nothing else.
"""

from dataclasses import dataclass

from django.core import signing

from .conf import config

# The header in which a page sends its pass, and the response header that carries a new one.
HEADER = "X-Live-Pass"
META_KEY = "HTTP_X_LIVE_PASS"
ASGI_HEADER = b"x-live-pass"

SALT = "yunzhao.audience.live-pass"
SCOPES = frozenset({"event", "campaign"})
# Longer tokens are not read at all.
MAX_LENGTH = 200


@dataclass(frozen=True)
class LivePass:
    """What a valid pass says: whose page may read which live figures, in which language."""

    scope: str
    id: int
    user_id: int
    language: str


def issue(*, scope: str, id: int, user_id: int, language: str) -> str:
    """A pass for ``user_id``'s page showing ``scope`` ``id``; the caller has checked their access."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    return _signer().sign(f"{scope}:{id}:{user_id}:{language}")


def read(token: str, *, scope: str, id: int) -> LivePass | None:
    """The pass if ``token`` is one this site signed, not older than its life, for ``scope`` ``id``;
    ``None`` otherwise (expired, altered, for other figures, or not a pass at all)."""
    if not token or len(token) > MAX_LENGTH:
        return None
    try:
        value = _signer().unsign(token, max_age=config().live_pass_seconds)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    parts = value.split(":")
    if len(parts) != 4 or parts[0] != scope or parts[1] != str(id):
        return None
    return LivePass(scope=parts[0], id=id, user_id=int(parts[2]), language=parts[3])


def _signer() -> signing.TimestampSigner:
    # Made at each use, so that a change of SECRET_KEY (or its fallbacks) is taken at once.
    return signing.TimestampSigner(salt=SALT)

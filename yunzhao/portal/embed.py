"""Which livestream and video players the portal may embed: those the CSP's ``frame-src`` allows.

The hosts come from ``CSP_FRAME_SRC`` (read by the settings into the policy). A player on any other
host would be blocked by the browser, so the page links out to the platform instead.
"""

from functools import cache
from urllib.parse import urlsplit

from django.conf import settings


@cache
def _allowed(sources: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(exact hosts, wildcard suffixes) from CSP source expressions such as ``https://*.example.com``."""
    exact, suffixes = [], []
    for source in sources:
        source = source.strip().strip("'")
        if not source or source in ("self", "none", "*") or source.endswith(":"):
            continue
        host = urlsplit(source if "//" in source else f"//{source}").hostname or ""
        if source.split("//")[-1].startswith("*."):
            suffixes.append("." + host.lstrip("*."))
        elif host:
            exact.append(host)
    return tuple(exact), tuple(suffixes)


def frame_sources() -> tuple[str, ...]:
    """The CSP ``frame-src`` source expressions in force."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return tuple(policy.get("DIRECTIVES", {}).get("frame-src", ()))


def can_embed(url: str) -> bool:
    """Whether a player at ``url`` may be shown in an iframe here (HTTPS and a host the CSP allows)."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        return False
    exact, suffixes = _allowed(frame_sources())
    return host in exact or any(host.endswith(suffix) for suffix in suffixes)

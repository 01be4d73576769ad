"""A per-address rate limit on the public forms, counted in the cache (no third-party service).

The address is hashed before it becomes a cache key: it is personal data and is never stored.
Behind a reverse proxy, set ``PORTAL_PROXY_COUNT`` to the number of proxies that append to
``X-Forwarded-For``; the client is then the address that many hops from the right.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Default: five submissions per address in ten minutes.
DEFAULT_LIMIT = (5, 600)


def client_address(request: HttpRequest) -> str:
    """The visitor's address, taking trusted proxies into account."""
    proxies = int(getattr(settings, "PORTAL_PROXY_COUNT", 0))
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def allow(request: HttpRequest, bucket: str) -> bool:
    """Count one attempt for the visitor's address; ``False`` once the limit of the window is passed."""
    limit, window = getattr(settings, "PORTAL_RATE_LIMIT", DEFAULT_LIMIT)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    key = f"portal:rate:{bucket}:{digest}"
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, window)
        return True
    return count <= limit

"""The version of the published content, so that cached public pages are dropped when it changes.

Public pages are cached under a key that includes this version; every publish or unpublish
replaces it (after the transaction commits), and the next request renders the pages afresh. The
version lives in the shared cache; each process reads it again at most ``VERSION_SECONDS`` after
its last read (a cached page then costs no round trip to the cache at all), so another process
serves a publication at most that long after it, and the publishing process at once.
"""

import time
import uuid

from django.core.cache import cache

VERSION_KEY = "publishing:version"
VERSION_SECONDS = 1.0
_known: tuple[float, str] | None = None  # (read again after, version) in this process


def content_version() -> str:
    """The current version of the published content (as this process read it within the last second)."""
    global _known
    known = _known
    if known is not None and time.monotonic() < known[0]:
        return known[1]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        # Another process may have set it meanwhile; theirs wins, so everyone agrees.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    _known = (time.monotonic() + VERSION_SECONDS, version)
    return version


def content_changed() -> None:
    """Give the published content a new version: cached public pages are no longer used."""
    global _known
    version = uuid.uuid4().hex[:12]
    cache.set(VERSION_KEY, version, timeout=None)
    _known = (time.monotonic() + VERSION_SECONDS, version)


def forget_version() -> None:
    """Read the version from the shared cache on next use (after the cache was emptied)."""
    global _known
    _known = None

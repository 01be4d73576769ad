"""The version of the published content, so that cached public pages are dropped when it changes.

Public pages are cached under a key that includes this version; every publish or unpublish
replaces it (after the transaction commits), and the next request renders the pages afresh. The
version lives in the shared cache, so every app process sees a new one on its next request.
"""

import uuid

from django.core.cache import cache

VERSION_KEY = "publishing:version"


def content_version() -> str:
    """The current version of the published content."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        # Another process may have set it meanwhile; theirs wins, so everyone agrees.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def content_changed() -> None:
    """Give the published content a new version: cached public pages are no longer used."""
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], timeout=None)

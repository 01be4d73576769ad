import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages, rate limits and QR codes do not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages, rate limits and QR codes do not leak from one test into the next."""
    from django.core.cache import cache

    from yunzhao.portal.pages import local_pages

    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()


@pytest.fixture
def units_tx(transactional_db):
    from yunzhao.orgs.reference import ensure_units

    return ensure_units()


@pytest.fixture
def zone_staff_tx(units_tx):
    from yunzhao.orgs.choices import Role
    from yunzhao.testing.factories import UserFactory

    return UserFactory(username="hightech_tx", role=Role.ZONE_STAFF, unit=units_tx["hightech"])

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached pages, rate limits and QR codes do not leak from one test into the next."""
    from django.core.cache import cache

    from yunzhao.portal.pages import local_pages
    from yunzhao.publishing.cache import forget_version

    cache.clear()
    local_pages.clear()
    forget_version()
    yield
    cache.clear()
    local_pages.clear()
    forget_version()


@pytest.fixture
def units_tx(transactional_db):
    """Units (and the privacy notice) for tests outside a transaction: their migrations' rows are flushed."""
    from django.utils import timezone

    from yunzhao.crm.models import PrivacyNotice
    from yunzhao.orgs.reference import ensure_units

    PrivacyNotice.objects.get_or_create(version="2025.1", defaults={
        "text_zh": "隐私声明", "text_en": "Privacy notice", "effective_from": timezone.now()})
    return ensure_units()


@pytest.fixture
def zone_staff_tx(units_tx):
    from yunzhao.orgs.choices import Role
    from yunzhao.testing.factories import UserFactory

    return UserFactory(username="hightech_tx", role=Role.ZONE_STAFF, unit=units_tx["hightech"])


@pytest.fixture
def racing_threads(transactional_db):
    """For tests that race threads against one database: PostgreSQL only."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables between threads; "
                    "run with DATABASE_URL=postgres://… for the threaded race")

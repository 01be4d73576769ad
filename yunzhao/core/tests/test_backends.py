"""The production set-up (PostgreSQL via DATABASE_URL, Redis via REDIS_URL) is exercised when configured.

`.ci/run` runs the whole suite twice: on the embedded default, and with both variables set.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="DATABASE_URL is not PostgreSQL"
)


def test_embedded_default_is_sqlite_under_var_without_redis(monkeypatch):
    # given a clean environment
    import importlib

    import yunzhao.settings as module

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    try:
        fresh = importlib.reload(module)
        # then
        assert fresh.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        assert str(fresh.DATABASES["default"]["NAME"]).startswith(str(fresh.VAR_DIR))
        assert fresh.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        assert fresh.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_database_url_and_redis_url_switch_backends(monkeypatch):
    import importlib

    import yunzhao.settings as module

    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example:5432/yz")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6379/2")
    try:
        fresh = importlib.reload(module)
        assert fresh.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert fresh.DATABASES["default"]["HOST"] == "db.example"
        assert fresh.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
        assert fresh.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    finally:
        monkeypatch.undo()
        importlib.reload(module)


@needs_redis
def test_redis_holds_the_cache():
    # when
    cache.set("yz-probe", {"n": 1}, 30)
    # then
    assert cache.get("yz-probe") == {"n": 1}
    from django_redis import get_redis_connection

    raw = get_redis_connection("default")
    assert any(b"yz-probe" in key for key in raw.keys("*yz-probe*"))


@needs_redis
def test_sessions_live_in_redis_so_app_servers_keep_no_state(client, district_staff):
    # when
    client.force_login(district_staff)
    # then
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    from django.contrib.sessions.backends.cache import SessionStore

    assert SessionStore(client.session.session_key).get("_auth_user_id") == str(district_staff.pk)


@needs_postgres
def test_postgres_computes_the_generated_yuan_amount(city_staff):
    from decimal import Decimal

    from yunzhao.testing.factories import make_project

    assert connection.vendor == "postgresql"
    project = make_project(city_staff, total_investment=Decimal("123456789.12"))
    project.refresh_from_db()
    assert project.total_investment_cny == Decimal("123456789.12")


def test_health_check_reaches_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_parallel_test_workers_get_redis_databases_of_their_own(monkeypatch):
    # given
    from yunzhao.settings import _redis_database_per_test_worker

    urls = {}
    # when
    for worker in ("gw0", "gw1", "gw2"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        urls[worker] = _redis_database_per_test_worker("redis://127.0.0.1:6379/15")
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    # then
    assert urls == {"gw0": "redis://127.0.0.1:6379/15", "gw1": "redis://127.0.0.1:6379/14",
                    "gw2": "redis://127.0.0.1:6379/13"}
    assert _redis_database_per_test_worker("redis://127.0.0.1:6379/15") == "redis://127.0.0.1:6379/15"
    assert _redis_database_per_test_worker("") == ""

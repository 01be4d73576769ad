"""Fixtures shared by every app's tests: the organisation units and one user per role."""

import pytest

from yunzhao.orgs.choices import Role
from yunzhao.orgs.reference import ensure_units
from yunzhao.testing.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    """Plain static storage (no manifest needed) and a fast hasher; production uses Argon2."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Beacons are written in the request's own thread, inside the test's transaction.
    settings.AUDIENCE_GROUP_COMMIT = False


@pytest.fixture
def units(db):
    """Jinan's units: ``units["lixia"]``, ``units["hightech"]``, ``units["jnipb"]``, ``units["jdng"]``…"""
    return ensure_units()


@pytest.fixture
def city_admin(units):
    return UserFactory(username="city_admin", role=Role.CITY_ADMIN, unit=units["jnipb"])


@pytest.fixture
def city_staff(units):
    return UserFactory(username="city_staff", role=Role.CITY_STAFF, unit=units["jnipb"])


@pytest.fixture
def leader(units):
    return UserFactory(username="leader", role=Role.LEADER, unit=units["jnipb"])


@pytest.fixture
def district_staff(units):
    """Staff of 历下区 (Lixia)."""
    return UserFactory(username="lixia_staff", role=Role.DISTRICT_STAFF, unit=units["lixia"])


@pytest.fixture
def other_district_staff(units):
    """Staff of 槐荫区 (Huaiyin)."""
    return UserFactory(username="huaiyin_staff", role=Role.DISTRICT_STAFF, unit=units["huaiyin"])


@pytest.fixture
def zone_staff(units):
    """Staff of the High-Tech Zone."""
    return UserFactory(username="hightech_staff", role=Role.ZONE_STAFF, unit=units["hightech"])


@pytest.fixture
def media_editor(units):
    return UserFactory(username="editor", role=Role.MEDIA_EDITOR, unit=units["jdng"])


# --- Browser tests ---------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser build)."""
    import os
    import shutil

    if not shutil.which("chromium") and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it from Debian's packages")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (cookies, storage) against the live server, in Chinese by default."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str, password: str = "correct horse battery") -> None:
    """Log in through the login form, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from yunzhao.orgs.choices import Role
from yunzhao.testing.factories import UserFactory

PASSWORD = "correct horse battery"


def test_pages_require_login(client, db):
    # when
    response = client.get(reverse("projects:ledger"))
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese_by_default_and_english_on_request(client, db):
    assert "登录" in client.get(reverse("login")).content.decode()
    english = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff log in" in english


def test_successful_login_starts_a_session(client, district_staff):
    # when
    response = client.post(reverse("login"), {"username": district_staff.username, "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(district_staff.pk)


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, district_staff):
    # given
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": district_staff.username, "password": "wrong"})
        assert response.status_code in (200, 429)
    # when
    response = client.post(reverse("login"), {"username": district_staff.username, "password": PASSWORD})
    # then
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username=district_staff.username).failures_since_start >= 5


def test_lockout_ends_after_the_cool_off(client, district_staff, settings):
    # given
    import datetime as dt

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": district_staff.username, "password": "wrong"})
    # when the cool-off has passed
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    response = client.post(reverse("login"), {"username": district_staff.username, "password": PASSWORD})
    # then
    assert response.status_code == 302


def test_other_users_are_not_locked_by_someone_elses_failures(client, district_staff, other_district_staff):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": district_staff.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": other_district_staff.username, "password": PASSWORD})
    assert response.status_code == 302


def test_sessions_are_idle_timed_out_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_passwords_are_hashed_with_argon2_in_production_settings():
    # The suite swaps in a fast hasher per test; the configured list is read from the module.
    from yunzhao import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hashes_a_real_password(db, settings):
    # given
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(role=Role.CITY_STAFF)
    # then
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


def test_a_fresh_database_has_no_accounts(db):
    call_command("migrate", verbosity=0)
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("role", "unit_code", "ok"),
    [
        (Role.DISTRICT_STAFF, "lixia", True),
        (Role.DISTRICT_STAFF, "hightech", False),
        (Role.ZONE_STAFF, "hightech", True),
        (Role.MEDIA_EDITOR, "jdng", True),
        (Role.CITY_STAFF, "lixia", False),
    ],
)
def test_a_role_needs_a_unit_of_the_right_kind(units, role, unit_code, ok):
    from django.core.exceptions import ValidationError

    from yunzhao.orgs.actions import create_user

    if ok:
        assert create_user(username="u", password=None, role=role, unit=units[unit_code]).pk
    else:
        with pytest.raises(ValidationError):
            create_user(username="u", password=None, role=role, unit=units[unit_code])


def test_logout_ends_the_session(client, district_staff):
    client.force_login(district_staff)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session

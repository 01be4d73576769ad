from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from yunzhao.demo.accounts import DEMO_ACCOUNTS, demo_password, ensure_demo_accounts
from yunzhao.orgs.models import User
from yunzhao.projects.models import ExchangeRate


def test_the_demo_password_passes_the_password_validators():
    for account in DEMO_ACCOUNTS:
        validate_password(demo_password(), User(username=account.username, display_name=account.display_name))


@pytest.mark.django_db
def test_a_weak_demo_password_is_refused_and_nothing_is_written(monkeypatch):
    # given
    monkeypatch.setenv("YUNZHAO_DEMO_PASSWORD", "12345678")
    # when
    with pytest.raises(CommandError) as exc:
        call_command("seed_demo", scale=0, stdout=StringIO())
    # then
    assert "password" in str(exc.value).lower()
    assert not User.objects.exists()
    assert not ExchangeRate.objects.exists()


def test_existing_demo_accounts_keep_their_passwords(units):
    # given
    users, _ = ensure_demo_accounts(units)
    users["demo-city"].set_password("a-new-private-passphrase")
    users["demo-city"].save()
    # when
    again, created = ensure_demo_accounts(units)
    # then
    assert created == 0
    assert again["demo-city"].check_password("a-new-private-passphrase")

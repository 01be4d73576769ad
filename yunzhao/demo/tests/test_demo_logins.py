from io import StringIO

from django.core.management import call_command

from yunzhao.demo.accounts import DEMO_ACCOUNTS, demo_password, ensure_demo_accounts
from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import User


def logins() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_demo_logins_lists_every_role_with_the_password(units):
    # given
    ensure_demo_accounts(units)
    # when
    text = logins()
    # then
    assert all(account.username in text for account in DEMO_ACCOUNTS)
    assert all(str(role.label) in text for role in Role)
    assert "历下区" in text and "Lixia District" in text
    assert text.count(demo_password()) == 1


def test_demo_logins_says_there_are_none_and_prints_no_password(units, city_staff):
    # when
    text = logins()
    # then
    assert "seed_demo" in text
    assert demo_password() not in text
    assert city_staff.username not in text


def test_demo_logins_marks_changed_passwords_and_hides_a_password_nobody_uses(units):
    # given
    users, created = ensure_demo_accounts(units)
    assert created == len(DEMO_ACCOUNTS)
    users["demo-admin"].set_password("a-new-private-passphrase")
    users["demo-admin"].save()
    # when
    text = logins()
    # then
    assert "demo-admin *" in text and "demo-city *" not in text
    assert demo_password() in text
    # given all passwords changed
    for user in User.objects.all():
        user.set_password("a-new-private-passphrase")
        user.save()
    # then
    assert demo_password() not in logins()

import hashlib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import translation

from yunzhao.core.choices import Currency
from yunzhao.core.models import TimelineEntry
from yunzhao.crm.choices import InteractionKind
from yunzhao.crm.models import Contact, Interaction, Investor
from yunzhao.demo.accounts import DEMO_ACCOUNTS, demo_password
from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import User
from yunzhao.orgs.reference import ensure_units
from yunzhao.projects.choices import CapitalSource, Stage
from yunzhao.projects.models import CapitalRecord, ExchangeRate, Project, SchedulingUpdate
from yunzhao.projects.selectors import key_projects_missing_update
from yunzhao.testing.factories import UserFactory, make_investor

FINGERPRINTED = (Project, Investor, User, ExchangeRate, CapitalRecord, Interaction)


def row_counts() -> dict[str, int]:
    """How many rows every model has, timeline entries and tags included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def fingerprint() -> dict[str, str]:
    """A digest of every column of every row of the main models, to see that nothing changed in place."""
    return {
        model.__name__: hashlib.sha256(repr(list(model._default_manager.order_by("pk").values_list())).encode())
        .hexdigest()
        for model in FINGERPRINTED
    }


def seed(**options) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", scale=0.05, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small demo city for this module, seeded twice, rolled back at the end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        # given: staff had already recorded one of the press investors
        units = ensure_units()
        staff = UserFactory(username="staff", role=Role.CITY_STAFF, unit=units["jnipb"])
        existing = make_investor(staff, name_zh="宁德时代新能源科技股份有限公司", name_en="CATL")
        # when
        first = seed()
        counts, prints = row_counts(), fingerprint()
        second = seed()
        yield SimpleNamespace(first=first, second=second, counts=counts, prints=prints, existing=existing)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_role_has_an_account_with_the_printed_password(seeded):
    assert demo_password() in seeded.first and "projects:" in seeded.first
    users = {u.username: u for u in User.objects.select_related("unit")}
    assert {Role(u.role) for u in users.values()} == set(Role)
    assert all(users[a.username].check_password(demo_password()) for a in DEMO_ACCOUNTS)
    assert users["demo-lixia"].unit.code == "lixia" and users["demo-hightech"].unit.code == "hightech"


@pytest.mark.django_db
def test_projects_reach_every_stage_with_chains_and_capital_of_both_sources(seeded):
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage)
    assert Project.objects.get(code="DEMO-0013").chain_projects.count() == 17
    assert CapitalRecord.objects.filter(source=CapitalSource.FOREIGN, currency=Currency.USD).exists()
    assert CapitalRecord.objects.filter(source=CapitalSource.DOMESTIC, currency=Currency.CNY).exists()
    assert len(CapitalRecord.objects.dates("received_on", "year")) >= 4
    assert ExchangeRate.objects.filter(currency=Currency.USD).count() >= 6 * 12


@pytest.mark.django_db
def test_some_key_projects_miss_this_periods_update(seeded):
    missing = key_projects_missing_update(User.objects.get(username="demo-city"))
    assert missing.exists()
    assert SchedulingUpdate.objects.exclude(project__in=missing).exists()


@pytest.mark.django_db
def test_history_went_through_the_actions(seeded):
    catl = Project.objects.get(code="DEMO-0013")
    events = list(TimelineEntry.objects.for_object(catl).values_list("event", flat=True))
    assert events.count("stage_changed") == 5 and "created" in events and "capital_recorded" in events
    rounds = Interaction.objects.filter(project=catl, kind=InteractionKind.NEGOTIATION)
    assert rounds.aggregate(n=Max("round_number"))["n"] == 41
    assert (catl.signed_on.isoformat(), catl.started_on.isoformat()) == ("2022-11-18", "2023-07-06")
    assert not Contact.objects.filter(consent_given=False).exclude(phone="").exists()


@pytest.mark.django_db
def test_district_work_is_done_by_the_district_account(seeded):
    lixia = User.objects.get(username="demo-lixia")
    own = Project.objects.filter(district=lixia.unit, zone__isnull=True)
    assert own.exists()
    assert set(own.values_list("created_by__username", flat=True)) == {"demo-lixia"}
    assert set(Project.objects.visible_to(lixia).values_list("district__code", flat=True)) == {"lixia"}


@pytest.mark.django_db
def test_an_investor_recorded_by_staff_is_reused(seeded):
    assert Investor.objects.filter(name_key=seeded.existing.name_key).count() == 1
    assert list(Project.objects.get(code="DEMO-0013").investors.all()) == [seeded.existing]


@pytest.mark.django_db
def test_the_second_run_changes_nothing(seeded):
    assert row_counts() == seeded.counts
    assert fingerprint() == seeded.prints
    assert "nothing was changed" in seeded.second

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yunzhao.campaigns import actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.campaigns.models import Signing
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.projects.choices import Stage
from yunzhao.testing.factories import make_project


@pytest.fixture
def provincial_event(city_staff, units):
    return actions.create_event(
        actor=city_staff, title_zh="山东省重点外资项目签约活动", level=EventLevel.PROVINCIAL,
        owner_unit=units["jnipb"], starts_at=timezone.make_aware(dt.datetime(2021, 3, 18, 10)),
    )


@pytest.fixture
def city_event(city_staff, units):
    return actions.create_event(
        actor=city_staff, title_zh="济南市云招商推介会", level=EventLevel.CITY, owner_unit=units["jnipb"],
        starts_at=timezone.make_aware(dt.datetime(2021, 3, 30, 14)),
    )


def test_first_signing_moves_the_project_to_signed_and_is_credited(city_staff, provincial_event):
    # given
    project = make_project(city_staff, total_investment=Decimal("800000000"))
    # when
    signing = actions.record_signing(provincial_event, project, actor=city_staff, parties="甲方；乙方",
                                     signed_on=dt.date(2021, 3, 18), amount=Decimal("800000000"))
    # then
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.signed_on == dt.date(2021, 3, 18)
    assert (signing.credited_project, signing.credited_amount_cny) == (True, Decimal("800000000"))
    assert timeline.for_object(project).filter(event=TimelineEvent.SIGNED).count() == 1


def test_a_project_signed_at_provincial_then_city_level_is_credited_once(city_staff, provincial_event, city_event):
    # given
    project = make_project(city_staff)
    actions.record_signing(provincial_event, project, actor=city_staff, parties="p", signed_on=dt.date(2021, 3, 18),
                           amount=Decimal("500000000"))
    # when the same agreement is signed again at the city event
    again = actions.record_signing(city_event, project, actor=city_staff, parties="p",
                                   signed_on=dt.date(2021, 3, 30), amount=Decimal("500000000"))
    # then
    assert (again.credited_project, again.credited_amount_cny) == (False, Decimal("0"))
    assert Signing.objects.credited().filter(project=project).count() == 1


def test_a_capital_increase_counts_only_the_increment(city_staff, provincial_event, city_event):
    project = make_project(city_staff)
    actions.record_signing(provincial_event, project, actor=city_staff, parties="p", signed_on=dt.date(2021, 3, 18),
                           amount=Decimal("500000000"))
    bigger = actions.record_signing(city_event, project, actor=city_staff, parties="p",
                                    signed_on=dt.date(2021, 3, 30), amount=Decimal("800000000"))
    assert (bigger.credited_project, bigger.credited_amount_cny) == (False, Decimal("300000000"))


def test_a_signing_entered_late_takes_the_credit_of_the_earlier_date(city_staff, provincial_event, city_event):
    # given the city signing is entered first
    project = make_project(city_staff)
    city = actions.record_signing(city_event, project, actor=city_staff, parties="p", signed_on=dt.date(2021, 3, 30),
                                  amount=Decimal("500000000"))
    # when the earlier provincial signing is entered afterwards
    provincial = actions.record_signing(provincial_event, project, actor=city_staff, parties="p",
                                        signed_on=dt.date(2021, 3, 18), amount=Decimal("500000000"))
    # then the credit is on the first signing by date, once
    city.refresh_from_db()
    assert provincial.credited_project is True
    assert (city.credited_project, city.credited_amount_cny) == (False, Decimal("0"))


def test_other_district_cannot_sign_a_project(district_staff, other_district_staff, city_event):
    project = make_project(district_staff)
    with pytest.raises(PermissionDenied):
        actions.record_signing(city_event, project, actor=other_district_staff, parties="p",
                               signed_on=dt.date(2021, 3, 30), amount=Decimal("1"))

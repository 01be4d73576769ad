"""Conversion from signed to started, production and capital in place; the 三未 and scheduling watch lists."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from yunzhao.projects import actions as project_actions
from yunzhao.stats import conversion, figures
from yunzhao.stats.periods import parse, year

from .conftest import YI

D = dt.date


def test_conversion_of_the_projects_signed_in_the_period(ledger):
    # when
    (funnel,) = conversion.conversion(parse("2023"))
    # then: signed P1 P2 P3 P4 P5; started P1 (167 days) and P4 (61 days); P1 in production 91 days after
    # starting; capital in place for P1 (2 days), P2 (16), P3 (41), P4 (92)
    assert funnel.counts == {"signed": 5, "started": 2, "production": 1, "capital": 4}
    assert funnel.median_days == {"started": 114, "production": 91, "capital": 28.5}
    assert funnel.rates["started"] == Decimal("0.4")
    assert funnel.rates["capital"] == Decimal("0.8")


def test_conversion_counts_the_steps_reached_by_the_end_of_the_period(ledger):
    # when the first half of 2023 is read: P1 started only in September
    (funnel,) = conversion.conversion(parse("2023H1"))
    # then: signed P1 P2 P3 P5; capital by 30 June for P1 P2 P3
    assert funnel.counts == {"signed": 4, "started": 0, "production": 0, "capital": 3}
    assert funnel.median_days["started"] is None


def test_conversion_by_district(ledger, units):
    funnels = {f.key: f for f in conversion.conversion(parse("2023"), dimension="district")}
    assert funnels[units["lixia"].pk].counts == {"signed": 3, "started": 1, "production": 1, "capital": 2}
    assert funnels[units["tianqiao"].pk].median_days["started"] == 61
    assert funnels[units["shanghe"].pk].counts["signed"] == 0
    assert len(funnels) == 12


def test_stalled_lists_as_of_the_end_of_the_period(ledger, settings):
    # when read at 2023-12-31 with six months
    found = figures.compute(["stalled_unstarted", "stalled_not_in_production"], parse("2023"))
    # then: signed by 2023-06-30 and not started: P2, P3, P5 and P7 (2022); P1 started, P4 signed in August
    unstarted = found["stalled_unstarted"]
    assert unstarted.count == 4
    assert unstarted.amount == Decimal("97500000") + 65 * YI + Decimal("80000000") + Decimal("50000000")
    assert unstarted.last is None and unstarted.yoy is None
    # and started by 2023-06-30 but not in production: P6
    assert found["stalled_not_in_production"].count == 1
    # when the threshold is twelve months, only P7 (signed 2022-05-05) has waited that long
    settings.YUNZHAO_STALLED_MONTHS = 12
    assert figures.compute(["stalled_unstarted"], parse("2023"))["stalled_unstarted"].count == 1


def test_lost_projects_are_not_stalled(ledger, city_staff):
    project_actions.change_stage(ledger.p7, to="lost", actor=city_staff, reason="investor withdrew")
    assert figures.compute(["stalled_unstarted"], parse("2023"))["stalled_unstarted"].count == 3


def test_key_projects_missing_their_scheduling_update(ledger, city_staff):
    # given P3 and P4 are key projects; P3 reports this period
    project_actions.submit_scheduling_update(ledger.p3, actor=city_staff, progress="土建完成60%")
    this_year = year(timezone.localdate().year)
    # when
    figure = figures.compute(["missing_updates"], this_year)["missing_updates"]
    rows = figures.record_parts("missing_updates", this_year)[0].queryset
    # then
    assert figure.count == 1
    assert [project.pk for project in rows] == [ledger.p4.pk]
    # and at the end of 2023 neither had reported
    assert figures.compute(["missing_updates"], parse("2023"))["missing_updates"].count == 2

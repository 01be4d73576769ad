"""The dashboards' numbers are the statistics engine's: the hand-worked ledger of ``yunzhao/stats/tests``,
read on 31 December 2023, through the dashboard, the big screen and the month-by-month series."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from yunzhao.dashboards import series
from yunzhao.dashboards.selectors import HEADLINE, MONTHLY, leadership, screen
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.stats import figures, periods

from .conftest import TODAY

D = dt.date
YI = Decimal(100_000_000)


def test_headline_figures_are_the_stats_figures_of_the_year_and_month(leader, ledger):
    # when
    dashboard = leadership(leader, today=TODAY)
    # then: each card holds the engine's figure for 2023 and for December 2023
    of_year = figures.compute(HEADLINE, periods.year(2023), user=leader, today=TODAY)
    of_month = figures.compute(HEADLINE, periods.month(2023, 12), user=leader, today=TODAY)
    for (this_year, this_month), code in zip(dashboard.headline, HEADLINE, strict=True):
        assert (this_year.code, this_year.count, this_year.amount, this_year.yoy) == (
            code,
            of_year[code].count,
            of_year[code].amount,
            of_year[code].yoy,
        )
        assert (this_month.count, this_month.amount) == (of_month[code].count, of_month[code].amount)
    # and the values worked out by hand in the ledger's docstring
    by_code = {year.code: (year, month) for year, month in dashboard.headline}
    signed, _ = by_code["signed_ge1"]
    assert (signed.count, signed.amount, signed.last.count, signed.yoy) == (
        4,
        Decimal("19103500000.00"),
        1,
        3,
    )
    assert by_code["foreign_capital"][0].amount == Decimal("16449275.36")
    assert by_code["domestic_capital"][0].amount == Decimal("250000000.00")
    assert by_code["projects_started"][0].count == 2
    production_year, production_month = by_code["projects_in_production"]
    assert (production_year.count, production_month.count) == (1, 1)  # P1, in production on 1 December
    assert by_code["signed_ge1"][1].count == 0
    assert (dashboard.year.code, dashboard.month.code) == ("2023", "2023-12")


def test_months_add_up_to_the_stats_figure_of_each_month(leader, ledger):
    # when
    monthly = series.by_month(MONTHLY, 2023, user=leader, today=TODAY)
    # then every month of both years is the engine's figure for that month
    for code in MONTHLY:
        for year, measures in ((2023, monthly[code].this), (2022, monthly[code].last)):
            assert len(measures) == 12
            for month, measure in enumerate(measures, start=1):
                expected = figures.compute([code], periods.month(year, month), user=leader, today=TODAY)[code]
                assert (measure.count, measure.amount) == (expected.count, expected.amount), (
                    code,
                    year,
                    month,
                )
    # and by hand: P1, P2, P3 signed in March, P4 in August; P6 in March 2022
    assert monthly["signed_ge1"].values() == [0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert monthly["signed_ge1"].values("last") == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    foreign = monthly["foreign_capital"].values()
    assert foreign[2:5] == [Decimal("10000000.00"), Decimal("5000000.00"), Decimal("1449275.36")]
    assert sum(foreign) == Decimal("16449275.36")


def test_months_stop_at_today_and_refuse_lists_as_of_a_day(leader, ledger):
    monthly = series.by_month(["domestic_capital"], 2023, user=leader, today=D(2023, 7, 15))
    assert monthly["domestic_capital"].values() == [0] * 6 + [Decimal("200000000.00")]
    with pytest.raises(ValueError):
        series.by_month(["missing_updates"], 2023, user=leader, today=TODAY)


def test_pipeline_counts_projects_by_stage(leader, ledger):
    # when
    pipeline, off_pipeline = series.by_stage(leader)
    # then: P8 negotiating; P2, P3, P5, P7 signed; P4, P6 started; P1 in production
    assert [(step.stage, step.count) for step in pipeline] == [
        (Stage.LEAD, 0),
        (Stage.NEGOTIATING, 1),
        (Stage.EXPECTED, 0),
        (Stage.SIGNED, 4),
        (Stage.REGISTERED, 0),
        (Stage.STARTED, 2),
        (Stage.PRODUCTION, 1),
    ]
    assert pipeline[3].share == 1.0 and pipeline[1].share == 0.25
    assert next(step for step in pipeline if step.stage == Stage.STARTED).amount == Decimal("12300000000.00")
    assert [(step.stage, step.count) for step in off_pipeline] == [(Stage.PAUSED, 0), (Stage.LOST, 0)]


def test_districts_are_ranked_as_the_stats_ranking(leader, ledger, units):
    # when
    dashboard = leadership(leader, today=TODAY)
    # then
    ranking = figures.ranking("signed_ge1", periods.year(2023), user=leader, today=TODAY)
    assert [(row.label, row.rank, row.cells["signed_ge1"].count) for row in dashboard.districts] == [
        (f.label, f.rank, f.count) for f in ranking
    ]
    assert [(row.label, row.rank) for row in dashboard.districts[:3]] == [
        ("历下区", 1),
        ("天桥区", 2),
        ("槐荫区", 2),
    ]
    lixia = dashboard.districts[0].cells
    assert lixia["foreign_capital"].amount == Decimal("11449275.36")
    assert lixia["domestic_capital"].amount == Decimal("200000000.00")


def test_top_projects_are_the_largest_signed_this_year(leader, ledger):
    dashboard = leadership(leader, today=TODAY)
    # P4 120亿, P3 65亿, P1 5亿, P2 US$15m at March's 6.90, P5 0.8亿; not P6/P7 (2022) nor P8 (moved back)
    assert [(p.pk, p.signed_value) for p in dashboard.top_projects] == [
        (ledger.p4.pk, 120 * YI),
        (ledger.p3.pk, 65 * YI),
        (ledger.p1.pk, 5 * YI),
        (ledger.p2.pk, Decimal("103500000.00")),
        (ledger.p5.pk, Decimal("80000000.00")),
    ]


def test_overdue_updates_are_the_key_projects_missing_this_periods_update(city_staff, leader, ledger):
    # given P3 and P4 are key projects; P3 reported for an earlier period, and P4 never
    project_actions.submit_scheduling_update(
        ledger.p3, actor=city_staff, progress="土建施工中", period_start=D(2023, 11, 27)
    )
    # when
    dashboard = leadership(leader, today=TODAY)
    # then: the one never updated first
    assert [(p.pk, p.last_update) for p in dashboard.overdue] == [
        (ledger.p4.pk, None),
        (ledger.p3.pk, D(2023, 11, 27)),
    ]
    assert dashboard.missing.count == 2
    # when P3 reports for the current period
    project_actions.submit_scheduling_update(
        ledger.p3, actor=city_staff, progress="主体封顶", period_start=None
    )
    # then
    dashboard = leadership(leader, today=timezone.localdate())
    assert [p.pk for p in dashboard.overdue] == [ledger.p4.pk]
    assert dashboard.missing.count == 1


def test_a_district_user_sees_only_their_district(district_staff, ledger, units):
    # when 历下区's staff read the dashboard and the big screen
    dashboard = leadership(district_staff, today=TODAY)
    wall = screen(district_staff, today=TODAY)
    # then every figure is their district's, as the stats engine computes it for them
    mine = figures.compute(HEADLINE, periods.year(2023), user=district_staff, today=TODAY)
    signed = dashboard.headline[0][0]
    assert (signed.count, signed.amount) == (mine["signed_ge1"].count, mine["signed_ge1"].amount)
    assert (signed.count, signed.amount) == (2, 70 * YI)  # P1 5亿 and P3 65亿
    assert [row.label for row in dashboard.districts] == ["历下区"]
    assert [row.rank for row in dashboard.districts] == [None]
    assert {p.district_id for p in dashboard.top_projects} == {units["lixia"].pk}
    assert [p.pk for p in dashboard.overdue] == [ledger.p3.pk]
    assert sum(step.count for step in dashboard.pipeline) == 5  # P1, P3, P5, P6, P8
    assert [row.label for row in wall.districts] == ["历下区"]
    assert wall.headline[1].amount == Decimal("11449275.36")  # foreign capital of P1 and P3


def test_the_screen_holds_the_years_figures_districts_and_industries(leader, ledger, units):
    # when
    wall = screen(leader, today=TODAY)
    # then
    assert [f.code for f in wall.headline] == HEADLINE
    assert len(wall.districts) == 12
    tianqiao = next(row for row in wall.districts if row.key == units["tianqiao"].pk)
    assert tianqiao.cells["signed_projects"].amount == 120 * YI
    assert [(f.key, f.count, f.amount) for f in wall.industries] == [
        ("new_energy", 5, Decimal("19183500000.00"))
    ]
    assert wall.live is None


def test_the_whole_city_is_read_without_a_user(leader, ledger):
    # when a command or a benchmark reads the dashboards for the whole city
    for_city, for_leader = leadership(None, today=TODAY), leadership(leader, today=TODAY)
    wall = screen(None, today=TODAY)
    # then it sees what a city-wide reader sees
    assert [(y.count, y.amount) for y, _m in for_city.headline] == [
        (y.count, y.amount) for y, _m in for_leader.headline
    ]
    assert [(row.label, row.rank) for row in for_city.districts] == [
        (row.label, row.rank) for row in for_leader.districts
    ]
    assert [s.count for s in for_city.pipeline] == [s.count for s in for_leader.pipeline]
    assert (for_city.citywide, len(wall.districts)) == (True, 12)

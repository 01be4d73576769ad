"""Every figure of the hand-worked ledger in ``conftest.py``, its year-on-year change, breakdowns, ranking,
drill-down sums and access. Answers are worked out in the conftest docstring and the comments here."""

import datetime as dt
from decimal import Decimal

import pytest

from yunzhao.core.choices import Currency
from yunzhao.crm.choices import InvestorKind
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.stats import figures, registry
from yunzhao.stats.periods import Period, parse
from yunzhao.testing.factories import make_project

from .conftest import YI, build_ledger

D = dt.date
Y2023 = parse("2023")


def all_rows(code, period, **kwargs):
    """Every drill-down row of a figure, built the way the records page builds them."""
    rows = []
    for part in figures.record_parts(code, period, **kwargs):
        rows += [
            part.term.source.row(obj, date_field=part.term.date, amount_field=part.term.amount)
            for obj in part.queryset
        ]
    return rows


def test_signed_projects_by_band_use_credited_signings(ledger):
    # when
    found = figures.compute(
        ["signed_projects", "signed_ge1", "signed_ge10", "signed_ge50", "signed_ge100"], Y2023
    )
    # then: P1 5亿, P2 US$15m × 6.90 = ¥103,500,000, P3 65亿, P4 120亿 (stage only), P5 0.8亿; P8 was moved back
    assert (found["signed_projects"].count, found["signed_projects"].amount) == (5, Decimal("19183500000.00"))
    assert (found["signed_ge1"].count, found["signed_ge1"].amount) == (4, Decimal("19103500000.00"))
    assert (found["signed_ge10"].count, found["signed_ge10"].amount) == (2, Decimal("18500000000.00"))
    assert (found["signed_ge50"].count, found["signed_ge50"].amount) == (2, Decimal("18500000000.00"))
    assert (found["signed_ge100"].count, found["signed_ge100"].amount) == (1, Decimal("12000000000.00"))
    # and last year: P6 3亿 (signing), P7 0.5亿 (stage only)
    assert (found["signed_projects"].last.count, found["signed_projects"].last.amount) == (
        2,
        Decimal("350000000.00"),
    )
    assert (found["signed_ge1"].last.count, found["signed_ge1"].last.amount) == (1, Decimal("300000000.00"))
    assert found["signed_ge1"].yoy == Decimal(3)  # (4 − 1) / 1
    assert found["signed_ge1"].amount_yoy == (Decimal("19103500000") - Decimal("300000000")) / Decimal(
        "300000000"
    )
    assert found["signed_ge100"].yoy is None  # nothing last year


def test_a_usd_project_is_banded_at_the_signing_month_rate_not_its_entry_rate(ledger):
    # given P2 was entered at 6.50 (under 1亿) and signed in March 2023 (6.90)
    ledger.p2.refresh_from_db()
    assert ledger.p2.total_investment_cny == Decimal("97500000.00")
    # when
    rows = all_rows("signed_ge1", Y2023)
    # then
    p2 = next(row for row in rows if row.project.pk == ledger.p2.pk)
    assert (p2.rate, p2.amount, p2.date) == (Decimal("6.900000"), Decimal("103500000.00"), D(2023, 3, 30))


def test_a_project_counts_once_at_its_first_signing_whatever_the_level(ledger):
    # P1 was signed at the provincial event (03-18) and again at the city event (03-30)
    rows = all_rows("signed_projects", Y2023)
    assert [row.project.pk for row in rows].count(ledger.p1.pk) == 1
    assert next(r for r in rows if r.project.pk == ledger.p1.pk).date == D(2023, 3, 18)
    # the first month alone holds it; the month of the re-signing does not
    assert figures.compute(["signed_projects"], parse("2023-03"))["signed_projects"].count == 3  # P1, P2, P3


def test_stage_only_signings_count_once_at_their_date_and_corrections_do_not(ledger, city_staff):
    # P4 counts on 2023-08-01; P8, moved back to negotiating, does not
    august = figures.compute(["signed_projects"], parse("2023-08"))["signed_projects"]
    april = figures.compute(["signed_projects"], parse("2023-04"))["signed_projects"]
    assert (august.count, august.amount) == (1, Decimal("12000000000.00"))
    assert april.count == 0
    # when P8 is moved forward again, it counts at the date it first reached "signed"
    project_actions.change_stage(ledger.p8, to=Stage.SIGNED, actor=city_staff, on=D(2023, 9, 9))
    assert figures.compute(["signed_projects"], parse("2023-04"))["signed_projects"].count == 1


def test_signed_amount_counts_only_the_increase_of_a_later_signing(ledger):
    # when
    figure = figures.compute(["signed_amount"], Y2023)["signed_amount"]
    # then: P1 5亿 + (P1 re-signed: 0) + P2 ¥103.5m + P3 50亿 + P3 increase 10亿 + P5 0.8亿 + P4 120亿 (stage only)
    assert figure.amount == Decimal("18683500000.00")
    assert figure.count == 6
    assert figure.last.amount == Decimal("350000000.00")  # P6 3亿 + P7 0.5亿
    increase = [row for row in all_rows("signed_amount", Y2023) if row.project.pk == ledger.p3.pk]
    assert sorted(row.amount for row in increase) == [10 * YI, 50 * YI]


def test_foreign_capital_in_us_dollars_and_out_of_city_capital_in_yuan(ledger):
    # when
    found = figures.compute(["foreign_capital", "domestic_capital"], Y2023)
    # then: ¥69,000,000 / 6.90 + US$5,000,000 + ¥10,000,000 / 6.90 (May has no rate: March's)
    foreign = found["foreign_capital"]
    assert foreign.amount == Decimal("10000000.00") + Decimal("5000000.00") + Decimal("1449275.36")
    assert (foreign.count, foreign.last.amount, foreign.unconverted) == (3, Decimal("10000000.00"), 0)
    assert foreign.yoy == (Decimal("16449275.36") - 10_000_000) / 10_000_000
    domestic = found["domestic_capital"]
    assert (domestic.amount, domestic.last.amount) == (Decimal("250000000.00"), Decimal("100000000.00"))
    assert domestic.yoy == Decimal("1.5")


def test_capital_in_yuan_without_any_dollar_rate_is_left_out_and_counted(ledger, city_staff):
    # given a foreign record in yuan from before the first recorded rate
    project_actions.record_capital(
        ledger.p1, actor=city_staff, received_on=D(2021, 5, 1), amount=Decimal(1000), source="foreign"
    )
    # when
    figure = figures.compute(["foreign_capital"], parse("2021"))["foreign_capital"]
    # then
    assert (figure.count, figure.amount, figure.unconverted) == (1, Decimal(0), 1)
    assert [row.amount for row in all_rows("foreign_capital", parse("2021"))] == [None]


def test_projects_started_and_in_production(ledger):
    found = figures.compute(["projects_started", "projects_in_production"], Y2023)
    assert (found["projects_started"].count, found["projects_started"].amount) == (
        2,
        Decimal("12500000000.00"),
    )
    assert found["projects_started"].last.count == 1  # P6
    assert (found["projects_in_production"].count, found["projects_in_production"].amount) == (1, 5 * YI)


def test_year_on_year_is_none_when_last_year_is_zero():
    assert figures.change(5, 0) is None
    assert figures.change(0, 4) == Decimal(-1)
    assert figures.change(Decimal("1.5"), Decimal(1)) == Decimal("0.5")


def test_a_period_running_past_today_is_compared_with_the_same_days_last_year(ledger):
    # when 2023 is read on 30 June 2023
    found = figures.compute(["domestic_capital", "foreign_capital"], Y2023, today=D(2023, 6, 30))
    # then the period and its comparison stop at 30 June
    domestic = found["domestic_capital"]
    assert (domestic.period, domestic.last_period) == (
        Period(D(2023, 1, 1), D(2023, 6, 30)),
        Period(D(2022, 1, 1), D(2022, 6, 30)),
    )
    assert (domestic.amount, domestic.last.amount, domestic.yoy) == (0, Decimal("100000000.00"), Decimal(-1))
    assert found["foreign_capital"].amount == Decimal("16449275.36")


def test_breakdown_by_district_with_year_on_year(ledger, units):
    # when
    rows = figures.breakdown(["foreign_capital"], Y2023, "district")["foreign_capital"]
    by_key = {row.key: row for row in rows}
    # then: 历下 P1 + P3, 槐荫 P2; last year 历下 P6
    lixia, huaiyin = by_key[units["lixia"].pk], by_key[units["huaiyin"].pk]
    assert (lixia.label, lixia.amount, lixia.last.amount) == (
        "历下区",
        Decimal("11449275.36"),
        Decimal("10000000.00"),
    )
    assert lixia.yoy == Decimal("0.144927536")
    assert (huaiyin.amount, huaiyin.yoy) == (Decimal("5000000.00"), None)
    assert len(rows) == 12  # every district, with zeros
    assert sum(row.amount for row in rows) == Decimal("16449275.36")


def test_districts_ranked_with_shared_ranks_and_zeros_in_official_order(ledger, units):
    # when
    ranked = figures.ranking("signed_ge1", Y2023)
    # then: 历下 2 projects; 天桥 and 槐荫 1 each (tied, larger amount first); the rest 0
    assert [(row.label, row.rank, row.count) for row in ranked[:4]] == [
        ("历下区", 1, 2),
        ("天桥区", 2, 1),
        ("槐荫区", 2, 1),
        ("市中区", 4, 0),
    ]
    assert [row.rank for row in ranked[3:]] == [4] * 9
    assert [row.label for row in ranked[3:6]] == ["市中区", "历城区", "长清区"]


@pytest.mark.parametrize(
    ("dimension", "expected"),
    [
        ("country", {"US": 1, "DE": 1, "CN": 1, None: 1}),  # P2's lead investor is the US one
        ("investor_kind", {InvestorKind.MULTINATIONAL: 2, InvestorKind.PRIVATE: 1, None: 1}),
        ("industry", {"new_energy": 4}),
        ("zone", {None: 4}),
    ],
)
def test_breakdown_by_other_dimensions(ledger, dimension, expected):
    rows = figures.breakdown(["signed_ge1"], Y2023, dimension)["signed_ge1"]
    assert {row.key: row.count for row in rows} == expected


def test_breakdown_by_campaign_of_the_credited_signing(ledger):
    rows = figures.breakdown(["signed_ge1", "signed_amount"], Y2023, "campaign")
    # P2 and P3 were first signed at the campaign's city event; P1 at the provincial one, P4 by stage only
    assert {row.key: (row.count, row.amount) for row in rows["signed_ge1"]} == {
        ledger.campaign.pk: (2, Decimal("6603500000.00")),
        None: (2, Decimal("12500000000.00")),
    }
    assert next(r for r in rows["signed_ge1"] if r.key == ledger.campaign.pk).label == "2023云招商"
    # signings are split by their own event: P3's increase was at the campaign's district event
    assert {row.key: row.amount for row in rows["signed_amount"]} == {
        ledger.campaign.pk: Decimal("6183500000.00"),
        None: Decimal("12500000000.00"),
    }


def test_drill_down_rows_add_up_to_every_figure(ledger, units):
    for statistic in registry.STATISTICS:
        for filters in ({}, {"district": units["lixia"].pk}, {"country": "US"}, {"zone": None}):
            # when
            figure = figures.compute([statistic], Y2023, filters=filters)[statistic.code]
            rows = all_rows(statistic, Y2023, filters=filters)
            # then
            assert len(rows) == figure.count, (statistic.code, filters)
            if statistic.has_amount:
                assert sum(row.amount for row in rows if row.amount is not None) == figure.amount, (
                    statistic.code
                )


def test_breakdown_rows_add_up_to_the_figure(ledger):
    codes = ["signed_ge1", "signed_amount", "foreign_capital", "domestic_capital", "projects_started"]
    whole = figures.compute(codes, Y2023)
    for dimension in ("district", "zone", "industry", "country", "investor_kind", "campaign"):
        split = figures.breakdown(codes, Y2023, dimension)
        for code in codes:
            assert sum(row.count for row in split[code]) == whole[code].count, (code, dimension)
            assert sum(row.amount for row in split[code]) == whole[code].amount, (code, dimension)


def test_a_district_user_sees_only_their_district(ledger, district_staff, zone_staff, units):
    # when
    found = figures.compute(["signed_ge1", "foreign_capital"], Y2023, user=district_staff)
    ranked = figures.ranking("signed_ge1", Y2023, user=district_staff)
    asked_for_another = figures.compute(
        ["signed_ge1"], Y2023, user=district_staff, filters={"district": units["tianqiao"].pk}
    )
    # then: P1 and P3 only
    assert (found["signed_ge1"].count, found["signed_ge1"].amount) == (2, 70 * YI)
    assert found["foreign_capital"].amount == Decimal("11449275.36")
    assert [(row.label, row.count) for row in ranked] == [("历下区", 2)]
    assert asked_for_another["signed_ge1"].count == 0
    assert {row.project.pk for row in all_rows("signed_projects", Y2023, user=district_staff)} == {
        ledger.p1.pk,
        ledger.p3.pk,
        ledger.p5.pk,
    }
    # and a zone user sees the zone's project (P5)
    assert figures.compute(["signed_projects"], Y2023, user=zone_staff)["signed_projects"].count == 1


def test_media_editors_see_no_figures(ledger, media_editor):
    assert figures.compute(["signed_projects"], Y2023, user=media_editor)["signed_projects"].count == 0


def test_query_count_does_not_grow_with_districts_or_projects(city_staff, units, django_assert_num_queries):
    # given
    build_ledger(city_staff, units)
    codes = [s.code for s in registry.STATISTICS]

    def read():
        figures.compute(codes, Y2023)
        figures.breakdown(codes, Y2023, "district")
        figures.breakdown(codes, Y2023, "country")

    # one aggregate per source (projects, signings, capital) for the figures, and one more for projects and
    # capital whose amounts are converted at a looked-up rate (size bands, foreign capital); one GROUP BY per
    # source per breakdown, plus the district list and the labels
    with django_assert_num_queries(5 + 3 + 2 + 3):
        read()
    # when many more projects are signed in every district
    for index, district in enumerate(u for u in units.values() if u.kind == "district"):
        project = make_project(
            city_staff, district=district, total_investment=(index + 1) * YI, currency=Currency.CNY
        )
        project_actions.change_stage(project, to=Stage.SIGNED, actor=city_staff, on=D(2023, 5, 5))
        project_actions.record_capital(
            project, actor=city_staff, received_on=D(2023, 5, 6), amount=Decimal(100), source="domestic"
        )
    # then
    with django_assert_num_queries(5 + 3 + 2 + 3):
        read()

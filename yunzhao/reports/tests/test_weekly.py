"""What the scheduling report contains, before any file is written."""

import datetime as dt

from django.utils import translation

from yunzhao.reports import weekly
from yunzhao.reports.choices import Grouping
from yunzhao.testing.factories import make_project

from .conftest import PERIOD


def build(grouping=Grouping.DISTRICT, unit=None, lang="zh-hans", day=PERIOD):
    with translation.override(lang):
        return weekly.build(day, unit=unit, grouping=grouping, lang=lang)


def test_grouped_by_district_in_official_order_with_the_missing_projects(key_ledger):
    # when
    report = build(Grouping.DISTRICT)
    # then
    [section] = report.sections
    assert [group.label for group in section.groups] == ["历下区", "槐荫区", "天桥区"]
    lixia, huaiyin, tianqiao = section.groups
    assert [row.project for row in lixia.rows] == [key_ledger.k1, key_ledger.k2]  # larger first
    assert (lixia.updated, lixia.missing) == (1, 1)
    assert [row.project for row in huaiyin.rows] == [key_ledger.k3]
    assert [row.project for row in tianqiao.rows] == [key_ledger.k4]
    assert [row.project for row in report.missing] == [key_ledger.k2, key_ledger.k4]
    assert (report.total, report.updated, report.missing_count) == (4, 2, 2)
    assert report.period.start == PERIOD and report.period.end == dt.date(2024, 5, 12)
    assert report.heading == f"济南市{report.title}"


def test_grouped_by_leader_with_unassigned_projects_last(key_ledger):
    # when
    report = build(Grouping.LEADER)
    # then
    [section] = report.sections
    assert [group.key for group in section.groups] == ["张三", "李四", ""]
    assert [row.project for row in section.groups[0].rows] == [key_ledger.k1, key_ledger.k3]
    assert [row.project for row in section.groups[1].rows] == [key_ledger.k2]
    assert [row.project for row in section.groups[2].rows] == [key_ledger.k4]
    assert section.groups[2].label == section.groups[2].rows[0].leader != ""


def test_both_groupings_make_two_sections(key_ledger):
    report = build(Grouping.BOTH)
    assert [section.grouping for section in report.sections] == [Grouping.DISTRICT, Grouping.LEADER]
    assert all(sum(len(g.rows) for g in section.groups) == 4 for section in report.sections)


def test_latest_update_is_taken_as_of_the_period(key_ledger):
    # when
    report = build()
    rows = {row.project.pk: row for row in report.rows}
    # then: K2's update of the following week is not "latest" for this week's report
    assert rows[key_ledger.k2.pk].update.period_start == PERIOD - dt.timedelta(days=7)
    assert rows[key_ledger.k2.pk].current is False
    assert rows[key_ledger.k1.pk].update.help_needed == "请市发改委协调110千伏变电站建设。"
    assert rows[key_ledger.k1.pk].current is True
    assert rows[key_ledger.k4.pk].update is None
    # and the week after, K2 has reported and the others have not
    later = build(day=PERIOD + dt.timedelta(days=9))
    assert [row.project for row in later.rows if row.current] == [key_ledger.k2]


def test_lost_and_ordinary_projects_are_left_out(key_ledger):
    report = build()
    projects = {row.project.pk for row in report.rows}
    assert key_ledger.lost.pk not in projects and key_ledger.plain.pk not in projects


def test_cover_counts_every_district_and_lists_requests_for_help(key_ledger):
    # when
    report = build()
    tallies = {tally.label: (tally.total, tally.updated, tally.missing) for tally in report.tallies}
    # then
    assert len(report.tallies) == 12
    assert tallies["历下区"] == (2, 1, 1)
    assert tallies["槐荫区"] == (1, 1, 0)
    assert tallies["天桥区"] == (1, 0, 1)
    assert tallies["市中区"] == (0, 0, 0)
    assert [row.project for row in report.help_rows] == [key_ledger.k1]


def test_a_district_report_holds_only_that_district(key_ledger, units):
    # when
    report = build(unit=units["lixia"])
    # then
    assert {row.project.pk for row in report.rows} == {key_ledger.k1.pk, key_ledger.k2.pk}
    assert [tally.label for tally in report.tallies] == ["历下区"]
    assert report.scope_label == "历下区"


def test_english_report_uses_english_names(key_ledger):
    report = build(lang="en")
    assert report.sections[0].groups[0].label == "Lixia District"
    assert report.rows[0].name == "Lixia battery base"
    assert report.rows[0].amount_text.startswith("1.2 billion yuan")
    assert report.heading.endswith("Jinan")
    assert report.period_label == "6-12 May 2024"


def test_queries_do_not_grow_with_the_number_of_projects(
    key_ledger, city_staff, units, django_assert_num_queries
):
    # given
    with django_assert_num_queries(3):
        build(Grouping.BOTH)
    for n in range(10):
        make_project(city_staff, district=units["licheng"], is_key=True, leader=f"领导{n}")
    # then
    with django_assert_num_queries(3):
        report = build(Grouping.BOTH)
    assert report.total == 14

"""Large files are matched by reading the ledger in one pass; the outcome must be the same as by batches."""

from decimal import Decimal

import pytest

from yunzhao.core.choices import TimelineEvent
from yunzhao.core.models import TimelineEntry
from yunzhao.ledger import importer
from yunzhao.ledger.actions import import_ledger
from yunzhao.ledger.choices import ImportStatus
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_investor, make_project

from .helpers import xlsx

HEADERS = ["项目编号", "项目名称", "投资方", "区县", "总投资(万元)", "阶段"]


@pytest.fixture(params=["batches", "one pass"])
def matching(request, monkeypatch):
    """Run a test with rows looked up in batches, and again with every lookup made by one pass."""
    if request.param == "one pass":
        monkeypatch.setattr(importer, "QUERY_CHUNK", 0)
        monkeypatch.setattr(importer, "SCAN_SHARE", 0)
        monkeypatch.setattr(importer, "LINK_SCAN_SHARE", 0)
    return request.param


def test_rows_are_matched_by_code_and_name_among_the_projects_the_user_may_change(
        matching, district_staff, city_staff, units):
    # given: two projects of the user's district and one of another district
    a, b = make_investor(district_staff, name_zh="甲方"), make_investor(district_staff, name_zh="乙方")
    by_code = make_project(district_staff, name_zh="按编号", investors=[a, b])
    by_name = make_project(district_staff, name_zh="按名称", investors=[a])
    elsewhere = make_project(city_staff, name_zh="别区项目", district=units["huaiyin"], investors=[a])
    data = xlsx([
        [by_code.code, "按编号", "甲方；乙方", "历下区", "8亿", "在谈"],
        ["", "按名称", "乙方", "历下区", "5亿", "线索"],
        [elsewhere.code, "别区项目", "甲方", "历下区", "1亿", "线索"],
    ], headers=HEADERS)
    # when
    run = import_ledger(data, file_name="大文件.xlsx", actor=district_staff)
    # then: the first two are changed, the third names a project the user may not change
    assert run.status == ImportStatus.REJECTED
    assert [(e["row"], e["column"]) for e in run.errors] == [(4, "项目编号")]
    # and without it
    run = import_ledger(xlsx([
        [by_code.code, "按编号", "甲方；乙方", "历下区", "8亿", "在谈"],
        ["", "按名称", "乙方", "历下区", "5亿", "线索"],
    ], headers=HEADERS), file_name="大文件.xlsx", actor=district_staff)
    assert (run.errors, run.rows_updated, run.rows_unchanged) == ([], 2, 0)
    by_code.refresh_from_db()
    assert (by_code.total_investment, by_code.stage) == (Decimal("800000000.00"), "negotiating")
    assert list(by_name.investors.values_list("name_zh", flat=True)) == ["乙方"]
    assert list(TimelineEntry.objects.filter(object_id=by_name.pk, event=TimelineEvent.IMPORTED)
                .values_list("before", "after")) == [({"investors": [a.pk]}, {"investors": [b.pk]})]
    assert Project.objects.get(pk=elsewhere.pk).total_investment == elsewhere.total_investment


def test_a_file_imported_twice_is_unchanged_the_second_time(matching, city_staff, units):
    make_project(city_staff, name_zh="已有", district=units["lixia"], investors=[make_investor(city_staff, name_zh="丙方")])
    data = xlsx([["", "已有", "丙方", "历下区", "3亿", "已签约"], ["", "新的", "丁方", "槐荫区", "2亿", "线索"]],
                headers=HEADERS)
    first = import_ledger(data, file_name="两次.xlsx", actor=city_staff)
    second = import_ledger(data, file_name="两次.xlsx", actor=city_staff)
    assert (first.errors, first.rows_updated, first.rows_created) == ([], 1, 1)
    assert (second.errors, second.rows_unchanged) == ([], 2)

import io
from decimal import Decimal

from openpyxl import load_workbook

from yunzhao.ledger.actions import import_ledger
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.export import write_ledger
from yunzhao.projects.filtersets import ProjectFilter
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_investor, make_project

from .helpers import xlsx

HEADERS = ["项目编号", "项目名称", "投资方", "区县", "园区", "总投资(万元)", "阶段"]


def _codes(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _export(user, query: dict) -> bytes:
    out = io.BytesIO()
    write_ledger(ProjectFilter(query or None, queryset=Project.objects.visible_to(user)).qs, out)
    return out.getvalue()


def test_district_staff_export_only_their_district_whatever_the_filter(district_staff, other_district_staff, units):
    # given
    mine = make_project(district_staff, name_zh="历下项目")
    theirs = make_project(other_district_staff, name_zh="槐荫项目")
    # when
    everything = _export(district_staff, {})
    asked_for_theirs = _export(district_staff, {"district": str(units["huaiyin"].pk)})
    # then
    assert _codes(everything) == [mine.code]
    assert _codes(asked_for_theirs) == []
    assert theirs.code not in _codes(_export(district_staff, {"q": theirs.code}))


def test_district_staff_cannot_import_another_districts_row_and_learn_nothing(district_staff, other_district_staff,
                                                                             units):
    # given: one real project of Huaiyin, and one number that does not exist
    theirs = make_project(other_district_staff, name_zh="槐荫项目", total_investment=Decimal("1e8"))
    rows = [
        [theirs.code, "槐荫项目", "某公司", "槐荫区", "", "9亿", "线索"],
        ["XM2020-123456", "槐荫项目", "某公司", "槐荫区", "", "9亿", "线索"],
        ["", "槐荫项目", "某公司", "槐荫区", "", "9亿", "线索"],
    ]
    # when
    run = import_ledger(xlsx(rows, headers=HEADERS), file_name="x.xlsx", actor=district_staff)
    real = import_ledger(xlsx([[theirs.code, "改名", "某公司", "历下区", "", "9亿", "线索"]], headers=HEADERS),
                         file_name="y.xlsx", actor=district_staff)
    unknown = import_ledger(xlsx([["XM2020-123456", "改名", "某公司", "历下区", "", "9亿", "线索"]],
                                 headers=HEADERS), file_name="y.xlsx", actor=district_staff)
    # then
    assert run.status == real.status == unknown.status == ImportStatus.REJECTED
    faults = [(e["row"], e["column"], e["message"]) for e in run.errors]
    assert faults == [(r, "区县", "You can only import projects of your own district.") for r in (2, 3, 4)]
    # a real number of another district reads exactly like a number that does not exist
    message = "No project you may change has this ledger number. Leave the number empty to add a new project."
    assert real.errors == [{"row": 2, "column": "项目编号", "value": theirs.code, "message": message}]
    assert unknown.errors == [{"row": 2, "column": "项目编号", "value": "XM2020-123456", "message": message}]
    theirs.refresh_from_db()
    assert (theirs.total_investment, theirs.district) == (Decimal("1e8"), units["huaiyin"])


def test_district_staff_import_their_own_rows(district_staff, units):
    mine = make_project(district_staff, name_zh="历下项目", investors=[make_investor(district_staff, name_zh="甲")])
    data = xlsx([[mine.code, "历下项目", "甲", "历下区", "", "3亿", "在谈"],
                 ["", "历下新项目", "乙", "Lixia District", "", "1亿", "线索"]], headers=HEADERS)
    run = import_ledger(data, file_name="mine.xlsx", actor=district_staff)
    assert (run.errors, run.rows_updated, run.rows_created, run.investors_created) == ([], 1, 1, 1)
    mine.refresh_from_db()
    assert mine.total_investment == Decimal("3e8")
    assert Project.objects.get(name_zh="历下新项目").investors.get().owner_unit == units["lixia"]


def test_zone_staff_import_only_rows_of_their_zone(zone_staff, units):
    data = xlsx([["", "高新区项目", "甲", "历城区", "济南高新区", "1亿", "线索"],
                 ["", "起步区项目", "甲", "天桥区", "济南新旧动能转换起步区", "1亿", "线索"],
                 ["", "无园区项目", "甲", "天桥区", "", "1亿", "线索"]], headers=HEADERS)
    run = import_ledger(data, file_name="zone.xlsx", actor=zone_staff)
    assert [(e["row"], e["column"], e["message"]) for e in run.errors] == [
        (3, "园区", "You can only import projects of your own zone."),
        (4, "园区", "You can only import projects of your own zone."),
    ]
    run = import_ledger(xlsx([["", "高新区项目", "甲", "历城区", "济南高新区", "1亿", "线索"]], headers=HEADERS),
                        file_name="zone.xlsx", actor=zone_staff)
    assert run.rows_created == 1
    project = Project.objects.get()
    assert (project.zone, project.investors.get().owner_unit) == (units["hightech"], units["hightech"])


def test_name_matching_only_sees_projects_the_user_may_change(district_staff, city_staff, units):
    # given: a project of the same name in another district
    other = make_project(city_staff, name_zh="同名项目", district=units["huaiyin"])
    # when
    run = import_ledger(xlsx([["", "同名项目", "甲", "历下区", "", "1亿", "线索"]], headers=HEADERS),
                        file_name="same.xlsx", actor=district_staff)
    # then: a new Lixia project, the Huaiyin one untouched
    assert (run.errors, run.rows_created) == ([], 1)
    assert Project.objects.filter(name_zh="同名项目").count() == 2
    other.refresh_from_db()
    assert other.district == units["huaiyin"]

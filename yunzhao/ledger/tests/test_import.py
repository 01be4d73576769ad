import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.core.models import TimelineEntry
from yunzhao.crm.models import Investor
from yunzhao.ledger.actions import import_ledger
from yunzhao.ledger.choices import ImportStatus
from yunzhao.ledger.models import ImportRun
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_investor, make_project

from .helpers import csv_bytes, export_bytes, xlsx

HEADERS = ["项目编号", "项目名称", "投资方", "区县", "园区", "总投资(万元)", "阶段", "签约日期", "暂停/流失原因"]


def _faults(run):
    return [(e["row"], e["column"], e["message"]) for e in run.errors]


def test_new_rows_create_projects_investors_and_timeline(city_staff, units):
    # given
    known = make_investor(city_staff, name_zh="济南重工集团有限公司")
    data = xlsx([
        ["", "氢能产业园", "济南重工集团有限公司；新来的投资公司", "历下区", "高新区", "1.5亿", "已签约", "2023/5/1", ""],
        ["CUSTOM-7", "物流中心", "Another Newcomer Ltd", "370104", "", 15000, "在谈", None, ""],
    ], headers=HEADERS)
    # when
    run = import_ledger(data, file_name="新项目.xlsx", actor=city_staff)
    # then
    assert run.errors == []
    assert (run.status, run.rows_created, run.rows_updated, run.investors_created) == (ImportStatus.APPLIED, 2, 0, 2)
    assert sorted(run.new_investors) == ["Another Newcomer Ltd", "新来的投资公司"]
    park = Project.objects.get(name_zh="氢能产业园")
    assert park.code == f"XM{dt.date.today().year}-{park.pk:06d}"
    assert (park.district, park.zone, park.total_investment, park.stage, park.signed_on) == (
        units["lixia"], units["hightech"], Decimal("150000000.00"), Stage.SIGNED, dt.date(2023, 5, 1))
    assert park.stage_changed_at is not None
    assert sorted(park.investors.values_list("name_zh", flat=True)) == ["新来的投资公司", "济南重工集团有限公司"]
    assert park.investors.get(name_zh="新来的投资公司").owner_unit == units["lixia"]
    hub = Project.objects.get(code="CUSTOM-7")
    assert (hub.district, hub.total_investment) == (units["huaiyin"], Decimal("150000000.00"))
    events = [(e.event, e.note) for e in timeline.for_object(park).order_by("id")]
    assert events == [(TimelineEvent.CREATED, "Imported from 新项目.xlsx, row 2")]
    assert known.projects.get() == park


def test_importing_the_same_file_twice_changes_nothing_the_second_time(city_staff, units):
    # given
    existing = make_project(city_staff, name_zh="老项目", district=units["lixia"], investors=[
        make_investor(city_staff, name_zh="老投资方")])
    data = xlsx([
        [existing.code, "老项目", "老投资方", "历下区", "", "8000万", "拟签约", None, ""],
        ["", "新项目甲", "投资方甲", "市中区", "", "2亿", "线索", None, ""],
        ["", "新项目乙", "投资方甲;老投资方", "Shizhong District", "", "500", "Paused", None, "土地未落实"],
        ["", "新项目丙", "投资方甲", "市中区", "", "500", "已开工", None, None],
    ], headers=HEADERS)
    first = import_ledger(data, file_name="a.xlsx", actor=city_staff)
    assert (first.rows_created, first.rows_updated, first.rows_unchanged, first.errors) == (3, 1, 0, [])
    projects = list(Project.objects.order_by("pk").values())
    entries, investors = TimelineEntry.objects.count(), Investor.objects.count()
    # when
    second = import_ledger(data, file_name="a.xlsx", actor=city_staff)
    # then
    assert (second.rows_created, second.rows_updated, second.rows_unchanged, second.investors_created) == (0, 0, 4, 0)
    assert list(Project.objects.order_by("pk").values()) == projects
    assert (TimelineEntry.objects.count(), Investor.objects.count()) == (entries, investors)


def test_updates_write_one_timeline_entry_per_kind_of_change(city_staff, units):
    # given
    project = make_project(city_staff, name_zh="改动项目", district=units["lixia"], total_investment=Decimal("1e8"),
                           investors=[make_investor(city_staff, name_zh="甲公司")])
    data = xlsx([[project.code, "改动项目", "甲公司", "槐荫区", "", "2亿", "已开工", "2024-01-02", ""]],
                headers=HEADERS)
    # when
    run = import_ledger(data, file_name="b.xlsx", actor=city_staff)
    # then
    assert (run.rows_updated, run.errors) == (1, [])
    project.refresh_from_db()
    assert (project.district, project.total_investment, project.stage) == (units["huaiyin"], Decimal("2e8"),
                                                                           Stage.STARTED)
    assert project.signed_on == dt.date(2024, 1, 2)
    assert project.started_on == dt.date.today()  # reaching a milestone without its date dates it today
    entries = {e.event: e for e in timeline.for_object(project).exclude(event=TimelineEvent.CREATED)}
    assert set(entries) == {TimelineEvent.AMOUNT_CHANGED, TimelineEvent.OWNER_CHANGED, TimelineEvent.STAGE_CHANGED,
                            TimelineEvent.IMPORTED}
    assert entries[TimelineEvent.AMOUNT_CHANGED].before == {"total_investment": "100000000"}
    assert entries[TimelineEvent.AMOUNT_CHANGED].after == {"total_investment": "200000000"}
    assert entries[TimelineEvent.OWNER_CHANGED].after["id"] == units["huaiyin"].pk
    assert (entries[TimelineEvent.STAGE_CHANGED].before, entries[TimelineEvent.STAGE_CHANGED].after) == (
        "lead", "started")
    assert entries[TimelineEvent.IMPORTED].field == "signed_on,started_on"
    assert all(e.note == "Imported from b.xlsx, row 2" and e.actor == city_staff for e in entries.values())


def test_a_file_with_faults_is_rejected_whole_and_each_fault_is_named(city_staff, units):
    # given
    project = make_project(city_staff, name_zh="原项目", district=units["lixia"])
    before = list(Project.objects.values())
    entries, investors = TimelineEntry.objects.count(), Investor.objects.count()
    data = xlsx([
        ["", "好的新项目", "某公司", "历下区", "", "1亿", "线索", None, ""],
        ["", "区县不对", "某公司", "火星区", "", "1亿", "线索", None, ""],
        ["", "金额不对", "某公司", "历下区", "", "abc", "线索", None, ""],
        ["", "负数金额", "某公司", "历下区", "", "-5", "线索", None, ""],
        ["", "日期不对", "某公司", "历下区", "", "1亿", "已签约", "2023-13-45", ""],
        ["", "缺投资方", "", "历下区", "", "1亿", "线索", None, ""],
        ["", "投资方空名", "甲；；乙", "历下区", "", "1亿", "线索", None, ""],
        ["", "阶段不对", "某公司", "历下区", "", "1亿", "差不多了", None, ""],
        ["", "好的新项目", "某公司", "历下区", "", "2亿", "线索", None, ""],
        [project.code, "原项目", "某公司", "历下区", "不存在的园区", "1亿", "线索", None, ""],
        ["", "暂停无因", "某公司", "历下区", "", "1亿", "暂停", None, ""],
        ["XM2020-999999", "编号不存在", "某公司", "历下区", "", "1亿", "线索", None, ""],
    ], headers=HEADERS)
    # when
    run = import_ledger(data, file_name="错误.xlsx", actor=city_staff)
    # then
    assert run.status == ImportStatus.REJECTED
    assert _faults(run) == [
        (3, "区县", "Unknown district or county."),
        (4, "总投资(万元)", "This is not an amount. Write a number of 万 (15000), or with a unit: 1.5亿, 15000万."),
        (5, "总投资(万元)", "The amount cannot be negative."),
        (6, "签约日期", "There is no such day in the calendar."),
        (7, "投资方", "Name at least one investor."),
        (8, "投资方", "An investor name is missing between the separators."),
        (9, "阶段", run.errors[6]["message"]),
        (10, "项目名称", "This row repeats the project of row 2."),
        (11, "园区", "Unknown zone."),
        (12, "暂停/流失原因", "Say why the project is paused or lost."),
        (13, "项目编号", "No project you may change has this ledger number. Leave the number empty to add a new "
                         "project."),
    ]
    assert run.errors[6]["message"].startswith("Unknown value; use one of:")
    assert run.errors[2]["value"] == "-5"
    assert run.error_count == 11
    assert list(Project.objects.values()) == before
    assert (TimelineEntry.objects.count(), Investor.objects.count()) == (entries, investors)
    assert ImportRun.objects.get() == run


def test_missing_columns_and_unknown_columns(city_staff):
    data = xlsx([["x", "历下区"]], headers=["项目名称", "区县", "说不清的列"])
    run = import_ledger(data, file_name="c.xlsx", actor=city_staff)
    assert run.status == ImportStatus.REJECTED
    assert _faults(run) == [
        (1, "投资方", "This required column is missing."),
        (1, "总投资(万元)", "This required column is missing."),
        (1, "阶段", "This required column is missing."),
    ]


def test_too_many_rows_is_refused(city_staff, units, settings):
    settings.LEDGER_IMPORT_MAX_ROWS = 2
    rows = [["", f"项目{i}", "某公司", "历下区", "", "1", "线索", None, ""] for i in range(3)]
    run = import_ledger(xlsx(rows, headers=HEADERS), file_name="d.xlsx", actor=city_staff)
    assert run.status == ImportStatus.REJECTED
    assert _faults(run) == [(None, "", "The file has more than 2 rows; import at most 2 rows at a time.")]
    assert not Project.objects.exists()


def test_a_dry_run_checks_and_counts_but_writes_nothing(city_staff, units):
    data = xlsx([["", "试算项目", "某公司", "历下区", "", "1亿", "线索", None, ""]], headers=HEADERS)
    run = import_ledger(data, file_name="e.xlsx", actor=city_staff, dry_run=True)
    assert (run.status, run.rows_created, run.investors_created) == (ImportStatus.DRY_RUN, 1, 1)
    assert not Project.objects.exists() and not Investor.objects.exists()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_files_in_chinese_encodings(city_staff, units, encoding):
    # given
    data = csv_bytes([["", "章丘数字经济产业园（一期）", "浪潮集团", "章丘区", "", "15,000", "已签约", "2023年5月1日",
                       ""]], headers=HEADERS, encoding=encoding)
    # when
    run = import_ledger(data, file_name="台账.csv", actor=city_staff)
    # then
    assert (run.errors, run.rows_created) == ([], 1)
    project = Project.objects.get()
    assert (project.name_zh, project.district, project.total_investment, project.signed_on) == (
        "章丘数字经济产业园（一期）", units["zhangqiu"], Decimal("150000000.00"), dt.date(2023, 5, 1))
    assert list(project.investors.values_list("name_zh", flat=True)) == ["浪潮集团"]


def test_gb18030_csv_with_title_row_and_semicolons(city_staff, units):
    text = "2024年项目台账\n项目名称;投资方;区县;总投资(万元);阶段\n钢城新材料;莱钢集团;钢城区;1.2亿;在谈\n合计;;;1.2亿;\n"
    run = import_ledger(text.encode("gb18030"), file_name="ledger.csv", actor=city_staff)
    assert (run.errors, run.rows_total, run.rows_created) == ([], 1, 1)
    assert Project.objects.get().district == units["gangcheng"]


def test_formula_injection_is_neutralised_in_the_export_and_undone_on_import(city_staff, units):
    # given
    evil = make_investor(city_staff, name_zh="@SUM(1+1)投资")
    project = make_project(city_staff, name_zh="=HYPERLINK(\"http://evil\",\"点我\")", leader="-2+3",
                           description="\t+cmd", investors=[evil], district=units["lixia"])
    # when
    data = export_bytes(city_staff)
    # then
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["项目名称"].value == "'=HYPERLINK(\"http://evil\",\"点我\")"
    assert row["包挂领导"].value == "'-2+3"
    assert row["备注"].value == "'\t+cmd"
    assert row["投资方"].value == "'@SUM(1+1)投资"
    assert all(c.data_type != "f" for c in sheet[2])
    # and when it comes back
    run = import_ledger(data, file_name="back.xlsx", actor=city_staff)
    assert (run.errors, run.rows_unchanged) == ([], 1)
    project.refresh_from_db()
    assert (project.name_zh, project.leader, project.description) == ("=HYPERLINK(\"http://evil\",\"点我\")",
                                                                      "-2+3", "\t+cmd")


def test_export_writes_real_numbers_and_dates_with_formats_and_a_frozen_header(city_staff, units):
    project = make_project(city_staff, name_zh="格式项目", total_investment=Decimal("150000000"),
                           land_area_mu=Decimal("80.5"), district=units["lixia"])
    from yunzhao.projects.actions import change_stage

    change_stage(project, to=Stage.SIGNED, actor=city_staff, on=dt.date(2024, 3, 8))
    workbook = load_workbook(io.BytesIO(export_bytes(city_staff)))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert sheet.freeze_panes == "C2"
    assert (row["总投资(万元)"].value, row["总投资(万元)"].number_format) == (15000, "#,##0.00")
    assert row["用地(亩)"].value == 80.5
    assert row["签约日期"].value == dt.datetime(2024, 3, 8)
    assert row["签约日期"].number_format == "yyyy-mm-dd"
    assert row["区县"].value == "历下区"
    assert row["重点项目"].value == "否"
    assert sheet.column_dimensions["B"].width > 20


def _workbook_zip(sheet: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened(city_staff, settings):
    # given: 12 MB of XML squeezed into a few kilobytes, against a 10 MB limit
    settings.LEDGER_IMPORT_MAX_UNZIPPED_BYTES = 10 * 1024 * 1024
    data = _workbook_zip(b"<a>" + b"0" * (12 * 1024 * 1024) + b"</a>")
    assert len(data) < 64 * 1024
    # when
    run = import_ledger(data, file_name="bomb.xlsx", actor=city_staff)
    # then
    assert run.status == ImportStatus.REJECTED
    assert run.errors[0]["message"] == (
        "The workbook would unpack to more than 10.0 MB; it looks like a zip bomb and was not opened.")


def test_a_zip_that_inflates_thousands_of_times_is_refused_even_under_the_limit(city_staff):
    data = _workbook_zip(b"<a>" + b"0" * (5 * 1024 * 1024) + b"</a>")
    run = import_ledger(data, file_name="bomb.xlsx", actor=city_staff)
    assert "zip bomb" in run.errors[0]["message"]


def test_a_zip_whose_declared_sizes_lie_is_refused(city_staff, settings):
    # given: a bomb whose central directory claims tiny sizes
    settings.LEDGER_IMPORT_MAX_UNZIPPED_BYTES = 5 * 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"a" * (20 * 1024 * 1024))
    data = bytearray(out.getvalue())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    real = (20 * 1024 * 1024).to_bytes(4, "little")
    fake = (1000).to_bytes(4, "little")
    data = bytes(data).replace(real, fake)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(member.filename).file_size == 1000
    # when
    run = import_ledger(data, file_name="liar.xlsx", actor=city_staff)
    # then
    assert run.status == ImportStatus.REJECTED
    assert run.errors[0]["message"] == "The file is damaged: it is not a readable .xlsx workbook."


def test_an_oversized_file_is_refused(city_staff, settings):
    settings.LEDGER_IMPORT_MAX_BYTES = 1024
    run = import_ledger(b"a" * 2048, file_name="big.csv", actor=city_staff)
    assert run.status == ImportStatus.REJECTED
    assert run.errors[0]["message"] == ("The file is too large (2 KB); at most 1 KB can be imported at once. "
                                        "Split the ledger into several files.")


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"%PDF-1.4\x00\x01binary", "ledger.pdf", "This is not a spreadsheet"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "ledger.csv", "This is not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.xls", "old-style .xls"),
    (b"just some words", "notes.xlsx", "not an Excel workbook"),
    (b"hello,world\n1,2\n", "table.csv", "No header row was found"),
])
def test_a_file_that_is_not_a_ledger_is_refused_with_a_clear_message(city_staff, data, name, message):
    run = import_ledger(data, file_name=name, actor=city_staff)
    assert run.status == ImportStatus.REJECTED
    assert message in run.errors[0]["message"]


def test_a_zip_that_is_not_a_workbook_is_refused(city_staff):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    run = import_ledger(out.getvalue(), file_name="letter.xlsx", actor=city_staff)
    assert run.errors[0]["message"] == "The file is a zip archive but not an Excel workbook (.xlsx)."


def test_usd_rows_keep_dollars_and_take_the_rate(city_staff, units):
    from yunzhao.core.choices import Currency
    from yunzhao.projects.models import ExchangeRate

    ExchangeRate.objects.create(month=dt.date(2024, 1, 1), currency=Currency.USD, rate_to_cny=Decimal("7.2"))
    headers = ["项目名称", "投资方", "区县", "总投资(万元)", "币种", "汇率", "阶段"]
    run = import_ledger(xlsx([["外资项目", "Foreign Co", "历下区", "3000", "USD", None, "在谈"],
                              ["外资项目二", "Foreign Co", "历下区", "3000", "美元", 7.05, "在谈"],
                              ["写错币种", "Foreign Co", "历下区", "3000万美元", "CNY", None, "在谈"],
                              ["人民币汇率", "Foreign Co", "历下区", "3000", "CNY", 7, "在谈"]], headers=headers),
                        file_name="usd.xlsx", actor=city_staff)
    assert _faults(run) == [(4, "总投资(万元)", "The amount is in US dollars: write USD in the currency column."),
                            (5, "汇率", "Amounts in yuan take the rate 1.")]
    run = import_ledger(xlsx([["外资项目", "Foreign Co", "历下区", "3000", "USD", None, "在谈"],
                              ["外资项目二", "Foreign Co", "历下区", "3000", "美元", 7.05, "在谈"]], headers=headers),
                        file_name="usd.xlsx", actor=city_staff)
    assert run.errors == []
    first, second = Project.objects.order_by("pk")
    assert (first.currency, first.total_investment, first.exchange_rate) == ("USD", Decimal("30000000"),
                                                                             Decimal("7.2"))
    assert second.exchange_rate == Decimal("7.05")
    first.refresh_from_db()
    assert first.total_investment_cny == Decimal("216000000")


def test_leaders_and_media_editors_cannot_import(leader, media_editor):
    for user in (leader, media_editor):
        with pytest.raises(PermissionDenied):
            import_ledger(b"", file_name="x.csv", actor=user)
    assert not ImportRun.objects.exists()


def test_faults_are_reported_in_the_users_language(city_staff, units):
    data = xlsx([["", "项目", "某公司", "火星区", "", "abc", "线索", None, ""]], headers=HEADERS)
    with translation.override("zh-hans"):
        run = import_ledger(data, file_name="中文.xlsx", actor=city_staff)
    messages = [e["message"] for e in run.errors]
    assert messages[0] != "Unknown district or county."
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in messages)


def test_a_project_changed_while_the_file_was_checked_stops_the_whole_import(city_staff, units, monkeypatch):
    # given: two projects, and someone editing one of them just after the file was validated
    from yunzhao.ledger import actions
    from yunzhao.projects.actions import update_project

    edited = make_project(city_staff, name_zh="被别人改了", district=units["lixia"],
                          investors=[make_investor(city_staff, name_zh="甲方")])
    other = make_project(city_staff, name_zh="另一个", district=units["lixia"], investors=[edited.investors.get()])
    validate = actions.plan_import

    def validate_then_someone_edits(table, actor):
        plan = validate(table, actor)
        update_project(edited, actor=city_staff, changes={"leader": "新领导"})
        return plan

    monkeypatch.setattr(actions, "plan_import", validate_then_someone_edits)
    data = xlsx([[edited.code, "被别人改了", "甲方", "历下区", "", "9亿", "线索", None, ""],
                 [other.code, "另一个", "甲方", "历下区", "", "9亿", "线索", None, ""]], headers=HEADERS)
    # when
    run = import_ledger(data, file_name="慢.xlsx", actor=city_staff)
    # then
    assert run.status == ImportStatus.REJECTED
    assert run.errors[0]["message"].startswith("Someone changed the same projects")
    assert set(Project.objects.values_list("total_investment", flat=True)) == {Decimal("500000000")}

import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from yunzhao.ledger import export
from yunzhao.ledger.xlsx import SheetColumn, write_sheet
from yunzhao.projects.models import Project
from yunzhao.testing.factories import make_investor, make_project

from .helpers import export_bytes

COLUMNS = [SheetColumn("文字", width=30), SheetColumn("Shared", shared=True), SheetColumn("Amount", number_format="#,##0.00"),
           SheetColumn("Day", number_format="yyyy-mm-dd"), SheetColumn("Flag")]


def _write(rows, columns=COLUMNS, **kwargs) -> bytes:
    out = io.BytesIO()
    count = write_sheet(out, sheet_name="Sheet & <1>", columns=columns, rows=rows, **kwargs)
    assert count == len(rows)
    return out.getvalue()


def test_cells_keep_their_types_formats_and_exact_text():
    # given: texts that need escaping, repeat, or carry spaces and line breaks
    rows = [
        ["a & b < c > d", "历下区", 15000.0, dt.date(2024, 3, 8), True],
        ["  padded\tand\nbroken\r\nlines ", "历下区", 0.125, dt.date(1900, 2, 28), False],
        ["控制\x07字符", "槐荫区", Decimal("12.5"), dt.datetime(2023, 5, 1, 12, 0), None],
        ["", None, 7, None, "是"],
    ]
    # when
    data = _write(rows)
    # then: openpyxl reads back what was written
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Sheet & <1>"
    assert [c.value for c in sheet[1]] == ["文字", "Shared", "Amount", "Day", "Flag"]
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFDDEBF7"
    assert [c.value for c in sheet[2]] == ["a & b < c > d", "历下区", 15000, dt.datetime(2024, 3, 8), True]
    assert [c.value for c in sheet[3]] == ["  padded\tand\nbroken\r\nlines ", "历下区", 0.125,
                                           dt.datetime(1900, 2, 28), False]
    assert [c.value for c in sheet[4]] == ["控制字符", "槐荫区", 12.5, dt.datetime(2023, 5, 1, 12, 0), None]
    assert [c.value for c in sheet[5]] == [None, None, 7, None, "是"]
    assert (sheet["C2"].number_format, sheet["D2"].number_format) == ("#,##0.00", "yyyy-mm-dd")
    assert sheet["A2"].number_format == "General"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    # and so does the reader the import uses
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert calamine[1][:4] == ["a & b < c > d", "历下区", 15000, dt.date(2024, 3, 8)]
    # and each repeated text of a shared column is stored once
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shared = archive.read("xl/sharedStrings.xml").decode()
    assert shared.count("历下区") == 1 and "a &amp; b" not in shared


def test_dates_excel_cannot_hold_are_written_as_text_and_odd_numbers_too():
    data = _write([["x", None, float("nan"), dt.date(1899, 1, 1), None]])
    row = [c.value for c in load_workbook(io.BytesIO(data)).active[2]]
    assert row[2:4] == ["nan", "1899-01-01"]


def test_panes_freeze_columns_and_rows():
    data = _write([["x"]], freeze=(2, 1))
    assert load_workbook(io.BytesIO(data)).active.freeze_panes == "C2"


def test_the_export_reads_projects_in_two_queries_whatever_their_number(city_staff, units, monkeypatch):
    # given: chunks far smaller than the ledger, and projects with several investors
    monkeypatch.setattr(export, "CHUNK", 2)
    a, b = make_investor(city_staff, name_zh="甲公司"), make_investor(city_staff, name_zh="乙公司")
    for i in range(3):
        make_project(city_staff, name_zh=f"项目{i}", district=units["lixia"], investors=[a, b] if i % 2 else [b])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(export.ledger_rows(Project.objects.all()))
        return len(captured.captured_queries), rows

    few, _rows = queries()
    for i in range(3, 13):
        make_project(city_staff, name_zh=f"项目{i}", district=units["lixia"], investors=[a, b] if i % 2 else [b])
    # when
    many, rows = queries()
    # then
    assert few == many == 2
    assert [(r["name_zh"], r["investors"]) for r in rows[:3]] == [
        ("项目0", ["乙公司"]), ("项目1", ["甲公司", "乙公司"]), ("项目2", ["乙公司"])]
    assert len(load_workbook(io.BytesIO(export_bytes(city_staff))).active["A"]) == 14

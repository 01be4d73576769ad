"""The scheduling report as an Excel workbook: a cover sheet, one sheet per grouping, the missing list.

Dates and amounts are real cell values (dates, numbers in 万元), not text, so the sheets can be
sorted and summed; headers are frozen and long texts wrap.
"""

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .weekly import Row, WeeklyReport

DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
WAN = "#,##0.00"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
MISSING_FILL = PatternFill("solid", fgColor="FDE9E7")
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Excel forbids these in sheet names.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "·"))


def _columns() -> list[tuple[str, int]]:
    """Headers of the project sheets, with their widths in characters."""
    return [
        (_("Ledger number"), 14),
        (_("Project"), 28),
        (_("District / county"), 10),
        (_("Assigned city leader"), 10),
        (_("Stage"), 10),
        (_("Total investment (10,000 yuan)"), 14),
        (_("Period reported"), 12),
        (_("Progress"), 40),
        (_("Problems"), 30),
        (_("Help needed"), 30),
        (_("Next steps"), 30),
        (_("Author"), 10),
        (_("Submitted at"), 16),
    ]


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the local time as it reads."""
    return None if moment is None else moment.replace(tzinfo=None)


def _row_values(row: Row) -> list:
    update = row.update
    return [
        row.project.code,
        row.name,
        row.district,
        row.leader,
        row.stage,
        row.amount_wan,
        update.period_start if update else None,
        update.progress if row.current else _("Not reported for this period"),
        update.problems if row.current else "",
        update.help_needed if row.current else "",
        update.next_steps if row.current else "",
        row.author if row.current else "",
        _naive(row.submitted_at) if row.current else None,
    ]


def _header(ws, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=column, value=text)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, WRAP, BOX


def _formats(ws, row: int, date_columns=(), datetime_columns=(), number_columns=()) -> None:
    for column in range(1, ws.max_column + 1):
        cell = ws.cell(row=row, column=column)
        cell.alignment, cell.border = WRAP, BOX
        if column in date_columns:
            cell.number_format = DATE
        elif column in datetime_columns:
            cell.number_format = DATETIME
        elif column in number_columns:
            cell.number_format = WAN


def _title(ws, report: WeeklyReport, subtitle: str) -> int:
    """The report's title, scope and period over the first rows; returns the next free row."""
    ws.cell(row=1, column=1, value=report.heading).font = TITLE
    ws.cell(row=2, column=1, value=f"{report.period_label} · {subtitle}")
    ws.cell(row=3, column=1, value=report.generated_text)
    return 5


def _sheet_name(text: str) -> str:
    return text.translate(_SHEET_FORBIDDEN)[:31]


def _cover(ws, report: WeeklyReport) -> None:
    ws.title = _sheet_name(_("Summary"))
    row = _title(ws, report, _("Summary"))
    totals = [
        (_("Key projects"), report.total),
        (_("Updated this period"), report.updated),
        (_("Missing this period"), report.missing_count),
    ]
    for label, value in totals:
        ws.cell(row=row, column=1, value=label).font = BOLD
        ws.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value=_("Key projects by district")).font = BOLD
    row += 1
    _header(ws, row, [_("District / county"), _("Key projects"), _("Updated"), _("Missing")])
    row += 1
    for tally in report.tallies:
        for column, value in enumerate([tally.label, tally.total, tally.updated, tally.missing], start=1):
            ws.cell(row=row, column=column, value=value).border = BOX
        row += 1
    for column, value in enumerate([_("Total"), report.total, report.updated, report.missing_count], start=1):
        cell = ws.cell(row=row, column=column, value=value)
        cell.font, cell.border = BOLD, BOX
    row += 2
    ws.cell(row=row, column=1, value=_("Requests for the city's help")).font = BOLD
    row += 1
    headers = [
        _("Ledger number"),
        _("Project"),
        _("District / county"),
        _("Assigned city leader"),
        _("Total investment (10,000 yuan)"),
        _("Help needed"),
        _("Problems"),
    ]
    _header(ws, row, headers)
    row += 1
    if not report.help_rows:
        ws.cell(row=row, column=1, value=_("No project asked for help this period."))
    for item in report.help_rows:
        values = [
            item.project.code,
            item.name,
            item.district,
            item.leader,
            item.amount_wan,
            item.update.help_needed,
            item.update.problems,
        ]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        _formats(ws, row, number_columns={5})
        row += 1
    for column, width in enumerate([16, 30, 12, 14, 14, 48, 40], start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _section_sheet(ws, report: WeeklyReport, section) -> None:
    ws.title = _sheet_name(section.title)
    columns = _columns()
    row = _title(ws, report, section.title)
    header_row = row
    _header(ws, row, [name for name, _width in columns])
    for column, (_name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    row += 1
    for group in section.groups:
        cell = ws.cell(row=row, column=1, value=f"{section.group_label}: {group.label} — {group.summary}")
        cell.font = BOLD
        for column in range(1, len(columns) + 1):
            ws.cell(row=row, column=column).fill = GROUP_FILL
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
        row += 1
        for item in group.rows:
            for column, value in enumerate(_row_values(item), start=1):
                ws.cell(row=row, column=column, value=value)
            _formats(ws, row, date_columns={7}, datetime_columns={13}, number_columns={6})
            if not item.current:
                for column in range(1, len(columns) + 1):
                    ws.cell(row=row, column=column).fill = MISSING_FILL
            row += 1
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(row - 1, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _missing_sheet(ws, report: WeeklyReport) -> None:
    ws.title = _sheet_name(_("Missing this period"))
    row = _title(ws, report, _("Key projects missing this period's update"))
    headers = [
        _("Ledger number"),
        _("Project"),
        _("District / county"),
        _("Assigned city leader"),
        _("Stage"),
        _("Total investment (10,000 yuan)"),
        _("Last period reported"),
    ]
    _header(ws, row, headers)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    row += 1
    for item in report.missing:
        values = [
            item.project.code,
            item.name,
            item.district,
            item.leader,
            item.stage,
            item.amount_wan,
            item.update.period_start if item.update else _("Never"),
        ]
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
        _formats(ws, row, date_columns={7}, number_columns={6})
        row += 1
    for column, width in enumerate([16, 30, 12, 14, 12, 14, 14], start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def write(report: WeeklyReport) -> bytes:
    """The workbook's bytes."""
    workbook = Workbook()
    _cover(workbook.active, report)
    for section in report.sections:
        _section_sheet(workbook.create_sheet(), report, section)
    _missing_sheet(workbook.create_sheet(), report)
    workbook.properties.title = f"{report.heading} {report.period_label}"
    workbook.properties.creator = "Yunzhao"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

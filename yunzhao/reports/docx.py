"""The scheduling report as a Word document: a cover summary, a heading and a table per group."""

from django.utils.translation import gettext as _
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, RGBColor

from .documents import (
    add_page_numbers,
    add_run,
    docx_bytes,
    keep_rows_whole,
    new_document,
    repeat_header,
    set_cell,
)
from .weekly import Row, WeeklyReport

HEADER_SHADE = "DCE6F1"
MISSING_SHADE = "FDE9E7"
GREY = RGBColor(0x6C, 0x75, 0x7D)
# Widths (mm) of the project tables on a landscape A4 page with 15 mm margins.
WIDTHS = [52, 58, 42, 42, 42, 31]


def _table(document, headers: list[str], widths: list[float], lang: str):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, cell, text, width in zip(table.columns, table.rows[0].cells, headers, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice follows
        set_cell(cell, text, lang=lang, bold=True, size=9, shade=HEADER_SHADE)
        cell.width = Mm(width)  # each cell, which Word follows
    repeat_header(table.rows[0])
    return table


def _add_row(
    table, values: list[str], widths: list[float], lang: str, *, shade: str | None = None, bold: bool = False
):
    cells = table.add_row().cells
    for cell, text, width in zip(cells, values, widths, strict=True):
        set_cell(cell, text, lang=lang, size=9, shade=shade, bold=bold)
        cell.width = Mm(width)
    return cells


def _heading(document, text: str, level: int, lang: str):
    paragraph = document.add_heading("", level=level)
    add_run(paragraph, text, lang=lang)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _project_cell(row: Row, grouping: str) -> str:
    place = row.leader if grouping == "district" else row.district
    return f"{row.project.code}\n{row.name}\n{place} · {row.stage} · {row.amount_text}"


def _reported_cell(row: Row) -> str:
    if not row.current:
        if row.update is None:
            return _("Never reported")
        return _("Last reported for the period from %(date)s") % {
            "date": f"{row.update.period_start:%Y-%m-%d}"
        }
    submitted = row.submitted_at
    return f"{row.author}\n{submitted:%Y-%m-%d %H:%M}" if submitted else row.author


def _project_values(row: Row, grouping: str) -> list[str]:
    if not row.current:
        return [
            _project_cell(row, grouping),
            _("Not reported for this period"),
            "",
            "",
            "",
            _reported_cell(row),
        ]
    update = row.update
    return [
        _project_cell(row, grouping),
        update.progress,
        update.problems,
        update.help_needed,
        update.next_steps,
        _reported_cell(row),
    ]


def _cover(document, report: WeeklyReport) -> None:
    lang = report.lang
    paragraph = document.add_paragraph(style="Title")
    add_run(paragraph, report.heading, lang=lang)
    paragraph = document.add_paragraph()
    add_run(paragraph, f"{report.period_label} · {report.generated_text}", lang=lang, color=GREY)
    _heading(document, _("Summary"), 1, lang)
    paragraph = document.add_paragraph()
    add_run(paragraph, report.summary_text, lang=lang)
    widths = [60, 35, 35, 35]
    table = _table(
        document, [_("District / county"), _("Key projects"), _("Updated"), _("Missing")], widths, lang
    )
    for tally in report.tallies:
        _add_row(table, [tally.label, str(tally.total), str(tally.updated), str(tally.missing)], widths, lang)
    _add_row(
        table,
        [_("Total"), str(report.total), str(report.updated), str(report.missing_count)],
        widths,
        lang,
        bold=True,
    )
    _heading(document, _("Requests for the city's help"), 2, lang)
    if not report.help_rows:
        add_run(document.add_paragraph(), _("No project asked for help this period."), lang=lang)
        return
    widths = [62, 30, 30, 75, 70]
    table = _table(
        document,
        [_("Project"), _("District / county"), _("Assigned city leader"), _("Help needed"), _("Problems")],
        widths,
        lang,
    )
    for row in report.help_rows:
        _add_row(
            table,
            [
                f"{row.project.code}\n{row.name}\n{row.amount_text}",
                row.district,
                row.leader,
                row.update.help_needed,
                row.update.problems,
            ],
            widths,
            lang,
        )
    keep_rows_whole(table)


def _sections(document, report: WeeklyReport) -> None:
    lang = report.lang
    headers = [
        _("Project"),
        _("Progress"),
        _("Problems"),
        _("Help needed"),
        _("Next steps"),
        _("Reported by"),
    ]
    for section in report.sections:
        document.add_section(WD_SECTION.NEW_PAGE)
        _heading(document, section.title, 1, lang)
        if not section.groups:
            add_run(document.add_paragraph(), _("There are no active key projects."), lang=lang)
        for group in section.groups:
            _heading(
                document,
                f"{group.label}（{group.summary}）"
                if lang.startswith("zh")
                else f"{group.label} ({group.summary})",
                2,
                lang,
            )
            table = _table(document, headers, WIDTHS, lang)
            for row in group.rows:
                cells = _add_row(
                    table,
                    _project_values(row, section.grouping),
                    WIDTHS,
                    lang,
                    shade=None if row.current else MISSING_SHADE,
                )
                if not row.current:  # "not reported" spans the four columns of the update
                    cells[1].merge(cells[4])
            keep_rows_whole(table)
            document.add_paragraph()


def _missing(document, report: WeeklyReport) -> None:
    lang = report.lang
    document.add_section(WD_SECTION.NEW_PAGE)
    _heading(document, _("Key projects missing this period's update"), 1, lang)
    if not report.missing:
        add_run(document.add_paragraph(), _("Every key project has reported this period."), lang=lang)
        return
    widths = [30, 80, 30, 35, 30, 62]
    table = _table(
        document,
        [
            _("Ledger number"),
            _("Project"),
            _("District / county"),
            _("Assigned city leader"),
            _("Stage"),
            _("Last period reported"),
        ],
        widths,
        lang,
    )
    for row in report.missing:
        last = f"{row.update.period_start:%Y-%m-%d}" if row.update else _("Never")
        _add_row(
            table,
            [row.project.code, f"{row.name}\n{row.amount_text}", row.district, row.leader, row.stage, last],
            widths,
            lang,
        )
    keep_rows_whole(table)


def write(report: WeeklyReport) -> bytes:
    """The document's bytes."""
    title = report.heading
    document = new_document(lang=report.lang, title=title, landscape=True)
    add_page_numbers(document, lang=report.lang, header=f"{title} · {report.period_label}")
    _cover(document, report)
    _sections(document, report)
    _missing(document, report)
    return docx_bytes(document)

"""Writing the ledger to an ``.xlsx`` workbook, in the format of ``columns.COLUMNS``.

The workbook is written with openpyxl in write-only mode, which streams rows to disk instead of
holding the sheet in memory. Projects are read a page at a time (by primary key, so each page is
one indexed query), with the investor names of the whole page in one more query: the number of
queries grows with the number of pages, never with the number of rows. Amounts, rates and land
are real numbers and dates real dates, each with a number format; the header row is frozen.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from yunzhao.projects.models import Project

from .columns import COLUMNS, Vocabulary

PAGE = 2000
FIELDS = (
    "pk", "code", "name_zh", "name_en", "district_id", "zone_id", "industry", "kind", "source",
    "total_investment", "currency", "exchange_rate", "total_investment_cny", "land_area_mu", "stage",
    "stage_reason", "signed_on", "started_on", "production_on", "leader", "is_key", "description",
)


def ledger_rows(queryset: QuerySet) -> Iterator[dict]:
    """The projects of ``queryset`` as dicts of plain values with their investor names, page by page."""
    through = Project.investors.through
    base = queryset.order_by("pk").values(*FIELDS)
    last = 0
    while True:
        page = list(base.filter(pk__gt=last)[:PAGE])
        if not page:
            return
        names: dict[int, list[str]] = defaultdict(list)
        links = (through.objects.filter(project_id__in=[row["pk"] for row in page]).order_by("pk")
                 .values_list("project_id", "investor__name_zh"))
        for project_id, name in links:
            names[project_id].append(name)
        for row in page:
            row["investors"] = names.get(row["pk"], [])
            yield row
        last = page[-1]["pk"]


def file_name(lang: str) -> str:
    """The name offered for a downloaded ledger: ``项目台账-20260105-0930.xlsx``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{'ledger' if lang == 'en' else '项目台账'}-{stamp}.xlsx"


def write_ledger(queryset: QuerySet, out: BinaryIO, *, lang: str = "zh-hans") -> int:
    """Write the projects of ``queryset`` to ``out`` as an ``.xlsx`` ledger; returns the number of rows."""
    vocabulary = Vocabulary()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ledger" if lang == "en" else "项目台账")
    sheet.freeze_panes = "C2"
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header(lang))
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)

    # Numbers and dates carry a number format: one style per column, shared by its cells.
    styles = {}
    for position, column in enumerate(COLUMNS):
        if column.number_format:
            template = WriteOnlyCell(sheet)
            template.number_format = column.number_format
            styles[position] = template._style
    formats = [(column.format, styles.get(position)) for position, column in enumerate(COLUMNS)]
    count = 0
    for row in ledger_rows(queryset):
        values = []
        for show, style in formats:
            value = show(row, vocabulary, lang)
            if value is None or value == "":
                values.append(None)
            elif style is not None:
                values.append(Cell(sheet, row=1, column=1, value=value, style_array=style))
            else:
                values.append(value)
        sheet.append(values)
        count += 1
    workbook.save(out)
    return count

"""Writing the ledger to an ``.xlsx`` workbook, in the format of ``columns.COLUMNS``.

The projects are read in two queries whatever their number, both streamed in chunks: the projects
in primary-key order, and the investor names of those projects ordered by project, merged with
the projects as both streams advance. The workbook is written by ``xlsx.write_sheet``, which
streams the sheet's XML and keeps memory flat. Amounts, rates and land are real numbers and dates
real dates, each with a number format; the header row and the first two columns stay in view.
"""

from collections.abc import Iterator
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils import timezone

from yunzhao.projects.models import Project

from .columns import COLUMNS, Vocabulary
from .xlsx import SheetColumn, write_sheet

CHUNK = 2000
FIELDS = (
    "pk", "code", "name_zh", "name_en", "district_id", "zone_id", "industry", "kind", "source",
    "total_investment", "currency", "exchange_rate", "total_investment_cny", "land_area_mu", "stage",
    "stage_reason", "signed_on", "started_on", "production_on", "leader", "is_key", "description",
)
# Text columns whose values repeat from row to row: written once, in the workbook's shared strings.
SHARED = frozenset({"investors", "district", "zone", "industry", "kind", "source", "currency", "stage",
                    "stage_reason", "leader", "is_key"})
_END = (float("inf"), "")


def ledger_rows(queryset: QuerySet) -> Iterator[dict]:
    """The projects of ``queryset`` as dicts of plain values with their investor names, in two queries."""
    projects = queryset.order_by("pk").values(*FIELDS).iterator(chunk_size=CHUNK)
    links = (Project.investors.through.objects.filter(project__in=queryset.order_by().values("pk"))
             .order_by("project_id", "pk").values_list("project_id", "investor__name_zh").iterator(chunk_size=CHUNK))
    link = next(links, _END)
    for row in projects:
        pk, names = row["pk"], []
        # Links of projects that are no longer in the first stream (deleted meanwhile) are passed over.
        while link[0] < pk:
            link = next(links, _END)
        while link[0] == pk:
            names.append(link[1])
            link = next(links, _END)
        row["investors"] = names
        yield row


def file_name(lang: str) -> str:
    """The name offered for a downloaded ledger: ``项目台账-20260105-0930.xlsx``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{'ledger' if lang == 'en' else '项目台账'}-{stamp}.xlsx"


def write_ledger(queryset: QuerySet, out: BinaryIO, *, lang: str = "zh-hans") -> int:
    """Write the projects of ``queryset`` to ``out`` as an ``.xlsx`` ledger; returns the number of rows."""
    vocabulary = Vocabulary()
    formats = [column.format for column in COLUMNS]
    rows = ([show(row, vocabulary, lang) for show in formats] for row in ledger_rows(queryset))
    columns = [SheetColumn(column.header(lang), column.width, column.number_format, shared=column.key in SHARED)
               for column in COLUMNS]
    return write_sheet(out, sheet_name="Ledger" if lang == "en" else "项目台账", columns=columns, rows=rows,
                       freeze=(2, 1))

"""Ledger files for tests: exports, and workbooks or CSV files written row by row."""

import io

from openpyxl import Workbook

from yunzhao.ledger.export import write_ledger
from yunzhao.projects.models import Project

HEADERS = ["项目编号", "项目名称", "投资方", "区县", "总投资(万元)", "币种", "阶段", "签约日期"]


def export_bytes(user, lang: str = "zh-hans", queryset=None) -> bytes:
    """The ledger export of what ``user`` sees, as bytes."""
    out = io.BytesIO()
    write_ledger(queryset if queryset is not None else Project.objects.visible_to(user), out, lang=lang)
    return out.getvalue()


def xlsx(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    """A workbook with a header row and ``rows`` (cells written as given: text stays text)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], headers: list[str] = HEADERS, *, encoding: str = "utf-8") -> bytes:
    """A comma-separated file in ``encoding`` (``utf-8-sig`` adds the byte-order mark)."""
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)

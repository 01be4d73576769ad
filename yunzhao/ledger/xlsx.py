"""A streaming writer of one-sheet ``.xlsx`` workbooks, for exports of many rows.

openpyxl, even in write-only mode, builds a cell object and an XML element for every cell; for a
ledger of 100,000 projects (over two million cells) that is most of the time an export takes.
This writer knows only what the ledger export needs and writes the sheet's XML text directly:

- text as inline strings, or, in columns whose texts repeat (``shared``), from the workbook's
  table of shared strings, each written once; numbers as numbers, dates as Excel date numbers
  (days since 1899-12-30), booleans as booleans; ``None`` and ``""`` leave the cell out;
- one number format per column (``number_format`` of ``SheetColumn``), a bold, filled header row,
  column widths, and frozen panes.

Rows are written as they come, so memory stays flat whatever the number of rows. Characters that
XML cannot hold are dropped; ``&``, ``<``, ``>`` and carriage returns are escaped. Texts are never
written as formulas (there is no formula cell type here); neutralising texts that a spreadsheet
program would run when typed is the caller's job (``parsing.escape_text``).
"""

import datetime as dt
import re
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Excel counts days from 1899-12-30; its serials before 1 March 1900 are one day off (the leap day
# of 1900 that never was), and it has no dates before 1900 at all.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_EPOCH_ORDINAL = EXCEL_EPOCH.toordinal()
EXCEL_LEAP_BUG_UNTIL = dt.date(1900, 3, 1)
EXCEL_FIRST_DAY = dt.date(1900, 1, 1)
# Rows are joined and compressed in batches of this many.
BATCH_ROWS = 500
# Text that needs more than copying: markup characters, carriage returns, and what XML 1.0 forbids.
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_STYLE = 1
_FIRST_FORMAT_STYLE = 2
_FIRST_CUSTOM_FORMAT = 164


@dataclass(frozen=True)
class SheetColumn:
    """A column of the sheet: its header, its width in characters, the number format of its cells, and
    whether its texts repeat enough to be kept once in the shared strings (units, labels, names of
    investors) rather than written in every cell."""

    header: str
    width: float = 14
    number_format: str | None = None
    shared: bool = False


def _escape(text: str) -> str:
    if _SPECIAL.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _text_cell(ref: str, style: str, text: str) -> str:
    text = _escape(text)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t>{text}</t></is></c>'


def _float_text(value: float) -> str | None:
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _date_serial(value: dt.date) -> str | None:
    if isinstance(value, dt.datetime):
        day = value.date()
        fraction = (value - dt.datetime.combine(day, dt.time(), value.tzinfo)).total_seconds() / 86400
    else:
        day, fraction = value, 0.0
    if day < EXCEL_FIRST_DAY:
        return None
    serial = day.toordinal() - EXCEL_EPOCH_ORDINAL - (1 if day < EXCEL_LEAP_BUG_UNTIL else 0)
    return str(serial) if not fraction else repr(serial + fraction)


def _cell(ref: str, style: str, value: object) -> str:
    """The XML of one non-empty cell."""
    kind = value.__class__
    if kind is str:
        return _text_cell(ref, style, value)  # type: ignore[arg-type]
    if kind is bool:
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'  # type: ignore[call-overload]
    if kind is int:
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    if kind is float or kind is Decimal:
        number = _float_text(float(value))  # type: ignore[arg-type]
        if number is None:
            return _text_cell(ref, style, str(value))
        return f'<c r="{ref}"{style}><v>{number}</v></c>'
    if isinstance(value, dt.date):
        serial = _date_serial(value)
        if serial is None:
            return _text_cell(ref, style, value.isoformat())
        return f'<c r="{ref}"{style}><v>{serial}</v></c>'
    return _text_cell(ref, style, str(value))


def _styles(formats: list[str]) -> str:
    custom = "".join(f'<numFmt numFmtId="{_FIRST_CUSTOM_FORMAT + i}" formatCode={quoteattr(code)}/>'
                     for i, code in enumerate(formats))
    number_xfs = "".join(f'<xf numFmtId="{_FIRST_CUSTOM_FORMAT + i}" fontId="0" fillId="0" borderId="0" xfId="0" '
                         'applyNumberFormat="1"/>' for i in range(len(formats)))
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{XML_DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
        + (f'<numFmts count="{len(formats)}">{custom}</numFmts>' if formats else "")
        + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
        '</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{_FIRST_FORMAT_STYLE + len(formats)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
        'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
        f'{number_xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '</styleSheet>'
    )


def _package_parts(sheet_name: str, formats: list[str]) -> dict[str, str]:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "[Content_Types].xml": (
            f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sheet_type}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet_type}.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>'
        ),
        "_rels/.rels": (
            f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{REL_NS}/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>'
        ),
        "docProps/app.xml": (
            f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Yunzhao</Application></Properties>'
        ),
        "docProps/core.xml": (
            f'{XML_DECLARATION}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Yunzhao</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>'
        ),
        "xl/workbook.xml": (
            f'{XML_DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_DECLARATION}<Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'
        ),
        "xl/styles.xml": _styles(formats),
    }


def _sheet_head(columns: Sequence[SheetColumn], freeze: tuple[int, int]) -> str:
    frozen_columns, frozen_rows = freeze
    view = '<sheetView workbookViewId="0"/>'
    if frozen_columns or frozen_rows:
        top_left = f"{get_column_letter(frozen_columns + 1)}{frozen_rows + 1}"
        pane = "bottomRight" if frozen_columns and frozen_rows else "bottomLeft" if frozen_rows else "topRight"
        split = (f' xSplit="{frozen_columns}"' if frozen_columns else "") + (
            f' ySplit="{frozen_rows}"' if frozen_rows else "")
        view = (f'<sheetView workbookViewId="0"><pane{split} topLeftCell="{top_left}" activePane="{pane}" '
                f'state="frozen"/><selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/>'
                '</sheetView>')
    widths = "".join(f'<col min="{i}" max="{i}" width="{column.width}" customWidth="1"/>'
                     for i, column in enumerate(columns, start=1))
    return (f'{XML_DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{widths}</cols><sheetData>')


def _shared_strings(table: dict[str, int], uses: int) -> str:
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' if text[:1].isspace() or text[-1:].isspace()
                    else f"<si><t>{text}</t></si>" for text in map(_escape, table))
    return f'{XML_DECLARATION}<sst xmlns="{MAIN_NS}" count="{uses}" uniqueCount="{len(table)}">{items}</sst>'


def write_sheet(out: BinaryIO, *, sheet_name: str, columns: Sequence[SheetColumn], rows: Iterable[Sequence],
                freeze: tuple[int, int] = (0, 1)) -> int:
    """Write a workbook of one sheet: a header row of ``columns``, then ``rows``; returns how many rows.

    ``freeze`` is the number of (columns, rows) kept in view when scrolling; by default the header row.
    Each row is a sequence of cell values in column order (shorter rows leave the last cells empty).
    """
    formats = list(dict.fromkeys(c.number_format for c in columns if c.number_format))
    styles = [f' s="{_FIRST_FORMAT_STYLE + formats.index(c.number_format)}"' if c.number_format else ""
              for c in columns]
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    cells = [(letter, style, column.shared) for letter, style, column in zip(letters, styles, columns, strict=True)]
    shared: dict[str, int] = {}
    uses = 0
    number = 1
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _package_parts(sheet_name, formats).items():
            archive.writestr(name, text)
        member = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=time.localtime()[:6])
        member.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(member, "w") as sheet:
            header = "".join(_text_cell(f"{letter}1", f' s="{_HEADER_STYLE}"', column.header)
                             for letter, column in zip(letters, columns, strict=True))
            batch = [_sheet_head(columns, freeze), f'<row r="1">{header}</row>']
            for row in rows:
                number += 1
                parts = [f'<row r="{number}">']
                for (letter, style, is_shared), value in zip(cells, row, strict=False):
                    if value is None or value == "":
                        continue
                    if is_shared and value.__class__ is str:
                        index = shared.get(value)
                        if index is None:
                            index = shared[value] = len(shared)
                        uses += 1
                        parts.append(f'<c r="{letter}{number}"{style} t="s"><v>{index}</v></c>')
                    else:
                        parts.append(_cell(f"{letter}{number}", style, value))
                parts.append("</row>")
                batch.append("".join(parts))
                if len(batch) >= BATCH_ROWS:
                    sheet.write("".join(batch).encode())
                    batch = []
            batch.append("</sheetData></worksheet>")
            sheet.write("".join(batch).encode())
        archive.writestr("xl/sharedStrings.xml", _shared_strings(shared, uses))
    return number - 1

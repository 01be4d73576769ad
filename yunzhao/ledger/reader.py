"""Opening a ledger file: the safety checks, then its header row and data rows.

A file is refused, with a message for the person who sent it, when it is larger than
``LEDGER_IMPORT_MAX_BYTES``, when it is neither an ``.xlsx`` workbook nor a text CSV, or when it is
an archive that would inflate beyond ``LEDGER_IMPORT_MAX_UNZIPPED_BYTES`` (a zip bomb). The zip
check reads the declared sizes and compression ratios first, then inflates every member once in
bounded chunks to confirm them, before the workbook parser sees a byte.

Workbooks are read with python-calamine; CSV files may be UTF-8 (with or without BOM), GB18030
(which covers GBK and GB2312, what Excel writes on Chinese Windows) or UTF-16, separated by commas,
tabs or semicolons.
"""

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from .columns import COLUMNS, header_key

XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
CSV_EXTENSIONS = frozenset({".csv", ".txt"})
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format
# A real worksheet compresses perhaps 10-30 times; a bomb hundreds or thousands of times.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
MAX_ZIP_MEMBERS = 2000
HEADER_SEARCH_ROWS = 20
_KNOWN_HEADERS = frozenset().union(*(column.headers for column in COLUMNS))


class FileRejected(Exception):
    """The file as a whole cannot be imported; the message says why, in the reader's language."""


@dataclass
class Table:
    """A sheet's header row and its data rows, each with the row number a spreadsheet shows."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list]]
    sheet: str = ""


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def too_large(size: int) -> FileRejected:
    """The refusal of a file of ``size`` bytes, larger than the import limit."""
    limit = settings.LEDGER_IMPORT_MAX_BYTES
    return FileRejected(
        _("The file is too large (%(size)s); at most %(limit)s can be imported at once. "
          "Split the ledger into several files.") % {"size": _size(size), "limit": _size(limit)}
    )


def check_size(size: int) -> None:
    """Refuse a file larger than the import limit."""
    if size > settings.LEDGER_IMPORT_MAX_BYTES:
        raise too_large(size)


def check_zip(data: bytes) -> None:
    """Refuse a workbook that is not a sound zip archive or would inflate beyond the limit."""
    limit = settings.LEDGER_IMPORT_MAX_UNZIPPED_BYTES
    bomb = FileRejected(
        _("The workbook would unpack to more than %(limit)s; it looks like a zip bomb and was not opened.")
        % {"limit": _size(limit)}
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(_("The file is damaged: it is not a readable .xlsx workbook.")) from exc
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise FileRejected(_("The file is a zip archive but not an Excel workbook (.xlsx)."))
    if len(members) > MAX_ZIP_MEMBERS:
        raise bomb
    if sum(member.file_size for member in members) > limit:
        raise bomb
    for member in members:
        if member.file_size > RATIO_CHECK_FROM and member.file_size > MAX_COMPRESSION_RATIO * max(
                member.compress_size, 1):
            raise bomb
    # The declared sizes could lie: inflate once, in bounded chunks, counting what really comes out.
    total = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(1024 * 1024):
                    total += len(chunk)
                    if total > limit:
                        raise bomb
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise FileRejected(_("The file is damaged: it is not a readable .xlsx workbook.")) from exc


def _header_score(cells: list) -> int:
    return sum(1 for cell in cells if isinstance(cell, str) and header_key(cell) in _KNOWN_HEADERS)


def _find_header(rows: Iterator[tuple[int, list]]) -> tuple[int, list[str], list[tuple[int, list]]] | None:
    """The first rows, searched for the one that names the most known columns."""
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    best = max(head, key=lambda item: _header_score(item[1]), default=None)
    if best is None or _header_score(best[1]) < 2:
        return None
    index = head.index(best)
    headers = ["" if cell is None else str(cell).strip() for cell in best[1]]
    return best[0], headers, head[index + 1:]


def _no_header() -> FileRejected:
    return FileRejected(
        _("No header row was found. The first row must name the columns, such as 项目名称, 区县, 投资方, "
          "总投资(万元) and 阶段 (or Name (zh), District, Investors, Total investment, Stage).")
    )


def read_xlsx(data: bytes) -> Table:
    """The first worksheet with a ledger header row."""
    check_zip(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            first = sheet.start[0] + 1 if sheet.start else 1
            rows = zip(itertools.count(first), sheet.iter_rows(), strict=False)
            found = _find_header(rows)
            if found:
                header_row, headers, rest = found
                return Table(headers=headers, header_row=header_row, rows=itertools.chain(rest, rows), sheet=name)
    except CalamineError as exc:
        raise FileRejected(_("The file is damaged: it is not a readable .xlsx workbook.")) from exc
    raise _no_header()


def decode_text(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:65536]:
        raise FileRejected(_("This is not a spreadsheet: import an Excel workbook (.xlsx) or a CSV file."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _("The text encoding of this CSV file is not recognised. Save it as “CSV UTF-8” and try again.")
        ) from exc


def read_csv(data: bytes) -> Table:
    """A CSV file, its separator chosen as the one that makes sense of the header row."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        raise FileRejected(_("The CSV file is not valid UTF-8 text.")) from exc
    best: tuple[int, str] = (-1, ",")
    for delimiter in (",", "\t", ";"):
        sample = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            score = max((_header_score(row) for row in itertools.islice(sample, HEADER_SEARCH_ROWS)), default=0)
        except csv.Error:
            continue
        best = max(best, (score, delimiter), key=lambda item: item[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=best[1])
    rows = zip(itertools.count(1), reader, strict=False)
    try:
        found = _find_header(rows)
    except csv.Error as exc:
        raise FileRejected(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc
    if not found:
        raise _no_header()
    header_row, headers, rest = found
    return Table(headers=headers, header_row=header_row, rows=_checked_csv(itertools.chain(rest, rows)))


def _checked_csv(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    try:
        yield from rows
    except csv.Error as exc:
        raise FileRejected(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def open_table(data: bytes, file_name: str) -> Table:
    """Check a ledger file and open it, or raise ``FileRejected`` saying why not."""
    check_size(len(data))
    extension = PurePath(file_name or "").suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise FileRejected(_("This is an old-style .xls workbook. Save it as .xlsx (Excel workbook) and try again."))
    if extension and extension not in XLSX_EXTENSIONS | CSV_EXTENSIONS:
        raise FileRejected(_("This is not a spreadsheet: import an Excel workbook (.xlsx) or a CSV file."))
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    if extension in XLSX_EXTENSIONS:
        raise FileRejected(_("The file is named .xlsx but is not an Excel workbook."))
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    return read_csv(data)

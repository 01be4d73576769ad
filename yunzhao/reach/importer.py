"""Importing metric snapshots from an .xlsx or .csv file: checked whole, recorded all or nothing.

Columns (Chinese or English headers, in any order): the event id (or the campaign id), the channel
code, the publication kind (optional when the event has only one publication on that channel), the
"as of" time, and the six counts. An empty count keeps the publication's previous count.

Every fault is named with its row and column: unknown events, campaigns and channels, times in the
future or before the publication went out, counts that are negative, not numbers, or lower than an
earlier snapshot, and rows given twice or already recorded with other numbers. A row already
recorded with the same numbers is "unchanged", so importing the same file again changes nothing.

The file's safety checks (size, zip bombs, encodings) are the ledger import's, in
``yunzhao.ledger.reader``.
"""

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from yunzhao.campaigns.models import Campaign, Event
from yunzhao.ledger.reader import (
    CSV_EXTENSIONS,
    OLE_MAGIC,
    XLSX_EXTENSIONS,
    ZIP_MAGIC,
    FileRejected,
    check_zip,
)
from yunzhao.ledger.reader import decode_text as _decode_text

from . import actions
from .choices import METRICS, ImportStatus, PublicationKind, SnapshotSource
from .models import Channel, Publication, SnapshotImport
from .querysets import can_record_reach
from .snapshots import Fault, SnapshotRow

HEADER_SEARCH_ROWS = 10
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class Column:
    """A column of the snapshot file: its key, its headers in Chinese and English, and other spellings."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> set[str]:
        return {header_key(h) for h in (self.zh, self.en, *self.aliases)}


COLUMNS = (
    Column("event", "活动编号", "event id", ("event", "活动", "活动id", "活动ID", "推介会编号")),
    Column("campaign", "系列活动编号", "campaign id", ("campaign", "系列活动", "系列活动id")),
    Column("channel", "渠道代码", "channel code", ("channel", "渠道", "渠道编码", "平台代码")),
    Column("kind", "发布形式", "publication kind", ("kind", "形式", "类型", "发布类型")),
    Column("taken_at", "截至时间", "as of", ("as of time", "time", "taken at", "截至", "统计时间", "时间")),
    Column("reads", "阅读量", "reads", ("views", "点击量", "浏览量", "阅读")),
    Column("plays", "播放量", "plays", ("播放",)),
    Column("likes", "点赞量", "likes", ("点赞", "点赞数")),
    Column("shares", "转发量", "shares", ("转发", "分享", "分享量", "转发数")),
    Column("comments", "评论量", "comments", ("评论", "评论数")),
    Column("followers", "关注人次", "followers", ("关注", "新增关注", "关注量", "followers gained")),
)
BY_KEY = {column.key: column for column in COLUMNS}

KIND_WORDS = {
    "live broadcast": PublicationKind.LIVE, "livestream": PublicationKind.LIVE,
    "直播": PublicationKind.LIVE, "现场直播": PublicationKind.LIVE,
    "回放": PublicationKind.REPLAY, "重播": PublicationKind.REPLAY,
    "文章": PublicationKind.ARTICLE, "稿件": PublicationKind.ARTICLE, "图文": PublicationKind.ARTICLE,
    "报道": PublicationKind.ARTICLE,
    "转载": PublicationKind.REPOST,
}
MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y.%m.%d %H:%M:%S",
    "%Y年%m月%d日%H时", "%Y年%m月%d日%H时%M分", "%Y年%m月%d日%H:%M", "%Y年%m月%d日%H点", "%Y年%m月%d日%H点%M分",
)
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "w": Decimal(10_000)}
_DATE_ONLY = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")


class CellError(ValueError):
    """A cell that cannot be read; the message is for the person who filled it in."""


def header_key(text: str) -> str:
    """A header as compared: full-width folded, lower case, without spaces, underscores and brackets."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"[\s_\-()（）/]+", "", text)


_SPELLINGS = {spelling: column.key for column in COLUMNS for spelling in column.spellings}


# --- Reading the file -------------------------------------------------------------------------------

@dataclass
class Table:
    """The header row (which columns are where) and the data rows with their spreadsheet numbers."""

    columns: dict[str, int]
    headers: dict[str, str]
    rows: Iterator[tuple[int, list]]


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _find_header(rows: Iterator[tuple[int, list]]) -> Table:
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    for index, (_number, cells) in enumerate(head):
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for position, cell in enumerate(cells):
            key = _SPELLINGS.get(header_key(cell)) if isinstance(cell, str) else None
            if key and key not in columns:
                columns[key] = position
                headers[key] = cell.strip()
        if "channel" in columns and "taken_at" in columns:
            return Table(columns, headers, itertools.chain(head[index + 1:], rows))
    raise FileRejected(_(
        "No header row was found. The first row must name the columns: %(zh)s (or %(en)s).") % {
        "zh": "、".join(c.zh for c in COLUMNS), "en": ", ".join(c.en for c in COLUMNS)})


def _read_xlsx(data: bytes) -> Table:
    check_zip(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        first = sheet.start[0] + 1 if sheet.start else 1
        return _find_header(zip(itertools.count(first), sheet.iter_rows(), strict=False))
    except CalamineError as exc:
        raise FileRejected(_("The file is damaged: it is not a readable .xlsx workbook.")) from exc


def _read_csv(data: bytes) -> Table:
    text = _decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _find_header(zip(itertools.count(1), reader, strict=False))
    except csv.Error as exc:
        raise FileRejected(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc


def read_table(data: bytes, file_name: str) -> Table:
    """Check a snapshot file and open it, or raise ``FileRejected`` saying why not."""
    limit = settings.LEDGER_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise FileRejected(_("The file is too large (%(size)s); at most %(limit)s can be imported at once. "
                             "Split it into several files.") % {"size": _size(len(data)), "limit": _size(limit)})
    extension = PurePath(file_name or "").suffix.lower()
    if data.startswith(OLE_MAGIC):
        raise FileRejected(_("This is an old-style .xls workbook. Save it as .xlsx (Excel workbook) and try again."))
    if extension and extension not in XLSX_EXTENSIONS | CSV_EXTENSIONS:
        raise FileRejected(_("This is not a spreadsheet: import an Excel workbook (.xlsx) or a CSV file."))
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if extension in XLSX_EXTENSIONS:
        raise FileRejected(_("The file is named .xlsx but is not an Excel workbook."))
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    return _read_csv(data)


# --- Reading cells ----------------------------------------------------------------------------------

def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_id(value: object) -> int:
    """An id typed as 12, 12.0 or "12"."""
    text = _text(value)
    if not text.isdigit():
        raise CellError(_("“%(value)s” is not an id number.") % {"value": text})
    return int(text)


def parse_count(value: object) -> int | None:
    """A count: 1234, "1,234", "12.5万", "1.2亿"; empty is ``None`` (keep the previous count)."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _text(value).replace(",", "").replace(" ", "")
        unit = Decimal(1)
        if text and text[-1].lower() in _UNITS:
            unit, text = _UNITS[text[-1].lower()], text[:-1]
        try:
            number = Decimal(text) * unit
        except InvalidOperation as exc:
            raise CellError(_("“%(value)s” is not a number.") % {"value": _text(value)}) from exc
        if not number.is_finite():
            raise CellError(_("“%(value)s” is not a number.") % {"value": _text(value)})
    if number < 0:
        raise CellError(_("A count cannot be negative (%(value)s).") % {"value": _text(value)})
    if number != number.to_integral_value():
        raise CellError(_("A count is a whole number, not %(value)s.") % {"value": _text(value)})
    return int(number)


def parse_moment(value: object) -> dt.datetime:
    """A local date and time: a spreadsheet date-time, "2021-03-30 18:00", "2021年3月30日18时"…"""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        raise CellError(_("Give the time of day as well as the date."))
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 < value < 80_000:
        if float(value).is_integer():
            raise CellError(_("Give the time of day as well as the date."))
        moment = EXCEL_EPOCH + dt.timedelta(days=float(value))
    else:
        text = re.sub(r"\s+", " ", _text(value))
        if _DATE_ONLY.match(text):
            raise CellError(_("Give the time of day as well as the date."))
        moment = None
        for candidate in (text, text.replace(" ", "")):
            for fmt in MOMENT_FORMATS:
                try:
                    moment = dt.datetime.strptime(candidate, fmt)
                    break
                except ValueError:
                    continue
            if moment:
                break
        if moment is None:
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError as exc:
                raise CellError(_("“%(value)s” is not a date and time such as 2021-03-30 18:00.") % {
                    "value": text}) from exc
    moment = moment.replace(microsecond=0)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def parse_kind(value: object) -> str:
    """A publication kind by its code, its English name or its Chinese name."""
    text = _text(value)
    lowered = text.lower()
    for kind in PublicationKind:
        if lowered in (kind.value, str(kind.label).lower()):
            return kind.value
    if lowered in KIND_WORDS:
        return KIND_WORDS[lowered]
    raise CellError(_("“%(value)s” is not a publication kind (%(kinds)s).") % {
        "value": text, "kinds": ", ".join(str(k.label) for k in PublicationKind)})


# --- Rows to snapshots ------------------------------------------------------------------------------

@dataclass
class Parsed:
    """The snapshot rows read from a file, the faults found while reading them, and the row count."""

    rows: list[SnapshotRow]
    faults: list[Fault]
    total: int
    headers: dict[str, str]


def _raw_rows(table: Table) -> Iterator[tuple[int, dict[str, object]]]:
    max_rows = settings.LEDGER_IMPORT_MAX_ROWS
    count = 0
    for number, cells in table.rows:
        values = {key: cells[i] if i < len(cells) else None for key, i in table.columns.items()}
        if all(_blank(v) for v in values.values()):
            continue
        count += 1
        if count > max_rows:
            raise FileRejected(_("The file has more than %(max)s rows; split it into several files.") % {
                "max": f"{max_rows:,}"})
        yield number, values


def parse_table(table: Table, *, actor) -> Parsed:
    """Read every row; look up events, campaigns, channels and publications in four queries."""
    raw = list(_raw_rows(table))
    faults: list[Fault] = []
    header = table.headers

    def fault(row: int, key: str, message: str) -> None:
        faults.append(Fault(row, header.get(key, str(BY_KEY[key].zh if key in BY_KEY else key)), message))

    if "event" not in table.columns and "campaign" not in table.columns:
        raise FileRejected(_("The file needs a column “%(event)s” (or “%(campaign)s”).") % {
            "event": BY_KEY["event"].zh, "campaign": BY_KEY["campaign"].zh})
    if not any(m in table.columns for m in METRICS):
        raise FileRejected(_("The file has no count columns (%(columns)s).") % {
            "columns": "、".join(BY_KEY[m].zh for m in METRICS)})

    # First pass: read the cells.
    cells: list[tuple[int, dict]] = []
    for number, values in raw:
        read: dict[str, object] = {}
        ok = True
        for key in ("event", "campaign"):
            if not _blank(values.get(key)):
                try:
                    read[key] = parse_id(values[key])
                except CellError as exc:
                    fault(number, key, str(exc))
                    ok = False
        if ok and ("event" in read) == ("campaign" in read):
            fault(number, "event" if "event" in table.columns else "campaign",
                  _("Give either the event id or the campaign id.") if not read else
                  _("Give the event id or the campaign id, not both."))
            ok = False
        if _blank(values.get("channel")):
            fault(number, "channel", _("The channel code is missing."))
            ok = False
        else:
            read["channel"] = _text(values["channel"])
        if not _blank(values.get("kind")):
            try:
                read["kind"] = parse_kind(values["kind"])
            except CellError as exc:
                fault(number, "kind", str(exc))
                ok = False
        if _blank(values.get("taken_at")):
            fault(number, "taken_at", _("The time is missing."))
            ok = False
        else:
            try:
                read["taken_at"] = parse_moment(values["taken_at"])
            except CellError as exc:
                fault(number, "taken_at", str(exc))
                ok = False
        counts: dict[str, int | None] = {}
        bad_count = False
        for metric in METRICS:
            try:
                counts[metric] = parse_count(values.get(metric))
            except CellError as exc:
                fault(number, metric, str(exc))
                counts[metric], bad_count = None, True
        if not bad_count and all(v is None for v in counts.values()):
            fault(number, next(m for m in METRICS if m in table.columns), _("No counts are given in this row."))
            ok = False
        read["counts"] = counts
        cells.append((number, read if ok else {}))

    # Second pass: look up what the rows name, in bulk.
    event_ids = {r["event"] for _, r in cells if "event" in r}
    campaign_ids = {r["campaign"] for _, r in cells if "campaign" in r}
    codes = {r["channel"] for _, r in cells if "channel" in r}
    events = Event.objects.in_bulk(event_ids)
    campaigns = Campaign.objects.in_bulk(campaign_ids)
    # Codes are slugs, kept in lower case; "Douyin" in a file finds "douyin".
    channels = {c.code.lower(): c for c in Channel.objects.filter(code__in={*codes, *(c.lower() for c in codes)})}
    publications: dict[tuple[str, int, int], list[Publication]] = {}
    for pub in Publication.objects.filter(Q(event_id__in=events.keys()) | Q(campaign_id__in=campaigns.keys())):
        subject = ("event", pub.event_id) if pub.event_id else ("campaign", pub.campaign_id)
        publications.setdefault((*subject, pub.channel_id), []).append(pub)

    english = any(header_key(text) == header_key(BY_KEY[key].en) for key, text in header.items())
    kind_header = header.get("kind") or (BY_KEY["kind"].en if english else BY_KEY["kind"].zh)
    rows: list[SnapshotRow] = []
    for number, read in cells:
        if not read:
            continue
        kind_key = "event" if "event" in read else "campaign"
        subject = events.get(read["event"]) if kind_key == "event" else campaigns.get(read["campaign"])
        channel = channels.get(read["channel"].lower())
        if subject is None:
            fault(number, kind_key, (_("There is no event with id %(id)s.") if kind_key == "event" else
                                     _("There is no campaign with id %(id)s.")) % {"id": read[kind_key]})
        if channel is None:
            fault(number, "channel", _("There is no channel with the code “%(code)s” in the registry.") % {
                "code": read["channel"]})
        if subject is None or channel is None:
            continue
        if actor is not None and not can_record_reach(actor, **{kind_key: subject}):
            fault(number, kind_key, _("You may not record reach for %(subject)s.") % {"subject": subject})
            continue
        candidates = publications.get((kind_key, subject.pk, channel.pk), [])
        if "kind" in read:
            candidates = [p for p in candidates if p.kind == read["kind"]]
        if len(candidates) != 1:
            column = "kind" if "kind" in table.columns else "channel"
            if not candidates:
                message = _("%(subject)s has no publication on “%(channel)s”%(kind)s; add it on the reach page "
                            "first.") % {"subject": subject, "channel": channel,
                                         "kind": f" ({PublicationKind(read['kind']).label})" if "kind" in read else ""}
            else:
                message = _("%(subject)s has several publications on “%(channel)s” (%(kinds)s); say which in the "
                            "column “%(column)s”.") % {
                    "subject": subject, "channel": channel, "column": kind_header,
                    "kinds": ", ".join(str(p.get_kind_display()) for p in candidates)}
            fault(number, column, message)
            continue
        rows.append(SnapshotRow(publication=candidates[0], taken_at=read["taken_at"], counts=read["counts"],
                                row=number))
    return Parsed(rows=rows, faults=faults, total=len(raw), headers=header)


# --- The whole import -------------------------------------------------------------------------------

def import_snapshots(data: bytes, *, file_name: str, actor, dry_run: bool = False,
                     now: dt.datetime | None = None) -> SnapshotImport:
    """Check a file whole and record its snapshots, or none; every attempt is kept as a ``SnapshotImport``."""
    started_at = timezone.now()
    record = {"actor": actor, "file_name": file_name, "sha256": hashlib.sha256(data).hexdigest(),
              "size": len(data), "started_at": started_at}
    try:
        parsed = parse_table(read_table(data, file_name), actor=actor)
    except FileRejected as exc:
        return actions.log_import(**record, status=ImportStatus.REJECTED, faults=[Fault(None, "", str(exc))])
    faults = list(parsed.faults)
    plan = None
    try:
        plan = actions.record_snapshots(parsed.rows, actor=actor, source=SnapshotSource.IMPORT,
                                        dry_run=dry_run or bool(faults), now=now)
    except actions.SnapshotsRejected as exc:
        faults += [_with_header(f, parsed.headers) for f in exc.faults]
    if faults:
        faults.sort(key=lambda f: (f.row is None, f.row or 0))
        return actions.log_import(**record, status=ImportStatus.REJECTED, rows_total=parsed.total, faults=faults)
    return actions.log_import(**record, status=ImportStatus.DRY_RUN if dry_run else ImportStatus.APPLIED,
                              rows_total=parsed.total, rows_created=len(plan.new), rows_unchanged=len(plan.unchanged))


def _with_header(fault: Fault, headers: dict[str, str]) -> Fault:
    """A checking fault named by the file's own header for its column."""
    key = fault.column
    header = headers.get(key) or (BY_KEY[key].zh if key in BY_KEY else key)
    return Fault(fault.row, header, fault.message, fault.publication_id)

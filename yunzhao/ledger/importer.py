"""Validating a ledger file against the database: every row checked, every fault named, nothing written.

``plan_import`` reads all rows, parses every cell through the declared ``COLUMNS``, matches rows to
the projects the user may change, and returns an ``ImportPlan``: the faults found (row, column,
value, reason), or, when there are none, exactly what applying the file would create and change.
The plan is applied by ``yunzhao.ledger.actions.import_ledger``.

Rules, the same as the project actions apply to single edits:

- A row is matched by its 项目编号 / Code when it has one, otherwise by (district, Chinese name).
  Matching only ever looks at ``Project.objects.writable_by(user)``: a project the user may not
  change is treated exactly like one that does not exist.
- A row with a code that matches nothing creates a project with that code, except that codes of
  the form ``XM2026-000123`` are handed out by Yunzhao itself and are never taken from a file.
  (A code that is free-form and already taken by a project the user cannot see is refused with the
  same message as an unknown Yunzhao code; the only thing such a row learns is that the number is
  not free.)
- District staff may only import rows of their district, zone staff rows of their zone; such a row
  is refused whatever is in the database, so it never reveals whether a project exists.
- Paused and lost projects need a reason. Reaching signed, started or in production sets that date
  to today when the file leaves it empty and the project has none. Dates cannot be in the future.
- Amounts of CNY rows take the rate 1; USD rows keep their rate, or take the month's recorded rate.
- A column left out of the file leaves that field alone; an empty cell in a text, land or date
  column clears it; an empty cell in a choice column (industry, kind, source, currency) keeps it.
- Investors are found by Chinese name, English name, or the name key the CRM uses to spot
  duplicates; names found nowhere become new investors, owned by the row's district (by their own
  zone for zone staff, as for any investor they record), and are listed in the report.
- A project must name at least one investor, unless it has none recorded and the cell is empty.
- Rows whose values equal what is recorded are left alone, so a file imported twice changes nothing.
"""

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yunzhao.core.choices import Currency, Industry
from yunzhao.crm.models import Investor, name_key
from yunzhao.orgs.choices import Role
from yunzhao.projects.choices import (
    OFF_PIPELINE,
    STAGE_DATE_FIELD,
    CapitalSource,
    ProjectKind,
    Stage,
    stage_rank,
)
from yunzhao.projects.models import Project
from yunzhao.projects.rates import rate_table

from . import parsing
from .columns import COLUMNS, COLUMNS_BY_KEY, FIELD_OF, REQUIRED_KEYS, Vocabulary, header_key
from .parsing import CellError
from .reader import Table

# Codes that Yunzhao gives new projects (``projects.actions.code_for``); a file can never claim one.
SYSTEM_CODE_RE = re.compile(r"^XM\d{4}-\d{6,}$")
# Rows whose first cell says this are totals, not projects.
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "total", "subtotal", "sum"})
QUERY_CHUNK = 2000
# A large file is matched by first reading the number and code (or name) of every project the user
# may change, which is cheap. The other fields of those the file names are then read in one pass over
# the range of numbers they span, rather than a batch at a time, when they are at least this share of
# the projects in that range; their investor links likewise (reading a link costs far less than a
# project, so a smaller share is enough).
SCAN_SHARE = 0.7
LINK_SCAN_SHARE = 0.25
SCAN_CHUNK = 5000

# The project fields an import can set, in the order they are compared.
PROJECT_FIELDS = (
    "name_zh", "name_en", "district_id", "zone_id", "industry", "kind", "source", "total_investment", "currency",
    "exchange_rate", "land_area_mu", "stage", "stage_reason", "signed_on", "started_on", "production_on",
    "leader", "is_key", "description",
)
# What is read of each project a row may change.
EXISTING_FIELDS = ("pk", "code", "updated_at", "stage_changed_at", *PROJECT_FIELDS)
# (column key, project field) of each field an import sets, and of the required ones.
COLUMN_FIELDS = tuple(({v: k for k, v in FIELD_OF.items()}.get(name, name), name) for name in PROJECT_FIELDS)
REQUIRED_FIELDS = tuple((key, FIELD_OF.get(key, key)) for key in sorted(REQUIRED_KEYS - {"investors"}))
# Defaults of a new project for columns the file leaves out, or choice cells it leaves empty.
DEFAULTS: dict[str, Any] = {
    "name_en": "", "zone_id": None, "industry": Industry.OTHER.value, "kind": ProjectKind.NEW.value,
    "source": CapitalSource.DOMESTIC.value, "currency": Currency.CNY.value, "land_area_mu": None, "stage_reason": "",
    "signed_on": None, "started_on": None, "production_on": None, "leader": "", "is_key": False,
    "description": "",
}
# Columns whose cells repeat a few values (parsed once per distinct value).
REPEATING = frozenset({"district", "zone", "industry", "kind", "source", "currency", "exchange_rate", "stage",
                       "signed_on", "started_on", "production_on", "is_key", "leader"})
# The milestone dates a project at each pipeline stage has reached.
MILESTONE_DATES = {
    stage.value: [field for milestone, field in STAGE_DATE_FIELD.items() if stage_rank(stage) >= stage_rank(milestone)]
    for stage in Stage if stage not in OFF_PIPELINE
}
ONE = Decimal(1)
# Columns whose empty cell means "keep what is recorded" rather than "clear it".
KEEP_WHEN_EMPTY = frozenset({"industry", "kind", "source", "currency", "exchange_rate"})
DATE_FIELDS = ("signed_on", "started_on", "production_on")


@dataclass(frozen=True)
class Fault:
    """One thing wrong with the file: where (row and column as the spreadsheet shows them) and why."""

    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class RowPlan:
    """What one valid row does: create a project, or change some fields of an existing one."""

    row: int
    code: str
    values: dict[str, Any]
    investor_names: list[str] | None
    existing: dict[str, Any] | None = None
    investor_ids: list[int | str] = field(default_factory=list)
    current_investor_ids: list[int] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    investors_changed: bool = False


@dataclass
class ImportPlan:
    """The outcome of validation: the faults, or the rows to create and update."""

    rows_total: int = 0
    faults: list[Fault] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    creates: list[RowPlan] = field(default_factory=list)
    updates: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0
    # name_key → (name as first written, owning unit id, industry) of investors to be created.
    new_investors: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.faults


def chunks(items: Iterable, size: int = QUERY_CHUNK) -> Iterator[list]:
    """Lists of at most ``size`` items (to keep ``IN (…)`` lists within every database's limits)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return str(value)[:100]


class _Planner:
    """One validation pass over one file for one user."""

    def __init__(self, table: Table, actor, *, today: dt.date):
        self.table = table
        self.actor = actor
        self.today = today
        self.lang = "en" if (get_language() or "").startswith("en") else "zh-hans"
        self.file_lang = self.lang
        self.vocabulary = Vocabulary()
        self.plan = ImportPlan()
        self.index: dict[str, int] = {}
        self.header: dict[str, str] = {}
        # The number of every project the user may change, once a large file has made it worth reading.
        self.writable_pks: list[int] | None = None

    # --- faults ---------------------------------------------------------------------------------

    def fault(self, row: int | None, key: str, message: str, raw: object = None) -> None:
        column = self.header.get(key) or COLUMNS_BY_KEY[key].header(self.file_lang) if key else ""
        self.plan.faults.append(Fault(row, column, _shown(raw), message))

    # --- header ---------------------------------------------------------------------------------

    def map_headers(self) -> bool:
        by_header = {h: column for column in COLUMNS for h in column.headers}
        for position, text in enumerate(self.table.headers):
            if not text:
                continue
            column = by_header.get(header_key(text))
            if column is None:
                self.plan.notices.append(_("The column “%(name)s” is not part of the ledger and was ignored.")
                                         % {"name": text})
                continue
            if not column.importable:
                continue
            if column.key in self.index:
                self.plan.faults.append(Fault(self.table.header_row, text, "",
                                              _("This column appears twice.")))
                continue
            self.index[column.key] = position
            self.header[column.key] = text
        # Missing columns are named in the language the file's headers are written in.
        english = sum(header_key(t) == header_key(COLUMNS_BY_KEY[k].header_en) for k, t in self.header.items())
        self.file_lang = "en" if english * 2 > len(self.header) else "zh-hans"
        for key in sorted(REQUIRED_KEYS - set(self.index), key=list(COLUMNS_BY_KEY).index):
            self.fault(self.table.header_row, key, _("This required column is missing."))
        return not self.plan.faults

    # --- rows -----------------------------------------------------------------------------------

    def parse_rows(self) -> Iterator[tuple[int, dict[str, Any], dict[str, object], bool]]:
        """Each non-empty row parsed cell by cell: (row number, values by field, raw cells, all cells readable).

        Stops, leaving only that fault, once the file has more rows than may be imported at once.
        """
        # Columns of few distinct values are parsed once per value.
        columns = [(key, FIELD_OF.get(key, key), position, COLUMNS_BY_KEY[key].parse,
                    {} if key in REPEATING else None) for key, position in self.index.items()]
        vocabulary = self.vocabulary
        limit = settings.LEDGER_IMPORT_MAX_ROWS
        for number, cells in self.table.rows:
            # Empty cells arrive as "" or None; a row of them is skipped, as is a row of totals.
            if not any(cells):
                continue
            first = next(cell for cell in cells if cell)
            if first.__class__ is str and len(first) <= 10 and parsing.normalize_text(first).lower() in TOTAL_WORDS:
                continue
            values: dict[str, Any] = {}
            raw: dict[str, object] = {}
            readable = True
            width = len(cells)
            for key, name, position, parse, seen in columns:
                cell = cells[position] if position < width else None
                if cell is None or cell == "":
                    values[name] = None
                    continue
                if seen is None:
                    try:
                        value, error = parse(cell, vocabulary), None
                    except CellError as exc:
                        value, error = None, str(exc)
                else:
                    known = seen.get((cell.__class__, cell))
                    if known is None:
                        try:
                            known = (parse(cell, vocabulary), None)
                        except CellError as exc:
                            known = (None, str(exc))
                        seen[cell.__class__, cell] = known
                    value, error = known
                if error is not None:
                    values[name], raw[key], readable = None, cell, False
                    self.fault(number, key, error, cell)
                    continue
                if value == "":  # white space only
                    values[name] = None
                else:
                    values[name], raw[key] = value, cell
            if not raw:
                continue  # only white space
            self.plan.rows_total += 1
            if self.plan.rows_total > limit:
                self.plan.faults = [Fault(None, "", "", _(
                    "The file has more than %(limit)d rows; import at most %(limit)d rows at a time."
                ) % {"limit": limit})]
                return
            yield number, values, raw, readable

    def check_row(self, number: int, values: dict[str, Any], raw: dict[str, object]) -> bool:
        """Checks within one row that need no database; False when the row cannot be used."""
        ok = True
        for key, name in REQUIRED_FIELDS:
            if values[name] is None and key not in raw:
                self.fault(number, key, _("This cell must not be empty."))
                ok = False
        for key in DATE_FIELDS:
            day = values.get(key)
            if day is not None and day > self.today:
                self.fault(number, key, _("The date cannot be in the future."), raw.get(key))
                ok = False
        currency = values.get("currency")
        rate = values.get("exchange_rate")
        if currency == Currency.CNY and rate is not None and rate != 1:
            self.fault(number, "exchange_rate", _("Amounts in yuan take the rate 1."), raw.get("exchange_rate"))
            ok = False
        amount = raw.get("total_investment")
        if amount.__class__ is str and currency != Currency.USD and parsing.mentions_dollars(amount):
            self.fault(number, "total_investment",
                       _("The amount is in US dollars: write USD in the currency column."), amount)
            ok = False
        return ok

    def check_scope(self, number: int, values: dict[str, Any], raw: dict[str, object] | None = None) -> bool:
        """District and zone staff may only import rows of their own unit (whatever the database holds).

        With the row's ``raw`` cells, only the units the row names are checked (before it is matched
        to anything); without, the row's final values.
        """
        role = self.actor.role
        partial = raw is not None
        if role == Role.DISTRICT_STAFF and values.get("district_id") != self.actor.unit_id:
            if partial and values.get("district_id") is None:
                return True
            shown = raw.get("district") if partial else self.vocabulary.unit_name(values["district_id"], self.lang)
            self.fault(number, "district", _("You can only import projects of your own district."), shown)
            return False
        if role == Role.ZONE_STAFF and values.get("zone_id") != self.actor.unit_id:
            if partial and values.get("zone_id") is None:
                return True
            shown = raw.get("zone") if partial else self.vocabulary.unit_name(values["zone_id"], self.lang)
            self.fault(number, "zone" if "zone" in self.index else "district",
                       _("You can only import projects of your own zone."), shown)
            return False
        return True

    # --- matching -------------------------------------------------------------------------------

    def writable(self) -> QuerySet:
        return Project.objects.writable_by(self.actor).order_by()

    def in_one_pass(self, wanted: set[int], share: float) -> tuple[int, int] | None:
        """The range of numbers to read in one pass for the projects ``wanted``, or None to look them up in batches."""
        if len(wanted) <= QUERY_CHUNK or self.writable_pks is None:
            return None
        low, high = min(wanted), max(wanted)
        in_range = sum(1 for pk in self.writable_pks if low <= pk <= high)
        return (low, high) if len(wanted) >= in_range * share else None

    def rows_of(self, wanted: set[int]) -> Iterator[dict]:
        """What an import compares of the projects ``wanted`` (all among those the user may change)."""
        span = self.in_one_pass(wanted, SCAN_SHARE)
        if span is None:
            for batch in chunks(sorted(wanted)):
                yield from self.writable().filter(pk__in=batch).values(*EXISTING_FIELDS)
            return
        rows = self.writable().filter(pk__range=span).values(*EXISTING_FIELDS).iterator(chunk_size=SCAN_CHUNK)
        yield from (row for row in rows if row["pk"] in wanted)

    def existing_by_code(self, codes: set[str]) -> dict[str, dict]:
        if len(codes) <= QUERY_CHUNK:
            return {row["code"]: row for row in self.writable().filter(code__in=codes).values(*EXISTING_FIELDS)}
        scan = list(self.writable().values_list("pk", "code").iterator(chunk_size=10000))
        self.writable_pks = [pk for pk, _code in scan]
        return {row["code"]: row for row in self.rows_of({pk for pk, code in scan if code in codes})}

    def codes_taken(self, codes: set[str]) -> set[str]:
        taken: set[str] = set()
        for batch in chunks(sorted(codes)):
            taken.update(Project.objects.filter(code__in=batch).values_list("code", flat=True))
        return taken

    def existing_by_name(self, names: set[str]) -> dict[tuple[int, str], list[dict]]:
        """Projects the user may change whose Chinese name is among ``names``, by (district, name)."""
        if len(names) <= QUERY_CHUNK:
            pks = set(self.writable().filter(name_zh__in=names).values_list("pk", flat=True))
        else:
            # Names are not indexed: one pass over the ledger beats one pass per chunk of names.
            scan = list(self.writable().values_list("pk", "name_zh").iterator(chunk_size=10000))
            self.writable_pks = [pk for pk, _name in scan]
            pks = {pk for pk, name in scan if name in names}
        found: dict[tuple[int, str], list[dict]] = defaultdict(list)
        for row in self.rows_of(pks):
            found[row["district_id"], row["name_zh"]].append(row)
        return found

    def current_investors(self, pks: list[int]) -> dict[int, list[int]]:
        """The investors of each of the projects ``pks``, in the order they were linked."""
        through = Project.investors.through
        found: dict[int, list[int]] = defaultdict(list)
        wanted = set(pks)
        span = self.in_one_pass(wanted, LINK_SCAN_SHARE)
        if span is not None:
            # Links of other projects in the range are read too, and passed over.
            links = (through.objects.filter(project_id__gte=span[0], project_id__lte=span[1]).order_by("pk")
                     .values_list("project_id", "investor_id").iterator(chunk_size=SCAN_CHUNK))
            for project_id, investor_id in links:
                if project_id in wanted:
                    found[project_id].append(investor_id)
            return found
        for batch in chunks(pks):
            rows = through.objects.filter(project_id__in=batch).order_by("pk").values_list("project_id",
                                                                                           "investor_id")
            for project_id, investor_id in rows:
                found[project_id].append(investor_id)
        return found

    def resolve_investors(self, names: set[str]) -> dict[str, int]:
        """Existing investors by the names used in the file: Chinese name, English name, then name key."""
        by_zh: dict[str, int] = {}
        by_en: dict[str, int] = {}
        by_key: dict[str, int] = {}
        keys = {name_key(n) for n in names} - {""}
        lowered = {n.lower() for n in names}
        for batch in chunks(sorted(names)):
            for pk, zh in Investor.objects.filter(name_zh__in=batch).order_by("pk").values_list("pk", "name_zh"):
                by_zh.setdefault(zh, pk)
        for batch in chunks(sorted(lowered)):
            rows = (Investor.objects.annotate(name_en_lower=Lower("name_en")).filter(name_en_lower__in=batch)
                    .order_by("pk").values_list("pk", "name_en_lower"))
            for pk, en in rows:
                by_en.setdefault(en, pk)
        for batch in chunks(sorted(keys)):
            for pk, key in Investor.objects.filter(name_key__in=batch).order_by("pk").values_list("pk", "name_key"):
                by_key.setdefault(key, pk)
        resolved = {}
        for name in names:
            pk = by_zh.get(name) or by_en.get(name.lower()) or by_key.get(name_key(name))
            if pk:
                resolved[name] = pk
        return resolved

    # --- the whole pass -------------------------------------------------------------------------

    def run(self) -> ImportPlan:
        if not self.map_headers():
            return self.plan
        usable: list[RowPlan] = []
        seen: dict[tuple, int] = {}
        for number, values, raw, readable in self.parse_rows():
            ok = self.check_row(number, values, raw) and readable
            ok = self.check_scope(number, values, raw) and ok
            code = values.pop("code", None) or ""
            key = ("code", code) if code else ("name", values.get("district_id"), values.get("name_zh"))
            if key[-1] is not None and key[1] is not None:
                if key in seen:
                    self.fault(number, "code" if code else "name_zh",
                               _("This row repeats the project of row %(row)d.") % {"row": seen[key]},
                               code or values.get("name_zh"))
                    ok = False
                else:
                    seen[key] = number
            if ok:
                usable.append(RowPlan(row=number, code=code, values=values,
                                      investor_names=values.pop("investors", None)))
        if self.plan.rows_total > settings.LEDGER_IMPORT_MAX_ROWS:
            return self.plan
        self.match(usable)
        self.plan.faults.sort(key=lambda f: (f.row or 0, _column_order(f.column)))
        return self.plan

    def match(self, rows: list[RowPlan]) -> None:
        codes = {r.code for r in rows if r.code}
        by_code = self.existing_by_code(codes)
        unknown_codes = codes - set(by_code)
        taken = self.codes_taken(unknown_codes) if unknown_codes else set()
        by_name = self.existing_by_name({r.values["name_zh"] for r in rows if not r.code})
        matched: list[RowPlan] = []
        claimed: dict[int, int] = {}
        for r in rows:
            code = r.code
            if code:
                r.existing = by_code.get(code)
                if r.existing is None and (SYSTEM_CODE_RE.match(code) or code in taken):
                    self.fault(r.row, "code", _("No project you may change has this ledger number. Leave the "
                                                "number empty to add a new project."), code)
                    continue
            else:
                candidates = by_name.get((r.values["district_id"], r.values["name_zh"]), [])
                if len(candidates) > 1:
                    self.fault(r.row, "name_zh", _("Several projects of this district have this name; give the "
                                                   "ledger number (项目编号) to say which."), r.values["name_zh"])
                    continue
                r.existing = candidates[0] if candidates else None
            if r.existing is not None:
                pk = r.existing["pk"]
                if pk in claimed:
                    self.fault(r.row, "code" if code else "name_zh",
                               _("This row repeats the project of row %(row)d.") % {"row": claimed[pk]},
                               code or r.values["name_zh"])
                    continue
                claimed[pk] = r.row
            matched.append(r)
        current = self.current_investors([r.existing["pk"] for r in matched if r.existing])
        names = {name for r in matched for name in (r.investor_names or ())}
        investors = self.resolve_investors(names)
        month = self.today.replace(day=1)
        rates = {}
        for currency in set(Currency.values) - {Currency.CNY}:
            known = [rate for start, rate in rate_table(currency) if start <= month]
            rates[currency] = known[-1] if known else None
        for r in matched:
            self.settle(r, current.get(r.existing["pk"], []) if r.existing else [], investors, rates)

    def settle(self, r: RowPlan, current: list[int], investors: dict[str, int], rates: dict) -> None:
        """The row's final values, checked as a whole against what is recorded; counted as a change or not."""
        old = r.existing
        new: dict[str, Any] = {}
        given = self.index
        values = r.values
        for key, name in COLUMN_FIELDS:
            value = values.get(name)
            if key not in given or (value is None and name in KEEP_WHEN_EMPTY):
                value = old[name] if old else DEFAULTS.get(name)
            elif value is None:
                value = DEFAULTS.get(name)
            new[name] = value
        ok = True
        if not self.check_scope(r.row, new):
            return
        # Currency and rate: yuan take 1; dollars keep their rate or take the month's recorded one.
        if new["currency"] == Currency.CNY:
            new["exchange_rate"] = ONE
        elif values.get("exchange_rate") is None:
            if old and old["currency"] == new["currency"] and old["exchange_rate"] != 1:
                new["exchange_rate"] = old["exchange_rate"]
            elif rates.get(new["currency"]) is None:
                self.fault(r.row, "exchange_rate", _(
                    "No exchange rate is recorded for %(currency)s; fill in the exchange rate.")
                    % {"currency": new["currency"]})
                ok = False
            else:
                new["exchange_rate"] = rates[new["currency"]]
        # Stages: off the pipeline needs a reason; reaching a milestone (by a change of stage, as
        # ``change_stage`` does) dates it today unless the file gives the date.
        stage = new["stage"]
        if stage in OFF_PIPELINE:
            if not new["stage_reason"] and old and old["stage_reason"] and "stage_reason" not in given:
                new["stage_reason"] = old["stage_reason"]
            if not new["stage_reason"]:
                self.fault(r.row, "stage_reason" if "stage_reason" in given else "stage",
                           _("Say why the project is paused or lost."))
                ok = False
        else:
            new["stage_reason"] = ""
            # A reached milestone keeps its recorded date when the cell is empty.
            for date_field in MILESTONE_DATES[stage]:
                if new[date_field] is None:
                    if old and old[date_field]:
                        new[date_field] = old[date_field]
                    elif old is None or old["stage"] != stage:
                        new[date_field] = self.today
        # Investors: at least one, unless the project has none recorded and the cell is empty too.
        names = r.investor_names
        if not names and not (old and not current):
            self.fault(r.row, "investors", _("Name at least one investor."))
            ok = False
        if not ok:
            return
        r.values = new
        r.current_investor_ids = list(current)
        if names is None and old:
            r.investor_ids = list(current)
        else:
            r.investor_ids = [investors.get(name) or self.new_investor(name, new) for name in names or ()]
        if old is None:
            self.plan.creates.append(r)
            return
        r.changed = [name for name in PROJECT_FIELDS if old[name] != new[name] and not _same(old[name], new[name])]
        r.investors_changed = set(r.investor_ids) != set(current)
        if r.changed or r.investors_changed:
            self.plan.updates.append(r)
        else:
            self.plan.unchanged += 1

    def new_investor(self, name: str, values: dict[str, Any]) -> str:
        """Note an investor to be created (once per company); its key stands in for the id until then."""
        key = name_key(name) or name.lower()
        if key not in self.plan.new_investors:
            owner = self.actor.unit_id if self.actor.role == Role.ZONE_STAFF else values["district_id"]
            self.plan.new_investors[key] = (name, owner, values["industry"])
        return key


def _column_order(header: str) -> int:
    key = header_key(header)
    for position, column in enumerate(COLUMNS):
        if key in column.headers:
            return position
    return len(COLUMNS)


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return before.replace("\r\n", "\n") == after.replace("\r\n", "\n")
    return before == after


def plan_import(table: Table, actor, *, today: dt.date | None = None) -> ImportPlan:
    """Validate every row of ``table`` for ``actor`` and work out what importing it would do."""
    return _Planner(table, actor, today=today or timezone.localdate()).run()

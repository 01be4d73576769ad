"""Any statistic for any period: the figure, its year-on-year change, breakdowns, the district
ranking and the records behind it.

Every function takes the user whose access rule applies (``None`` for the whole city, as commands
and scheduled reports do) and optional ``filters`` (``{"district": pk}``…). Statistics that read the
same source are computed together: a figure for this period and the same period last year is one
aggregate query per source (two where some of its terms read an amount converted row by row at a
looked-up rate, see ``_by_query``), a breakdown one ``GROUP BY`` query per source, whatever the
number of districts or records.

A period that runs past today is cut at today, and so is its comparison a year earlier, so a
year-to-date figure is compared with the same days of last year.
"""

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.utils import timezone

from . import registry
from .dimensions import DISTRICT, Dimension
from .dimensions import get as get_dimension
from .periods import Period
from .registry import Statistic, Term
from .sources import Source, names_read

CENT = Decimal("0.01")
# Amounts converted row by row at a rate looked up in a correlated subquery. The size bands read one
# in several aggregates each (count and sum, this year and last, one band after another), foreign
# capital in its sum and its count of records left unconverted, and written inline the database
# would convert every row again for each of them.
CONVERTED_PER_ROW = frozenset({"signed_value", "usd_amount"})
# More rows than any table holds. Aggregating over ``rows[:EVERY_ROW]`` changes nothing in the result,
# but the limit makes Django aggregate over a subquery that selects the converted amount, and keeps
# the database from merging that subquery back into the aggregates: each row is converted once.
# (Only where a converted amount is read: for plain columns the subquery costs more than it saves.)
EVERY_ROW = 2**62


def change(this: Decimal | int | None, last: Decimal | int | None) -> Decimal | None:
    """Year on year: (this − last) / last; ``None`` when there is nothing to compare with."""
    if this is None or last is None or last == 0:
        return None
    return (Decimal(this) - Decimal(last)) / Decimal(last)


@dataclass
class Measure:
    """How many records a figure counts, and the sum of their amounts."""

    count: int = 0
    amount: Decimal | None = None
    unconverted: int = 0

    def add(self, count: int, amount: Decimal | None, unconverted: int = 0) -> None:
        self.count += count or 0
        if amount is not None:
            self.amount = (self.amount or Decimal(0)) + Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
        self.unconverted += unconverted or 0


@dataclass
class Figure:
    """A statistic's value for a period (and a breakdown key), with last year's and when it was read."""

    statistic: Statistic
    period: Period
    day: dt.date  # lists are "as of" this day; flows end on it
    as_of: dt.datetime
    this: Measure
    last: Measure | None  # the same period last year; None for lists
    last_period: Period | None = None
    filters: dict = field(default_factory=dict)
    key: Any = None
    label: str = ""
    rank: int | None = None

    @property
    def code(self) -> str:
        return self.statistic.code

    @property
    def count(self) -> int:
        return self.this.count

    @property
    def amount(self) -> Decimal | None:
        return self.this.amount

    @property
    def value(self) -> Decimal | int | None:
        return self.this.count if self.statistic.primary == "count" else self.this.amount

    @property
    def last_value(self) -> Decimal | int | None:
        if self.last is None:
            return None
        return self.last.count if self.statistic.primary == "count" else self.last.amount

    @property
    def yoy(self) -> Decimal | None:
        """Change of the headline number against the same period last year."""
        return change(self.value, self.last_value)

    @property
    def amount_yoy(self) -> Decimal | None:
        return None if self.last is None else change(self.this.amount, self.last.amount)

    @property
    def unconverted(self) -> int:
        return self.this.unconverted


@dataclass(frozen=True)
class Window:
    """The period as computed (cut at today), the day lists are read on, and last year's."""

    period: Period
    day: dt.date
    last: Period

    @classmethod
    def of(cls, period: Period, today: dt.date | None = None) -> "Window":
        today = today or timezone.localdate()
        period = period.until(today)
        return cls(period=period, day=period.end, last=period.previous_year())


def _filtered(source: Source, user, filters: dict | None, *, reads: set[str] | None = None) -> QuerySet:
    """The source's rows the user sees, narrowed to ``filters`` ({dimension code: key}).

    With ``reads`` (what the query will read, from ``_reads``) the source may leave out annotations
    nothing reads, and the joins they take.
    """
    qs = (source.queryset(user) if reads is None else source.queryset_reading(user, reads)).order_by()
    for code, key in (filters or {}).items():
        alias = f"filter_{code}"
        qs = qs.annotate(**{alias: get_dimension(code).expression(source)})
        qs = qs.filter(**({f"{alias}__isnull": True} if key is None else {alias: key}))
    return qs


def _reads(source: Source, items, window: "Window", filters: dict | None, dimension=None) -> set[str]:
    """The fields and annotations of ``source`` that the terms ``items``, the filters and the
    breakdown's dimension read."""
    names: set[str] = set()
    for _statistic, _index, term in items:
        names |= names_read(term.date, term.amount, term.selects(window.period, window.day))
    for code in filters or {}:
        names |= names_read(get_dimension(code).expression(source))
    if dimension is not None:
        names |= names_read(dimension.expression(source))
    return names


def _by_source(statistics: list[Statistic]) -> dict[Source, list[tuple[Statistic, int, Term]]]:
    grouped: dict[Source, list] = defaultdict(list)
    for statistic in statistics:
        for index, term in enumerate(statistic.terms):
            grouped[term.source].append((statistic, index, term))
    return grouped


def _by_query(statistics: list[Statistic]) -> dict[tuple[Source, bool], list[tuple[Statistic, int, Term]]]:
    """Terms grouped into the aggregate queries ``compute`` makes: one per source for the terms that
    read an amount converted row by row, and one for the others.

    The converted amount is computed once per row in a subquery, for every row that query reads; the
    other terms (started, in production, out-of-city capital…) then stay out of it, and read their
    own rows without the rate lookups or the join to the credited signing.
    """
    grouped: dict[tuple[Source, bool], list] = defaultdict(list)
    for source, items in _by_source(statistics).items():
        for statistic, index, term in items:
            converted = term.amount in CONVERTED_PER_ROW or _tests(term.condition, CONVERTED_PER_ROW)
            grouped[(source, converted)].append((statistic, index, term))
    return grouped


def _tests(q: Q, names: frozenset[str]) -> bool:
    """Whether a condition tests any of the annotations ``names``."""
    for child in q.children:
        if isinstance(child, Q):
            if _tests(child, names):
                return True
        elif child[0].split("__", 1)[0] in names:
            return True
    return False


def _date_ranges(field: str, periods: list[Period]) -> Q:
    """``field`` in any of ``periods``, with adjacent or overlapping periods merged into one range
    (a year and the year before are one ``BETWEEN``, which an index on the date serves in one pass)."""
    merged: list[list[dt.date]] = []
    for period in sorted(periods, key=lambda p: p.start):
        if merged and period.start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], period.end)
        else:
            merged.append([period.start, period.end])
    return reduce(operator.or_, [Q(**{f"{field}__range": (start, end)}) for start, end in merged])


def _prefilter(term: Term, spans: list[tuple[Period, dt.date]]) -> Q:
    """A cheap superset of the rows ``term`` selects in any of ``spans``, for the ``WHERE`` clause.

    Each aggregate's ``FILTER`` selects its rows exactly; the ``WHERE`` clause only keeps the others
    out, so a flow is tested once on its condition and once on its dates (this period's or last
    year's). When the condition tests a converted amount (the size bands), the dates are enough:
    testing the amount there too would convert every row (a rate lookup) once more.
    """
    if term.as_of is not None or not term.date:
        return reduce(operator.or_, [term.selects(period, day) for period, day in spans])
    dates = _date_ranges(term.date, [period for period, _day in spans])
    if _tests(term.condition, CONVERTED_PER_ROW):
        return dates
    return term.condition & dates


def _aggregates(
    items, window: Window, *, prefilter: bool = False, flags: dict | None = None
) -> tuple[dict, Q]:
    """Conditional aggregates of every term for this period and last year, and the rows they need
    (exactly, or a cheap superset with ``prefilter`` when no row is reported on its own).

    With ``flags``, the selection of each list "as of" a day (which may test a subquery on the row,
    ``Exists``) is put there as a boolean annotation, and its aggregates filter on that: the row's
    test then stays with the row when the aggregates are taken over a subquery.
    """
    aggregates: dict = {}
    wanted: list[Q] = []
    # A query of a single flow whose WHERE tests its whole condition: each aggregate then only has
    # to tell this period's dates from last year's.
    dates_only = (
        prefilter
        and len(items) == 1
        and items[0][2].as_of is None
        and bool(items[0][2].date)
        and not _tests(items[0][2].condition, CONVERTED_PER_ROW)
    )
    for statistic, index, term in items:
        spans = [("t", window.period, window.day)]
        if not statistic.snapshot:
            spans.append(("l", window.last, window.last.end))
        if prefilter:
            rows = _prefilter(term, [(period, day) for _tag, period, day in spans])
            if rows not in wanted:  # the size bands share theirs
                wanted.append(rows)
        for tag, period, day in spans:
            name = f"{statistic.code}__{index}__{tag}"
            if dates_only:
                selected = Q(**{f"{term.date}__range": (period.start, period.end)})
            else:
                selected = term.selects(period, day)
            if not prefilter:
                wanted.append(selected)
            if flags is not None and term.as_of is not None:
                flags[f"{name}__in"] = ExpressionWrapper(selected, output_field=BooleanField())
                selected = Q(**{f"{name}__in": True})
            aggregates[f"{name}__c"] = Count("pk", filter=selected)
            if term.amount:
                aggregates[f"{name}__a"] = Sum(term.amount, filter=selected)
            if term.may_be_unconverted:
                aggregates[f"{name}__u"] = Count(
                    "pk", filter=selected & Q(**{f"{term.amount}__isnull": True})
                )
    return aggregates, reduce(operator.or_, wanted)


def _add(measures: dict, statistic: Statistic, row: dict, index: int, tag: str) -> None:
    name = f"{statistic.code}__{index}__{tag}"
    measures[tag].add(row.get(f"{name}__c", 0), row.get(f"{name}__a"), row.get(f"{name}__u", 0))


def _resolve(statistics) -> list[Statistic]:
    return [s if isinstance(s, Statistic) else registry.get(s) for s in statistics]


def compute(
    statistics, period: Period, *, user=None, filters: dict | None = None, today: dt.date | None = None
) -> dict[str, Figure]:
    """Figures of ``statistics`` (codes or objects) for ``period`` and the same period last year."""
    statistics = _resolve(statistics)
    window = Window.of(period, today)
    as_of = timezone.now()
    measures = {
        s.code: {
            "t": Measure(amount=Decimal(0) if s.has_amount else None),
            "l": Measure(amount=Decimal(0) if s.has_amount else None),
        }
        for s in statistics
    }
    for (source, converted), items in _by_query(statistics).items():
        flags: dict = {}
        aggregates, wanted = _aggregates(items, window, prefilter=True, flags=flags)
        reads = _reads(source, items, window, filters)
        rows = _filtered(source, user, filters, reads=reads).annotate(**flags).filter(wanted)
        if converted:
            rows = rows[:EVERY_ROW]
        row = rows.aggregate(**aggregates)
        for statistic, index, _term in items:
            _add(measures[statistic.code], statistic, row, index, "t")
            if not statistic.snapshot:
                _add(measures[statistic.code], statistic, row, index, "l")
    return {
        s.code: Figure(
            statistic=s,
            period=window.period,
            day=window.day,
            as_of=as_of,
            this=measures[s.code]["t"],
            last=None if s.snapshot else measures[s.code]["l"],
            last_period=None if s.snapshot else window.last,
            filters=dict(filters or {}),
        )
        for s in statistics
    }


def breakdown(
    statistics,
    period: Period,
    dimension: Dimension | str,
    *,
    user=None,
    filters: dict | None = None,
    today: dt.date | None = None,
) -> dict[str, list[Figure]]:
    """Each statistic split by ``dimension``: one figure per key, largest first."""
    statistics = _resolve(statistics)
    dimension = get_dimension(dimension) if isinstance(dimension, str) else dimension
    window = Window.of(period, today)
    as_of = timezone.now()
    keys: list = list(dimension.all_keys(user))
    measures: dict[str, dict[Any, dict[str, Measure]]] = {s.code: {} for s in statistics}

    def slot(statistic: Statistic, key) -> dict[str, Measure]:
        found = measures[statistic.code].get(key)
        if found is None:
            zero = Decimal(0) if statistic.has_amount else None
            found = measures[statistic.code][key] = {"t": Measure(amount=zero), "l": Measure(amount=zero)}
        return found

    for source, items in _by_source(statistics).items():
        # The cheap superset in ``WHERE`` (the size bands' converted amounts are tested once, in
        # the aggregates); a group it lets in where no aggregate counts anything is skipped below.
        aggregates, wanted = _aggregates(items, window, prefilter=True)
        counts = [name for name in aggregates if name.endswith("__c")]
        reads = _reads(source, items, window, filters, dimension)
        rows = (
            _filtered(source, user, filters, reads=reads)
            .filter(wanted)
            .annotate(breakdown_key=dimension.expression(source))
            .values("breakdown_key")
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            key = row["breakdown_key"]
            if not any(row[name] for name in counts):
                continue
            if key not in keys:
                keys.append(key)
            for statistic, index, _term in items:
                _add(slot(statistic, key), statistic, row, index, "t")
                if not statistic.snapshot:
                    _add(slot(statistic, key), statistic, row, index, "l")
    labels = dimension.labels(keys)
    result: dict[str, list[Figure]] = {}
    for statistic in statistics:
        figures = []
        for key in keys:
            m = slot(statistic, key)
            figures.append(
                Figure(
                    statistic=statistic,
                    period=window.period,
                    day=window.day,
                    as_of=as_of,
                    this=m["t"],
                    last=None if statistic.snapshot else m["l"],
                    last_period=None if statistic.snapshot else window.last,
                    filters={**(filters or {}), dimension.code: key},
                    key=key,
                    label=str(labels.get(key, dimension.none_label if key is None else key)),
                )
            )
        result[statistic.code] = sort_and_rank(figures)
    return result


def sort_and_rank(figures: list[Figure]) -> list[Figure]:
    """Largest first; equal values share a rank (1, 2, 2, 4)."""

    def number(f: Figure) -> Decimal:
        return Decimal(f.value or 0)

    # Ties keep the order they came in (districts in their official order).
    figures = sorted(figures, key=lambda f: (-number(f), -(f.amount or 0), f.key is None))
    for figure in figures:
        figure.rank = 1 + sum(1 for other in figures if number(other) > number(figure))
    return figures


def ranking(
    statistic, period: Period, *, user=None, filters: dict | None = None, today: dt.date | None = None
) -> list[Figure]:
    """Districts ranked by a statistic (every district for city-wide users, with zeros)."""
    statistic = _resolve([statistic])[0]
    return breakdown([statistic], period, DISTRICT, user=user, filters=filters, today=today)[statistic.code]


@dataclass
class RecordPart:
    """The rows one term of a figure counted, with their date and amount annotated."""

    term: Term
    queryset: QuerySet


def record_parts(
    statistic, period: Period, *, user=None, filters: dict | None = None, today: dt.date | None = None
) -> list[RecordPart]:
    """The records a figure was computed from, term by term, oldest first."""
    statistic = _resolve([statistic])[0]
    window = Window.of(period, today)
    parts = []
    for term in statistic.terms:
        source = term.source
        qs = (
            _filtered(source, user, filters)
            .filter(term.selects(window.period, window.day))
            .select_related(*source.related)
        )
        order = [term.date] if term.date else []
        parts.append(RecordPart(term=term, queryset=qs.order_by(*order, "pk")))
    return parts

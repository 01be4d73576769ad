"""What the dashboards show beyond ``yunzhao.stats``: a statistic month by month, projects by stage, the
largest signings of a period and the key projects missing their scheduling update.

Each reads the statistics engine's sources through the access rule and selects rows with the
registry's own terms, so a month's number here is the stats figure for that month, and a list is
the drill-down of the figure it sits beside. Every function is one query, whatever the data size.
"""

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yunzhao.projects.choices import PIPELINE, Stage
from yunzhao.projects.models import SchedulingUpdate
from yunzhao.stats import periods, registry
from yunzhao.stats.figures import Measure, Window
from yunzhao.stats.registry import Statistic
from yunzhao.stats.sources import PROJECTS, names_read


def _resolve(statistics) -> list[Statistic]:
    return [s if isinstance(s, Statistic) else registry.get(s) for s in statistics]


@dataclass
class MonthlySeries:
    """A statistic for each month of a year so far, and for every month of the year before."""

    statistic: Statistic
    year: int
    months: int  # months of ``year`` up to today's
    this: list[Measure] = field(default_factory=list)
    last: list[Measure] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.statistic.code

    def values(self, which: str = "this") -> list:
        """The headline number of each month (count or amount, as the statistic's unit says)."""
        measures = self.this if which == "this" else self.last
        if self.statistic.primary == "count":
            return [m.count for m in measures]
        return [m.amount for m in measures]


def by_month(statistics, year: int, *, user=None, today: dt.date | None = None) -> dict[str, MonthlySeries]:
    """Flow statistics month by month: ``year`` up to today, and all of the year before.

    One ``GROUP BY`` month query per source and date the statistics' terms use (signings by their
    credited date, capital by the day it arrived…). A month's values equal ``stats.figures.compute``
    for that month.
    """
    statistics = _resolve(statistics)
    window = Window.of(periods.year(year), today)
    span = periods.Period(dt.date(year - 1, 1, 1), window.period.end)
    months = window.period.end.month
    result = {
        s.code: MonthlySeries(
            statistic=s,
            year=year,
            months=months,
            this=[Measure(amount=Decimal(0) if s.has_amount else None) for _ in range(months)],
            last=[Measure(amount=Decimal(0) if s.has_amount else None) for _ in range(12)],
        )
        for s in statistics
    }
    groups: dict[tuple, list] = defaultdict(list)
    for statistic in statistics:
        if statistic.snapshot:
            raise ValueError(f"{statistic.code} is a list as of a day, not a flow by month")
        for index, term in enumerate(statistic.terms):
            groups[(term.source, term.date)].append((statistic, index, term))
    for (source, date_field), items in groups.items():
        aggregates: dict = {}
        for statistic, index, term in items:
            selected = term.selects(span, span.end)
            aggregates[f"{statistic.code}__{index}__c"] = Count("pk", filter=selected)
            if term.amount:
                aggregates[f"{statistic.code}__{index}__a"] = Sum(term.amount, filter=selected)
        wanted = reduce(operator.or_, [term.selects(span, span.end) for _s, _i, term in items])
        reads = names_read(date_field, wanted, *[term.amount for _s, _i, term in items])
        rows = (
            source.queryset_reading(user, reads)
            .order_by()
            .filter(wanted)
            .annotate(dashboard_month=TruncMonth(date_field))
            .values("dashboard_month")
            .annotate(**aggregates)
        )
        for row in rows:
            month = row["dashboard_month"]
            for statistic, index, _term in items:
                series = result[statistic.code]
                measures = series.this if month.year == year else series.last
                measures[month.month - 1].add(
                    row[f"{statistic.code}__{index}__c"], row.get(f"{statistic.code}__{index}__a")
                )
    return result


@dataclass
class StageCount:
    """How many of the projects a user sees stand at one stage, and their total investment."""

    stage: Stage
    count: int = 0
    amount: Decimal = Decimal(0)
    share: float = 0.0  # of the largest stage, for drawing bars

    @property
    def label(self) -> str:
        return str(self.stage.label)


def by_stage(user=None) -> tuple[list[StageCount], list[StageCount]]:
    """Projects by stage: the pipeline in order, then paused and lost."""
    found = {
        row["stage"]: row
        for row in PROJECTS.base(user)
        .order_by()
        .values("stage")
        .annotate(count=Count("pk"), amount=Sum("total_investment_cny"))
    }

    def count(stage: Stage) -> StageCount:
        row = found.get(stage.value) or {}
        return StageCount(
            stage=stage,
            count=row.get("count", 0),
            amount=Decimal(row.get("amount") or 0).quantize(Decimal("0.01")),
        )

    pipeline = [count(stage) for stage in PIPELINE]
    widest = max((s.count for s in pipeline), default=0) or 1
    for step in pipeline:
        step.share = step.count / widest
    return pipeline, [count(Stage.PAUSED), count(Stage.LOST)]


def largest_signed(
    period: periods.Period, *, user=None, today: dt.date | None = None, limit: int = 10
) -> QuerySet:
    """The largest projects first signed in ``period`` (the rows of ``signed_projects``), largest first."""
    window = Window.of(period, today)
    term = registry.get("signed_projects").terms[0]
    return (
        PROJECTS.queryset(user)
        .filter(term.selects(window.period, window.day))
        .select_related("district", "zone")
        .order_by(F("signed_value").desc(), "pk")[:limit]
    )


def missing_updates(*, user=None, today: dt.date | None = None, limit: int = 20) -> QuerySet:
    """Key projects with no scheduling update for the current period (the rows of ``missing_updates``),
    the longest without one first; each carries ``last_update`` (the start of its latest period)."""
    day = today or timezone.localdate()
    term = registry.get("missing_updates").terms[0]
    latest = (
        SchedulingUpdate.objects.filter(project=OuterRef("pk"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    return (
        PROJECTS.queryset(user)
        .filter(term.selects(periods.Period(day, day), day))
        .annotate(last_update=Subquery(latest))
        .select_related("district")
        .order_by(F("last_update").asc(nulls_first=True), F("total_investment_cny").desc(), "pk")[:limit]
    )

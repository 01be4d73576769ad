"""Conversion: of the projects signed in a period, how many have started, are in production and have
capital in place, and the median number of days between those steps.

The cohort is the projects counted by ``signed_projects`` for the period (credited signing date).
Each later step is counted as it stands on the day the figure is read (the end of the period, or
today): started on or before that day and not moved back before "started"; in production likewise;
capital in place when a capital record arrived on or before that day. Days are counted from the
signing date to the start date, from the start date to the production date, and from the signing
date to the first capital record. One query reads the cohort; medians are taken in Python.
"""

import datetime as dt
import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, F, Min, OuterRef, Q, Subquery, When
from django.utils import timezone

from yunzhao.projects.choices import Stage
from yunzhao.projects.models import CapitalRecord

from .dimensions import Dimension
from .dimensions import get as get_dimension
from .figures import Window, _filtered
from .periods import Period
from .sources import PROJECTS, stages_before

STEPS = ("signed", "started", "production", "capital")


@dataclass
class Funnel:
    """The conversion of one cohort of signed projects."""

    period: Period
    day: dt.date
    as_of: dt.datetime
    key: object = None
    label: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    days: dict[str, list[int]] = field(
        default_factory=lambda: {"started": [], "production": [], "capital": []}
    )

    @property
    def rates(self) -> dict[str, Decimal | None]:
        """Each step's share of the signed projects."""
        signed = self.counts["signed"]
        return {step: (Decimal(self.counts[step]) / signed if signed else None) for step in STEPS}

    @property
    def median_days(self) -> dict[str, float | None]:
        """Median days signed→started, started→production, signed→first capital."""
        return {step: (pystats.median(values) if values else None) for step, values in self.days.items()}

    def add(self, sign_date, started, production, first_capital) -> None:
        self.counts["signed"] += 1
        if started:
            self.counts["started"] += 1
            self.days["started"].append((started - sign_date).days)
        if production:
            self.counts["production"] += 1
            if started:
                self.days["production"].append((production - started).days)
        if first_capital:
            self.counts["capital"] += 1
            self.days["capital"].append((first_capital - sign_date).days)


def _on_or_before(field_name: str, stage: Stage, day: dt.date):
    """The date a project reached ``stage``, if by ``day`` and not moved back before it; else NULL."""
    return Case(
        When(Q(**{f"{field_name}__lte": day}) & ~Q(stage__in=stages_before(stage)), then=F(field_name)),
        default=None,
    )


def conversion(
    period: Period,
    *,
    user=None,
    filters: dict | None = None,
    dimension: Dimension | str | None = None,
    today: dt.date | None = None,
) -> list[Funnel]:
    """The funnel of projects signed in ``period``: one for the whole, or one per key of ``dimension``."""
    window = Window.of(period, today)
    day = window.day
    dimension = get_dimension(dimension) if isinstance(dimension, str) else dimension
    first_capital = Subquery(
        CapitalRecord.objects.filter(project=OuterRef("pk"), received_on__lte=day)
        .values("project")
        .annotate(first=Min("received_on"))
        .values("first")[:1]
    )
    qs = (
        _filtered(PROJECTS, user, filters)
        .filter(sign_date__range=(window.period.start, window.period.end))
        .annotate(
            started=_on_or_before("started_on", Stage.STARTED, day),
            production=_on_or_before("production_on", Stage.PRODUCTION, day),
            first_capital=first_capital,
        )
    )
    columns = ["sign_date", "started", "production", "first_capital"]
    if dimension is not None:
        qs = qs.annotate(breakdown_key=dimension.expression(PROJECTS))
        columns.append("breakdown_key")
    as_of = timezone.now()
    funnels: dict = defaultdict(lambda: None)
    keys = list(dimension.all_keys(user)) if dimension is not None else [None]
    for row in qs.values(*columns):
        key = row.get("breakdown_key")
        if key not in keys:
            keys.append(key)
        if funnels[key] is None:
            funnels[key] = Funnel(period=window.period, day=day, as_of=as_of, key=key)
        funnels[key].add(row["sign_date"], row["started"], row["production"], row["first_capital"])
    labels = dimension.labels(keys) if dimension is not None else {}
    result = []
    for key in keys:
        funnel = funnels[key] or Funnel(period=window.period, day=day, as_of=as_of, key=key)
        if dimension is not None:
            funnel.label = str(labels.get(key, dimension.none_label if key is None else key))
        result.append(funnel)
    if dimension is not None:
        result.sort(key=lambda f: (-f.counts["signed"], f.key is None))
    return result

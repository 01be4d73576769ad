"""The leadership dashboard and the big screen, read for one user.

Figures come from ``yunzhao.stats`` (``figures.compute`` and ``figures.breakdown``) and the series
of ``series.py``, all through the access rule: a district's staff see their district, the city
bureau and leaders the whole city; ``user=None`` reads the whole city, as commands do. Each reader
takes a fixed number of queries, whatever the data size.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yunzhao.campaigns.choices import EventStatus
from yunzhao.campaigns.models import Event
from yunzhao.campaigns.selectors import event_queryset
from yunzhao.projects.models import Project
from yunzhao.stats import figures, periods
from yunzhao.stats.dimensions import DISTRICT, INDUSTRY
from yunzhao.stats.figures import Figure
from yunzhao.stats.periods import Period

from . import series

log = logging.getLogger(__name__)

# Headline figures, in the order the dashboard shows them.
HEADLINE = ["signed_ge1", "foreign_capital", "domestic_capital", "projects_started", "projects_in_production"]
# Read in the same queries as the headline: the watch list the dashboard lists.
WATCH = "missing_updates"
# Monthly charts: signings of projects over 100 million yuan, capital in place.
MONTHLY = ["signed_ge1", "domestic_capital", "foreign_capital"]
# The district table: ranked by the first, the others beside it.
DISTRICT_COLUMNS = ["signed_ge1", "signed_projects", "foreign_capital", "domestic_capital"]
# The big screen's map is coloured by the total investment of the projects signed.
MAP_STATISTIC = "signed_projects"
INDUSTRY_STATISTIC = "signed_projects"
TOP_PROJECTS = 10
OVERDUE_LISTED = 20
TOP_INDUSTRIES = 8
# An event with no end time counts as live for this long after it starts.
LIVE_WITHOUT_END = dt.timedelta(hours=4)


@dataclass
class DistrictRow:
    """One district of the table: its rank and its figure in each column."""

    key: Any
    label: str
    rank: int | None
    cells: dict[str, Figure]


@dataclass
class Dashboard:
    """Everything the leadership dashboard shows, for one user on one day."""

    today: dt.date
    citywide: bool
    year: Period
    month: Period
    headline: list[tuple[Figure, Figure]]  # (this year so far, this month so far)
    missing: Figure
    monthly: dict[str, series.MonthlySeries]
    pipeline: list[series.StageCount]
    off_pipeline: list[series.StageCount]
    districts: list[DistrictRow]
    top_projects: list[Project]
    overdue: list[Project]

    @property
    def as_of(self) -> dt.datetime:
        return self.missing.as_of


@dataclass
class LiveTile:
    """The live event's audience, when an event is on and its figures can be read."""

    event: Event
    figures: Any = None


@dataclass
class Screen:
    """What the big screen shows, for one user on one day."""

    today: dt.date
    citywide: bool
    year: Period
    headline: list[Figure]
    districts: list[DistrictRow]
    monthly: dict[str, series.MonthlySeries]
    industries: list[Figure]
    live: LiveTile | None = None
    as_of: dt.datetime = field(default_factory=timezone.now)


def citywide(user) -> bool:
    """Whether ``user`` sees the whole city (``None`` is the whole city, as commands and benchmarks read it)."""
    return user is None or user.is_citywide


def district_rows(
    year: Period, *, user, today: dt.date, columns: list[str] = DISTRICT_COLUMNS
) -> list[DistrictRow]:
    """Districts ranked by the first column; every district for city-wide users, the user's own otherwise."""
    split = figures.breakdown(columns, year, DISTRICT, user=user, today=today)
    cells = {code: {f.key: f for f in split[code]} for code in columns}
    return [
        DistrictRow(
            key=f.key,
            label=f.label,
            rank=f.rank if citywide(user) else None,
            cells={code: cells[code][f.key] for code in columns},
        )
        for f in split[columns[0]]
    ]


def leadership(user, *, today: dt.date | None = None) -> Dashboard:
    """The leadership dashboard: headline figures of the year and month so far with year on year, the
    pipeline by stage, signings and capital by month, districts ranked, the largest signings and the
    key projects missing their scheduling update."""
    today = today or timezone.localdate()
    year, month = periods.year(today.year), periods.month(today.year, today.month)
    of_year = figures.compute([*HEADLINE, WATCH], year, user=user, today=today)
    of_month = figures.compute(HEADLINE, month, user=user, today=today)
    pipeline, off_pipeline = series.by_stage(user)
    return Dashboard(
        today=today,
        citywide=citywide(user),
        year=of_year[HEADLINE[0]].period,
        month=of_month[HEADLINE[0]].period,
        headline=[(of_year[code], of_month[code]) for code in HEADLINE],
        missing=of_year[WATCH],
        monthly=series.by_month(MONTHLY, today.year, user=user, today=today),
        pipeline=pipeline,
        off_pipeline=off_pipeline,
        districts=district_rows(year, user=user, today=today),
        top_projects=list(series.largest_signed(year, user=user, today=today, limit=TOP_PROJECTS)),
        overdue=list(series.missing_updates(user=user, today=today, limit=OVERDUE_LISTED)),
    )


def live_event(user, *, now: dt.datetime | None = None) -> Event | None:
    """The event being held now (started, not ended, not cancelled), the latest to start if several."""
    now = now or timezone.now()
    on_air = Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now - LIVE_WITHOUT_END)
    return (
        (Event.objects.all() if user is None else event_queryset(user))
        .filter(on_air, starts_at__lte=now)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


def live_tile(user, *, now: dt.datetime | None = None) -> LiveTile | None:
    """The live event and its audience figures from the audience app, if it offers them."""
    event = live_event(user, now=now)
    if event is None:
        return None
    try:
        from yunzhao.audience.selectors import live_figures
    except ImportError:  # the live audience is not installed: the event is shown without figures
        return LiveTile(event=event)
    try:
        figures_now = live_figures(event_id=event.pk, now=now)
    except Exception:  # a wall display keeps showing the rest when the audience store is down
        log.exception("dashboards: live figures of event %s could not be read", event.pk)
        return LiveTile(event=event)
    return LiveTile(event=event, figures=figures_now)


def screen(user, *, today: dt.date | None = None, now: dt.datetime | None = None) -> Screen:
    """The big screen: the year's headline figures, districts for the map, monthly trends, the top
    industries and the live event's audience."""
    today = today or timezone.localdate()
    year = periods.year(today.year)
    headline = figures.compute(HEADLINE, year, user=user, today=today)
    columns = [MAP_STATISTIC, *[c for c in DISTRICT_COLUMNS if c != MAP_STATISTIC]]
    industries = figures.breakdown([INDUSTRY_STATISTIC], year, INDUSTRY, user=user, today=today)
    ranked = sorted(
        (f for f in industries[INDUSTRY_STATISTIC] if f.count),
        key=lambda f: (-(f.amount or 0), -f.count, f.label),
    )
    return Screen(
        today=today,
        citywide=citywide(user),
        year=headline[HEADLINE[0]].period,
        headline=[headline[code] for code in HEADLINE],
        districts=district_rows(year, user=user, today=today, columns=columns),
        monthly=series.by_month(MONTHLY, today.year, user=user, today=today),
        industries=ranked[:TOP_INDUSTRIES],
        live=live_tile(user, now=now),
        as_of=headline[HEADLINE[0]].as_of,
    )

"""The weekly scheduling report (调度周报): what goes in it, computed once for every format.

``build`` reads every active key project of a scope (a district, a zone or the whole city) with its
latest scheduling update as of the report's period, and arranges them for the writers
(``xlsx.py``, ``docx.py``, ``pdf.py``): sections grouped by district or by assigned city leader, the
projects missing this period's update, a count per district and the requests for the city's help.
Three queries, whatever the number of projects. Labels are in the report's language, so call it
inside ``translation.override(lang)``.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit
from yunzhao.projects.choices import OFF_PIPELINE
from yunzhao.projects.models import Project, SchedulingUpdate
from yunzhao.projects.scheduling import period_start_for
from yunzhao.stats import conf
from yunzhao.stats.formatting import cny_text
from yunzhao.stats.periods import Period

from .choices import Grouping

# How many requests for help the cover page lists.
TOP_HELP = 10


def period_of(start: dt.date) -> Period:
    """The scheduling period that starts on ``start``: a week (Monday to Sunday) or a month."""
    start = period_start_for(start)
    if settings.SCHEDULING_PERIOD == "month":
        return Period(start, start.replace(day=calendar.monthrange(start.year, start.month)[1]))
    return Period(start, start + dt.timedelta(days=6))


def _is_zh(lang: str) -> bool:
    return lang.startswith("zh")


def unit_name(unit: Unit | None, lang: str) -> str:
    """A unit's name in ``lang`` (the Chinese name when there is no English one)."""
    if unit is None:
        return ""
    return unit.name_zh if _is_zh(lang) or not unit.name_en else unit.name_en


@dataclass
class Row:
    """One key project with its latest scheduling update as of the report's period."""

    project: Project
    update: SchedulingUpdate | None
    current: bool  # the update is this period's
    name: str
    district: str
    zone: str
    leader: str
    stage: str
    amount_text: str

    @property
    def amount(self) -> Decimal:
        """Total investment in yuan."""
        return self.project.total_investment_cny or Decimal(0)

    @property
    def amount_wan(self) -> Decimal:
        return (self.amount / Decimal(10_000)).quantize(Decimal("0.01"))

    @property
    def author(self) -> str:
        return str(self.update.author) if self.update and self.update.author_id else ""

    @property
    def submitted_at(self) -> dt.datetime | None:
        return timezone.localtime(self.update.updated_at) if self.update else None


@dataclass
class Group:
    """The projects of one district or one leader."""

    key: object
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.current)

    @property
    def missing(self) -> int:
        return len(self.rows) - self.updated

    @property
    def summary(self) -> str:
        """``5个重点项目，已报送4个，未报送1个`` in the report's language."""
        total = len(self.rows)
        return ngettext(
            "%(total)s key project, %(updated)s updated, %(missing)s missing",
            "%(total)s key projects, %(updated)s updated, %(missing)s missing",
            total,
        ) % {"total": total, "updated": self.updated, "missing": self.missing}


@dataclass
class Section:
    """The report's projects grouped one way."""

    grouping: Grouping
    title: str
    group_label: str  # the heading of the grouping column
    groups: list[Group]


@dataclass
class Tally:
    """A district's key projects on the cover: how many, and how many reported this period."""

    label: str
    total: int = 0
    updated: int = 0

    @property
    def missing(self) -> int:
        return self.total - self.updated


@dataclass
class WeeklyReport:
    """Everything the writers print, in one language."""

    lang: str
    period: Period
    title: str
    scope_label: str
    period_label: str
    generated_at: dt.datetime
    rows: list[Row]
    sections: list[Section]
    tallies: list[Tally]
    help_rows: list[Row]
    missing: list[Row]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def updated(self) -> int:
        return sum(1 for row in self.rows if row.current)

    @property
    def missing_count(self) -> int:
        return self.total - self.updated

    @property
    def heading(self) -> str:
        """``济南市重点项目调度情况报告`` / ``Scheduling report on key projects: Lixia District``."""
        if _is_zh(self.lang):
            return f"{self.scope_label}{self.title}"
        return f"{self.title}: {self.scope_label}"

    @property
    def summary_text(self) -> str:
        """``重点项目6个：本期已报送4个，未报送2个。`` in the report's language."""
        return ngettext(
            "%(total)s key project: %(updated)s updated this period, %(missing)s missing.",
            "%(total)s key projects: %(updated)s updated this period, %(missing)s missing.",
            self.total,
        ) % {"total": self.total, "updated": self.updated, "missing": self.missing_count}

    @property
    def generated_text(self) -> str:
        local = timezone.localtime(self.generated_at)
        return _("Generated %(when)s") % {"when": f"{local:%Y-%m-%d %H:%M}"}

    @property
    def html_lang(self) -> str:
        return "zh-CN" if _is_zh(self.lang) else "en"


def key_projects(unit: Unit | None, period: Period):
    """Active key projects of ``unit`` (or the whole city), each with the id of its latest update."""
    latest = SchedulingUpdate.objects.filter(project=OuterRef("pk"), period_start__lte=period.start).order_by(
        "-period_start"
    )
    qs = Project.objects.filter(is_key=True).exclude(stage__in=OFF_PIPELINE)
    if unit is not None:
        qs = qs.filter(zone=unit) if unit.kind == UnitKind.ZONE else qs.filter(district=unit)
    return (
        qs.select_related("district", "zone")
        .annotate(latest_update_id=Subquery(latest.values("pk")[:1]))
        .order_by("district__order", "district__code", "-total_investment_cny", "code")
    )


def build(period_start: dt.date, *, unit: Unit | None, grouping: str, lang: str) -> WeeklyReport:
    """The report of the scheduling period starting on ``period_start`` for ``unit`` (``None``: the city)."""
    period = period_of(period_start)
    projects = list(key_projects(unit, period))
    ids = [p.latest_update_id for p in projects if p.latest_update_id]
    updates = SchedulingUpdate.objects.select_related("author").in_bulk(ids) if ids else {}
    no_leader = _("No leader assigned")
    rows = []
    for project in projects:
        update = updates.get(project.latest_update_id)
        rows.append(
            Row(
                project=project,
                update=update,
                current=update is not None and update.period_start == period.start,
                name=project.name_zh if _is_zh(lang) or not project.name_en else project.name_en,
                district=unit_name(project.district, lang),
                zone=unit_name(project.zone, lang),
                leader=project.leader.strip() or no_leader,
                stage=str(project.get_stage_display()),
                amount_text=cny_text(project.total_investment_cny, lang),
            )
        )
    sections = [_section(Grouping(part), rows, no_leader) for part in Grouping(grouping).parts]
    if unit is None:
        districts = list(Unit.objects.districts().order_by("order", "code"))
        scope_label = conf.city_name(lang)
    else:
        districts = [unit] if unit.kind == UnitKind.DISTRICT else []
        scope_label = unit_name(unit, lang)
    tallies = {d.pk: Tally(label=unit_name(d, lang)) for d in districts}
    for row in rows:
        tally = tallies.setdefault(row.project.district_id, Tally(label=row.district))
        tally.total += 1
        tally.updated += row.current
    help_rows = sorted(
        (row for row in rows if row.current and row.update.help_needed.strip()),
        key=lambda row: (-row.amount, row.project.code),
    )[:TOP_HELP]
    return WeeklyReport(
        lang=lang,
        period=period,
        title=_("Scheduling report on key projects"),
        scope_label=scope_label,
        period_label=period.label(lang),
        generated_at=timezone.now(),
        rows=rows,
        sections=sections,
        tallies=list(tallies.values()),
        help_rows=help_rows,
        missing=[row for row in rows if not row.current],
    )


def _section(grouping: Grouping, rows: list[Row], no_leader: str) -> Section:
    groups: dict[object, Group] = {}
    if grouping == Grouping.DISTRICT:
        for row in rows:  # already in the districts' official order
            groups.setdefault(row.project.district_id, Group(key=row.project.district_id, label=row.district))
            groups[row.project.district_id].rows.append(row)
        ordered = list(groups.values())
        return Section(grouping, _("By district"), _("District / county"), ordered)
    for row in rows:
        key = row.project.leader.strip()
        groups.setdefault(key, Group(key=key, label=row.leader)).rows.append(row)
    # Leaders by name; the projects no leader is assigned to come last.
    ordered = sorted(groups.values(), key=lambda g: (g.key == "", g.label))
    return Section(grouping, _("By assigned city leader"), _("Assigned city leader"), ordered)

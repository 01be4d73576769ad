"""The named statistics: what each figure counts, in both languages, and how it is computed.

A statistic is one or more *terms*; a term picks rows of one source (``sources.py``) that fall in
the period (or, for a list "as of" a day, that are in a state on that day) and says which amount
to sum. A figure is the number of rows and the sum of their amounts over all its terms, so its
drill-down is just the rows of its terms.

Definitions follow DOMAIN.md "Figures and how they are defined"; each ``definition_*`` is the text
printed in footnotes and on the figures page.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from yunzhao.projects.choices import OFF_PIPELINE, Stage
from yunzhao.projects.models import SchedulingUpdate
from yunzhao.projects.scheduling import period_start_for

from .periods import Period, add_months
from .sources import CAPITAL, PROJECTS, SIGNINGS, Source, reached, stages_before

YI = Decimal(100_000_000)
# How long a project may stay signed-but-not-started, or started-but-not-in-production, before it is
# listed as stalled (三未); ``YUNZHAO_STALLED_MONTHS`` in the settings changes it.
STALLED_MONTHS = 6


def stalled_months() -> int:
    return int(getattr(settings, "YUNZHAO_STALLED_MONTHS", STALLED_MONTHS))


class FigureUnit(models.TextChoices):
    """What a figure's headline number counts."""

    PROJECTS = "projects", _("projects")
    RECORDS = "records", _("records")
    YUAN = "CNY", _("yuan")
    USD = "USD", _("US dollars")


@dataclass(frozen=True)
class Term:
    """Rows of one source that count towards a figure, and the amount each contributes."""

    source: Source
    date: str | None = None  # the row's date that puts it in a period (flows)
    amount: str | None = None  # the row's amount (already in the figure's currency)
    condition: Q = field(default_factory=Q)
    # For lists "as of" a day: the rows in the listed state on that day.
    as_of: Callable[[dt.date], Q] | None = None
    # Whether the amount may be missing (no exchange rate to convert it).
    may_be_unconverted: bool = False

    def selects(self, period: Period, day: dt.date) -> Q:
        """The rows this term counts for ``period`` (flows) or on ``day`` (lists)."""
        if self.as_of is not None:
            return self.condition & self.as_of(day)
        # The dates first: a row of the other period fails there, before the condition (which may
        # convert an amount at a looked-up rate) is evaluated.
        return Q(**{f"{self.date}__range": (period.start, period.end)}) & self.condition


@dataclass(frozen=True)
class Statistic:
    """A named figure: its code, name and definition in Chinese and English, unit and currency."""

    code: str
    name_zh: str
    name_en: str
    definition_zh: str
    definition_en: str
    unit: FigureUnit
    terms: tuple[Term, ...]
    currency: str = ""  # of the amount, when the figure has one
    snapshot: bool = False  # a list as of the end of the period, with no year-on-year change
    comparable: bool = False  # published for every city of the province
    # Statistics that share a definition (the size bands) share one footnote, under this name.
    family_zh: str = ""
    family_en: str = ""

    def name(self, lang: str = "zh-hans") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def family(self, lang: str = "zh-hans") -> str:
        """The name of the footnote that defines this statistic (and any that share its definition)."""
        return (self.family_zh if lang.startswith("zh") else self.family_en) or self.name(lang)

    def definition(self, lang: str = "zh-hans") -> str:
        return self.definition_zh if lang.startswith("zh") else self.definition_en

    @property
    def primary(self) -> str:
        """Which number is the headline: ``count`` or ``amount``."""
        return "count" if self.unit in (FigureUnit.PROJECTS, FigureUnit.RECORDS) else "amount"

    @property
    def has_amount(self) -> bool:
        return any(term.amount for term in self.terms)

    @property
    def sources(self) -> list[Source]:
        return list(dict.fromkeys(term.source for term in self.terms))


# --- terms ------------------------------------------------------------------------------------------


def signed_term(minimum: Decimal | None = None) -> Term:
    """Projects by their credited (first) signing, valued at the signing-month rate."""
    condition = Q(sign_date__isnull=False)
    if minimum is not None:
        condition &= Q(signed_value__gte=minimum)
    return Term(PROJECTS, date="sign_date", amount="signed_value", condition=condition)


def _missing_update(day: dt.date) -> Q:
    due = SchedulingUpdate.objects.filter(project=OuterRef("pk"), period_start=period_start_for(day))
    return ~Exists(due)


def _unstarted(day: dt.date) -> Q:
    cutoff = add_months(day, -stalled_months())
    return Q(sign_date__lte=cutoff) & (
        Q(started_on__isnull=True) | Q(started_on__gt=day) | Q(stage__in=stages_before(Stage.STARTED))
    )


def _not_in_production(day: dt.date) -> Q:
    cutoff = add_months(day, -stalled_months())
    return (
        Q(started_on__lte=cutoff)
        & ~Q(stage__in=stages_before(Stage.STARTED))
        & (
            Q(production_on__isnull=True)
            | Q(production_on__gt=day)
            | Q(stage__in=stages_before(Stage.PRODUCTION))
        )
    )


# --- statistics -------------------------------------------------------------------------------------

_SIGNED_ZH = (
    "项目以首次签约（无论省级、市级还是区县级活动）计入签约日期所在期间，计一次；此后在其他活动重复签约不再计入。"
    "没有签约活动记录、经阶段变更进入“已签约”的项目，以其签约日期计入一次。按项目总投资（人民币）归档；"
    "外币项目按签约当月登记的汇率折算（当月未登记的，取此前最近一个月的汇率；均未登记的，取项目登记时所用汇率）。"
)
_SIGNED_EN = (
    "A project counts once, in the period of its first signing, whatever the level of the event (provincial, "
    "city, district); signing it again at another event does not count again. A project that reached “signed” "
    "by a stage change without a signing record counts once at its signing date. Projects are banded by total "
    "investment in yuan; totals in other currencies are converted at the rate recorded for the signing month "
    "(or the latest month before it; failing that, the rate recorded on the project)."
)


_BANDS_ZH = "过亿元、过10亿元、过50亿元、过百亿元项目分别指总投资1亿元、10亿元、50亿元、100亿元及以上（含本数）的项目。"
_BANDS_EN = (
    "Projects over 100 million, 1 billion, 5 billion and 10 billion yuan are those with a total investment of "
    "at least that amount. "
)


def _band(code: str, yi: int | None, zh_band: str, en_band: str) -> Statistic:
    if yi is None:
        name_zh, name_en = "签约项目", "Projects signed"
    else:
        name_zh, name_en = f"签约{zh_band}项目", f"Signed projects over {en_band}"
    return Statistic(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        definition_zh="统计期内首次签约的项目个数及其总投资。" + _BANDS_ZH + _SIGNED_ZH,
        definition_en="Projects first signed in the period, and their total investment. "
        + _BANDS_EN
        + _SIGNED_EN,
        family_zh="签约项目（按总投资分档）",
        family_en="Projects signed, by total investment",
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        terms=(signed_term(None if yi is None else yi * YI),),
        comparable=True,
    )


STATISTICS: list[Statistic] = [
    _band("signed_projects", None, "", ""),
    _band("signed_ge1", 1, "过亿元", "100 million yuan"),
    _band("signed_ge10", 10, "过10亿元", "1 billion yuan"),
    _band("signed_ge50", 50, "过50亿元", "5 billion yuan"),
    _band("signed_ge100", 100, "过百亿元", "10 billion yuan"),
    Statistic(
        code="signed_amount",
        name_zh="签约金额（含增资）",
        name_en="Investment signed, with increases",
        definition_zh=(
            "统计期内签约活动计入的金额：项目首次签约计全额；此后再次签约的，只计超过此前最高签约额的增资部分，"
            "金额不变或减少的重复签约不计。无签约活动记录、经阶段变更进入“已签约”的项目，以签约日期计入其总投资。"
            "外币按签约当月登记的汇率折算为人民币。"
        ),
        definition_en=(
            "Amounts credited to signings in the period: a project's first signing counts in full; a later "
            "signing counts only the increase above the highest amount signed before, and a re-signing for the "
            "same or a smaller amount counts nothing. A project that reached “signed” by a stage change without "
            "a signing record counts its total investment at its signing date. Other currencies are converted "
            "at the rate recorded for the signing month."
        ),
        unit=FigureUnit.YUAN,
        currency="CNY",
        terms=(
            Term(
                SIGNINGS,
                date="signed_on",
                amount="credited_amount_cny",
                condition=Q(credited_project=True) | Q(credited_amount_cny__gt=0),
            ),
            # Projects signed by a stage change alone: no signing record, so nothing credited by the first term.
            Term(
                PROJECTS,
                date="sign_date",
                amount="signed_value",
                condition=Q(sign_date__isnull=False) & Q(credited__isnull=True),
            ),
        ),
    ),
    Statistic(
        code="foreign_capital",
        name_zh="实际使用外资",
        name_en="Foreign capital actually used",
        definition_zh=(
            "统计期内到位的外资资金之和，以美元计：美元到位记录按原额计入；人民币记录按到位当月登记的美元汇率折算"
            "（当月未登记的，取此前最近一个月的汇率），逐笔四舍五入到分后相加。"
        ),
        definition_en=(
            "Sum of the foreign capital-in-place records of the period, in US dollars: records in dollars count "
            "as they are; records in yuan are converted at the US-dollar rate recorded for the month the money "
            "arrived (or the latest month before it), each rounded to the cent."
        ),
        unit=FigureUnit.USD,
        currency="USD",
        comparable=True,
        terms=(
            Term(
                CAPITAL,
                date="received_on",
                amount="usd_amount",
                condition=Q(source="foreign"),
                may_be_unconverted=True,
            ),
        ),
    ),
    Statistic(
        code="domestic_capital",
        name_zh="市外到位资金",
        name_en="Out-of-city capital in place",
        definition_zh="统计期内到位的市外境内资金记录之和，以人民币计（外币记录按登记汇率折算）。",
        definition_en=(
            "Sum of the domestic out-of-city capital-in-place records of the period, in yuan (records in "
            "other currencies at the rate recorded with them)."
        ),
        unit=FigureUnit.YUAN,
        currency="CNY",
        comparable=True,
        terms=(Term(CAPITAL, date="received_on", amount="amount_cny", condition=Q(source="domestic")),),
    ),
    Statistic(
        code="projects_started",
        name_zh="新开工项目",
        name_en="Projects started",
        definition_zh="统计期内开工的项目个数及总投资（人民币）；项目以首次进入“已开工”的日期计入，更正退回开工前阶段的不计。",
        definition_en=(
            "Projects whose construction started in the period, and their total investment in yuan; a project "
            "counts at the date it first reached “started”, unless it was moved back before it as a correction."
        ),
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        terms=(
            Term(
                PROJECTS,
                date="started_on",
                amount="total_investment_cny",
                condition=reached("started_on", Stage.STARTED),
            ),
        ),
    ),
    Statistic(
        code="projects_in_production",
        name_zh="新投产项目",
        name_en="Projects in production",
        definition_zh="统计期内竣工投产的项目个数及总投资（人民币）；以首次进入“已投产”的日期计入。",
        definition_en=(
            "Projects that went into production in the period, and their total investment in yuan; a project "
            "counts at the date it first reached “in production”."
        ),
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        terms=(
            Term(
                PROJECTS,
                date="production_on",
                amount="total_investment_cny",
                condition=reached("production_on", Stage.PRODUCTION),
            ),
        ),
    ),
    Statistic(
        code="missing_updates",
        name_zh="未报送调度的重点项目",
        name_en="Key projects missing their scheduling update",
        definition_zh="截至期末（或今天），在推进中的重点项目中，当期调度（周或月）尚未报送进展的项目。",
        definition_en=(
            "As of the end of the period (or today), active key projects with no scheduling update for the "
            "scheduling period (week or month) that contains that day."
        ),
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        snapshot=True,
        terms=(
            Term(
                PROJECTS,
                amount="total_investment_cny",
                condition=Q(is_key=True) & ~Q(stage__in=OFF_PIPELINE),
                as_of=_missing_update,
            ),
        ),
    ),
    Statistic(
        code="stalled_unstarted",
        name_zh="签约未开工项目",
        name_en="Signed but not started",
        definition_zh="截至期末（或今天），签约已满规定月数（默认6个月）仍未开工的项目（已终止的除外）。",
        definition_en=(
            "As of the end of the period (or today), projects signed at least the set number of months before "
            "(6 by default) that have not started construction (lost projects excepted)."
        ),
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        snapshot=True,
        terms=(
            Term(
                PROJECTS,
                date="sign_date",
                amount="total_investment_cny",
                condition=~Q(stage=Stage.LOST),
                as_of=_unstarted,
            ),
        ),
    ),
    Statistic(
        code="stalled_not_in_production",
        name_zh="开工未投产项目",
        name_en="Started but not in production",
        definition_zh="截至期末（或今天），开工已满规定月数（默认6个月）仍未竣工投产的项目（已终止的除外）。",
        definition_en=(
            "As of the end of the period (or today), projects that started construction at least the set "
            "number of months before (6 by default) and are not in production (lost projects excepted)."
        ),
        unit=FigureUnit.PROJECTS,
        currency="CNY",
        snapshot=True,
        terms=(
            Term(
                PROJECTS,
                date="started_on",
                amount="total_investment_cny",
                condition=~Q(stage=Stage.LOST),
                as_of=_not_in_production,
            ),
        ),
    ),
]

REGISTRY: dict[str, Statistic] = {s.code: s for s in STATISTICS}

# The figures a headline shows, in order.
HEADLINE = [
    "signed_ge1",
    "signed_ge50",
    "signed_ge100",
    "foreign_capital",
    "domestic_capital",
    "projects_started",
    "projects_in_production",
]
WATCH_LISTS = ["missing_updates", "stalled_unstarted", "stalled_not_in_production"]


def get(code: str) -> Statistic:
    """The statistic called ``code``; ``KeyError`` if there is none."""
    return REGISTRY[code]


def comparable_choices() -> list[tuple[str, str]]:
    """Statistics the province publishes for every city, as form and model choices."""
    return [(s.code, f"{s.name_zh} / {s.name_en}") for s in STATISTICS if s.comparable]

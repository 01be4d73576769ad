"""Reads of the statistics app shared by pages, the bulletin and reports."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

from . import conf
from .figures import Figure
from .models import ProvincialFigure
from .periods import Period


@dataclass
class ProvincialRow:
    """One city in the province's table for a statistic and period."""

    city: str
    value: Decimal
    rank: int
    is_home: bool
    figure: ProvincialFigure | None = None


@dataclass
class ProvincialRanking:
    """The city among the others the province published, for one statistic and period."""

    statistic: str
    period: Period
    rows: list[ProvincialRow]

    @property
    def home(self) -> ProvincialRow | None:
        return next((row for row in self.rows if row.is_home), None)

    @property
    def cities(self) -> int:
        return len(self.rows)


def provincial_figures(statistic: str, period: Period):
    """The rows entered for a statistic and period, largest first."""
    return (
        ProvincialFigure.objects.filter(statistic=statistic, period=period.code)
        .select_related("entered_by")
        .order_by("-value", "city_zh")
    )


def provincial_ranking(figure: Figure, *, rows=None) -> ProvincialRanking | None:
    """Where the city's ``figure`` (the whole city's) ranks among the other cities entered for its
    statistic and period; ``None`` when no other city has been entered. Equal values share a rank."""
    others = list(rows if rows is not None else provincial_figures(figure.code, figure.period))
    if not others:
        return None
    lang = get_language() or "zh-hans"
    home_value = Decimal(figure.value or 0)
    table = [ProvincialRow(city=conf.city_name(lang), value=home_value, rank=0, is_home=True)]
    table += [
        ProvincialRow(city=row.city, value=row.value, rank=0, is_home=False, figure=row) for row in others
    ]
    table.sort(key=lambda row: (-row.value, not row.is_home))
    for row in table:
        row.rank = 1 + sum(1 for other in table if other.value > row.value)
    return ProvincialRanking(statistic=figure.code, period=figure.period, rows=table)


def provincial_rows_for(figures: list[Figure]) -> dict[str, list[ProvincialFigure]]:
    """Entered rows for several figures of one period, in one query: {statistic code: rows}."""
    if not figures:
        return {}
    codes = [f.code for f in figures]
    found: dict[str, list[ProvincialFigure]] = {code: [] for code in codes}
    period_code = figures[0].period.code
    for row in ProvincialFigure.objects.filter(statistic__in=codes, period=period_code).order_by(
        "-value", "city_zh"
    ):
        found[row.statistic].append(row)
    return found

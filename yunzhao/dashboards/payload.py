"""The dashboards as JSON: what the pages' charts draw and what the big screen fetches to refresh.

Amounts are strings of exact yuan or dollars (``"1250000000.00"``), as summed; each figure also
carries its text as people write it (``12.5亿元`` / ``1.25 billion yuan``), its year-on-year change
and the link to the records behind it. Chart series are numbers in the unit their axis names
(亿元, 万美元, projects…), rounded for drawing.
"""

import datetime as dt
import re
from decimal import Decimal

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunzhao.orgs.models import Unit
from yunzhao.projects.models import Project
from yunzhao.stats import formatting, links
from yunzhao.stats.figures import Figure, Measure
from yunzhao.stats.periods import MONTHS_EN, Period
from yunzhao.stats.registry import FigureUnit, Statistic

from . import geo_build
from .selectors import MAP_STATISTIC, Dashboard, DistrictRow, LiveTile, Screen
from .series import MonthlySeries, StageCount

GEOJSON = "dashboards/geo/jinan-2019.json"
WAN, YI = Decimal(10_000), Decimal(10**8)
MILLION, BILLION = Decimal(10**6), Decimal(10**9)
# How often the big screen fetches its data again, in seconds.
SCREEN_REFRESH = 60
_NUMBER = re.compile(r"^(?P<prefix>[^\d-]*)(?P<number>-?[\d,]+(?:\.\d+)?)(?P<suffix>.*)$")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _ratio(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def is_zh(lang: str) -> bool:
    return formatting.is_zh(lang)


def period_json(period: Period, lang: str) -> dict:
    return {"code": period.code, "label": period.label(lang), "start": period.start, "end": period.end}


def display_parts(text: str) -> dict:
    """A formatted figure split for a counter that counts up: ``US$`` · ``1.067`` · `` billion``."""
    match = _NUMBER.match(text)
    if match is None:
        return {"prefix": "", "number": None, "decimals": 0, "suffix": text}
    number = match["number"].replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return {
        "prefix": match["prefix"],
        "number": float(number),
        "decimals": decimals,
        "suffix": match["suffix"],
    }


def figure_json(figure: Figure, lang: str) -> dict:
    """A figure with last year's, the change, its texts and its drill-down link."""
    statistic = figure.statistic
    text = formatting.value_text(statistic, figure.value, lang)
    last = figure.last
    return {
        "code": figure.code,
        "name": statistic.name(lang),
        "period": figure.period.code,
        "unit": statistic.unit.value,
        "currency": statistic.currency,
        "count": figure.count,
        "amount": _money(figure.amount),
        "text": text,
        "amount_text": formatting.amount_text(figure.amount, statistic.currency, lang)
        if statistic.has_amount
        else "",
        "display": display_parts(text),
        "last": None
        if last is None
        else {
            "period": figure.last_period.code if figure.last_period else None,
            "count": last.count,
            "amount": _money(last.amount),
            "text": formatting.value_text(statistic, figure.last_value, lang),
        },
        "yoy": _ratio(figure.yoy),
        "yoy_text": formatting.signed_percent_text(figure.yoy),
        "amount_yoy": _ratio(figure.amount_yoy),
        "unconverted": figure.unconverted,
        "url": links.records_url(figure),
    }


def amount_unit(currency: str, lang: str, largest: Decimal | None = None) -> tuple[Decimal, str]:
    """The divisor and axis name amounts are drawn in: 亿元 / 万美元…, billion / million in English.

    The larger unit is used when ``largest`` (the biggest value to draw) reaches one of it, or when
    no ``largest`` is given.
    """
    big = largest is None
    if is_zh(lang):
        big = big or abs(largest) >= YI
        if currency == "USD":
            return (YI, "亿美元") if big else (WAN, "万美元")
        return (YI, "亿元") if big else (WAN, "万元")
    big = big or abs(largest) >= BILLION
    if currency == "USD":
        return (BILLION, "US$ billion") if big else (MILLION, "US$ million")
    return (BILLION, "billion yuan") if big else (MILLION, "million yuan")


def chart_unit(statistic: Statistic, lang: str, largest: Decimal | None = None) -> tuple[Decimal, str]:
    """The divisor and axis name a chart draws a statistic's headline number in."""
    if statistic.primary == "count":
        if is_zh(lang):
            return Decimal(1), "个" if statistic.unit == FigureUnit.PROJECTS else "笔"
        return Decimal(1), _("projects")
    return amount_unit(statistic.currency, lang, largest)


def _scaled(value, divisor: Decimal) -> float | None:
    if value is None:
        return None
    return round(float(Decimal(value) / divisor), 4)


def month_labels(lang: str) -> list[str]:
    return [f"{m}月" for m in range(1, 13)] if is_zh(lang) else [name[:3] for name in MONTHS_EN]


def series_json(monthly: MonthlySeries, lang: str) -> dict:
    """A statistic by month, this year so far and last year, in its chart unit."""
    amounts = [m.amount or 0 for m in [*monthly.this, *monthly.last]]
    divisor, unit = chart_unit(monthly.statistic, lang, max(amounts, default=Decimal(0)))

    def values(measures: list[Measure]) -> list:
        if monthly.statistic.primary == "count":
            return [m.count for m in measures]
        return [_scaled(m.amount, divisor) for m in measures]

    return {
        "code": monthly.code,
        "name": monthly.statistic.name(lang),
        "unit": unit,
        "title": f"{monthly.statistic.name(lang)}（{unit}）"
        if is_zh(lang)
        else f"{monthly.statistic.name(lang)} ({unit})",
        "year": monthly.year,
        "months": month_labels(lang),
        "this": values(monthly.this),
        "last": values(monthly.last),
        "this_label": str(monthly.year),
        "last_label": str(monthly.year - 1),
        "counts": {"this": [m.count for m in monthly.this], "last": [m.count for m in monthly.last]},
    }


def stage_json(step: StageCount, lang: str) -> dict:
    return {
        "stage": step.stage.value,
        "label": step.label,
        "count": step.count,
        "amount": _money(step.amount),
        "amount_text": formatting.cny_text(step.amount, lang),
    }


def district_json(row: DistrictRow, lang: str) -> dict:
    return {
        "key": row.key,
        "label": row.label,
        "rank": row.rank,
        "cells": {code: figure_json(figure, lang) for code, figure in row.cells.items()},
    }


def _project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def top_project_json(project: Project, lang: str) -> dict:
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.display_name,
        "district": project.district.display_name,
        "amount": _money(project.signed_value),
        "amount_text": formatting.cny_text(project.signed_value, lang),
        "signed_on": project.sign_date,
        "stage": project.stage,
        "stage_label": project.get_stage_display(),
        "url": _project_url(project),
    }


def overdue_json(project: Project) -> dict:
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.display_name,
        "district": project.district.display_name,
        "leader": project.leader,
        "last_update": project.last_update,
        "url": _project_url(project),
    }


def as_of_json(moment: dt.datetime, lang: str) -> dict:
    return {
        "as_of": timezone.localtime(moment).isoformat(),
        "as_of_text": formatting.as_of_text(moment, lang),
    }


def dashboard_json(dashboard: Dashboard, lang: str) -> dict:
    """The leadership dashboard's data."""
    return {
        **as_of_json(dashboard.as_of, lang),
        "citywide": dashboard.citywide,
        "year": period_json(dashboard.year, lang),
        "month": period_json(dashboard.month, lang),
        "headline": [
            {"year": figure_json(this_year, lang), "month": figure_json(this_month, lang)}
            for this_year, this_month in dashboard.headline
        ],
        "missing_updates": figure_json(dashboard.missing, lang),
        "monthly": {code: series_json(s, lang) for code, s in dashboard.monthly.items()},
        "pipeline": [stage_json(step, lang) for step in dashboard.pipeline],
        "off_pipeline": [stage_json(step, lang) for step in dashboard.off_pipeline],
        "districts": [district_json(row, lang) for row in dashboard.districts],
        "top_projects": [top_project_json(p, lang) for p in dashboard.top_projects],
        "overdue": [overdue_json(p) for p in dashboard.overdue],
    }


def charts_json(dashboard: Dashboard, lang: str) -> dict:
    """The part of the dashboard its page draws as charts."""
    return {
        "monthly": {code: series_json(s, lang) for code, s in dashboard.monthly.items()},
        "labels": {
            "this_year": str(dashboard.year.start.year),
            "last_year": str(dashboard.year.start.year - 1),
        },
    }


# What the live tile shows of the audience app's figures, in order.
LIVE_FIGURES = [
    ("viewers", gettext_lazy("Viewers")),
    ("views", gettext_lazy("Views")),
    ("plays", gettext_lazy("Plays")),
]
LIVE_SOURCES = 3


def live_json(tile: LiveTile | None) -> dict | None:
    """The live event and its audience: totals, the leading channels and views minute by minute.

    ``figures`` are those of ``yunzhao.audience.selectors.live_figures``; an event whose figures
    cannot be read is shown with its title alone.
    """
    if tile is None:
        return None
    found = tile.figures if isinstance(tile.figures, dict) else {}
    return {
        "event": {"id": tile.event.pk, "title": tile.event.display_name},
        "figures": [
            {"code": code, "label": str(label), "value": found[code]}
            for code, label in LIVE_FIGURES
            if isinstance(found.get(code), int | float)
        ],
        "estimated": bool(found.get("viewers_error")),
        "sources": [
            {"name": str(source.get("name") or ""), "views": source.get("views") or 0}
            for source in (found.get("sources") or [])[:LIVE_SOURCES]
        ],
        "series": [point.get("views") or 0 for point in found.get("series") or []],
        "as_of": found.get("as_of"),
    }


def map_source_text(lang: str) -> str:
    """The map's citation: package, version, date, licence and what was done to it."""
    return _(
        "Map: %(package)s %(version)s (%(released)s, %(licence)s licence); Jinan and the former Laiwu city "
        "joined as the 12 districts and counties of 2019"
    ) % {
        "package": geo_build.PACKAGE,
        "version": geo_build.VERSION,
        "released": geo_build.RELEASED,
        "licence": geo_build.LICENCE,
    }


def short_name(name: str, lang: str) -> str:
    """A district's name as the map labels it: 历下区 as is, "Lixia District" as "Lixia"."""
    if is_zh(lang):
        return name
    for word in (" District", " County"):
        if name.endswith(word):
            return name[: -len(word)]
    return name


def _amount_row(figure: Figure, divisor: Decimal, lang: str) -> dict:
    return {
        "count": figure.count,
        "amount": _money(figure.amount),
        "value": _scaled(figure.amount, divisor),
        "number": f"{Decimal(figure.amount or 0) / divisor:,.2f}",  # in ``unit``, for compact lists
        "text": formatting.amount_text(figure.amount, figure.statistic.currency, lang),
    }


def screen_json(screen: Screen, lang: str) -> dict:
    """The big screen's data."""
    largest = max(
        [row.cells[MAP_STATISTIC].amount or 0 for row in screen.districts]
        + [f.amount or 0 for f in screen.industries],
        default=Decimal(0),
    )
    divisor, unit = amount_unit("CNY", lang, largest)
    districts = list(Unit.objects.districts().order_by("order", "code"))
    gb_codes = {unit.pk: unit.gb_code for unit in districts}
    # Largest amount first: the order of the ranking beside the map.
    by_amount = sorted(screen.districts, key=lambda row: -(row.cells[MAP_STATISTIC].amount or 0))
    areas = [
        {
            "gb_code": gb_codes.get(row.key, ""),
            "name": row.label,
            **_amount_row(row.cells[MAP_STATISTIC], divisor, lang),
        }
        for row in by_amount
    ]
    return {
        **as_of_json(screen.as_of, lang),
        "citywide": screen.citywide,
        "refresh": SCREEN_REFRESH,
        "year": period_json(screen.year, lang),
        "headline": [figure_json(f, lang) for f in screen.headline],
        "map": {
            "geojson": static(GEOJSON),
            "source": map_source_text(lang),
            "title": _("Total investment of the projects signed, by district"),
            "unit": unit,
            "names": {unit.gb_code: unit.display_name for unit in districts},
            "labels": {unit.gb_code: short_name(unit.display_name, lang) for unit in districts},
            "districts": areas,
        },
        "monthly": {code: series_json(s, lang) for code, s in screen.monthly.items()},
        "industries": {
            "title": _("Top industries by investment signed"),
            "unit": unit,
            "rows": [
                {"key": f.key, "label": f.label, **_amount_row(f, divisor, lang)} for f in screen.industries
            ],
        },
        "live": live_json(screen.live),
    }

"""The bulletin paragraph (通报) for a press release or a leadership brief, in Chinese or English.

``build`` computes the figures once and composes a ``Bulletin``: a title, one paragraph made of
plain text and cited figures, and a footnote for each statistic cited (its definition). Renderers
(``renderers.py``) turn it into Markdown, HTML or, later, Word and PDF; none of them computes
anything.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from yunzhao.orgs.choices import UnitKind

from . import conf, figures, formatting
from .figures import Figure
from .formatting import is_zh
from .periods import MONTHS_EN, Period
from .selectors import provincial_ranking, provincial_rows_for
from .sources import usd_rate_on

STATISTICS = [
    "signed_ge1",
    "signed_ge50",
    "signed_ge100",
    "foreign_capital",
    "domestic_capital",
    "projects_started",
    "projects_in_production",
]


@dataclass
class Cite:
    """A number in the text that comes from a figure, with its footnote and drill-down."""

    text: str
    figure: Figure
    note: int
    url: str = ""
    first: bool = False  # the first number citing its footnote carries the marker


@dataclass
class Note:
    """A footnote: the definition of a statistic cited in the text."""

    number: int
    name: str
    definition: str


@dataclass
class Bulletin:
    """A composed bulletin, ready for any renderer."""

    lang: str
    period: Period
    area: str
    title: str
    parts: list = field(default_factory=list)  # str and Cite, in reading order
    notes: list[Note] = field(default_factory=list)
    as_of: dt.datetime | None = None
    footer: str = ""
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The paragraph as plain text."""
        return "".join(part.text if isinstance(part, Cite) else part for part in self.parts)


class _Writer:
    """Collects text and cited figures, numbering footnotes in order of first citation."""

    def __init__(self, lang: str, link: Callable[[Figure], str] | None):
        self.lang = lang
        self.link = link
        self.parts: list = []
        self.notes: dict[str, Note] = {}

    def text(self, value: str) -> None:
        if value:
            self.parts.append(value)

    def cite(self, figure: Figure, text: str) -> None:
        statistic = figure.statistic
        definition = statistic.definition(self.lang)
        note = self.notes.get(definition)  # statistics sharing a definition share a footnote
        first = note is None
        if first:
            note = self.notes[definition] = Note(
                number=len(self.notes) + 1, name=statistic.family(self.lang), definition=definition
            )
        self.parts.append(
            Cite(
                text=text,
                figure=figure,
                note=note.number,
                url=self.link(figure) if self.link else "",
                first=first,
            )
        )


def build(
    period: Period,
    *,
    lang: str = "zh-hans",
    user=None,
    unit=None,
    link: Callable[[Figure], str] | None = None,
    today: dt.date | None = None,
) -> Bulletin:
    """Compute the figures of ``period`` for ``unit`` (a district or zone) or the whole city, and compose the
    bulletin in ``lang``; ``link(figure)`` gives each number's drill-down URL."""
    if unit is None and user is not None and not user.is_citywide:
        unit = user.unit  # a district or zone sees only its own records: its bulletin is its own
    filters = {}
    if unit is not None:
        filters = {"zone" if unit.kind == UnitKind.ZONE else "district": unit.pk}
    found = figures.compute(STATISTICS, period, user=user, filters=filters, today=today)
    figure = found["signed_ge1"]
    usd_rate = usd_rate_on(figure.period.end)
    ranks = {}
    if unit is None and (user is None or user.is_citywide):
        rows = provincial_rows_for([found["foreign_capital"], found["domestic_capital"], found["signed_ge1"]])
        ranks = {code: provincial_ranking(found[code], rows=entered) for code, entered in rows.items()}
    zh = is_zh(lang)
    if unit is not None:
        area = unit.name_zh if zh else (unit.name_en or unit.name_zh)
    else:
        area = "全市" if zh else "the city"
    writer = _Writer(lang, link)
    (_compose_zh if zh else _compose_en)(writer, figure.period, area, found, usd_rate, ranks)
    place = area if unit is not None else conf.city_name(lang)
    if zh:
        title = f"{figure.period.label(lang)}{place}招商引资主要指标"
    else:
        title = f"Investment promotion in {place}: {figure.period.label(lang)}"
    as_of = figure.as_of
    unconverted = found["foreign_capital"].unconverted
    footer = (
        f"数据{formatting.as_of_text(as_of, lang)}，依据项目台账、签约和到位资金记录计算。"
        if zh
        else f"Figures {formatting.as_of_text(as_of, lang)}, computed from the project ledger, signings and "
        "capital-in-place records."
    )
    if unconverted:
        footer += (
            f"另有{unconverted}笔人民币外资记录因未登记当月美元汇率，未计入实际使用外资。"
            if zh
            else f" {unconverted} foreign capital record(s) in yuan have no dollar rate recorded for their month "
            "and are not counted."
        )
    return Bulletin(
        lang=lang,
        period=figure.period,
        area=area,
        title=title,
        parts=writer.parts,
        notes=list(writer.notes.values()),
        as_of=as_of or timezone.now(),
        footer=footer,
        figures=found,
    )


def _rank_zh(ranking) -> str:
    home = ranking.home if ranking else None
    return f"，居全省{formatting.ordinal(home.rank, 'zh-hans')}" if home else ""


def _rank_en(ranking) -> str:
    home = ranking.home if ranking else None
    return f", {formatting.ordinal(home.rank, 'en')} in {conf.province_name('en')}" if home else ""


def _compose_zh(w: _Writer, period: Period, area: str, f: dict[str, Figure], usd_rate, ranks) -> None:
    lang = "zh-hans"
    ge1, ge50, ge100 = f["signed_ge1"], f["signed_ge50"], f["signed_ge100"]
    w.text(f"{period.label(lang)}，{area}签约过亿元项目")
    w.cite(ge1, f"{ge1.count:,}个")
    yoy = formatting.yoy_text(ge1.yoy, lang)
    w.text(f"，{yoy}" if yoy else "")
    w.text("，总投资")
    w.cite(ge1, formatting.cny_text(ge1.amount, lang))
    w.text(_rank_zh(ranks.get("signed_ge1")))
    if ge1.count:
        w.text("，其中过百亿元项目")
        w.cite(ge100, f"{ge100.count:,}个")
        w.text("、过50亿元项目")
        w.cite(ge50, f"{ge50.count:,}个")
    foreign, domestic = f["foreign_capital"], f["domestic_capital"]
    w.text("；实际使用外资")
    w.cite(foreign, formatting.usd_text(foreign.amount, lang))
    yoy = formatting.yoy_text(foreign.yoy, lang)
    w.text(f"，{yoy}" if yoy else "")
    w.text(_rank_zh(ranks.get("foreign_capital")))
    w.text("；市外到位资金")
    w.cite(domestic, formatting.cny_text(domestic.amount, lang))
    yoy = formatting.yoy_text(domestic.yoy, lang)
    w.text(f"，{yoy}" if yoy else "")
    w.text(_rank_zh(ranks.get("domestic_capital")))
    started, production = f["projects_started"], f["projects_in_production"]
    w.text("；新开工项目")
    w.cite(started, f"{started.count:,}个")
    w.text("，新投产项目")
    w.cite(production, f"{production.count:,}个")
    w.text("。")


def _projects(n: int, singular: str = "project", plural: str = "projects") -> str:
    return singular if n == 1 else plural


def _when_en(period: Period) -> str:
    """``In 2023`` / ``In January-February 2023``; a range of days reads ``Between 1 January and 22 November
    2026`` (a year to date is cut at today), or ``On 5 March 2026``."""
    if period.whole_months:
        return f"In {period.label('en')}"
    s, e = period.start, period.end
    if s == e:
        return f"On {period.label('en')}"
    start = f"{s.day} {MONTHS_EN[s.month - 1]}" + (f" {s.year}" if s.year != e.year else "")
    return f"Between {start} and {e.day} {MONTHS_EN[e.month - 1]} {e.year}"


def _compose_en(w: _Writer, period: Period, area: str, f: dict[str, Figure], usd_rate, ranks) -> None:
    lang = "en"
    ge1, ge50, ge100 = f["signed_ge1"], f["signed_ge50"], f["signed_ge100"]
    w.text(f"{_when_en(period)} {area} signed ")
    w.cite(ge1, f"{ge1.count:,}")
    w.text(f" {_projects(ge1.count)} of over 100 million yuan")
    yoy = formatting.yoy_text(ge1.yoy, lang)
    w.text(f", {yoy}" if yoy else "")
    w.text(", with a total investment of ")
    w.cite(ge1, formatting.cny_text(ge1.amount, lang, usd_rate))
    w.text(_rank_en(ranks.get("signed_ge1")))
    if ge1.count:
        w.text(", including ")
        w.cite(ge100, f"{ge100.count:,}")
        w.text(" of over 10 billion yuan and ")
        w.cite(ge50, f"{ge50.count:,}")
        w.text(" of over 5 billion yuan")
    foreign, domestic = f["foreign_capital"], f["domestic_capital"]
    w.text("; foreign capital actually used was ")
    w.cite(foreign, formatting.usd_text(foreign.amount, lang))
    yoy = formatting.yoy_text(foreign.yoy, lang)
    w.text(f", {yoy}" if yoy else "")
    w.text(_rank_en(ranks.get("foreign_capital")))
    w.text("; out-of-city capital in place was ")
    w.cite(domestic, formatting.cny_text(domestic.amount, lang, usd_rate))
    yoy = formatting.yoy_text(domestic.yoy, lang)
    w.text(f", {yoy}" if yoy else "")
    w.text(_rank_en(ranks.get("domestic_capital")))
    started, production = f["projects_started"], f["projects_in_production"]
    w.text("; ")
    w.cite(started, f"{started.count:,}")
    w.text(f" {_projects(started.count)} started construction and ")
    w.cite(production, f"{production.count:,}")
    w.text(" went into production.")

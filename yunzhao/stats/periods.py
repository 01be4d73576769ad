"""Reporting periods: a month, quarter, half, year, cumulative months (1-N月) or a range of days.

A period is two dates, both included. Its kind follows from the dates, so ``2023-01..2023-03`` and
``2023Q1`` are the same period (一季度), and each period has one canonical code that parses back to it:

==========  =======================  ======================  =====================
kind        code                     Chinese                 English
==========  =======================  ======================  =====================
year        ``2023``                 2023年                  2023
half        ``2023H1``               2023年上半年            H1 2023
quarter     ``2023Q1``               2023年一季度            Q1 2023
month       ``2023-02``              2023年2月               February 2023
months      ``2023-01..2023-05``     2023年1-5月             January-May 2023
days        ``2023-03-05..2023-04-10``  2023年3月5日至4月10日   5 March-10 April 2023
==========  =======================  ======================  =====================

Cumulative months are also accepted as ``2023M1-5``. The same period last year (for 同比) moves
whole months by twelve months and ranges of days by one calendar year (29 February becomes the 28th).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ZH_DIGITS = "零一二三四五六七八九"


class PeriodKind(models.TextChoices):
    """What sort of period two dates make."""

    YEAR = "year", _("Year")
    HALF = "half", _("Half year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    MONTHS = "months", _("Months")
    DAYS = "days", _("Days")


class PeriodError(ValueError):
    """Raised when a text cannot be read as a period."""


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, kept within the target month (31 March − 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def zh_number(n: int) -> str:
    """A small whole number in Chinese numerals: 2 → 二, 12 → 十二, 21 → 二十一."""
    if n < 0 or n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return ZH_DIGITS[units]
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[units] if units else "")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("A period cannot end before it starts."))

    # --- what it is ---------------------------------------------------------------------------------

    @property
    def whole_months(self) -> bool:
        """Whether the period starts on a 1st and ends on a month's last day."""
        return self.start.day == 1 and self.end == month_end(self.end.year, self.end.month)

    @property
    def kind(self) -> PeriodKind:
        if not self.whole_months:
            return PeriodKind.DAYS
        first, last = self.start.month, self.end.month
        if self.start.year != self.end.year:
            return PeriodKind.MONTHS
        if (first, last) == (1, 12):
            return PeriodKind.YEAR
        if (first, last) in ((1, 6), (7, 12)):
            return PeriodKind.HALF
        if first == last:
            return PeriodKind.MONTH
        if first % 3 == 1 and last == first + 2:
            return PeriodKind.QUARTER
        return PeriodKind.MONTHS

    @property
    def code(self) -> str:
        """The canonical text of the period, which ``parse`` reads back."""
        kind, s, e = self.kind, self.start, self.end
        if kind == PeriodKind.YEAR:
            return f"{s.year}"
        if kind == PeriodKind.HALF:
            return f"{s.year}H{1 if s.month == 1 else 2}"
        if kind == PeriodKind.QUARTER:
            return f"{s.year}Q{(s.month - 1) // 3 + 1}"
        if kind == PeriodKind.MONTH:
            return f"{s:%Y-%m}"
        if kind == PeriodKind.MONTHS:
            return f"{s:%Y-%m}..{e:%Y-%m}"
        return f"{s:%Y-%m-%d}..{e:%Y-%m-%d}" if s != e else f"{s:%Y-%m-%d}"

    def __str__(self) -> str:
        return self.code

    @property
    def is_cumulative(self) -> bool:
        """Whether the period runs from 1 January (1-N月, 一季度, 上半年, the year)."""
        return self.whole_months and self.start.month == 1 and self.start.year == self.end.year

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    # --- related periods ----------------------------------------------------------------------------

    def previous_year(self) -> "Period":
        """The same period last year, for year-on-year (同比) comparison."""
        if self.whole_months:
            start = add_months(self.start, -12)
            end = add_months(self.end.replace(day=1), -12)
            return Period(start, month_end(end.year, end.month))
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1))

    def until(self, day: dt.date) -> "Period":
        """The part of the period up to ``day`` (the period itself if it ends by then)."""
        if day >= self.end:
            return self
        if day < self.start:
            raise PeriodError(_("The period has not started yet."))
        return Period(self.start, day)

    # --- labels -------------------------------------------------------------------------------------

    def label(self, lang: str = "zh-hans") -> str:
        """The period as a report names it: ``2023年1-2月`` / ``January-February 2023``."""
        return self._label_zh(with_year=True) if lang.startswith("zh") else self._label_en()

    def short_label(self, lang: str = "zh-hans") -> str:
        """The period without its year where a heading already gives it: ``一季度`` / ``Q1``."""
        if not lang.startswith("zh"):
            kind = self.kind
            if kind == PeriodKind.QUARTER:
                return f"Q{(self.start.month - 1) // 3 + 1}"
            if kind == PeriodKind.HALF:
                return f"H{1 if self.start.month == 1 else 2}"
            return self._label_en()
        return self._label_zh(with_year=False)

    def _label_zh(self, *, with_year: bool) -> str:
        kind, s, e = self.kind, self.start, self.end
        year = f"{s.year}年" if with_year else ""
        if kind == PeriodKind.YEAR:
            return f"{s.year}年" if with_year else "全年"
        if kind == PeriodKind.HALF:
            return year + ("上半年" if s.month == 1 else "下半年")
        if kind == PeriodKind.QUARTER:
            return year + f"{zh_number((s.month - 1) // 3 + 1)}季度"
        if kind == PeriodKind.MONTH:
            return year + f"{s.month}月"
        if kind == PeriodKind.MONTHS:
            if s.year == e.year:
                return year + f"{s.month}-{e.month}月"
            return f"{s.year}年{s.month}月至{e.year}年{e.month}月"
        if s == e:
            return f"{s.year}年{s.month}月{s.day}日"
        if s.year != e.year:
            return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"
        end = f"{e.day}日" if s.month == e.month else f"{e.month}月{e.day}日"
        return year + f"{s.month}月{s.day}日至{end}"

    def _label_en(self) -> str:
        kind, s, e = self.kind, self.start, self.end
        if kind == PeriodKind.YEAR:
            return f"{s.year}"
        if kind == PeriodKind.HALF:
            return f"H{1 if s.month == 1 else 2} {s.year}"
        if kind == PeriodKind.QUARTER:
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
        if kind == PeriodKind.MONTH:
            return f"{MONTHS_EN[s.month - 1]} {s.year}"
        if kind == PeriodKind.MONTHS:
            if s.year == e.year:
                return f"{MONTHS_EN[s.month - 1]}-{MONTHS_EN[e.month - 1]} {s.year}"
            return f"{MONTHS_EN[s.month - 1]} {s.year}-{MONTHS_EN[e.month - 1]} {e.year}"
        if s == e:
            return f"{s.day} {MONTHS_EN[s.month - 1]} {s.year}"
        if s.year != e.year:
            return f"{s.day} {MONTHS_EN[s.month - 1]} {s.year}-{e.day} {MONTHS_EN[e.month - 1]} {e.year}"
        start = f"{s.day}" if s.month == e.month else f"{s.day} {MONTHS_EN[s.month - 1]}"
        return f"{start}-{e.day} {MONTHS_EN[e.month - 1]} {s.year}"


# --- constructors -------------------------------------------------------------------------------------


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31))


def half(y: int, h: int) -> Period:
    return months(y, 1, 6) if h == 1 else months(y, 7, 12)


def quarter(y: int, q: int) -> Period:
    return months(y, 3 * q - 2, 3 * q)


def month(y: int, m: int) -> Period:
    return months(y, m, m)


def months(y: int, first: int, last: int, end_year: int | None = None) -> Period:
    """Whole months from ``first`` of ``y`` to ``last`` (of ``end_year``, by default the same year)."""
    return Period(dt.date(y, first, 1), month_end(end_year or y, last))


def cumulative(y: int, last: int) -> Period:
    """January to month ``last`` (1-N月)."""
    return months(y, 1, last)


_YEAR = r"(?P<y>\d{4})"
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"^{_YEAR}年?$"), "year"),
    (re.compile(rf"^{_YEAR}-?H(?P<n>[12])$", re.I), "half"),
    (re.compile(rf"^{_YEAR}-?Q(?P<n>[1-4])$", re.I), "quarter"),
    (re.compile(rf"^{_YEAR}M(?P<a>\d{{1,2}})(?:-(?P<b>\d{{1,2}}))?$", re.I), "months"),
    (re.compile(rf"^{_YEAR}-(?P<m>\d{{1,2}})$"), "month"),
    (re.compile(rf"^{_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})$"), "day"),
    (re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})\.\.(?P<y2>\d{4})-(?P<m2>\d{1,2})$"), "month_range"),
    (
        re.compile(
            r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\.\.(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})$"
        ),
        "day_range",
    ),
]


def _month_number(text: str) -> int:
    number = int(text)
    if not 1 <= number <= 12:
        raise PeriodError(_("A month is a number from 1 to 12."))
    return number


def _date(y: str, m: str, d: str) -> dt.date:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError as exc:
        raise PeriodError(_("%(date)s is not a date.") % {"date": f"{y}-{m}-{d}"}) from exc


def parse(text: str) -> Period:
    """Read a period: ``2023``, ``2023H1``, ``2023Q1``, ``2023-02``, ``2023M1-5``, ``2023-01..2023-05``,
    ``2023-03-05..2023-04-10``. Raises ``PeriodError`` with a message for people otherwise."""
    value = (text or "").strip().replace(" ", "").replace("～", "..").replace("~", "..")
    for pattern, kind in _PATTERNS:
        match = pattern.match(value)
        if not match:
            continue
        g = match.groupdict()
        y = int(g["y"])
        if kind == "year":
            return year(y)
        if kind == "half":
            return half(y, int(g["n"]))
        if kind == "quarter":
            return quarter(y, int(g["n"]))
        if kind == "months":
            first = _month_number(g["a"])
            last = _month_number(g["b"]) if g["b"] else first
            if last < first:
                raise PeriodError(_("The last month comes before the first."))
            return months(y, first, last)
        if kind == "month":
            return month(y, _month_number(g["m"]))
        if kind == "day":
            day = _date(g["y"], g["m"], g["d"])
            return Period(day, day)
        if kind == "month_range":
            first, last = _month_number(g["m"]), _month_number(g["m2"])
            return months(y, first, last, int(g["y2"]))
        return Period(_date(g["y"], g["m"], g["d"]), _date(g["y2"], g["m2"], g["d2"]))
    raise PeriodError(
        _(
            "“%(text)s” is not a period. Write 2023, 2023H1, 2023Q1, 2023-02, 2023M1-5 or "
            "2023-03-05..2023-04-10."
        )
        % {"text": text}
    )


def presets(today: dt.date) -> list[Period]:
    """Periods people ask for most, as of ``today``: this year so far and by quarter, last year…"""
    y = today.year
    found: list[Period] = []
    if today.month > 1:
        found.append(cumulative(y, today.month - 1))
    found.append(month(y, today.month))
    found += [quarter(y, q) for q in range(1, (today.month - 1) // 3 + 2)]
    if today.month > 6:
        found.append(half(y, 1))
    found += [year(y), year(y - 1), half(y - 1, 1), half(y - 1, 2)]
    unique: list[Period] = []
    for period in found:
        if period not in unique:
            unique.append(period)
    return unique

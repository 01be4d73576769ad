"""Figures as people write them: 万元/亿元 and 同比增长 in Chinese, "billion yuan" and "up … year on year"
in English. Amounts go through ``yunzhao.core.money``; this module chooses the precision.

Chinese shows two decimals of 亿 (a million yuan); English shows three decimals of a billion (also a
million), so the two versions of a bulletin carry the same precision: 10.67亿美元 = US$1.067 billion.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from yunzhao.core import money

from .periods import MONTHS_EN, zh_number
from .registry import FigureUnit, Statistic

BILLION = Decimal(10**9)
ORDINALS_EN = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
]


def is_zh(lang: str) -> bool:
    return (lang or "zh-hans").lower().startswith("zh")


def _places_en(value: Decimal) -> int:
    return 3 if abs(value) >= BILLION else 2


def cny_text(yuan: Decimal | None, lang: str, usd_rate: Decimal | None = None) -> str:
    """``1,234.56亿元`` / ``123.457 billion yuan (US$17.194 billion)``."""
    if yuan is None:
        return "—"
    if yuan == 0:
        return "0元" if is_zh(lang) else "0 yuan"
    if is_zh(lang):
        return money.format_cny_zh(yuan, places=2)
    return money.format_cny_en(yuan, usd_rate, places=_places_en(Decimal(yuan)))


def usd_text(dollars: Decimal | None, lang: str) -> str:
    """``10.67亿美元`` / ``US$1.067 billion``."""
    if dollars is None:
        return "—"
    if dollars == 0:
        return "0美元" if is_zh(lang) else "US$0"
    if is_zh(lang):
        return money.format_usd(dollars, "zh-hans", places=2)
    return money.format_usd(dollars, "en", places=_places_en(Decimal(dollars)))


def amount_text(amount: Decimal | None, currency: str, lang: str, usd_rate: Decimal | None = None) -> str:
    return usd_text(amount, lang) if currency == "USD" else cny_text(amount, lang, usd_rate)


def count_text(count: int | None, lang: str, unit: str = FigureUnit.PROJECTS) -> str:
    """``613个`` / ``613``."""
    if count is None:
        return "—"
    if is_zh(lang):
        return f"{count:,}个" if unit == FigureUnit.PROJECTS else f"{count:,}笔"
    return f"{count:,}"


def value_text(statistic: Statistic, value, lang: str, usd_rate: Decimal | None = None) -> str:
    """A statistic's headline number in its unit."""
    if statistic.primary == "count":
        return count_text(value, lang, statistic.unit)
    return amount_text(value, statistic.currency, lang, usd_rate)


def percent(ratio: Decimal) -> Decimal:
    """A ratio as a percentage with one decimal: 0.28549 → 28.5."""
    return (Decimal(ratio) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(ratio: Decimal | None) -> str:
    return "—" if ratio is None else f"{percent(ratio):,}%"


def signed_percent_text(ratio: Decimal | None) -> str:
    """``+28.5%`` / ``-3.2%`` / ``0.0%`` for tables; ``—`` without a comparison."""
    if ratio is None:
        return "—"
    value = percent(ratio)
    return f"+{value:,}%" if value > 0 else f"{value:,}%"


def yoy_text(ratio: Decimal | None, lang: str) -> str:
    """``同比增长28.5%`` / ``up 28.5% year on year``; empty when there is nothing to compare with."""
    if ratio is None:
        return ""
    value = percent(ratio)
    if is_zh(lang):
        if value == 0:
            return "与上年同期持平"
        return f"同比{'增长' if value > 0 else '下降'}{abs(value):,}%"
    if value == 0:
        return "level with the same period last year"
    return f"{'up' if value > 0 else 'down'} {abs(value):,}% year on year"


def ordinal(n: int, lang: str) -> str:
    """``第二`` / ``second``."""
    if is_zh(lang):
        return f"第{zh_number(n)}"
    if 1 <= n <= len(ORDINALS_EN):
        return ORDINALS_EN[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def days_text(days: float | None, lang: str) -> str:
    if days is None:
        return "—"
    number = f"{days:g}"
    return f"{number}天" if is_zh(lang) else f"{number} days"


def as_of_text(moment: dt.datetime, lang: str) -> str:
    """``截至2024年5月6日10:32`` / ``as of 6 May 2024, 10:32`` in the site's time zone."""
    local = timezone.localtime(moment)
    if is_zh(lang):
        return f"截至{local.year}年{local.month}月{local.day}日{local:%H:%M}"
    return f"as of {local.day} {MONTHS_EN[local.month - 1]} {local.year}, {local:%H:%M}"

"""How reach figures are written in a press bulletin: 万 / 亿 in Chinese, million / billion in English.

Figures are rounded *down*: a bulletin never claims more than was counted. A rounded figure reports
whether anything was rounded away (``exact``), so that followers can carry the press convention of a
trailing "+" (Chinese) or "more than" (English) exactly when the true count is larger than the text.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WAN = 10_000
YI = 100_000_000
MILLION = 1_000_000
BILLION = 1_000_000_000

EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Rounded:
    """A count written for people, and whether the text states it exactly."""

    text: str
    exact: bool


def _floor_in(value: int, unit: int, places: int) -> tuple[str, bool]:
    """``value / unit`` rounded down to ``places`` decimals, without trailing zeros."""
    scaled = value * 10**places // unit
    whole, frac = divmod(scaled, 10**places)
    text = str(whole)
    if places and frac:
        text += "." + str(frac).rjust(places, "0").rstrip("0")
    exact = scaled * unit == value * 10**places
    return text, exact


def zh_count(value: int) -> Rounded:
    """1234 → "1234"; 12 345 → "1.2万"; 12 340 000 → "1234万"; 123 456 789 → "1.23亿"."""
    if value < 0:
        raise ValueError("counts are never negative")
    if value >= YI:
        text, exact = _floor_in(value, YI, 2)
        return Rounded(f"{text}亿", exact)
    if value >= 10 * WAN:
        text, exact = _floor_in(value, WAN, 0)
        return Rounded(f"{text}万", exact)
    if value >= WAN:
        text, exact = _floor_in(value, WAN, 1)
        return Rounded(f"{text}万", exact)
    return Rounded(str(value), True)


def en_count(value: int) -> Rounded:
    """1234 → "1,234"; 12 345 678 → "12.34 million"; 1 234 567 890 → "1.23 billion"."""
    if value < 0:
        raise ValueError("counts are never negative")
    if value >= BILLION:
        text, exact = _floor_in(value, BILLION, 2)
        return Rounded(f"{text} billion", exact)
    if value >= MILLION:
        text, exact = _floor_in(value, MILLION, 2)
        return Rounded(f"{text} million", exact)
    return Rounded(f"{value:,}", True)


def zh_at_least(value: int) -> str:
    """Followers in Chinese: "512万+" when more were counted than the text says, else the count."""
    rounded = zh_count(value)
    return rounded.text if rounded.exact else f"{rounded.text}+"


def en_at_least(value: int) -> str:
    """Followers in English: "more than 5.12 million" when rounded down, else the count."""
    rounded = en_count(value)
    return rounded.text if rounded.exact else f"more than {rounded.text}"


def zh_moment(moment: dt.datetime) -> str:
    """3月30日18时, or 3月30日18时30分 (local time)."""
    local = timezone.localtime(moment)
    text = f"{local.month}月{local.day}日{local.hour}时"
    return text + (f"{local.minute}分" if local.minute else "")


def en_moment(moment: dt.datetime) -> str:
    """6:00 p.m. on March 30 (local time)."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    return f"{hour}:{local.minute:02d} {half} on {EN_MONTHS[local.month - 1]} {local.day}"

"""Amounts: parsing what people type in ledgers, and showing yuan in 万元 / 亿元 or billions.

All amounts are kept in whole currency units (yuan or dollars) as ``Decimal``; 万 (10^4) and
亿 (10^8) are only ways of writing them.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)

_UNITS = {
    "亿元": YI, "亿": YI, "万元": WAN, "万": WAN, "千万": WAN * 1000, "百万": Decimal(1_000_000),
    "元": Decimal(1), "billion": Decimal(10**9), "bn": Decimal(10**9), "million": Decimal(10**6),
    "m": Decimal(10**6), "k": Decimal(1000),
}
_AMOUNT_RE = re.compile(
    r"^\s*(?P<cur>RMB|CNY|USD|US\$|\$|¥|￥)?\s*(?P<num>[-+]?[0-9][0-9,，]*(?:\.[0-9]+)?)\s*"
    r"(?P<unit>亿元|亿|千万|百万|万元|万|元|billion|bn|million|m|k)?\s*(?P<cur2>RMB|CNY|USD|美元|人民币)?\s*$",
    re.IGNORECASE,
)


class AmountError(ValueError):
    """Raised when a text cannot be read as an amount."""


def parse_amount(value: object, *, default_unit: Decimal = WAN) -> Decimal:
    """Read an amount such as ``1.5亿``, ``15000万``, ``15,000`` (in ``default_unit``) or a number.

    Returns whole currency units. Raises ``AmountError`` for anything else, including negatives.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise AmountError("empty")
    if isinstance(value, bool):
        raise AmountError("not a number")
    if isinstance(value, (int, float, Decimal)):
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise AmountError("not a number") from exc
        unit = default_unit
    else:
        match = _AMOUNT_RE.match(str(value).replace("\u3000", " "))
        if not match:
            raise AmountError("not an amount")
        number = Decimal(match["num"].replace(",", "").replace("，", ""))
        unit = _UNITS[match["unit"].lower()] if match["unit"] else default_unit
    if not number.is_finite():
        raise AmountError("not a number")
    if number < 0:
        raise AmountError("negative")
    return (number * unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _trim(number: Decimal, places: int) -> str:
    """Format with up to ``places`` decimals, thousands separators, and no trailing zeros."""
    text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_cny_zh(yuan: Decimal | int | float | None, places: int = 2) -> str:
    """Yuan in Chinese usage: ``1.5亿元`` from 1亿 up, otherwise ``3,200万元``."""
    if yuan is None:
        return "—"
    yuan = Decimal(yuan)
    if abs(yuan) >= YI:
        return f"{_trim(yuan / YI, places)}亿元"
    return f"{_trim(yuan / WAN, places)}万元"


def format_cny_en(yuan: Decimal | int | float | None, usd_rate: Decimal | None = None, places: int = 2) -> str:
    """Yuan in English usage: ``1.5 billion yuan (US$0.21 billion)`` or ``32 million yuan``."""
    if yuan is None:
        return "—"
    yuan = Decimal(yuan)
    if abs(yuan) >= Decimal(10**9):
        text = f"{_trim(yuan / Decimal(10**9), places)} billion yuan"
        scale, word = Decimal(10**9), "billion"
    else:
        text = f"{_trim(yuan / Decimal(10**6), places)} million yuan"
        scale, word = Decimal(10**6), "million"
    if usd_rate:
        text += f" (US${_trim(yuan / usd_rate / scale, places)} {word})"
    return text


def format_usd(dollars: Decimal | int | float | None, lang: str = "zh-hans", places: int = 2) -> str:
    """US dollars: ``3.1亿美元`` / ``1,200万美元`` in Chinese, ``US$310 million`` in English."""
    if dollars is None:
        return "—"
    dollars = Decimal(dollars)
    if lang.startswith("zh"):
        if abs(dollars) >= YI:
            return f"{_trim(dollars / YI, places)}亿美元"
        return f"{_trim(dollars / WAN, places)}万美元"
    if abs(dollars) >= Decimal(10**9):
        return f"US${_trim(dollars / Decimal(10**9), places)} billion"
    return f"US${_trim(dollars / Decimal(10**6), places)} million"


def format_cny(yuan: Decimal | int | float | None, lang: str = "zh-hans", usd_rate: Decimal | None = None) -> str:
    """Yuan in the conventions of ``lang``."""
    if lang.startswith("zh"):
        return format_cny_zh(yuan)
    return format_cny_en(yuan, usd_rate)


def to_wan(yuan: Decimal | None) -> Decimal | None:
    """Yuan as 万元, for ledger columns that are kept in 万元."""
    return None if yuan is None else (Decimal(yuan) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

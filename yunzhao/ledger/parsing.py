"""Reading single ledger cells: amounts, dates, numbers, yes/no and text, as people type them.

Each ``parse_*`` function takes what a spreadsheet reader hands over (text, a number, a date, a
boolean or nothing) and returns a Python value, or raises ``CellError`` with a message in the
active language. Empty cells are ``None`` before they reach a parser (see ``is_blank``).
"""

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yunzhao.core.money import WAN, AmountError, parse_amount

# Excel counts days from 1899-12-30 (its day 60 is the 29 February 1900 that never was).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
EARLIEST_YEAR = 1950

# A text that spreadsheet programs would run as a formula (or that starts with a control character).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]
_SERIAL_RE = re.compile(r"^\d{1,7}(?:\.\d+)?$")
_NUMBER_RE = re.compile(r"^[+]?\d[\d,]*(?:\.\d+)?$|^[+]?\.\d+$")
_DOLLAR_RE = re.compile(r"USD|US\$|\$|美元", re.IGNORECASE)

YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "重点"})
NO = frozenset({"否", "n", "no", "false", "0", "×", "✗", "非重点", "-", "—"})


class CellError(ValueError):
    """A cell that cannot be read; the message is meant for the person who filled it in."""


def is_blank(value: object) -> bool:
    """Whether a cell counts as empty: nothing, or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def normalize_text(value: str) -> str:
    """Full-width letters, digits and punctuation to their plain forms; ideographic spaces to spaces."""
    return unicodedata.normalize("NFKC", value).strip()


def escape_text(value: str) -> str:
    """Mark a text so that spreadsheet programs show it and never run it as a formula.

    A leading apostrophe is added to texts that start with a formula character, and to texts that
    already start with an apostrophe, so that ``unescape_text`` can always undo it exactly.
    """
    if value and (value[0] in FORMULA_TRIGGERS or value[0] == TEXT_MARK):
        return TEXT_MARK + value
    return value


def unescape_text(value: str) -> str:
    """Undo ``escape_text``: drop the apostrophe added in front of a formula character or apostrophe."""
    if len(value) > 1 and value[0] == TEXT_MARK and (value[1] in FORMULA_TRIGGERS or value[1] == TEXT_MARK):
        return value[1:]
    return value


def parse_text(value: object) -> str:
    """Any cell as text: whole numbers lose their ``.0``, dates become ``2023-05-01``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return unescape_text(str(value).strip())


def parse_yuan_or_dollars(value: object) -> Decimal:
    """An amount in whole currency units, read from ``1.5亿``, ``15000万``, ``15,000`` (in 万) or a number."""
    if isinstance(value, str):
        value = normalize_text(value)
    try:
        return parse_amount(value, default_unit=WAN)
    except AmountError as exc:
        if str(exc) == "negative":
            raise CellError(_("The amount cannot be negative.")) from exc
        raise CellError(
            _("This is not an amount. Write a number of 万 (15000), or with a unit: 1.5亿, 15000万.")
        ) from exc


def mentions_dollars(value: object) -> bool:
    """Whether an amount text names US dollars (``3000万美元``, ``US$30m``)."""
    return isinstance(value, str) and bool(_DOLLAR_RE.search(value))


def parse_decimal(value: object, *, places: int = 2, positive: bool = False, suffix: str = "") -> Decimal:
    """A plain non-negative number (``1,200.5``), rounded to ``places`` decimals; ``suffix`` may follow it."""
    if isinstance(value, bool):
        raise CellError(_("This is not a number."))
    if isinstance(value, (int, float, Decimal)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = normalize_text(str(value)).replace(" ", "")
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
        if text.startswith("-") and _NUMBER_RE.match(text[1:]):
            raise CellError(_("The number cannot be negative."))
        if not _NUMBER_RE.match(text):
            raise CellError(_("This is not a number."))
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(_("This is not a number.")) from exc
    if not number.is_finite():
        raise CellError(_("This is not a number."))
    if number < 0:
        raise CellError(_("The number cannot be negative."))
    if positive and number == 0:
        raise CellError(_("The number must be greater than zero."))
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def excel_serial_to_date(serial: float) -> dt.date:
    """The calendar day of an Excel serial date number (45047 → 2023-05-01)."""
    days = int(serial)
    if days < 1 or days > EXCEL_MAX_SERIAL:
        raise CellError(_("This is not a date."))
    if days < 61:
        # Before Excel's imaginary 29 February 1900, its serials are one day ahead of the calendar.
        return EXCEL_EPOCH + dt.timedelta(days=days + 1)
    return EXCEL_EPOCH + dt.timedelta(days=days)


def parse_date(value: object) -> dt.date:
    """A date from a date cell, an Excel serial number, or text such as 2023-05-01, 2023/5/1, 2023年5月1日, 2023.5.1."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, bool):
        raise CellError(_("This is not a date."))
    elif isinstance(value, (int, float, Decimal)):
        day = excel_serial_to_date(float(value))
    else:
        text = normalize_text(str(value))
        if _SERIAL_RE.match(text):
            day = excel_serial_to_date(float(text))
        else:
            for pattern in _DATE_PATTERNS:
                match = pattern.match(text)
                if match:
                    break
            else:
                raise CellError(_("This is not a date. Write it as 2023-05-01."))
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError as exc:
                raise CellError(_("There is no such day in the calendar.")) from exc
    if day.year < EARLIEST_YEAR:
        raise CellError(_("The date is too early to be right."))
    return day


def parse_yes_no(value: object) -> bool:
    """Yes or no: 是 / 否, yes / no, true / false, 1 / 0, √ / ×; an empty cell is no."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = normalize_text(str(value)).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Write 是 or 否 (yes or no)."))

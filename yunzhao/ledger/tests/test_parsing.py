import datetime as dt
from decimal import Decimal

import pytest

from yunzhao.ledger import parsing
from yunzhao.ledger.parsing import CellError


@pytest.mark.parametrize(
    ("cell", "yuan"),
    [
        ("1.5亿", Decimal("150000000.00")),
        ("15000万", Decimal("150000000.00")),
        ("15,000", Decimal("150000000.00")),
        ("15000", Decimal("150000000.00")),
        (15000, Decimal("150000000.00")),
        (15000.0, Decimal("150000000.00")),
        (1.234567, Decimal("12345.67")),
        ("１５０００万元", Decimal("150000000.00")),
        ("3000万美元", Decimal("30000000.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_amounts_in_every_usual_form(cell, yuan):
    assert parsing.parse_yuan_or_dollars(cell) == yuan


@pytest.mark.parametrize(("cell", "reason"), [("abc", "not an amount"), ("-5", "negative"), (-5, "negative"),
                                              ("1.5亿亿", "not an amount"), ("", "not an amount")])
def test_bad_amounts_are_refused_with_a_reason(cell, reason):
    with pytest.raises(CellError) as exc:
        parsing.parse_yuan_or_dollars(cell)
    assert ("negative" in str(exc.value)) == (reason == "negative")


@pytest.mark.parametrize(
    "cell",
    [45047, 45047.0, "45047", "2023-05-01", "2023/5/1", "2023年5月1日", "2023.5.1", "2023-05-01 00:00:00",
     "20230501", dt.date(2023, 5, 1), dt.datetime(2023, 5, 1, 14, 30), " 2023 - 5 - 1 "],
)
def test_dates_in_every_usual_form(cell):
    assert parsing.parse_date(cell) == dt.date(2023, 5, 1)


def test_excel_serials_around_its_imaginary_leap_day():
    assert parsing.excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert parsing.excel_serial_to_date(59) == dt.date(1900, 2, 28)
    assert parsing.excel_serial_to_date(61) == dt.date(1900, 3, 1)
    assert parsing.excel_serial_to_date(45047.75) == dt.date(2023, 5, 1)


@pytest.mark.parametrize("cell", ["2023-13-45", "2023-02-30", "abc", "5月1日", 0, -3, True, "1899-12-31", 12])
def test_bad_dates_are_refused(cell):
    with pytest.raises(CellError):
        parsing.parse_date(cell)


@pytest.mark.parametrize(("cell", "value"), [("是", True), ("否", False), ("Yes", True), ("no", False),
                                             (True, True), (1, True), (0.0, False), ("√", True), (None, False)])
def test_yes_no(cell, value):
    assert parsing.parse_yes_no(cell) is value


def test_yes_no_refuses_anything_else():
    with pytest.raises(CellError):
        parsing.parse_yes_no("maybe")


@pytest.mark.parametrize("text", ["=1+2", "+86 531", "-5%", "@SUM(A1)", "\tcmd", "\rx", "'quoted", "''twice",
                                  "plain", "", "'"])
def test_escaping_formula_starts_is_undone_exactly(text):
    escaped = parsing.escape_text(text)
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert parsing.unescape_text(escaped) == text


def test_numbers_read_as_text_lose_their_decimal_point():
    assert parsing.parse_text(2023001.0) == "2023001"
    assert parsing.parse_text("  XM-1 ") == "XM-1"


@pytest.mark.parametrize(("cell", "value"), [("1,200.5", Decimal("1200.50")), ("120亩", Decimal("120.00")),
                                             (7.1, Decimal("7.10"))])
def test_plain_numbers(cell, value):
    assert parsing.parse_decimal(cell, suffix="亩") == value


@pytest.mark.parametrize("cell", ["-3", "abc", "1.2.3"])
def test_bad_plain_numbers(cell):
    with pytest.raises(CellError):
        parsing.parse_decimal(cell)

import datetime as dt

import pytest

from yunzhao.stats import periods
from yunzhao.stats.periods import Period, PeriodError, PeriodKind, parse

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "code"),
    [
        ("2023", D(2023, 1, 1), D(2023, 12, 31), PeriodKind.YEAR, "2023"),
        ("2023年", D(2023, 1, 1), D(2023, 12, 31), PeriodKind.YEAR, "2023"),
        ("2023H1", D(2023, 1, 1), D(2023, 6, 30), PeriodKind.HALF, "2023H1"),
        ("2023h2", D(2023, 7, 1), D(2023, 12, 31), PeriodKind.HALF, "2023H2"),
        ("2023Q1", D(2023, 1, 1), D(2023, 3, 31), PeriodKind.QUARTER, "2023Q1"),
        ("2023-Q4", D(2023, 10, 1), D(2023, 12, 31), PeriodKind.QUARTER, "2023Q4"),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28), PeriodKind.MONTH, "2023-02"),
        ("2024-2", D(2024, 2, 1), D(2024, 2, 29), PeriodKind.MONTH, "2024-02"),
        ("2023M1-5", D(2023, 1, 1), D(2023, 5, 31), PeriodKind.MONTHS, "2023-01..2023-05"),
        ("2023-01..2023-05", D(2023, 1, 1), D(2023, 5, 31), PeriodKind.MONTHS, "2023-01..2023-05"),
        ("2023M1-3", D(2023, 1, 1), D(2023, 3, 31), PeriodKind.QUARTER, "2023Q1"),
        ("2023-01..2023-06", D(2023, 1, 1), D(2023, 6, 30), PeriodKind.HALF, "2023H1"),
        ("2023M7", D(2023, 7, 1), D(2023, 7, 31), PeriodKind.MONTH, "2023-07"),
        ("2022-11..2023-02", D(2022, 11, 1), D(2023, 2, 28), PeriodKind.MONTHS, "2022-11..2023-02"),
        ("2023-03-05..2023-04-10", D(2023, 3, 5), D(2023, 4, 10), PeriodKind.DAYS, "2023-03-05..2023-04-10"),
        ("2023-03-01..2023-03-31", D(2023, 3, 1), D(2023, 3, 31), PeriodKind.MONTH, "2023-03"),
        ("2023-03-05", D(2023, 3, 5), D(2023, 3, 5), PeriodKind.DAYS, "2023-03-05"),
        (" 2023 - 02 ", D(2023, 2, 1), D(2023, 2, 28), PeriodKind.MONTH, "2023-02"),
    ],
)
def test_parse_reads_every_spelling_and_the_code_reads_back(text, start, end, kind, code):
    period = parse(text)
    assert (period.start, period.end, period.kind, period.code) == (start, end, kind, code)
    assert parse(period.code) == period


@pytest.mark.parametrize(
    "text",
    [
        "",
        "23",
        "2023Q5",
        "2023H3",
        "2023-13",
        "2023M5-2",
        "2023M0-3",
        "2023-02-30..2023-03-01",
        "2023-04-10..2023-03-05",
        "last year",
        "2023-01..2023",
    ],
)
def test_parse_refuses_what_is_not_a_period_with_a_message(text):
    with pytest.raises(PeriodError) as exc:
        parse(text)
    assert str(exc.value)


@pytest.mark.parametrize(
    ("text", "zh", "zh_short", "en", "en_short"),
    [
        ("2023", "2023年", "全年", "2023", "2023"),
        ("2023H1", "2023年上半年", "上半年", "H1 2023", "H1"),
        ("2023H2", "2023年下半年", "下半年", "H2 2023", "H2"),
        ("2023Q1", "2023年一季度", "一季度", "Q1 2023", "Q1"),
        ("2023Q3", "2023年三季度", "三季度", "Q3 2023", "Q3"),
        ("2023-02", "2023年2月", "2月", "February 2023", "February 2023"),
        ("2023M1-2", "2023年1-2月", "1-2月", "January-February 2023", "January-February 2023"),
        ("2023M1-5", "2023年1-5月", "1-5月", "January-May 2023", "January-May 2023"),
        ("2023M3-5", "2023年3-5月", "3-5月", "March-May 2023", "March-May 2023"),
        (
            "2022-11..2023-02",
            "2022年11月至2023年2月",
            "2022年11月至2023年2月",
            "November 2022-February 2023",
            "November 2022-February 2023",
        ),
        (
            "2023-03-05..2023-04-10",
            "2023年3月5日至4月10日",
            "3月5日至4月10日",
            "5 March-10 April 2023",
            "5 March-10 April 2023",
        ),
        (
            "2023-03-05..2023-03-20",
            "2023年3月5日至20日",
            "3月5日至20日",
            "5-20 March 2023",
            "5-20 March 2023",
        ),
        (
            "2022-12-25..2023-01-05",
            "2022年12月25日至2023年1月5日",
            "2022年12月25日至2023年1月5日",
            "25 December 2022-5 January 2023",
            "25 December 2022-5 January 2023",
        ),
    ],
)
def test_labels_in_chinese_and_english(text, zh, zh_short, en, en_short):
    period = parse(text)
    assert period.label("zh-hans") == zh
    assert period.short_label("zh-hans") == zh_short
    assert period.label("en") == en
    assert period.short_label("en") == en_short


@pytest.mark.parametrize(
    ("text", "last_year"),
    [
        ("2023", "2022"),
        ("2023Q1", "2022Q1"),
        ("2023H2", "2022H2"),
        ("2023M1-2", "2022-01..2022-02"),
        ("2025-02", "2024-02"),  # ends on the 29th last year
        ("2024-02", "2023-02"),
        ("2023-01..2023-02", "2022-01..2022-02"),
        ("2023-03-05..2023-04-10", "2022-03-05..2022-04-10"),
        ("2024-02-01..2024-02-29", "2023-02"),  # whole months stay whole months
        ("2024-02-10..2024-02-29", "2023-02-10..2023-02-28"),
        ("2023-01..2023-02", "2022-01..2022-02"),
    ],
)
def test_same_period_last_year(text, last_year):
    assert parse(text).previous_year() == parse(last_year)


def test_cumulative_periods_run_from_january():
    assert parse("2023M1-5").is_cumulative
    assert parse("2023Q1").is_cumulative
    assert parse("2023").is_cumulative
    assert not parse("2023Q2").is_cumulative
    assert not parse("2023-03-05..2023-04-10").is_cumulative


def test_until_cuts_a_running_period_at_a_day():
    period = parse("2024")
    assert period.until(D(2024, 5, 6)) == Period(D(2024, 1, 1), D(2024, 5, 6))
    assert period.until(D(2025, 1, 1)) is period
    with pytest.raises(PeriodError):
        period.until(D(2023, 12, 31))


def test_add_months_keeps_the_day_within_the_month():
    assert periods.add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert periods.add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)
    assert periods.add_months(D(2023, 1, 31), -13) == D(2021, 12, 31)


def test_chinese_numbers_for_ranks():
    assert [periods.zh_number(n) for n in (1, 2, 10, 12, 16, 20, 21)] == [
        "一",
        "二",
        "十",
        "十二",
        "十六",
        "二十",
        "二十一",
    ]


def test_presets_begin_with_the_months_so_far():
    found = [p.code for p in periods.presets(D(2024, 5, 6))]
    assert found[:2] == ["2024-01..2024-04", "2024-05"]
    assert "2024Q2" in found and "2023" in found and "2024Q3" not in found

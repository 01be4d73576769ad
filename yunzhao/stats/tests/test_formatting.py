from decimal import Decimal

import pytest

from yunzhao.stats import formatting


@pytest.mark.parametrize(
    ("ratio", "zh", "en"),
    [
        (Decimal("0.28549"), "同比增长28.5%", "up 28.5% year on year"),
        (Decimal("-0.032"), "同比下降3.2%", "down 3.2% year on year"),
        (Decimal("0.00049"), "与上年同期持平", "level with the same period last year"),
        (Decimal(3), "同比增长300.0%", "up 300.0% year on year"),
        (None, "", ""),
    ],
)
def test_year_on_year_in_words(ratio, zh, en):
    assert formatting.yoy_text(ratio, "zh-hans") == zh
    assert formatting.yoy_text(ratio, "en") == en


@pytest.mark.parametrize(
    ("n", "zh", "en"),
    [
        (1, "第一", "first"),
        (2, "第二", "second"),
        (16, "第十六", "sixteenth"),
        (21, "第二十一", "21st"),
        (23, "第二十三", "23rd"),
        (112, "第112", "112th"),
    ],
)
def test_ordinals(n, zh, en):
    assert (formatting.ordinal(n, "zh-hans"), formatting.ordinal(n, "en")) == (zh, en)


def test_the_two_languages_carry_the_same_precision():
    # 10.67亿美元 = US$1.067 billion; 1,234.56亿元 = 123.456 billion yuan
    assert formatting.usd_text(Decimal("1067000000"), "zh-hans") == "10.67亿美元"
    assert formatting.usd_text(Decimal("1067000000"), "en") == "US$1.067 billion"
    assert formatting.usd_text(Decimal("310000000"), "en") == "US$310 million"
    assert formatting.cny_text(Decimal("123456000000"), "zh-hans") == "1,234.56亿元"
    assert formatting.cny_text(Decimal("100000000000"), "en", Decimal("6.9444")) == (
        "100 billion yuan (US$14.4 billion)"
    )
    assert formatting.cny_text(Decimal("32000000"), "zh-hans") == "3,200万元"
    assert formatting.cny_text(Decimal(0), "en") == "0 yuan"


def test_counts_and_percentages():
    assert formatting.count_text(613, "zh-hans") == "613个"
    assert formatting.count_text(1613, "en") == "1,613"
    assert formatting.signed_percent_text(Decimal("0.285")) == "+28.5%"
    assert formatting.signed_percent_text(Decimal("-1")) == "-100.0%"
    assert formatting.signed_percent_text(None) == "—"

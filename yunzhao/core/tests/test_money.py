from decimal import Decimal

import pytest

from yunzhao.core.money import AmountError, format_cny_en, format_cny_zh, format_usd, parse_amount


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1.5亿", "150000000"),
        ("15000万", "150000000"),
        ("15000万元", "150000000"),
        ("15,000", "150000000"),  # a bare number is in 万元, the ledger's unit
        (15000, "150000000"),
        (Decimal("0.5"), "5000"),
        ("3亿元", "300000000"),
        ("2000000元", "2000000"),
        ("  ２".replace("２", "2") + "亿 ", "200000000"),
        ("1.2 billion", "1200000000"),
    ],
)
def test_parse_amount_reads_what_ledgers_contain(text, yuan):
    assert parse_amount(text) == Decimal(yuan)


@pytest.mark.parametrize("text", ["abc", "", None, "-5", "1.5亿亿", "12万3", True, float("nan")])
def test_parse_amount_rejects_garbage(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_chinese_format_switches_to_yi_from_one_yi():
    assert format_cny_zh(Decimal("150000000")) == "1.5亿元"
    assert format_cny_zh(Decimal("32000000")) == "3,200万元"
    assert format_cny_zh(Decimal("100000000000")) == "1,000亿元"
    assert format_cny_zh(None) == "—"


def test_english_format_uses_billions_with_dollars():
    assert format_cny_en(Decimal("100000000000"), usd_rate=Decimal("6.94")) == "100 billion yuan (US$14.41 billion)"
    assert format_cny_en(Decimal("32000000")) == "32 million yuan"


def test_usd_format_in_both_languages():
    assert format_usd(Decimal("310000000"), "zh-hans") == "3.1亿美元"
    assert format_usd(Decimal("310000000"), "en") == "US$310 million"
    assert format_usd(Decimal("1067000000"), "en") == "US$1.07 billion"

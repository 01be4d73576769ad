import datetime as dt

import pytest
from django.utils import timezone

from yunzhao.reach import numbers


@pytest.mark.parametrize(("value", "text", "exact"), [
    (0, "0", True),
    (9999, "9999", True),
    (10000, "1万", True),
    (12345, "1.2万", False),
    (99999, "9.9万", False),
    (100000, "10万", True),
    (12340000, "1234万", True),
    (12349999, "1234万", False),
    (99999999, "9999万", False),
    (100000000, "1亿", True),
    (123456789, "1.23亿", False),
    (150000000, "1.5亿", True),
])
def test_chinese_counts_use_wan_and_yi_rounded_down(value, text, exact):
    assert numbers.zh_count(value) == numbers.Rounded(text, exact)


@pytest.mark.parametrize(("value", "text", "exact"), [
    (0, "0", True),
    (999999, "999,999", True),
    (1000000, "1 million", True),
    (5120000, "5.12 million", True),
    (5123456, "5.12 million", False),
    (12345678, "12.34 million", False),
    (12300000, "12.3 million", True),
    (1234567890, "1.23 billion", False),
])
def test_english_counts_use_million_and_billion_rounded_down(value, text, exact):
    assert numbers.en_count(value) == numbers.Rounded(text, exact)


def test_followers_carry_plus_or_more_than_only_when_rounded_down():
    assert numbers.zh_at_least(5_123_456) == "512万+"
    assert numbers.zh_at_least(5_120_000) == "512万"
    assert numbers.zh_at_least(3_000_001) == "300万+"
    assert numbers.en_at_least(5_123_456) == "more than 5.12 million"
    assert numbers.en_at_least(5_120_000) == "5.12 million"
    assert numbers.en_at_least(812) == "812"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        numbers.zh_count(-1)


@pytest.mark.parametrize(("hour", "minute", "zh", "en"), [
    (18, 0, "3月30日18时", "6:00 p.m. on March 30"),
    (18, 30, "3月30日18时30分", "6:30 p.m. on March 30"),
    (0, 5, "3月30日0时5分", "12:05 a.m. on March 30"),
    (12, 0, "3月30日12时", "12:00 p.m. on March 30"),
    (9, 0, "3月30日9时", "9:00 a.m. on March 30"),
])
def test_moments_are_written_in_local_time(hour, minute, zh, en):
    # given a moment stored in UTC
    moment = timezone.make_aware(dt.datetime(2021, 3, 30, hour, minute)).astimezone(dt.UTC)
    # then it is written in Beijing time
    assert numbers.zh_moment(moment) == zh
    assert numbers.en_moment(moment) == en

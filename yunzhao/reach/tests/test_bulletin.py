from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yunzhao.reach.actions import record_snapshots
from yunzhao.reach.bulletin import bulletin_parts, bulletin_text
from yunzhao.reach.choices import ChannelLevel
from yunzhao.reach.selectors import publications_for, reach_as_of
from yunzhao.reach.snapshots import SnapshotRow

from .conftest import at, make_channel, publish

# 63 outlets; reads and followers as of 18:00 add up to 12 345 678 and 5 123 456.
OUTLETS = 63


@pytest.fixture
def covered_event(event, media_editor):
    reads_left, followers_left = 12_345_678, 5_123_456
    batches = {2: [], 4: [], 6: []}
    for i in range(OUTLETS):
        level = ChannelLevel.CENTRAL if i < 10 else ChannelLevel.CITY
        pub = publish(media_editor, make_channel(media_editor, f"ch{i}", level=level), event=event, hours=0)
        last = i == OUTLETS - 1
        reads = reads_left if last else 195_000
        followers = followers_left if last else 80_000
        reads_left -= reads
        followers_left -= followers
        batches[2].append(SnapshotRow(pub, at(2), {"reads": reads // 2, "followers": followers // 2}, i))
        batches[4].append(SnapshotRow(pub, at(4), {"reads": reads, "followers": followers}, i))  # 18:00
        # after 18:00: not counted
        batches[6].append(SnapshotRow(pub, at(6), {"reads": reads + 1000, "followers": followers + 10}, i))
    for rows in batches.values():
        record_snapshots(rows, actor=media_editor)
    return event


def test_bulletin_sentence_in_chinese_and_english(covered_event):
    # given the reach as of 18:00 on 30 March
    reach = reach_as_of(publications_for(event=covered_event), at(4))
    assert (reach.media, reach.totals["reads"], reach.totals["followers"]) == (63, 12_345_678, 5_123_456)
    # when / then
    assert bulletin_text(reach, lang="zh") == (
        "截至3月30日18时，据不完全统计，活动共有63家媒体报道，阅读量1234万次，关注人次512万+")
    assert bulletin_text(reach, lang="en") == (
        "As of 6:00 p.m. on March 30, according to incomplete statistics, the event was covered by 63 media, "
        "read 12.34 million times, with more than 5.12 million followers")


def test_bulletin_parts_name_the_figure_each_number_states(covered_event):
    reach = reach_as_of(publications_for(event=covered_event), at(4))
    linked = {part.link: part.text for part in bulletin_parts(reach, lang="zh") if part.link}
    assert linked == {"media": "63", "reads": "1234万", "followers": "512万+"}


def test_bulletin_command_prints_both_languages_or_one(covered_event):
    # when
    out = StringIO()
    call_command("reach_bulletin", "--event", str(covered_event.pk), "--as-of", "2021-03-30 18:00", stdout=out)
    # then
    assert out.getvalue().splitlines() == [
        "截至3月30日18时，据不完全统计，活动共有63家媒体报道，阅读量1234万次，关注人次512万+",
        "As of 6:00 p.m. on March 30, according to incomplete statistics, the event was covered by 63 media, "
        "read 12.34 million times, with more than 5.12 million followers",
    ]
    out = StringIO()
    call_command("reach_bulletin", "--event", str(covered_event.pk), "--as-of", "2021-03-30 18:00",
                 "--lang", "en", stdout=out)
    assert out.getvalue().startswith("As of 6:00 p.m. on March 30,")
    assert len(out.getvalue().splitlines()) == 1


def test_bulletin_command_for_a_campaign_counts_its_events(covered_event, campaign):
    out = StringIO()
    call_command("reach_bulletin", "--campaign", str(campaign.pk), "--as-of", "2021-03-30 18:00", "--lang", "en",
                 stdout=out)
    assert "the campaign was covered by 63 media, read 12.34 million times" in out.getvalue()


def test_bulletin_command_refuses_an_unknown_event_and_a_bad_time(event):
    with pytest.raises(CommandError, match="no event"):
        call_command("reach_bulletin", "--event", "999999", "--as-of", "2021-03-30 18:00")
    with pytest.raises(CommandError, match="as-of"):
        call_command("reach_bulletin", "--event", str(event.pk), "--as-of", "30 March")

"""Live figures and the platform's own reach: the numbers, and a fixed number of queries."""

import datetime as dt

import pytest

from yunzhao.audience.actions import store_beacons, sync_platform_reach
from yunzhao.audience.models import AudienceBeacon
from yunzhao.audience.recorder import get_recorder
from yunzhao.audience.records import Beacon
from yunzhao.audience.selectors import audience_totals_for_reach, live_figures
from yunzhao.reach.choices import ChannelOwner, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot
from yunzhao.reach.selectors import publications_for, reach_as_of

T = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)  # 14:00 Beijing time


def ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def at(minutes: float) -> int:
    return ms(T + dt.timedelta(minutes=minutes))


def world(event, second_event, channels, scale: int = 1) -> list[Beacon]:
    """Viewers a, b, c at the first event through WeChat and Douyin; a and d at the second; ``scale``
    multiplies the page views of viewer a (the figures of viewers do not change)."""
    wechat, douyin = channels["wechat"].pk, channels["douyin"].pk
    c = event.campaign_id
    beacons = [
        Beacon(event.pk, wechat, "pv", "viewer-a-0000000000", at(0.1), campaign_id=c),
        Beacon(event.pk, wechat, "play", "viewer-a-0000000000", at(0.2), campaign_id=c),
        Beacon(event.pk, douyin, "pv", "viewer-b-0000000000", at(1.1), campaign_id=c),
        Beacon(event.pk, douyin, "pv", "viewer-a-0000000000", at(1.2), campaign_id=c),
        Beacon(event.pk, 0, "pv", "viewer-c-0000000000", at(2.5), campaign_id=c),
        Beacon(second_event.pk, wechat, "pv", "viewer-a-0000000000", at(2.6), campaign_id=c),
        Beacon(second_event.pk, wechat, "pv", "viewer-d-0000000000", at(2.7), campaign_id=c),
    ]
    beacons += [Beacon(event.pk, wechat, "pv", "viewer-a-0000000000", at(0.3 + i / 1000), campaign_id=c)
                for i in range(scale - 1)]
    return beacons


def record(beacons: list[Beacon]) -> None:
    rec = get_recorder()
    for beacon in beacons:
        rec.record(beacon)


def test_live_figures_of_an_event_from_the_roll_ups(embedded, event, second_event, channels):
    # given
    store_beacons(world(event, second_event, channels))
    # when
    figures = live_figures(event_id=event.pk, minutes=4, now=T + dt.timedelta(minutes=3, seconds=5))
    # then
    assert (figures["views"], figures["plays"], figures["viewers"], figures["viewers_error"]) == (4, 1, 3, 0.0)
    assert [(s["code"], s["views"], s["plays"], s["viewers"]) for s in figures["sources"]] == [
        ("douyin", 2, 0, 2), ("wechat", 1, 1, 1), ("", 1, 0, 1)]
    assert figures["sources"][2]["name"]  # "unattributed", in the user's language
    assert [(s["minute"][11:16], s["views"], s["plays"], s["viewers"]) for s in figures["series"]] == [
        ("06:00", 1, 1, 1), ("06:01", 2, 0, 2), ("06:02", 1, 0, 1), ("06:03", 0, 0, 0)]


def test_live_figures_of_a_campaign_count_a_viewer_of_two_events_once(embedded, event, second_event, channels):
    store_beacons(world(event, second_event, channels))
    figures = live_figures(campaign_id=event.campaign_id, minutes=3, now=T + dt.timedelta(minutes=2))
    assert (figures["views"], figures["plays"], figures["viewers"]) == (6, 1, 4)
    wechat = next(s for s in figures["sources"] if s["code"] == "wechat")
    assert (wechat["views"], wechat["viewers"]) == (3, 2)
    assert figures["series"][-1] == {"minute": "2021-03-30T06:02:00+00:00", "views": 3, "plays": 0, "viewers": 3}


@pytest.mark.parametrize("scale", [1, 200])
def test_live_figures_take_three_queries_whatever_the_audience(embedded, event, second_event, channels, scale,
                                                               django_assert_num_queries):
    store_beacons(world(event, second_event, channels, scale=scale))
    with django_assert_num_queries(3):
        figures = live_figures(event_id=event.pk, minutes=30, now=T + dt.timedelta(minutes=3))
    assert figures["viewers"] == 3
    assert figures["views"] == 3 + scale


@pytest.mark.redis
def test_live_figures_from_redis_agree_and_ask_the_database_only_for_channel_names(
        with_redis, event, second_event, channels, django_assert_max_num_queries):
    # given the same beacons recorded in Redis
    record(world(event, second_event, channels, scale=50))
    # when (one query each, for the channel names)
    with django_assert_max_num_queries(2):
        figures = live_figures(event_id=event.pk, minutes=4, now=T + dt.timedelta(minutes=3, seconds=5))
        campaign = live_figures(campaign_id=event.campaign_id, minutes=3, now=T + dt.timedelta(minutes=2))
    # then (HyperLogLog is exact at such small counts)
    assert figures["backend"] == "redis"
    assert (figures["views"], figures["plays"], figures["viewers"]) == (53, 1, 3)
    assert [(s["code"], s["views"], s["viewers"]) for s in figures["sources"]] == [
        ("wechat", 50, 1), ("douyin", 2, 2), ("", 1, 1)]
    assert [(s["views"], s["viewers"]) for s in figures["series"]] == [(50, 1), (2, 2), (1, 1), (0, 0)]
    assert (campaign["views"], campaign["viewers"]) == (55, 4)
    assert campaign["series"][-1]["viewers"] == 3


def test_our_counts_appear_in_the_event_reach_as_the_platform_channel(embedded, event, second_event, channels):
    # given
    store_beacons(world(event, second_event, channels))
    # when the reach is synchronised as of 14:02
    snapshot = sync_platform_reach(event, as_of=T + dt.timedelta(minutes=2, seconds=30))
    # then the platform channel has a snapshot of the minutes before 14:02, counted by the platform
    assert snapshot is not None
    assert (snapshot.reads, snapshot.plays, snapshot.source) == (3, 1, SnapshotSource.PLATFORM)
    assert snapshot.taken_at == T + dt.timedelta(minutes=2)
    channel = snapshot.publication.channel
    assert (channel.code, channel.owner) == ("yunzhao", ChannelOwner.OWN)
    assert snapshot.publication.published_at == T
    reach = reach_as_of(publications_for(event=event), T + dt.timedelta(minutes=5))
    assert reach.totals["reads"] == 3
    # and syncing again changes nothing until more is counted
    assert sync_platform_reach(event, as_of=T + dt.timedelta(minutes=2, seconds=50)) is None
    assert sync_platform_reach(event, as_of=T + dt.timedelta(minutes=10)).reads == 4
    assert MetricSnapshot.objects.filter(publication__channel=channel).count() == 2
    assert Channel.objects.filter(code="yunzhao").count() == 1


def test_nothing_counted_records_no_reach(embedded, event):
    assert sync_platform_reach(event, as_of=T) is None
    assert not Channel.objects.filter(code="yunzhao").exists()


def test_audience_totals_for_reach_before_a_moment(embedded, event, second_event, channels):
    store_beacons(world(event, second_event, channels))
    totals = audience_totals_for_reach(event, as_of=T + dt.timedelta(minutes=1))
    assert (totals["reads"], totals["plays"], totals["viewers"], totals["first_at"]) == (1, 1, 1, T)
    assert audience_totals_for_reach(event)["reads"] == 4
    assert AudienceBeacon.objects.filter(event=event).count() == 5

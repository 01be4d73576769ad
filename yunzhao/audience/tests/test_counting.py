"""Counting: exact views, distinct viewers (exact in the roll-ups, within the stated error in Redis),
roll-ups equal to the raw beacons, on loads of known size sent through the beacon view."""

import io
import random
from collections import defaultdict

import pytest
from django.db.models import Sum

from yunzhao.audience import actions, worker
from yunzhao.audience.models import AudienceBeacon, AudienceMinute
from yunzhao.audience.recorder import redis_client
from yunzhao.audience.records import Beacon, minute_of
from yunzhao.audience.selectors import HLL_ERROR, live_figures
from yunzhao.audience.wsgi import BeaconShortCircuit

SOURCES = ["wechat", "douyin", "qrposter", "", "unknown-tag"]


def viewer_id(n: int) -> str:
    return f"load-viewer-{n:08d}"


def wsgi_sender(client=None):
    """Send a beacon's query string as the app server does: through the WSGI entry point."""
    app = BeaconShortCircuit(None)

    def send(query: str) -> int:
        answers = []
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/t/", "QUERY_STRING": query, "REMOTE_ADDR": "192.0.2.1",
                   "wsgi.input": io.BytesIO(b"")}
        app(environ, lambda status, headers: answers.append(int(status[:3])))
        return answers[0]

    return send


def client_sender(client):
    """Send a beacon's query string through Django's test client (and so the Django view)."""
    return lambda query: client.get(f"/t/?{query}").status_code


def send_load(send, clock, events, *, beacons: int, viewers: int, seed: int = 7, tally: dict | None = None) -> dict:
    """Send ``beacons`` beacons from ``viewers`` viewers over several minutes; what was sent, exactly
    (added to ``tally`` when given)."""
    rng = random.Random(seed)
    tally = tally if tally is not None else {"sent": defaultdict(int), "distinct": defaultdict(set)}
    sent, distinct = tally["sent"], tally["distinct"]
    for n in range(beacons):
        event = events[n % len(events)]
        viewer = viewer_id(n % viewers if n < viewers else rng.randrange(viewers))
        source = rng.choice(SOURCES)
        kind = "play" if rng.random() < 0.3 else "pv"
        if n % 500 == 0:
            clock.advance(20)  # spread over the minutes
        status = send(f"e={event.pk}&src={source}&k={kind}&v={viewer}")
        assert status == 204, status
        channel = source if source in ("wechat", "douyin", "qrposter") else None
        sent[("kind", event.pk, kind)] += 1
        sent[("channel", event.pk, channel, kind)] += 1
        distinct[("event", event.pk)].add(viewer)
        distinct[("channel", event.pk, channel)].add(viewer)
        distinct["campaign"].add(viewer)
        distinct[("minute", event.pk, int(clock.now // 60))].add(viewer)
    return tally


def assert_rollups_equal_raw(events) -> None:
    """Every figure of the roll-ups is what counting the raw beacons gives."""
    raw = list(AudienceBeacon.objects.filter(event__in=events).values_list("event_id", "channel_id", "kind", "viewer",
                                                                             "at"))
    views = defaultdict(int)
    scopes = defaultdict(set)
    for e, ch, kind, viewer, at in raw:
        m = minute_of(at)
        views[(e, ch, m, kind)] += 1
        for name, key in (("viewers", (e, ch, m)), ("first_in_minute", (e, m)), ("first_in_channel", (e, ch)),
                          ("first_in_event", (e,)), ("first_in_campaign", ()),
                          ("first_in_campaign_channel", (ch,)), ("first_in_campaign_minute", (m,))):
            scopes[(name, key)].add(viewer)
    rows = list(AudienceMinute.objects.filter(event__in=events))
    for row in rows:
        m = minute_of(row.minute)
        assert row.views == views[(row.event_id, row.channel_id, m, "pv")]
        assert row.plays == views[(row.event_id, row.channel_id, m, "play")]
        assert row.viewers == len(scopes[("viewers", (row.event_id, row.channel_id, m))])
    sums = defaultdict(int)
    for row in rows:
        m = minute_of(row.minute)
        for name, key in (("first_in_minute", (row.event_id, m)), ("first_in_channel", (row.event_id, row.channel_id)),
                          ("first_in_event", (row.event_id,)), ("first_in_campaign", ()),
                          ("first_in_campaign_channel", (row.channel_id,)), ("first_in_campaign_minute", (m,))):
            sums[(name, key)] += getattr(row, name)
    expected = {k: len(v) for k, v in scopes.items() if k[0] != "viewers"}
    assert sums == expected


def test_embedded_counts_are_exact_and_roll_ups_equal_the_raw_beacons(client, embedded, clock, event, second_event,
                                                                       channels):
    # given a load of known size: 3,000 beacons from 700 viewers over two events and five sources,
    # some through the Django view and most through the WSGI entry point
    load = send_load(client_sender(client), clock, [event, second_event], beacons=300, viewers=300, seed=1)
    send_load(wsgi_sender(), clock, [event, second_event], beacons=2700, viewers=700, tally=load)
    # then every beacon is stored, and the roll-ups agree with the raw rows
    assert AudienceBeacon.objects.count() == 3000
    assert_rollups_equal_raw([event, second_event])
    # and the live figures are exact
    figures = live_figures(event_id=event.pk, minutes=60, now=_clock_now(clock))
    assert figures["backend"] == "database"
    assert figures["views"] == load["sent"][("kind", event.pk, "pv")]
    assert figures["plays"] == load["sent"][("kind", event.pk, "play")]
    assert figures["viewers"] == len(load["distinct"][("event", event.pk)])
    assert figures["viewers_error"] == 0
    wechat = next(s for s in figures["sources"] if s["code"] == "wechat")
    assert wechat["views"] == load["sent"][("channel", event.pk, "wechat", "pv")]
    assert wechat["viewers"] == len(load["distinct"][("channel", event.pk, "wechat")])
    unattributed = next(s for s in figures["sources"] if s["channel"] is None)
    assert unattributed["name"] == "Unattributed" or unattributed["name"] == "未归属渠道" or unattributed["name"]
    assert unattributed["views"] == load["sent"][("channel", event.pk, None, "pv")]
    series = {s["minute"]: s for s in figures["series"] if s["views"] or s["plays"]}
    assert sum(s["views"] for s in series.values()) == figures["views"]
    campaign = live_figures(campaign_id=event.campaign_id, minutes=60, now=_clock_now(clock))
    assert campaign["viewers"] == len(load["distinct"]["campaign"]) == 700
    assert campaign["views"] + campaign["plays"] == 3000


def _clock_now(clock):
    import datetime as dt

    return dt.datetime.fromtimestamp(clock.now, tz=dt.UTC)


@pytest.mark.redis
def test_redis_counts_views_exactly_and_viewers_within_the_error(client, with_redis, clock, event, second_event,
                                                                  channels):
    # given 20,000 beacons from 3,000 viewers through the beacon's WSGI entry point
    load = send_load(wsgi_sender(), clock, [event, second_event], beacons=20_000, viewers=3_000)
    # when the live figures are read from Redis
    figures = live_figures(event_id=event.pk, minutes=60, now=_clock_now(clock))
    campaign = live_figures(campaign_id=event.campaign_id, minutes=60, now=_clock_now(clock))
    # then views are exact and distinct viewers within three standard errors
    assert figures["backend"] == "redis"
    assert figures["views"] == load["sent"][("kind", event.pk, "pv")]
    assert figures["plays"] == load["sent"][("kind", event.pk, "play")]
    assert figures["viewers_error"] == HLL_ERROR
    exact = len(load["distinct"][("event", event.pk)])
    assert abs(figures["viewers"] - exact) <= 3 * HLL_ERROR * exact
    assert abs(campaign["viewers"] - 3000) <= 3 * HLL_ERROR * 3000
    assert campaign["views"] + campaign["plays"] == 20_000
    douyin = next(s for s in figures["sources"] if s["code"] == "douyin")
    assert douyin["views"] == load["sent"][("channel", event.pk, "douyin", "pv")]
    assert abs(douyin["viewers"] - len(load["distinct"][("channel", event.pk, "douyin")])) <= 0.03 * 3000
    # and once the worker has moved the stream, the database holds every beacon once, counted exactly
    moved = worker.run(once=True, entries=200)
    assert moved.stored == 20_000
    assert AudienceBeacon.objects.count() == 20_000
    assert redis_client().xlen(with_redis.stream) == 0
    assert AudienceMinute.objects.filter(event=event).aggregate(v=Sum("first_in_event"))["v"] == exact
    assert_rollups_equal_raw([event, second_event])


def test_a_viewer_seen_in_an_earlier_batch_is_not_counted_again(embedded, event, second_event, channels):
    # given a viewer stored in one batch
    t = 1_617_084_000_000
    wechat, douyin = channels["wechat"].pk, channels["douyin"].pk
    actions.store_beacons([Beacon(event.pk, wechat, "pv", viewer_id(1), t)])
    # when the same viewer comes back: same minute and channel, another channel, a later minute, another event
    actions.store_beacons([
        Beacon(event.pk, wechat, "play", viewer_id(1), t + 1000),
        Beacon(event.pk, douyin, "pv", viewer_id(1), t + 2000),
        Beacon(event.pk, wechat, "pv", viewer_id(1), t + 61_000),
        Beacon(second_event.pk, wechat, "pv", viewer_id(1), t + 62_000),
    ])
    # then each scope counts the viewer once
    rows = AudienceMinute.objects.order_by("event_id", "minute", "channel_id")
    summary = [(r.event_id == event.pk, r.channel_id, r.views, r.plays, r.viewers, r.first_in_event,
                r.first_in_channel, r.first_in_minute, r.first_in_campaign) for r in rows]
    assert summary == [
        (True, wechat, 1, 1, 1, 1, 1, 1, 1),
        (True, douyin, 1, 0, 1, 0, 1, 0, 0),
        (True, wechat, 1, 0, 1, 0, 0, 1, 0),
        (False, wechat, 1, 0, 1, 1, 1, 1, 0),
    ]
    assert_rollups_equal_raw([event, second_event])

"""Storing beacons first and counting them after: the fast insert, the roll-up mark, plans that lose a
race, the roller thread and the worker without Redis."""

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from yunzhao.audience import actions, rollup, worker
from yunzhao.audience.models import AudienceBeacon, AudienceMinute, AudienceRejection, AudienceRollup
from yunzhao.audience.records import UNATTRIBUTED, Beacon, minute_of, minute_start
from yunzhao.audience.roller import Roller, file_turn

from .test_counting import assert_rollups_equal_raw, viewer_id

T = 1_617_084_005_000  # 30 March 2021, 14:00:05 Beijing time


def load(events, channels, *, beacons: int, viewers: int, seed: int = 3, start: int = T) -> list[Beacon]:
    """``beacons`` beacons over the events and channels (and none), spread over about five minutes."""
    rng = random.Random(seed)
    codes = [c.pk for c in channels.values()] + [UNATTRIBUTED]
    return [Beacon(rng.choice(events).pk, rng.choice(codes), rng.choice(["pv", "pv", "play"]),
                   viewer_id(rng.randrange(viewers)), start + n * 300_000 // beacons, campaign_id=events[0].campaign_id)
            for n in range(beacons)]


def counted_views(events) -> int:
    sums = AudienceMinute.objects.filter(event__in=events).aggregate(v=Sum("views"), p=Sum("plays"))
    return (sums["v"] or 0) + (sums["p"] or 0)


def test_inserted_beacons_wait_for_the_roll_up_which_counts_them_exactly(embedded, event, second_event, channels):
    # given 1,500 beacons stored the fast way, in batches
    beacons = load([event, second_event], channels, beacons=1500, viewers=400)
    for start in range(0, 1000, 100):
        assert actions.insert_beacons(beacons[start:start + 100]) == 100
    # then they are stored and not counted yet
    assert AudienceBeacon.objects.count() == 1000
    assert counted_views([event, second_event]) == 0
    assert rollup.waiting_since() == beacons[0].at
    # when they are counted in small plans, with more stored in between
    assert actions.roll_up_beacons(limit=70) == 1000
    for start in range(1000, 1500, 100):
        actions.insert_beacons(beacons[start:start + 100])
        assert actions.roll_up_beacons(limit=33) == 100
    # then every beacon is counted once, viewers exactly, and the mark is the last beacon
    assert counted_views([event, second_event]) == 1500
    assert_rollups_equal_raw([event, second_event])
    assert AudienceRollup.objects.get().last_beacon == AudienceBeacon.objects.latest("pk").pk
    assert rollup.waiting_since() is None
    assert actions.roll_up_beacons() == 0


def test_counting_in_one_go_or_in_many_plans_gives_the_same_rows(embedded, event, second_event, channels):
    beacons = load([event, second_event], channels, beacons=800, viewers=150, seed=11)

    def rows():
        found = AudienceMinute.objects.values_list("event_id", "channel_id", "minute", *rollup.COUNT_FIELDS)
        return sorted(found, key=lambda row: (row[0], row[1] or 0, row[2]))

    actions.store_beacons(beacons)
    at_once = rows()
    AudienceMinute.objects.all().delete()
    AudienceBeacon.objects.all().delete()
    for start in range(0, 800, 50):
        actions.insert_beacons(beacons[start:start + 50])
        actions.roll_up_beacons(limit=17)
    assert [row[3:] for row in rows()] == [row[3:] for row in at_once]


def test_a_plan_whose_beacons_were_counted_meanwhile_is_dropped(embedded, event, channels):
    # given a plan made for beacons that another process then counts
    actions.insert_beacons(load([event], channels, beacons=200, viewers=50))
    late = rollup.plan()
    assert late.beacons == 200
    assert actions.roll_up_beacons() == 200
    # when the late plan is applied
    with transaction.atomic():
        applied = rollup.apply(late)
    # then it writes nothing: every beacon is counted once
    assert applied is False
    assert counted_views([event]) == 200
    assert_rollups_equal_raw([event])


def test_the_first_count_makes_the_mark_when_there_is_none(embedded, event, channels):
    AudienceRollup.objects.all().delete()
    assert rollup.mark() == 0
    actions.insert_beacons(load([event], channels, beacons=30, viewers=10))
    assert actions.roll_up_beacons() == 30
    assert AudienceRollup.objects.get(pk=1).last_beacon == AudienceBeacon.objects.latest("pk").pk
    assert_rollups_equal_raw([event])


def test_a_plan_stops_at_the_limit_of_minutes(embedded, event, channels, monkeypatch):
    # given beacons over five minutes and plans of at most two minutes
    monkeypatch.setattr(rollup, "MAX_MINUTES", 2)
    beacons = load([event], channels, beacons=100, viewers=30)
    actions.insert_beacons(beacons)
    first = rollup.plan()
    # then the first plan counts the beacons of the first two minutes only
    assert {m for (_, _, m) in first.deltas} == {beacons[0].minute, beacons[0].minute + 1}
    assert actions.roll_up_beacons() == 100
    assert_rollups_equal_raw([event])


@pytest.mark.django_db(transaction=True)
def test_a_batch_naming_a_deleted_event_or_channel_stores_the_rest(embedded, event, channels):
    # given a batch with a beacon of an event and one of a channel that no longer exist
    wechat = channels["wechat"].pk
    batch = [Beacon(event.pk, wechat, "pv", viewer_id(1), T), Beacon(10**9, wechat, "pv", viewer_id(2), T + 1),
             Beacon(event.pk, 10**9, "play", viewer_id(3), T + 2)]
    # when it is stored the fast way
    assert actions.insert_beacons(batch) == 2
    # then the deleted event's beacon is dropped and the deleted channel's is kept unattributed
    assert sorted(AudienceBeacon.objects.values_list("viewer", "channel_id")) == [
        (viewer_id(1), wechat), (viewer_id(3), None)]
    actions.roll_up_beacons()
    assert_rollups_equal_raw([event])


def test_stored_moments_read_back_exactly_and_fall_in_their_minute(embedded, event):
    # given beacons on a second's boundary, a millisecond either side of a minute and in between
    times = [T, T + 1, 1_617_084_059_999, 1_617_084_060_000, 1_617_084_060_001, T + 123_456]
    actions.insert_beacons([Beacon(event.pk, 0, "pv", viewer_id(n), at) for n, at in enumerate(times)])
    # then the ORM reads each moment back as it was received, and finds it in its minute (three minutes)
    stored = dict(AudienceBeacon.objects.values_list("viewer", "at"))
    assert [stored[viewer_id(n)] for n in range(len(times))] == [Beacon(0, 0, "pv", "", at).at for at in times]
    for at in times:
        minute = at // 60_000
        inside = AudienceBeacon.objects.filter(at__gte=minute_start(minute), at__lt=minute_start(minute + 1))
        assert inside.count() == sum(1 for t in times if t // 60_000 == minute)
    actions.roll_up_beacons()
    assert {minute_of(row.minute): row.views for row in AudienceMinute.objects.all()} == {
        T // 60_000: 3, T // 60_000 + 1: 2, T // 60_000 + 2: 1}


def test_refusals_are_counted_apart_from_the_beacons(embedded, db):
    actions.count_rejections({(T // 60_000, "malformed"): 3})
    actions.count_rejections({(T // 60_000, "malformed"): 2, (T // 60_000, "rate"): 1})
    assert dict(AudienceRejection.objects.values_list("reason", "count")) == {"malformed": 5, "rate": 1}


def test_the_worker_counts_stored_beacons_without_redis(embedded, event, second_event, channels):
    actions.insert_beacons(load([event, second_event], channels, beacons=300, viewers=80))
    total = worker.run(once=True)
    assert total.counted == 300
    assert_rollups_equal_raw([event, second_event])
    out = io.StringIO()
    actions.insert_beacons(load([event], channels, beacons=20, viewers=5, start=T + 600_000))
    call_command("audience_worker", "--once", stdout=out)
    assert out.getvalue().startswith("counted 20 stored beacons")


def test_the_roller_counts_beacons_left_waiting_and_whatever_waits_on_its_last_round(embedded, event):
    now = int(dt.datetime.now(tz=dt.UTC).timestamp() * 1000)
    roller = Roller(patience=5.0, start=False)
    # given beacons that have waited 10 seconds
    actions.insert_beacons([Beacon(event.pk, 0, "pv", viewer_id(n), now - 10_000 + n) for n in range(40)])
    # then a round counts them
    assert roller.round() == 40
    assert counted_views([event]) == 40
    # and leaves fresh ones to the worker while they are fresh
    actions.insert_beacons([Beacon(event.pk, 0, "play", viewer_id(n), now - 1_000 + n) for n in range(5)])
    assert roller.round() == 0
    assert counted_views([event]) == 40
    # and its last round counts what is left
    assert roller.round(last=True) == 5
    assert counted_views([event]) == 45
    assert roller.counted == 45


def test_the_roller_thread_counts_in_the_background_and_stops(monkeypatch):
    # given a roller thread whose rounds are watched (the test's database is not for two threads)
    rounds = []
    monkeypatch.setattr(Roller, "round", lambda self, last=False: rounds.append(last) or 0)
    roller = Roller(interval=0.01)
    _wait_for(lambda: len(rounds) >= 3)
    # when it stops, its last round is the one that counts everything
    roller.stop()
    assert rounds[-1] is True
    assert not roller._thread.is_alive()


def _wait_for(condition, seconds: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within the time")
        time.sleep(0.01)


def test_one_process_counts_at_a_time_and_the_others_skip_their_turn(tmp_path):
    path = str(tmp_path / "db.sqlite3.audience-rollup")
    with file_turn(path) as first, file_turn(path) as second:
        assert (first, second) == (True, False)
    with file_turn(path) as again:
        assert again is True


@pytest.mark.django_db(transaction=True)
def test_writers_racing_a_counter_leave_no_beacon_uncounted_or_counted_twice(settings, event):
    """Beacons must commit in the order of their ids, or a counter could pass a beacon still being written."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables between threads; "
                    "run with DATABASE_URL=postgres://… for the threaded race (the served test races on SQLite)")
    settings.REDIS_URL = ""
    writing = threading.Event()
    failures = []

    def writer(number):
        try:
            for batch in range(15):
                actions.insert_beacons([Beacon(event.pk, 0, "pv", viewer_id(number * 1000 + batch * 20 + n % 7),
                                               T + batch * 1000 + n) for n in range(20)])
        except Exception as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    def counter():
        try:
            while writing.is_set():
                actions.roll_up_beacons(limit=50)
        except Exception as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    writing.set()
    counting = threading.Thread(target=counter)
    counting.start()
    writers = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    counting.join()
    actions.roll_up_beacons()
    assert failures == []
    assert AudienceBeacon.objects.count() == 6 * 15 * 20
    assert counted_views([event]) == 6 * 15 * 20
    assert_rollups_equal_raw([event])

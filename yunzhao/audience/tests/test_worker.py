"""The worker moves beacons from the Redis stream into the database: in batches, once each, whatever
happens between the commit and the acknowledgement."""

import pytest

from yunzhao.audience import recorder, worker
from yunzhao.audience.keys import GROUP, pack
from yunzhao.audience.models import AudienceBeacon, AudienceMinute
from yunzhao.audience.records import Beacon

T = 1_617_084_000_000  # 30 March 2021, 14:00 Beijing time


class Crash(Exception):
    """Stands for the worker being killed."""


def put_batches(client, keys, event, batches: int, size: int) -> int:
    """Write ``batches`` stream entries of ``size`` beacons, as the app servers do; how many beacons."""
    for b in range(batches):
        beacons = [Beacon(event.pk, 0, "pv", f"worker-viewer-{(b * size + i) % 37:06d}", T + b * 1000 + i)
                   for i in range(size)]
        client.xadd(keys.stream, {"b": pack(beacons)})
    return batches * size


def stored_views(event) -> int:
    return sum(AudienceMinute.objects.filter(event=event).values_list("views", flat=True))


@pytest.mark.redis
def test_the_worker_moves_every_beacon_once_and_empties_the_stream(with_redis, event):
    # given
    client = recorder.redis_client()
    sent = put_batches(client, with_redis, event, batches=7, size=30)
    # when it runs until the stream is drained, in batches of three entries, then runs again
    first = worker.run(once=True, entries=3)
    second = worker.run(once=True, entries=3)
    # then
    assert (first.entries, first.beacons, first.stored) == (7, sent, sent)
    assert (second.entries, second.stored) == (0, 0)
    assert AudienceBeacon.objects.count() == sent == stored_views(event)
    assert AudienceMinute.objects.get(event=event).first_in_event == 37
    assert client.xlen(with_redis.stream) == 0
    assert client.xpending(with_redis.stream, GROUP)["pending"] == 0


@pytest.mark.redis
def test_a_worker_killed_after_the_commit_and_before_the_acknowledgement_stores_nothing_twice(
        with_redis, event, monkeypatch):
    # given a worker that dies right after committing a batch, before acknowledging it
    client = recorder.redis_client()
    sent = put_batches(client, with_redis, event, batches=4, size=25)
    mover = worker.StreamMover(client, consumer="w1", entries=2)

    def killed(ids):
        raise Crash

    monkeypatch.setattr(mover, "acknowledge", killed)
    with pytest.raises(Crash):
        mover.step(block=False)
    assert AudienceBeacon.objects.count() == 50
    assert client.xpending(with_redis.stream, GROUP)["pending"] == 2
    # when it starts again under the same name and drains the stream
    total = worker.run(once=True, entries=2, consumer="w1")
    # then the two entries are read again, found stored, and acknowledged; nothing is counted twice
    assert total.beacons == sent
    assert total.stored == sent - 50
    assert AudienceBeacon.objects.count() == sent == stored_views(event)
    assert AudienceMinute.objects.get(event=event).first_in_event == 37
    assert client.xpending(with_redis.stream, GROUP)["pending"] == 0
    assert client.xlen(with_redis.stream) == 0


@pytest.mark.redis
def test_a_worker_killed_before_the_commit_loses_nothing(with_redis, event, monkeypatch):
    # given a worker that dies while storing (the transaction is rolled back)
    client = recorder.redis_client()
    sent = put_batches(client, with_redis, event, batches=3, size=10)
    mover = worker.StreamMover(client, consumer="w1", entries=3)

    def crash(beacons):
        raise Crash

    monkeypatch.setattr(worker, "store_beacons", crash)
    with pytest.raises(Crash):
        mover.step(block=False)
    monkeypatch.undo()
    # when it starts again
    worker.run(once=True, consumer="w1")
    # then
    assert AudienceBeacon.objects.count() == sent


@pytest.mark.redis
def test_entries_of_a_silent_consumer_are_claimed_by_another(with_redis, event, monkeypatch):
    # given consumer w1 read two entries and went silent for good
    client = recorder.redis_client()
    sent = put_batches(client, with_redis, event, batches=2, size=10)
    worker.StreamMover(client, consumer="w1")
    client.xreadgroup(GROUP, "w1", {with_redis.stream: ">"}, count=10)
    monkeypatch.setattr(worker, "CLAIM_IDLE_MS", 0)
    # when another consumer runs
    total = worker.run(once=True, consumer="w2")
    # then it claims and stores them
    assert total.stored == sent
    assert AudienceBeacon.objects.count() == sent
    assert client.xpending(with_redis.stream, GROUP)["pending"] == 0


@pytest.mark.redis
def test_the_worker_command_drains_the_stream(with_redis, event):
    from django.core.management import call_command

    client = recorder.redis_client()
    sent = put_batches(client, with_redis, event, batches=2, size=5)
    call_command("audience_worker", "--once")
    assert AudienceBeacon.objects.count() == sent


def test_beacons_of_a_deleted_event_are_dropped_not_stuck(embedded, event, second_event):
    from yunzhao.audience.actions import store_beacons

    # given a beacon of an event that no longer exists, in a batch with a good one
    stored = store_beacons([Beacon(10**9, 0, "pv", "viewer-of-nothing-00", T),
                            Beacon(event.pk, 0, "pv", "viewer-of-something", T)])
    # then the good one is stored
    assert stored == 1
    assert AudienceBeacon.objects.get().event_id == event.pk


def test_a_stream_batch_stored_twice_is_stored_once(embedded, event):
    from yunzhao.audience.actions import store_beacons
    from yunzhao.audience.keys import unpack

    beacons = unpack("1617084000000-0", pack([Beacon(event.pk, 0, "pv", f"twice-viewer-{i:06d}", T + i)
                                               for i in range(5)]))
    assert store_beacons(beacons) == 5
    assert store_beacons(beacons + beacons) == 0
    assert AudienceBeacon.objects.count() == 5
    assert stored_views(event) == 5

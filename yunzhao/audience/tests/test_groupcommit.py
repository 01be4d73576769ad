"""Group commit: many threads, one writer, one write per batch, and no answer before the write."""

import asyncio
import threading
import time

import pytest

from yunzhao.audience import recorder
from yunzhao.audience.groupcommit import GroupCommitter, LoopCommitter, WriteFailed
from yunzhao.audience.records import Beacon
from yunzhao.testing import aio


def run_threads(count: int, target) -> None:
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_items_of_many_threads_are_written_in_few_batches_and_acknowledged_after_their_write():
    # given a slow store (2 ms a write)
    written: list[int] = []
    batches: list[int] = []

    def write(items):
        time.sleep(0.002)
        batches.append(len(items))
        written.extend(items)

    committer = GroupCommitter(write)
    early = []

    def submit(n):
        committer.submit(n)
        if n not in written:
            early.append(n)

    # when 200 threads each submit one item
    run_threads(200, submit)
    committer.stop()
    # then every item was written once, none was acknowledged before its write, and writes were shared
    assert sorted(written) == list(range(200))
    assert early == []
    assert sum(batches) == 200
    assert len([b for b in batches if b]) < 200


def test_a_failed_write_fails_every_request_of_its_batch_and_no_other():
    # given a store that fails once
    state = {"fail": True}
    written = []

    def write(items):
        if state["fail"] and items:
            state["fail"] = False
            raise OSError("connection reset")
        written.extend(items)

    committer = GroupCommitter(write)
    outcomes = {}

    def submit(n):
        try:
            committer.submit(n)
            outcomes[n] = "ok"
        except WriteFailed:
            outcomes[n] = "failed"

    # when
    run_threads(50, submit)
    committer.stop()
    # then the failed ones were not written and the others were
    failed = {n for n, o in outcomes.items() if o == "failed"}
    assert failed
    assert sorted(written) == sorted(set(range(50)) - failed)


def test_a_write_that_takes_too_long_is_not_acknowledged():
    release = threading.Event()
    committer = GroupCommitter(lambda items: release.wait(2), timeout=0.05)
    with pytest.raises(WriteFailed):
        committer.submit("late")
    release.set()
    committer.stop()


def test_a_full_batch_is_closed_and_the_next_one_opened():
    batches = []
    gate = threading.Event()

    def write(items):
        gate.wait(1)
        batches.append(len(items))

    committer = GroupCommitter(write, max_batch=10)
    threads = [threading.Thread(target=committer.submit, args=(n,)) for n in range(35)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join()
    committer.stop()
    assert sum(batches) == 35
    assert max(batches) <= 10


@pytest.mark.redis
def test_redis_recorder_writes_concurrent_beacons_in_shared_round_trips(with_redis, event, settings):
    # given group commit on, with Redis
    settings.AUDIENCE_GROUP_COMMIT = True
    rec = recorder.get_recorder()
    client = recorder.redis_client()

    def beacon(n):
        rec.record(Beacon(event.pk, 0, "pv", f"thread-viewer-{n:06d}", 1_617_084_000_000 + n,
                          campaign_id=event.campaign_id))

    # when 300 threads record at once
    run_threads(300, beacon)
    # then all were counted, in fewer stream entries than beacons
    entries = client.xlen(with_redis.stream)
    assert int(client.hget(with_redis.event(event.pk), "pv")) == 300
    assert client.pfcount(with_redis.event_viewers(event.pk)) == pytest.approx(300, rel=0.03)
    assert 1 <= entries < 300
    assert rec._committer.items == 300
    recorder.reset()


def test_requests_in_an_event_loop_wait_for_their_batch_and_no_longer_than_the_timeout():
    # given a store that writes at once, then one that hangs
    written = []
    committer = GroupCommitter(lambda items: written.extend(items))

    async def one(n):
        await committer.submit_async(n)
        return n in written

    async def many():
        return await asyncio.gather(*(one(n) for n in range(100)))

    # then every item is written before its request resumes
    assert all(aio.run(many()))
    assert sorted(written) == list(range(100))
    committer.stop()

    release = threading.Event()
    hung = GroupCommitter(lambda items: release.wait(2), timeout=0.05)
    with pytest.raises(WriteFailed):
        aio.run(hung.submit_async("late"))
    release.set()
    hung.stop()


def test_in_an_event_loop_the_loop_writes_shared_batches_and_answers_each_after_its_write():
    # given a loop committer over a store that takes 2 ms a write
    written: list[int] = []
    batches: list[int] = []

    async def write(items):
        await asyncio.sleep(0.002)
        batches.append(len(items))
        written.extend(items)

    committer = LoopCommitter(write)

    async def one(n):
        await committer.submit(n)
        return n in written

    async def many():
        first = await asyncio.gather(*(one(n) for n in range(150)))
        await asyncio.sleep(0)
        second = await asyncio.gather(*(one(n) for n in range(150, 200)))
        return first + second

    # when 200 requests submit, in two waves
    acknowledged_after_write = aio.run(many())
    # then each was answered only once written, every item was written once, in shared batches
    assert all(acknowledged_after_write)
    assert sorted(written) == list(range(200))
    assert 2 <= len(batches) < 200
    assert committer.items == 200


def test_in_an_event_loop_a_failed_or_slow_write_fails_its_batch_only():
    # given a store that fails its first write and hangs on the item "slow"
    state = {"fail": True}
    written = []

    async def write(items):
        if "slow" in items:
            await asyncio.sleep(1)
        if state["fail"]:
            state["fail"] = False
            raise OSError("connection reset")
        written.extend(items)

    committer = LoopCommitter(write, timeout=0.05)

    async def outcome(item):
        try:
            await committer.submit(item)
        except WriteFailed:
            return "failed"
        return "written"

    async def scenario():
        first = await asyncio.gather(outcome("a"), outcome("b"))
        second = await outcome("c")
        third = await outcome("slow")
        fourth = await outcome("d")
        return first, second, third, fourth

    # then the failed batch's requests fail, the next write succeeds, the slow one times out
    assert aio.run(scenario()) == (["failed", "failed"], "written", "failed", "written")
    assert written == ["c", "d"]

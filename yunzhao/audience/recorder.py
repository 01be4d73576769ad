"""Where accepted beacons are written before the request is answered: Redis, or the database.

One recorder per process. With group commit on (the default) a writer thread writes the beacons of
all waiting requests at once: with Redis, the whole batch goes into one stream entry and all counters
are updated, in one MULTI/EXEC round trip; without Redis, the batch and its minute roll-ups are one
database transaction. Refused beacons are counted in memory and written with the next batch (or
within a second when nothing else arrives).
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import threading
import time
from collections import Counter, defaultdict

from django.conf import settings
from django.db import close_old_connections, connection

from .conf import Config, config
from .groupcommit import GroupCommitter, WriteFailed
from .keys import MINUTE_TTL, Keys, pack
from .ratelimit import SlidingWindow
from .records import Beacon

log = logging.getLogger(__name__)

__all__ = ["DatabaseRecorder", "RedisRecorder", "WriteFailed", "get_recorder", "redis_client"]


class Recorder:
    """Records accepted beacons durably and counts refused ones, for one process."""

    def __init__(self, cfg: Config) -> None:
        self.config = cfg
        self.limiter = SlidingWindow(cfg.rate_limit, cfg.rate_window, shared=bool(cfg.redis_url))
        self.salt = hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=32, person=b"yz-audience").digest()
        self._rejected: Counter[tuple[int, str]] = Counter()
        self._rejected_lock = threading.Lock()
        self._committer = (
            GroupCommitter(self._write_batch, name="audience-writer", timeout=cfg.ack_timeout)
            if cfg.group_commit else None
        )

    def record(self, beacon: Beacon) -> None:
        """Write ``beacon`` durably; returns once written, raises ``WriteFailed`` if it was not."""
        if self._committer is not None:
            self._committer.submit(beacon)
            return
        try:
            self._write_batch([beacon])
        except Exception as error:
            raise WriteFailed(str(error)) from error

    async def record_async(self, beacon: Beacon) -> None:
        """``record`` for an event loop (group commit only: the write happens in the writer thread)."""
        if self._committer is None:
            raise RuntimeError("recording from an event loop needs AUDIENCE_GROUP_COMMIT")
        await self._committer.submit_async(beacon)

    def reject(self, reason: str) -> None:
        """Count one refused beacon (written with the next batch)."""
        with self._rejected_lock:
            self._rejected[(int(time.time() // 60), reason)] += 1
        if self._committer is None:
            self._write_batch([])

    def stop(self) -> None:
        """Write what is pending and stop the writer thread."""
        if self._committer is not None:
            self._committer.stop()

    def _take_rejected(self) -> Counter[tuple[int, str]]:
        with self._rejected_lock:
            taken, self._rejected = self._rejected, Counter()
        return taken

    def _give_back_rejected(self, counts: Counter[tuple[int, str]]) -> None:
        with self._rejected_lock:
            self._rejected.update(counts)

    def _write_batch(self, beacons: list[Beacon]) -> None:
        rejected = self._take_rejected()
        if not beacons and not rejected:
            return
        try:
            self.write(beacons, rejected)
        except BaseException:
            self._give_back_rejected(rejected)
            raise

    def write(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> None:
        raise NotImplementedError


class DatabaseRecorder(Recorder):
    """Writes each batch and its minute roll-ups in one database transaction (the embedded default)."""

    # The writer thread keeps its connection; it is checked (and renewed when old) this often.
    RECYCLE = 30.0

    def __init__(self, cfg: Config) -> None:
        self._checked_at = 0.0
        self._lock_file = None
        super().__init__(cfg)

    def write(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> None:
        from .actions import store_beacons

        if self._committer is not None and time.monotonic() - self._checked_at > self.RECYCLE:
            close_old_connections()
            self._checked_at = time.monotonic()
        try:
            with self._one_process_at_a_time():
                store_beacons(beacons, rejections=rejected)
        except Exception:
            if self._committer is not None:
                connection.close()  # the next batch starts on a fresh connection
            raise

    @contextlib.contextmanager
    def _one_process_at_a_time(self):
        """On a SQLite file, the writers of the app processes take turns through a file lock.

        SQLite makes a writer that finds the database locked sleep and retry, for up to 100 ms at a
        time; a lock held in the kernel wakes the next writer as soon as the previous one commits.
        """
        if self._committer is None or connection.vendor != "sqlite":
            yield
            return
        if self._lock_file is None:
            name = str(connection.settings_dict["NAME"])
            if name.startswith("file:") or name == ":memory:":
                yield
                return
            self._lock_file = open(f"{name}.audience-lock", "a")  # noqa: SIM115 - kept open for the process
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)


class RedisRecorder(Recorder):
    """Writes each batch to Redis in one MULTI/EXEC: a stream entry for the worker, and the live counters."""

    # Adds each client's count to the window's hash, in one command; returns the totals.
    ADD_TO_WINDOW = """
    local totals = {}
    for i = 2, #ARGV, 2 do
      totals[#totals + 1] = redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
    end
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    return totals
    """

    def __init__(self, cfg: Config) -> None:
        self.keys = Keys(cfg.redis_prefix)
        self.client = redis_client()
        self._add_to_window = self.client.register_script(self.ADD_TO_WINDOW)
        super().__init__(cfg)

    def write(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> None:
        keys = self.keys
        pipe = self.client.pipeline(transaction=True)
        if beacons:
            pipe.xadd(keys.stream, {"b": pack(beacons)})
            # Group the batch by (event, campaign, channel, minute) first: the keys are per group.
            groups: dict[tuple[int, int, int, int], list] = {}
            for b in beacons:
                group = groups.get(key := (b.event_id, b.campaign_id, b.channel_id, b.minute))
                if group is None:
                    group = groups[key] = [0, 0, set()]
                group[0 if b.is_view else 1] += 1
                group[2].add(b.viewer)
            counters: dict[str, Counter[str]] = defaultdict(Counter)
            distinct: dict[str, set[str]] = defaultdict(set)
            expiring: set[str] = set()
            for (e, c, ch, m), (views, plays, viewers) in groups.items():
                totals, minutes = [keys.event(e)], [keys.event_minute(e, m)]
                hlls = [keys.event_viewers(e), keys.event_source_viewers(e, ch), keys.event_minute_viewers(e, m)]
                if c:
                    totals.append(keys.campaign(c))
                    minutes.append(keys.campaign_minute(c, m))
                    hlls += [keys.campaign_viewers(c), keys.campaign_source_viewers(c, ch),
                             keys.campaign_minute_viewers(c, m)]
                    expiring.add(keys.campaign_minute_viewers(c, m))
                expiring.add(keys.event_minute_viewers(e, m))
                expiring.update(minutes)
                for kind, n in (("pv", views), ("play", plays)):
                    if n:
                        for key in totals:
                            counters[key][kind] += n
                            counters[key][f"{kind}:{ch}"] += n
                        for key in minutes:
                            counters[key][kind] += n
                for key in hlls:
                    distinct[key].update(viewers)
            for key, fields in counters.items():
                for name, n in fields.items():
                    pipe.hincrby(key, name, n)
            for key, viewers in distinct.items():
                pipe.pfadd(key, *viewers)
            for key in expiring:
                pipe.expire(key, MINUTE_TTL)
        bucket, shares = self.limiter.take_shared()
        if shares:
            self._add_to_window(keys=[keys.rate(bucket)], args=[2 * self.limiter.window, *[
                x for item in shares.items() for x in item]], client=pipe)
        for (_, reason), n in rejected.items():
            pipe.hincrby(keys.rejected, reason, n)
        results = pipe.execute()
        if shares:
            self.limiter.observe(bucket, dict(zip(shares, results[-1 - len(rejected)], strict=True)))


_lock = threading.RLock()
_recorder: tuple[int, Recorder] | None = None
_client: tuple[int, object] | None = None


def get_recorder() -> Recorder:
    """This process's recorder (made on first use, and again in a forked child)."""
    global _recorder
    current = _recorder
    if current is not None and current[0] == os.getpid():
        return current[1]
    with _lock:
        if _recorder is None or _recorder[0] != os.getpid():
            cfg = config()
            recorder = RedisRecorder(cfg) if cfg.redis_url else DatabaseRecorder(cfg)
            _recorder = (os.getpid(), recorder)
        return _recorder[1]


def redis_client():
    """This process's Redis client for the audience (its own connection pool)."""
    global _client
    current = _client
    if current is not None and current[0] == os.getpid():
        return current[1]
    import redis

    with _lock:
        if _client is None or _client[0] != os.getpid():
            _client = (os.getpid(), redis.Redis.from_url(config().redis_url, socket_timeout=5,
                                                         socket_connect_timeout=2, health_check_interval=30))
        return _client[1]


def reset() -> None:
    """Stop this process's recorder and forget it and the Redis client (tests change settings)."""
    global _recorder, _client
    with _lock:
        if _recorder is not None and _recorder[0] == os.getpid():
            _recorder[1].stop()
        _recorder = None
        _client = None

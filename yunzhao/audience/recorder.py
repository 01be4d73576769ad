"""Where accepted beacons are written before the request is answered: Redis, or the database.

One recorder per process. With group commit on (the default) a writer thread writes the beacons of
all waiting requests at once: with Redis, the whole batch goes into one stream entry and all counters
are updated by one script call (``RECORD_BATCH``: one round trip, atomic like MULTI/EXEC); without
Redis, the batch is stored as raw rows in one statement, and counted into the minute roll-ups within
the second by ``yunzhao audience_worker`` (see ``roller``). Under ASGI with Redis each
event loop writes its own batches instead, over an async connection (``LoopCommitter``). Refused
beacons are counted in memory and written with the next batch (or within a second when nothing else
arrives).
"""

import asyncio
import hashlib
import logging
import os
import threading
import time
import weakref
from collections import Counter

from django.conf import settings
from django.db import close_old_connections, connection

from .conf import Config, config
from .groupcommit import GroupCommitter, LoopCommitter, WriteFailed
from .keys import MINUTE_TTL, Keys, pack
from .ratelimit import SlidingWindow
from .records import Beacon
from .roller import Roller

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
    """Writes beacons to the database (the embedded default).

    With group commit, each batch is stored as raw rows in one statement (``actions.insert_beacons``)
    and answered; ``yunzhao audience_worker`` counts them into the minute roll-ups, and the process's
    ``Roller`` thread does when the worker leaves them waiting (see ``roller``). Without group commit
    (tests), each beacon is stored and counted at once (``actions.store_beacons``).
    """

    # The writer thread keeps its connection; it is checked (and renewed when old) this often.
    RECYCLE = 30.0

    def __init__(self, cfg: Config) -> None:
        self._checked_at = 0.0
        super().__init__(cfg)
        self.roller = Roller() if self._committer is not None else None

    def write(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> None:
        from .actions import count_rejections, insert_beacons, store_beacons

        if self._committer is None:
            store_beacons(beacons, rejections=rejected)
            return
        if time.monotonic() - self._checked_at > self.RECYCLE:
            close_old_connections()
            self._checked_at = time.monotonic()
        try:
            insert_beacons(beacons)
        except Exception:
            connection.close()  # the next batch starts on a fresh connection
            raise
        if rejected:
            try:
                count_rejections(rejected)
            except Exception:  # the beacons are stored and must be answered: the counts wait for the next batch
                log.exception("audience: refused counts not written")
                self._give_back_rejected(rejected)

    def stop(self) -> None:
        super().stop()
        if self.roller is not None:
            self.roller.stop()


class RedisRecorder(Recorder):
    """Writes each batch to Redis in one script call: a stream entry for the worker, and the live counters."""

    def __init__(self, cfg: Config) -> None:
        self.keys = Keys(cfg.redis_prefix)
        self.client = redis_client()
        self._record = self.client.register_script(RECORD_BATCH)
        # Under ASGI each event loop writes its own batches with its own async client (no thread).
        self._in_loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopCommitter[Beacon]] = (
            weakref.WeakKeyDictionary())
        super().__init__(cfg)

    async def record_async(self, beacon: Beacon) -> None:
        """``record`` for an event loop: the loop itself writes the batch, over an async connection."""
        if self._committer is None:
            raise RuntimeError("recording from an event loop needs AUDIENCE_GROUP_COMMIT")
        loop = asyncio.get_running_loop()
        committer = self._in_loops.get(loop)
        if committer is None:
            committer = self._in_loops[loop] = self._loop_committer()
        await committer.submit(beacon)

    def _loop_committer(self) -> LoopCommitter[Beacon]:
        """A committer for the running loop, with its own async Redis client."""
        import redis.asyncio

        client = redis.asyncio.Redis.from_url(self.config.redis_url, socket_timeout=5, socket_connect_timeout=2,
                                              health_check_interval=30)
        script = client.register_script(RECORD_BATCH)

        async def write(beacons: list[Beacon]) -> None:
            rejected = self._take_rejected()
            try:
                keys, args, shared = self.arguments(beacons, rejected)
                self.took(await script(keys=keys, args=args), shared)
            except BaseException:
                self._give_back_rejected(rejected)
                raise

        return LoopCommitter(write, timeout=self.config.ack_timeout)

    def arguments(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> tuple[list, list, tuple]:
        """The script's keys and arguments for one batch, and what to hand to ``took`` after the call."""
        keys = self.keys
        bucket, shares = self.limiter.take_shared()
        campaigns = {b.event_id: b.campaign_id for b in beacons}
        reasons: Counter[str] = Counter()
        for (_, reason), n in rejected.items():
            reasons[reason] += n
        args = [keys.prefix, pack(beacons) if beacons else "", MINUTE_TTL, 2 * self.limiter.window,
                len(campaigns), *[x for item in campaigns.items() for x in item],
                len(shares), *[x for item in shares.items() for x in item],
                len(reasons), *[x for item in reasons.items() for x in item]]
        return [keys.stream, keys.rate(bucket), keys.rejected], args, (bucket, list(shares))

    def took(self, reply: list, shared: tuple[int, list[str]]) -> None:
        """Take in the rate-limit totals the script answered."""
        bucket, clients = shared
        if clients:
            self.limiter.observe(bucket, dict(zip(clients, reply[1:], strict=True)))

    def write(self, beacons: list[Beacon], rejected: Counter[tuple[int, str]]) -> None:
        keys, args, shared = self.arguments(beacons, rejected)
        self.took(self._record(keys=keys, args=args), shared)


# One batch in one call (atomic, like MULTI/EXEC): the stream entry, then the counters, grouped by
# (event, channel, minute) before any key is made; the shared rate-limit counts; the refusals.
# KEYS: the stream, the rate-limit window's hash, the refusals' hash. ARGV: the key prefix, the packed
# batch ("" for none), the minute keys' TTL, the rate window's TTL, then three counted lists: event and
# campaign (0: none), client and its new admissions, refusal reason and its count.
# Answers the stream entry's id (nil without beacons) and each client's total in the window.
RECORD_BATCH = r"""
local p, packed, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local i = 5
local campaign = {}
for _ = 1, tonumber(ARGV[i]) do campaign[ARGV[i + 1]] = ARGV[i + 2]; i = i + 2 end
i = i + 1
local reply = {false}
if packed ~= '' then
  reply[1] = redis.call('XADD', KEYS[1], '*', 'b', packed)
  local groups, order = {}, {}
  for e, ch, kind, v, at in string.gmatch(packed, '(%d+)\t(%d+)\t(%a+)\t([^\t\n]+)\t(%d+)') do
    local m = math.floor(tonumber(at) / 60000)
    local name = e .. ':' .. ch .. ':' .. m
    local g = groups[name]
    if not g then
      g = {e = e, ch = ch, m = m, pv = 0, play = 0, seen = {}, viewers = {}}
      groups[name] = g
      order[#order + 1] = g
    end
    g[kind] = g[kind] + 1
    if not g.seen[v] then g.seen[v] = true; g.viewers[#g.viewers + 1] = v end
  end
  local counters, korder, hlls, expiring = {}, {}, {}, {}
  local function add(key, field, n)
    local c = counters[key]
    if not c then c = {}; counters[key] = c; korder[#korder + 1] = key end
    c[field] = (c[field] or 0) + n
  end
  local function pfadd(key, viewers)
    for j = 1, #viewers, 1000 do
      redis.call('PFADD', key, unpack(viewers, j, math.min(j + 999, #viewers)))
    end
  end
  for _, g in ipairs(order) do
    local c = campaign[g.e] or '0'
    local totals = {p .. 'e:' .. g.e}
    local minutes = {p .. 'em:' .. g.e .. ':' .. g.m}
    local viewers = {p .. 'h:e:' .. g.e, p .. 'h:es:' .. g.e .. ':' .. g.ch, p .. 'h:em:' .. g.e .. ':' .. g.m}
    expiring[p .. 'h:em:' .. g.e .. ':' .. g.m] = true
    if c ~= '0' then
      totals[2] = p .. 'c:' .. c
      minutes[2] = p .. 'cm:' .. c .. ':' .. g.m
      viewers[4] = p .. 'h:c:' .. c
      viewers[5] = p .. 'h:cs:' .. c .. ':' .. g.ch
      viewers[6] = p .. 'h:cm:' .. c .. ':' .. g.m
      expiring[p .. 'h:cm:' .. c .. ':' .. g.m] = true
    end
    for _, key in ipairs(minutes) do expiring[key] = true end
    for _, kind in ipairs({'pv', 'play'}) do
      local n = g[kind]
      if n > 0 then
        for _, key in ipairs(totals) do add(key, kind, n); add(key, kind .. ':' .. g.ch, n) end
        for _, key in ipairs(minutes) do add(key, kind, n) end
      end
    end
    for _, key in ipairs(viewers) do pfadd(key, g.viewers) end
  end
  for _, key in ipairs(korder) do
    for field, n in pairs(counters[key]) do redis.call('HINCRBY', key, field, n) end
  end
  for key in pairs(expiring) do redis.call('EXPIRE', key, ttl) end
end
local shares = tonumber(ARGV[i])
for _ = 1, shares do
  reply[#reply + 1] = redis.call('HINCRBY', KEYS[2], ARGV[i + 1], ARGV[i + 2])
  i = i + 2
end
if shares > 0 then redis.call('EXPIRE', KEYS[2], ARGV[4]) end
i = i + 1
for _ = 1, tonumber(ARGV[i]) do
  redis.call('HINCRBY', KEYS[3], ARGV[i + 1], ARGV[i + 2])
  i = i + 2
end
return reply
"""


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

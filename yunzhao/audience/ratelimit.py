"""A sliding-window limit on beacons per client address.

The window is estimated from two fixed buckets (the usual "sliding window counter"): the count of the
current bucket plus the previous bucket's count weighted by how much of it still lies inside the
window. Counts are kept in memory. With Redis, an address that reaches a sixteenth of the limit in a
process is shared: each batch adds that process's new counts of such addresses to Redis and takes
back the total from all app processes, so the limit holds across processes give or take one batch
(and a sixteenth of the limit per process). Ordinary viewers, with a few beacons each, never cost a
Redis command.

Addresses are never kept: the key is a keyed hash of the address (IPv6 addresses by their /64, the
block one subscriber gets), and Redis keys expire after two windows.
"""

import contextlib
import hashlib
import ipaddress
import threading
import time

# Past this many addresses in one bucket the counts are dropped (a flood from spoofed addresses must
# not exhaust memory); the limit is then lenient for the rest of the bucket.
MAX_KEYS = 200_000


def address_key(remote_addr: str, forwarded_for: str, proxy_count: int, salt: bytes) -> str:
    """A short keyed hash of the client address, taken behind ``proxy_count`` trusted proxies."""
    addr = remote_addr or ""
    if proxy_count and forwarded_for:
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        if len(hops) >= proxy_count:
            addr = hops[-proxy_count]
    if ":" in addr:
        with contextlib.suppress(ValueError):
            addr = str(ipaddress.IPv6Network(f"{addr}/64", strict=False).network_address)
    return hashlib.blake2b(addr.encode("utf-8", "replace"), digest_size=8, key=salt).hexdigest()


class SlidingWindow:
    """At most ``limit`` admissions per key within any ``window`` seconds (estimated)."""

    def __init__(self, limit: int, window: int, *, shared: bool = False) -> None:
        self.limit = limit
        self.window = window
        self.shared = shared
        self.share_from = max(1, limit // 16)
        self._bucket = -1
        self._current: dict[str, int] = {}
        self._previous: dict[str, int] = {}
        # With sharing: admissions not yet added to Redis, and the keys to add at the next batch.
        self._unshared: dict[str, int] = {}
        self._sharing: set[str] = set()
        self._lock = threading.Lock()

    def bucket(self, now: float) -> int:
        """The fixed bucket ``now`` falls in."""
        return int(now // self.window)

    def admit(self, key: str, now: float | None = None) -> bool:
        """Count one more for ``key`` if it is under the limit; whether it was."""
        now = time.time() if now is None else now
        bucket = int(now // self.window)
        with self._lock:
            if bucket != self._bucket:
                self._roll(bucket)
            weight = 1.0 - (now - bucket * self.window) / self.window
            current = self._current.get(key, 0)
            if self._previous.get(key, 0) * weight + current >= self.limit:
                return False
            if current == 0 and len(self._current) >= MAX_KEYS:
                self._current.clear()
                self._unshared.clear()
            self._current[key] = current + 1
            if self.shared:
                self._unshared[key] = self._unshared.get(key, 0) + 1
                if current + 1 >= self.share_from:
                    self._sharing.add(key)
            return True

    def take_shared(self) -> tuple[int, dict[str, int]]:
        """The current bucket, and the new counts of the keys to share (handed over once)."""
        with self._lock:
            counts = {key: self._unshared.pop(key) for key in self._sharing if key in self._unshared}
            self._sharing.clear()
            return self._bucket, counts

    def observe(self, bucket: int, totals: dict[str, int]) -> None:
        """Take in the counts all processes reached for ``bucket`` (from Redis)."""
        with self._lock:
            if bucket == self._bucket:
                for key, total in totals.items():
                    if total > self._current.get(key, 0):
                        self._current[key] = total
            elif bucket == self._bucket - 1:
                for key, total in totals.items():
                    if total > self._previous.get(key, 0):
                        self._previous[key] = total

    def _roll(self, bucket: int) -> None:
        self._previous = self._current if bucket == self._bucket + 1 else {}
        self._current = {}
        self._unshared = {}
        self._sharing = set()
        self._bucket = bucket

"""Counting stored beacons into the roll-ups in the background, one process at a time.

Without Redis, the app processes store each batch of beacons as raw rows and answer (the fast way in,
``actions.insert_beacons``), and ``yunzhao audience_worker`` counts what was stored into the minute
roll-ups every ``worker.COUNT_EVERY`` seconds (``actions.roll_up_beacons``): the live figures, read
from the roll-ups, are about a second behind. Counting in a process of its own keeps it off the app
processes' GIL, where it competed with hundreds of request threads and fell behind under load.

So that the figures never stop when no worker runs, each app process keeps a ``Roller`` thread that
counts when the oldest beacon waiting has waited longer than ``PATIENCE`` seconds, and once more
when its recorder is stopped.

A lock that is never waited for lets one process count at a time (a file lock beside the SQLite
file, a session lock on PostgreSQL); the others skip their turn. Without it every process would
plan the same beacons and all but one would drop their plan: correct, but work thrown away.
"""

import contextlib
import fcntl
import logging
import threading
import time
from collections.abc import Iterator

from django.db import close_old_connections, connection

log = logging.getLogger(__name__)

INTERVAL = 0.5
# Seconds the oldest beacon waiting may wait before the app processes count it themselves.
PATIENCE = 2.0
# Any fixed number, other than the beacon writers' lock: the session lock of the process counting.
PG_COUNTING = 0x59_5A_52_55  # "YZRU"
# The thread's connection is checked (and renewed when old or broken) this often.
RECYCLE = 30.0


@contextlib.contextmanager
def counting_turn() -> Iterator[bool]:
    """Whether this process may count now (``True`` while it holds the turn); never waits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [PG_COUNTING])
            mine = cursor.fetchone()[0]
        try:
            yield mine
        finally:
            if mine:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [PG_COUNTING])
        return
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name.startswith("file:") or name == ":memory:":
        yield True  # an in-memory database has one process
        return
    with file_turn(f"{name}.audience-rollup") as mine:
        yield mine


@contextlib.contextmanager
def file_turn(path: str) -> Iterator[bool]:
    """Whether the file lock on ``path`` was free (it is held while ``True``); never waits."""
    with open(path, "a") as turn:
        try:
            fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(turn, fcntl.LOCK_UN)


def roll_up_in_turn() -> int:
    """Count the stored beacons not counted yet, unless another process is counting; how many were."""
    from .actions import roll_up_beacons

    with counting_turn() as mine:
        return roll_up_beacons() if mine else 0


class Roller:
    """A thread of an app process that counts stored beacons the worker has left waiting.

    Every ``interval`` seconds it looks at the oldest beacon waiting (two small queries) and counts
    when it has waited more than ``patience`` seconds; and once more when stopped.
    """

    def __init__(self, *, interval: float = INTERVAL, patience: float = PATIENCE, start: bool = True,
                 name: str = "audience-roller") -> None:
        self.interval = interval
        self.patience = patience
        self.counted = 0
        self._stop = threading.Event()
        self._checked_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        if start:
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Count once more and stop."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def round(self, *, last: bool = False) -> int:
        """One turn: count if beacons have waited too long (or whatever waits, if ``last``); how many were."""
        if last or self._left_waiting():
            counted = roll_up_in_turn()
            self.counted += counted
            return counted
        return 0

    def _run(self) -> None:
        while True:
            stopping = self._stop.wait(self.interval)
            if time.monotonic() - self._checked_at > RECYCLE:
                close_old_connections()
                self._checked_at = time.monotonic()
            try:
                self.round(last=stopping)
            except Exception:  # a failed round is tried again; the beacons stay stored
                log.exception("audience: counting stored beacons failed")
                connection.close()
            if stopping:
                connection.close()
                return

    def _left_waiting(self) -> bool:
        from .rollup import waiting_since

        oldest = waiting_since()
        return oldest is not None and time.time() - oldest.timestamp() > self.patience

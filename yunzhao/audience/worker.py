"""Moving beacons from the Redis stream into the database, counting stored beacons, and the platform's reach.

The worker reads the stream as a member of the consumer group ``db``: each read delivers entries to
it and leaves them pending until acknowledged. A batch of entries is stored in one transaction and
acknowledged (and deleted from the stream) only after the commit. If the worker is killed anywhere in
between, the entries stay pending: on start it reads its own pending entries again (and claims those
of a consumer that has been silent for ``CLAIM_IDLE``), and storing skips beacons already stored
(unique stream entry id), so nothing is lost and nothing is counted twice.

Without Redis the app processes store beacons as raw rows, and the worker counts them into the
minute roll-ups every ``COUNT_EVERY`` seconds (see ``roller``).
"""

import datetime as dt
import logging
import socket
import time
from dataclasses import dataclass, field

from django.db import close_old_connections, connection
from django.utils import timezone

from yunzhao.campaigns.models import Event
from yunzhao.reach.actions import SnapshotsRejected

from .actions import store_beacons, sync_platform_reach
from .conf import config
from .keys import BATCH_FIELD, GROUP, Keys, unpack
from .models import AudienceMinute
from .records import Beacon
from .roller import roll_up_in_turn

log = logging.getLogger(__name__)

CLAIM_IDLE_MS = 60_000
COUNT_EVERY = 0.5


@dataclass
class Progress:
    """What one pass moved."""

    entries: int = 0
    beacons: int = 0
    stored: int = 0
    counted: int = 0  # stored beacons counted into the roll-ups (without Redis)
    events: set[int] = field(default_factory=set)


class StreamMover:
    """Moves batches of stream entries into the database, acknowledging them after the commit."""

    def __init__(self, client, *, consumer: str | None = None, entries: int = 50, block_ms: int = 1000) -> None:
        self.client = client
        self.keys = Keys(config().redis_prefix)
        self.consumer = consumer or socket.gethostname()
        self.entries = entries
        self.block_ms = block_ms
        self._own_pending_done = False
        self._claim_cursor = "0-0"
        self.ensure_group()

    def ensure_group(self) -> None:
        """Create the consumer group (from the start of the stream) unless it exists."""
        import redis

        try:
            self.client.xgroup_create(self.keys.stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def step(self, block: bool = True) -> Progress:
        """Move one batch: pending entries first (ours, then a silent consumer's), then new ones."""
        entries = self._read_pending()
        if not entries:
            entries = self._claim_idle()
        if not entries:
            found = self.client.xreadgroup(GROUP, self.consumer, {self.keys.stream: ">"}, count=self.entries,
                                           block=self.block_ms if block else None)
            entries = found[0][1] if found else []
        return self.move(entries)

    def move(self, entries: list) -> Progress:
        """Store the beacons of ``entries`` in one transaction, then acknowledge and delete the entries."""
        progress = Progress(entries=len(entries))
        if not entries:
            return progress
        beacons: list[Beacon] = []
        ids = []
        for entry_id, fields in entries:
            entry_id = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
            ids.append(entry_id)
            packed = (fields or {}).get(BATCH_FIELD.encode()) or (fields or {}).get(BATCH_FIELD)
            if packed:
                beacons.extend(unpack(entry_id, packed.decode() if isinstance(packed, bytes) else packed))
        progress.beacons = len(beacons)
        progress.stored = store_beacons(beacons)
        progress.events = {b.event_id for b in beacons}
        self.acknowledge(ids)
        return progress

    def acknowledge(self, ids: list[str]) -> None:
        """Acknowledge and delete entries whose beacons are committed."""
        pipe = self.client.pipeline(transaction=True)
        pipe.xack(self.keys.stream, GROUP, *ids)
        pipe.xdel(self.keys.stream, *ids)
        pipe.execute()

    def _read_pending(self) -> list:
        """Our own entries delivered before but never acknowledged (we were killed mid-batch)."""
        if self._own_pending_done:
            return []
        found = self.client.xreadgroup(GROUP, self.consumer, {self.keys.stream: "0"}, count=self.entries)
        entries = found[0][1] if found else []
        if not entries:
            self._own_pending_done = True
        return entries

    def _claim_idle(self) -> list:
        """Entries another consumer was given and has not acknowledged for ``CLAIM_IDLE_MS``."""
        result = self.client.xautoclaim(self.keys.stream, GROUP, self.consumer, CLAIM_IDLE_MS,
                                        start_id=self._claim_cursor, count=self.entries)
        cursor, claimed = result[0], result[1]
        self._claim_cursor = cursor.decode() if isinstance(cursor, bytes) else cursor
        return claimed

    def backlog(self) -> int:
        """Entries in the stream not yet moved (pending or new)."""
        return self.client.xlen(self.keys.stream)


def sync_reach(event_ids: set[int], as_of: dt.datetime | None = None) -> int:
    """Record the platform's reach of these events; how many snapshots were written."""
    written = 0
    for event in Event.objects.filter(pk__in=event_ids):
        try:
            if sync_platform_reach(event, as_of):
                written += 1
        except SnapshotsRejected as error:
            log.warning("audience: reach of event %s not recorded: %s", event.pk, error.faults)
    return written


def events_counted_since(since: dt.datetime) -> set[int]:
    """Events with beacons in the roll-ups since ``since``."""
    return set(AudienceMinute.objects.filter(minute__gte=since).values_list("event_id", flat=True).distinct())


def run(*, once: bool = False, entries: int = 50, reach_every: float = 60.0, consumer: str | None = None,
        out=None) -> Progress:
    """The worker loop: move beacons (with Redis) or count stored ones (without), and keep the platform's
    reach; ``once`` stops when there is nothing left to move or count."""
    total = Progress()
    mover = None
    if config().redis_url:
        from .recorder import redis_client

        mover = StreamMover(redis_client(), consumer=consumer, entries=entries)
    last_reach = time.monotonic()
    since = timezone.now() - dt.timedelta(hours=1)
    touched: set[int] = set()
    while True:
        if mover is not None:
            progress = mover.step(block=not once)
            drained = not progress.entries
        else:
            progress = Progress(counted=roll_up_in_turn())
            drained = not progress.counted
        total.entries += progress.entries
        total.beacons += progress.beacons
        total.stored += progress.stored
        total.counted += progress.counted
        touched |= progress.events
        if out is not None and progress.entries:
            out(f"moved {progress.entries} entries, {progress.stored}/{progress.beacons} beacons stored")
        if out is not None and progress.counted:
            out(f"counted {progress.counted} stored beacons")
        if (once and drained) or time.monotonic() - last_reach >= reach_every:
            started = timezone.now()
            touched |= events_counted_since(since)
            sync_reach(touched)
            touched, since, last_reach = set(), started - dt.timedelta(minutes=5), time.monotonic()
            if not connection.in_atomic_block:
                close_old_connections()  # as a request would: renew a connection that is old or broken
        if once and drained:
            return total
        if mover is None and drained:
            time.sleep(min(reach_every, COUNT_EVERY))

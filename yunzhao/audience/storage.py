"""The statements that write the audience tables: a batch of raw beacons in one statement, and upserts.

A batch of beacons is written with **one statement**: on SQLite ``INSERT … SELECT`` over the batch
given as one JSON array, on PostgreSQL ``INSERT … SELECT`` over arrays (``unnest``).

On SQLite this matters more than the rows themselves. Outside a transaction the statement is a
transaction of its own, begun and committed inside one call of the database library: the database's
write lock is held only while that call runs, and the calling thread does not hold the GIL meanwhile.
Written as several statements in a transaction, the write lock stayed held each time the writer thread
waited to get the GIL back between two statements, behind the hundreds of request threads of its
process: a batch of 60 beacons then held the lock 7-9 ms, and the app processes' writers spent half
their time waiting for each other.

On PostgreSQL the batch is written under the beacon writers' transaction lock
(``one_writer_at_a_time``), so that beacons commit in the order of their ids.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from .models import AudienceBeacon
from .records import UNATTRIBUTED, Beacon

# Any fixed number: PostgreSQL writers of beacons take this transaction lock, one after the other.
PG_WRITERS = 0x59_5A_41_55  # "YZAU"
COLUMNS = ("event_id", "channel_id", "kind", "viewer", "at", "stream_id")


def one_writer_at_a_time() -> None:
    """Make the writers of beacons take turns (call inside a transaction).

    Beacons must commit in the order of their ids, for the roll-ups count them by id (see
    ``AudienceRollup``). SQLite runs one write transaction at a time already; on PostgreSQL the
    writers take a transaction lock of their own.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_WRITERS])


def insert_beacons(beacons: Sequence[Beacon], *, gone_channels: Iterable[int] = ()) -> None:
    """Insert the raw rows of ``beacons`` with one statement; channels in ``gone_channels`` are left empty.

    Raises ``IntegrityError`` when a beacon names an event or channel that no longer exists (then
    nothing is written).
    """
    if not beacons:
        return
    gone = frozenset(gone_channels)
    if connection.vendor == "sqlite":
        _insert_sqlite(beacons, gone)
    else:
        with transaction.atomic():
            one_writer_at_a_time()
            _insert_arrays(beacons, gone)


def _insert_sqlite(beacons: Sequence[Beacon], gone: frozenset[int]) -> None:
    moments = SqliteMoments()
    rows = [(b.event_id, _channel(b, gone), b.kind, b.viewer, moments.text(b.at_ms), b.stream_id) for b in beacons]
    quote = connection.ops.quote_name
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(COLUMNS)))
    sql = (f"INSERT INTO {quote(AudienceBeacon._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)}) "  # noqa: S608
           f"SELECT {picks} FROM json_each(%s) ORDER BY key")
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, separators=(",", ":"))])


def _insert_arrays(beacons: Sequence[Beacon], gone: frozenset[int]) -> None:
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(AudienceBeacon._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)}) "  # noqa: S608
           "SELECT e, c, k, v, a, s FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], "
           "%s::timestamptz[], %s::text[]) WITH ORDINALITY AS batch(e, c, k, v, a, s, n) ORDER BY n")
    columns = (
        [b.event_id for b in beacons],
        [_channel(b, gone) for b in beacons],
        [b.kind for b in beacons],
        [b.viewer for b in beacons],
        [b.at for b in beacons],
        [b.stream_id for b in beacons],
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(columns))


def _channel(beacon: Beacon, gone: frozenset[int]) -> int | None:
    """The channel column of a beacon: empty when unattributed or its channel is gone."""
    return None if beacon.channel_id == UNATTRIBUTED or beacon.channel_id in gone else beacon.channel_id


class SqliteMoments:
    """Moments in milliseconds as SQLite holds a ``DateTimeField``: the text Django writes for it.

    Django stores an aware datetime on SQLite as ``str()`` of it in UTC without the zone
    (``2021-03-30 06:00:05.123000``, or without the fraction when it is zero). The second's part is
    made once per second of the batch.
    """

    def __init__(self) -> None:
        self._seconds: dict[int, str] = {}

    def text(self, at_ms: int) -> str:
        second, ms = divmod(at_ms, 1000)
        prefix = self._seconds.get(second)
        if prefix is None:
            prefix = self._seconds[second] = str(dt.datetime.fromtimestamp(second, tz=dt.UTC).replace(tzinfo=None))
        return f"{prefix}.{ms:03d}000" if ms else prefix


def upsert(model, conflict: list[str], where: str, columns: list[str], adds: list[str], rows: list[tuple]) -> None:
    """INSERT … ON CONFLICT … DO UPDATE adding ``adds`` (SQLite ≥ 3.24 and PostgreSQL), for many rows."""
    # Only our own table and column names are formatted in; every value is a parameter.
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names, marks = ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    target = ", ".join(quote(c) for c in conflict)
    sums = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in adds)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({target}){where} DO UPDATE SET {sums}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)

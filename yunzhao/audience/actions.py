"""Every write of the live audience: beacons and their minute roll-ups, refused counts, the platform's reach."""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from yunzhao.campaigns.models import Event
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, ChannelOwner, PublicationKind, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet, Publication
from yunzhao.reach.snapshots import SnapshotRow

from .conf import config
from .models import AudienceBeacon, AudienceMinute, AudienceRejection
from .records import UNATTRIBUTED, Beacon, minute_of, minute_start

log = logging.getLogger(__name__)

# Any fixed number: PostgreSQL writers of beacons take this transaction lock, one after the other.
_PG_LOCK = 0x59_5A_41_55  # "YZAU"

Key = tuple[int, ...]
# The distinct-viewer columns of AudienceMinute, each with the scope a viewer is counted once in
# (see ``_scopes``); three of them are scopes of one minute.
SCOPES = ("viewers", "first_in_minute", "first_in_channel", "first_in_event", "first_in_campaign",
          "first_in_campaign_channel", "first_in_campaign_minute")
COUNT_FIELDS = ("views", "plays", *SCOPES)


def _scopes(e: int, c: int, ch: int, m: int | None) -> tuple[Key | None, ...]:
    """The key of each scope of ``SCOPES`` for a beacon of event ``e`` (campaign ``c``, 0 for none) through
    channel ``ch`` in minute ``m``; ``None`` where it has none (no campaign, or the minute is not known)."""
    return (
        (e, ch, m) if m is not None else None,
        (e, m) if m is not None else None,
        (e, ch),
        (e,),
        (c,) if c else None,
        (c, ch) if c else None,
        (c, m) if c and m is not None else None,
    )


def _one_writer_at_a_time() -> None:
    """Distinct counting reads what earlier batches stored: batches must not interleave.

    SQLite already runs one write transaction at a time (transactions begin IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])


@transaction.atomic
def store_beacons(beacons: Iterable[Beacon], *, rejections: Mapping[tuple[int, str], int] | None = None) -> int:
    """Store a batch of beacons and update the minute roll-ups in one transaction; returns how many were new.

    A beacon that came from the Redis stream and is already stored (same stream entry) is skipped, so
    moving a batch twice changes nothing. ``rejections`` adds refused counts per (minute, reason).
    """
    beacons = list(beacons)
    _one_writer_at_a_time()
    if rejections:
        _count_rejections(rejections)
    beacons = _not_yet_stored(beacons)
    if not beacons:
        return 0
    campaigns, scope_events = _campaigns_of({b.event_id for b in beacons})
    gone = [b for b in beacons if b.event_id not in campaigns]
    if gone:
        log.warning("audience: %d beacon(s) of deleted events dropped", len(gone))
        beacons = [b for b in beacons if b.event_id in campaigns]
    channels = _existing_channels({b.channel_id for b in beacons} - {UNATTRIBUTED})
    beacons.sort(key=lambda b: b.at_ms)
    deltas = _roll_up(beacons, campaigns, channels, scope_events)
    _insert_beacons(beacons, channels)
    _apply_minutes(deltas)
    return len(beacons)


def _not_yet_stored(beacons: list[Beacon]) -> list[Beacon]:
    """Drop beacons whose stream entry is already stored (or repeated within the batch)."""
    ids = [b.stream_id for b in beacons if b.stream_id]
    if not ids:
        return beacons
    stored = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        found = AudienceBeacon.objects.filter(stream_id__isnull=False, stream_id__in=chunk)
        stored.update(found.values_list("stream_id", flat=True))
    fresh = []
    for beacon in beacons:
        if beacon.stream_id is None or beacon.stream_id not in stored:
            fresh.append(beacon)
            if beacon.stream_id:
                stored.add(beacon.stream_id)
    return fresh


def _campaigns_of(event_ids: set[int]) -> tuple[dict[int, int], set[int]]:
    """``{event: campaign or 0}`` for the given events and every event of their campaigns, and those of
    them whose viewers may have been counted (they have roll-ups), in one query."""
    campaign_ids = Event.objects.filter(pk__in=event_ids, campaign__isnull=False).values("campaign_id")
    counted = AudienceMinute.objects.filter(event_id=OuterRef("pk"))
    rows = (
        Event.objects.filter(Q(pk__in=event_ids) | Q(campaign_id__in=campaign_ids))
        .annotate(counted=Exists(counted)).values_list("pk", "campaign_id", "counted")
    )
    campaigns, scope = {}, set()
    for pk, campaign, has_counts in rows:
        campaigns[pk] = campaign or 0
        if has_counts or pk in event_ids:
            scope.add(pk)
    return campaigns, scope


def _existing_channels(channel_ids: set[int]) -> set[int]:
    if not channel_ids:
        return set()
    return set(Channel.objects.filter(pk__in=channel_ids).values_list("pk", flat=True))


def _roll_up(beacons: list[Beacon], campaigns: dict[int, int], channels: set[int],
             scope_events: set[int]) -> dict[Key, list[int]]:
    """What the batch adds to each (event, channel, minute) row, distinct viewers counted exactly.

    A viewer counts in a scope only if no earlier beacon of theirs is in it. Their earlier beacons at
    the events concerned are read in one query through the index on (event, viewer, time), as
    distinct (event, channel, minute of the batch or none) rows, so the rows read stay few however
    long the viewers have been watching.
    """
    seen: list[set[tuple[Key, str]]] = [set() for _ in SCOPES]
    minutes = sorted({b.minute for b in beacons})
    # An earlier beacon's minute matters only if it is one of the batch's; otherwise only its
    # (event, channel) does, and DISTINCT folds all of a viewer's other beacons into one row.
    batch_minute = Case(*[When(at__gte=minute_start(m), at__lt=minute_start(m + 1), then=Value(m))
                          for m in minutes], default=None, output_field=IntegerField())
    viewers = sorted({b.viewer for b in beacons})
    for start in range(0, len(viewers), 2000):
        earlier = (
            AudienceBeacon.objects.filter(event_id__in=scope_events, viewer__in=viewers[start:start + 2000])
            .annotate(batch_minute=batch_minute)
            .values_list("event_id", "channel_id", "viewer", "batch_minute")
            .distinct()
        )
        for event_id, channel_id, viewer, minute in earlier:
            keys = _scopes(event_id, campaigns.get(event_id, 0), channel_id or UNATTRIBUTED, minute)
            for index, key in enumerate(keys):
                if key is not None:
                    seen[index].add((key, viewer))

    deltas: dict[Key, list[int]] = {}
    for b in beacons:
        channel = b.channel_id if b.channel_id in channels else UNATTRIBUTED
        row = (b.event_id, channel, b.minute)
        delta = deltas.get(row)
        if delta is None:
            delta = deltas[row] = [0] * len(COUNT_FIELDS)
        delta[0 if b.is_view else 1] += 1
        for index, key in enumerate(_scopes(b.event_id, campaigns[b.event_id], channel, b.minute)):
            if key is not None and (key, b.viewer) not in seen[index]:
                seen[index].add((key, b.viewer))
                delta[2 + index] += 1
    return deltas


def _upsert(model, conflict: list[str], where: str, columns: list[str], adds: list[str], rows: list[tuple]) -> None:
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


def _apply_minutes(deltas: dict[Key, list[int]]) -> None:
    """Add the deltas to the minute rows, creating those that do not exist yet (one statement per kind of row)."""
    adapt = connection.ops.adapt_datetimefield_value
    attributed, unattributed = [], []
    for (event_id, channel, minute), delta in deltas.items():
        counts = tuple(delta)
        if channel:
            attributed.append((event_id, channel, adapt(minute_start(minute)), *counts))
        else:
            unattributed.append((event_id, adapt(minute_start(minute)), *counts))
    if attributed:
        _upsert(AudienceMinute, ["event_id", "channel_id", "minute"], " WHERE channel_id IS NOT NULL",
                ["event_id", "channel_id", "minute", *COUNT_FIELDS], list(COUNT_FIELDS), attributed)
    if unattributed:
        _upsert(AudienceMinute, ["event_id", "minute"], " WHERE channel_id IS NULL",
                ["event_id", "minute", *COUNT_FIELDS], list(COUNT_FIELDS), unattributed)


def _count_rejections(counts: Mapping[tuple[int, str], int]) -> None:
    """Add refused counts per (minute, reason)."""
    adapt = connection.ops.adapt_datetimefield_value
    rows = [(adapt(minute_start(minute)), reason, count) for (minute, reason), count in counts.items()]
    _upsert(AudienceRejection, ["minute", "reason"], "", ["minute", "reason", "count"], ["count"], rows)


def _insert_beacons(beacons: list[Beacon], channels: set[int]) -> None:
    """Insert the raw rows with one prepared statement (the ORM's per-object work is not needed here)."""
    adapt = connection.ops.adapt_datetimefield_value
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("event_id", "channel_id", "kind", "viewer", "at", "stream_id"))
    sql = f"INSERT INTO {quote(AudienceBeacon._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
    rows = [(b.event_id, b.channel_id if b.channel_id in channels else None, b.kind, b.viewer, adapt(b.at),
             b.stream_id) for b in beacons]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- The platform's own channel in an event's reach ---------------------------------------------------

# Late beacons (a worker catching up) may still land in the last minutes; reach is recorded up to
# this long ago, so that a snapshot once written is never contradicted.
SETTLE = dt.timedelta(minutes=2)


def platform_channel() -> Channel:
    """The channel that stands for the platform's own event pages (made on first use)."""
    code = config().platform_channel
    channel = Channel.objects.filter(code=code).first()
    if channel is not None:
        return channel
    with transaction.atomic():
        outlet, created = Outlet.objects.get_or_create(name_zh="云招平台", defaults={"name_en": "Yunzhao platform"})
        if created:
            timeline.record(outlet, TimelineEvent.CREATED, after=outlet.name_zh, note="audience")
        channel = Channel.objects.create(
            code=code, outlet=outlet, name_zh="云招平台活动页", name_en="Yunzhao event pages",
            level=ChannelLevel.CITY, kind=ChannelKind.WEBSITE, owner=ChannelOwner.OWN,
        )
        timeline.record(channel, TimelineEvent.CREATED, after={"code": code, "owner": ChannelOwner.OWN},
                        note="audience")
    return channel


def _platform_publication(event: Event, channel: Channel, first_at: dt.datetime) -> Publication:
    """The event's publication on the platform channel, going out when its first beacon came."""
    publication = Publication.objects.filter(event=event, channel=channel, kind=PublicationKind.LIVE).first()
    if publication is None:
        publication = Publication.objects.create(event=event, channel=channel, kind=PublicationKind.LIVE,
                                                 published_at=first_at)
        timeline.record(event, TimelineEvent.UPDATED, field="publications",
                        after={"channel": channel.code, "kind": PublicationKind.LIVE, "published_at": first_at})
    return publication


@transaction.atomic
def sync_platform_reach(event: Event, as_of: dt.datetime | None = None) -> MetricSnapshot | None:
    """Record the platform's own counts of an event as a reach snapshot of the platform channel.

    The snapshot, taken at the start of a minute, holds the page views (as reads) and plays of every
    earlier minute, as the minute roll-ups have them. Nothing is written when nothing was counted or
    nothing changed since the last snapshot. The channel and the event's publication on it are made
    on first use; the snapshot goes through the reach actions like any other, as the system.
    """
    from .selectors import audience_totals_for_reach

    as_of = minute_start(minute_of(as_of or timezone.now() - SETTLE))
    totals = audience_totals_for_reach(event, as_of=as_of)
    if not totals["reads"] and not totals["plays"]:
        return None
    channel = platform_channel()
    publication = _platform_publication(event, channel, totals["first_at"])
    last = publication.snapshots.order_by("-taken_at").first()
    if last is not None and (last.taken_at >= as_of or (last.reads, last.plays) == (totals["reads"], totals["plays"])):
        return None
    row = SnapshotRow(publication=publication, taken_at=as_of,
                      counts={"reads": totals["reads"], "plays": totals["plays"]}, row=1)
    plan = reach_actions.record_snapshots([row], actor=None, source=SnapshotSource.PLATFORM)
    return plan.new[0] if plan.new else None

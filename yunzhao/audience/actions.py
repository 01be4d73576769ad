"""Every write of the live audience: beacons and their minute roll-ups, refused counts, the platform's reach."""

import datetime as dt
import logging
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yunzhao.campaigns.models import Event
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, ChannelOwner, PublicationKind, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet, Publication
from yunzhao.reach.snapshots import SnapshotRow

from . import rollup, storage
from .conf import config
from .models import AudienceBeacon, AudienceRejection
from .records import UNATTRIBUTED, Beacon, minute_of, minute_start

log = logging.getLogger(__name__)


def insert_beacons(beacons: list[Beacon]) -> int:
    """Store a batch of beacons as raw rows, to be counted into the roll-ups later; returns how many.

    The fast way in (the group-commit writer's): one statement, outside any transaction on SQLite
    (see ``storage``). Counting them is ``roll_up_beacons``'s work. Only when the statement is refused
    because an event or a channel was deleted meanwhile are the batch's references checked: beacons
    of a deleted event are dropped, those of a deleted channel kept as unattributed.
    """
    if not beacons:
        return 0
    try:
        storage.insert_beacons(beacons)
    except IntegrityError:
        beacons, gone = _with_existing_references(beacons)
        storage.insert_beacons(beacons, gone_channels=gone)
    return len(beacons)


def roll_up_beacons(*, limit: int = rollup.LIMIT) -> int:
    """Count the stored beacons that are not counted yet into the minute roll-ups; returns how many were.

    Each round plans up to ``limit`` beacons from reads alone, then writes the plan in one short
    transaction, until every stored beacon is counted. If another process counted the same beacons
    meanwhile, the plan is dropped and this returns; so any number of processes may call it at any
    time, and no beacon is counted twice.
    """
    counted = 0
    while (plan := rollup.plan(limit)) is not None:
        with transaction.atomic():
            if not rollup.apply(plan):
                break
        counted += plan.beacons
    return counted


@transaction.atomic
def store_beacons(beacons: Iterable[Beacon], *, rejections: Mapping[tuple[int, str], int] | None = None) -> int:
    """Store a batch of beacons and count them into the minute roll-ups, in one transaction; returns how
    many were new.

    The careful way in: the worker moving the Redis stream uses it, and the recorder when group commit
    is off. A beacon that came from the stream and is already stored (same stream entry) is skipped, so
    moving a batch twice changes nothing. Beacons stored earlier and not counted yet are counted too.
    ``rejections`` adds refused counts per (minute, reason).
    """
    storage.one_writer_at_a_time()
    if rejections:
        count_rejections(rejections)
    beacons = _not_yet_stored(list(beacons))
    stored = 0
    if beacons:
        beacons, gone = _with_existing_references(beacons)
        beacons.sort(key=lambda b: b.at_ms)
        storage.insert_beacons(beacons, gone_channels=gone)
        stored = len(beacons)
    while (plan := rollup.plan()) is not None:
        rollup.apply(plan)  # if another process counted these meanwhile, the next plan starts after them
    return stored


def count_rejections(counts: Mapping[tuple[int, str], int]) -> None:
    """Add refused counts per (minute, reason)."""
    adapt = connection.ops.adapt_datetimefield_value
    rows = [(adapt(minute_start(minute)), reason, count) for (minute, reason), count in counts.items()]
    storage.upsert(AudienceRejection, ["minute", "reason"], "", ["minute", "reason", "count"], ["count"], rows)


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


def _with_existing_references(beacons: list[Beacon]) -> tuple[list[Beacon], set[int]]:
    """The beacons whose event still exists, and the channels they name that no longer do (two queries)."""
    named_events = {b.event_id for b in beacons}
    events = set(Event.objects.filter(pk__in=named_events).values_list("pk", flat=True))
    if len(events) < len(named_events):
        dropped = sum(1 for b in beacons if b.event_id not in events)
        log.warning("audience: %d beacon(s) of deleted events dropped", dropped)
        beacons = [b for b in beacons if b.event_id in events]
    named = {b.channel_id for b in beacons} - {UNATTRIBUTED}
    existing = set(Channel.objects.filter(pk__in=named).values_list("pk", flat=True)) if named else set()
    return beacons, named - existing


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

"""Every write on outlets, channels, publications and metric snapshots."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.campaigns.models import Campaign, Event
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent

from .choices import ImportStatus, SnapshotSource
from .models import Channel, MetricSnapshot, Outlet, Publication, SnapshotImport
from .querysets import can_record_reach, keeps_registry
from .snapshots import Fault, SnapshotPlan, SnapshotRow, plan_snapshots

CHANNEL_FIELDS = ("code", "name_zh", "name_en", "level", "kind", "owner", "country", "language", "url", "is_active")
OUTLET_FIELDS = ("name_zh", "name_en")


class SnapshotsRejected(Exception):
    """A batch of snapshots was refused whole; ``faults`` names every reason."""

    def __init__(self, faults: list[Fault]):
        super().__init__(f"{len(faults)} fault(s)")
        self.faults = faults


def _require_registry(actor) -> None:
    if not keeps_registry(actor):
        raise PermissionDenied(_("Only the media group and the city bureau keep the channel registry."))


def _outlet_for(*, actor, outlet: Outlet | None, name_zh: str, name_en: str) -> Outlet:
    """The chosen outlet, or the one with this Chinese name, created if it is new."""
    if outlet is not None:
        return outlet
    name_zh = name_zh.strip()
    if not name_zh:
        raise ValidationError({"outlet": _("Choose an outlet or type the name of a new one.")})
    found = Outlet.objects.filter(name_zh=name_zh).first()
    if found is not None:
        return found
    return create_outlet(actor=actor, name_zh=name_zh, name_en=name_en.strip())


@transaction.atomic
def create_outlet(*, actor, name_zh: str, name_en: str = "") -> Outlet:
    """Add a media organisation to the registry."""
    _require_registry(actor)
    outlet = Outlet(name_zh=name_zh, name_en=name_en)
    outlet.full_clean()
    outlet.save()
    timeline.record(outlet, TimelineEvent.CREATED, actor=actor, after=name_zh)
    return outlet


@transaction.atomic
def update_outlet(outlet: Outlet, *, actor, changes: dict[str, Any]) -> Outlet:
    """Rename an outlet."""
    _require_registry(actor)
    outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    before = {k: getattr(outlet, k) for k in changes if k in OUTLET_FIELDS}
    for name in before:
        setattr(outlet, name, changes[name])
    outlet.full_clean()
    changed = [k for k in before if before[k] != getattr(outlet, k)]
    if changed:
        outlet.save(update_fields=[*changed, "updated_at"])
        timeline.record(outlet, TimelineEvent.UPDATED, actor=actor, field=",".join(changed),
                        before={k: before[k] for k in changed}, after={k: getattr(outlet, k) for k in changed})
    return outlet


@transaction.atomic
def create_channel(*, actor, outlet: Outlet | None = None, outlet_name_zh: str = "", outlet_name_en: str = "",
                   **fields: Any) -> Channel:
    """Add a channel to the registry, under an existing outlet or a new one named here."""
    _require_registry(actor)
    outlet = _outlet_for(actor=actor, outlet=outlet, name_zh=outlet_name_zh, name_en=outlet_name_en)
    channel = Channel(outlet=outlet, **{k: v for k, v in fields.items() if k in CHANNEL_FIELDS})
    channel.full_clean()
    channel.save()
    timeline.record(channel, TimelineEvent.CREATED, actor=actor,
                    after={"code": channel.code, "outlet": outlet.name_zh, "level": channel.level})
    return channel


@transaction.atomic
def update_channel(channel: Channel, *, actor, changes: dict[str, Any], outlet: Outlet | None = None,
                   outlet_name_zh: str = "", outlet_name_en: str = "") -> Channel:
    """Change a channel's details, or move it to another outlet."""
    _require_registry(actor)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    changes = {k: v for k, v in changes.items() if k in CHANNEL_FIELDS}
    if outlet is not None or outlet_name_zh.strip():
        changes["outlet"] = _outlet_for(actor=actor, outlet=outlet, name_zh=outlet_name_zh, name_en=outlet_name_en)
    before = {k: getattr(channel, k) for k in changes}
    for name, value in changes.items():
        setattr(channel, name, value)
    channel.full_clean()
    changed = [k for k in changes if before[k] != getattr(channel, k)]
    if changed:
        channel.save(update_fields=[*changed, "updated_at"])
        timeline.record(channel, TimelineEvent.UPDATED, actor=actor, field=",".join(changed),
                        before={k: str(before[k]) for k in changed},
                        after={k: str(getattr(channel, k)) for k in changed})
    return channel


@transaction.atomic
def record_publication(*, actor, channel: Channel, kind: str, published_at: dt.datetime, url: str = "",
                       event: Event | None = None, campaign: Campaign | None = None) -> Publication:
    """Record that an event (or a campaign) went out on a channel; once per channel and kind."""
    if (event is None) == (campaign is None):
        raise ValueError("a publication belongs to an event or to a campaign")
    if not can_record_reach(actor, event=event, campaign=campaign):
        raise PermissionDenied(_("You may not record reach for this event."))
    subject = {"event": event} if event is not None else {"campaign": campaign}
    if Publication.objects.filter(**subject, channel=channel, kind=kind).exists():
        raise ValidationError({"channel": _("This channel already has a publication of this kind here.")})
    publication = Publication(**subject, channel=channel, kind=kind, published_at=published_at, url=url,
                              created_by=actor)
    publication.full_clean()
    publication.save()
    timeline.record(event or campaign, TimelineEvent.UPDATED, actor=actor, field="publications",
                    after={"channel": channel.code, "kind": kind, "published_at": published_at, "url": url})
    return publication


@transaction.atomic
def record_snapshots(rows: list[SnapshotRow], *, actor, source: str = SnapshotSource.GRID,
                     dry_run: bool = False, now: dt.datetime | None = None) -> SnapshotPlan:
    """Check a batch of snapshots whole and write all of it, or nothing.

    Raises ``SnapshotsRejected`` naming every fault. ``actor=None`` is the system (a command run on
    the server); anyone else must be allowed to record for every publication in the batch. The
    publications are locked so that two batches for one publication are checked one after the other.
    """
    ids = {row.publication.pk for row in rows}
    if actor is not None:
        allowed = set(Publication.objects.writable_by(actor).filter(pk__in=ids).values_list("pk", flat=True))
        if allowed != ids:
            raise PermissionDenied(_("You may not record reach for this event."))
    list(Publication.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    plan = plan_snapshots(rows, now=now)
    if plan.faults:
        raise SnapshotsRejected(plan.faults)
    if dry_run or not plan.new:
        return plan
    created_at = timezone.now()
    for snapshot in plan.new:
        snapshot.source = source
        snapshot.created_by = actor
        snapshot.created_at = created_at
    MetricSnapshot.objects.bulk_create(plan.new, batch_size=2000)
    _record_on_subjects(plan.new, actor=actor, source=source)
    return plan


def _record_on_subjects(snapshots: list[MetricSnapshot], *, actor, source: str) -> None:
    """One timeline entry per event or campaign whose reach was recorded."""
    grouped: dict[tuple[str, int], list[MetricSnapshot]] = defaultdict(list)
    for snap in snapshots:
        pub = snap.publication
        grouped[("event", pub.event_id) if pub.event_id else ("campaign", pub.campaign_id)].append(snap)
    events = Event.objects.in_bulk([pk for kind, pk in grouped if kind == "event"])
    campaigns = Campaign.objects.in_bulk([pk for kind, pk in grouped if kind == "campaign"])
    event_kind = TimelineEvent.IMPORTED if source == SnapshotSource.IMPORT else TimelineEvent.UPDATED
    entries = []
    for (kind, pk), snaps in grouped.items():
        subject = events[pk] if kind == "event" else campaigns[pk]
        moments = sorted({s.taken_at for s in snaps})
        entries.append(timeline.entry(subject, event_kind, actor=actor, field="reach", after={
            "snapshots": len(snaps), "source": source, "from": moments[0], "to": moments[-1],
        }))
    timeline.record_many(entries)


def log_import(*, actor, file_name: str, sha256: str, size: int, status: str, rows_total: int = 0,
               rows_created: int = 0, rows_unchanged: int = 0, faults: Sequence[Fault] = (),
               started_at: dt.datetime | None = None) -> SnapshotImport:
    """Keep a record of an import attempt, whether it was applied, checked only, or rejected."""
    assert status in ImportStatus.values
    return SnapshotImport.objects.create(
        actor=actor, file_name=file_name[:255], file_sha256=sha256, file_size=size, status=status,
        rows_total=rows_total, rows_created=rows_created, rows_unchanged=rows_unchanged,
        errors=[{"row": f.row, "column": f.column, "message": f.message} for f in faults][:1000],
        started_at=started_at or timezone.now(), finished_at=timezone.now(),
    )

"""Reach "as of" a moment (see DOMAIN.md).

For every publication in scope that went out at or before T, its latest snapshot taken at or before
T; those snapshots summed. Snapshots are cumulative counters, so the latest one is the figure.
"Media covering" is the number of distinct outlets with a publication at or before T. The figure is
incomplete when any publication in scope has no snapshot at or before T.

The figure is one query over the index on (publication, taken_at), whatever the number of channels
or snapshots. For a ``Scope`` it is one SQL statement written once per database and shape of scope
(``statement.py``); for any other set of publications the ORM builds it (see ``bench/reach.py`` and
docs/performance.md).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum

from yunzhao.campaigns.models import Bilingual

from .choices import METRICS, ChannelLevel
from .models import MetricSnapshot, Publication
from .statement import COLUMNS, LEVELS, SCOPE_PARTS, channel_rows_statement, reach_statement


@dataclass(frozen=True)
class Reach:
    """The reach of a set of publications as of a moment."""

    as_of: dt.datetime
    totals: dict[str, int]
    publications: int
    publications_without_snapshot: int
    media: int
    media_by_level: dict[str, int] = field(default_factory=dict)

    @property
    def incomplete(self) -> bool:
        return self.publications_without_snapshot > 0


def _pk(obj):
    return getattr(obj, "pk", obj)


@dataclass(frozen=True)
class Scope:
    """The publications behind a reach figure, by ids: of an event, of a campaign (itself and its
    events), of the events owned by a district, on channels of one level; parts given together must
    all hold, and no part at all means every publication."""

    event: int | None = None
    campaign: int | None = None
    district: int | None = None
    level: str | None = None

    @classmethod
    def of(cls, *, event=None, campaign=None, district=None, level: str | None = None) -> "Scope":
        """The scope of these objects (or their ids)."""
        return cls(event=_pk(event), campaign=_pk(campaign), district=_pk(district), level=level)

    def parts(self) -> tuple[str, ...]:
        """The names of the parts given, in ``SCOPE_PARTS`` order."""
        return tuple(part for part in SCOPE_PARTS if getattr(self, part) is not None)

    def publications(self) -> QuerySet:
        """The same publications through the ORM."""
        qs = Publication.objects.all()
        if self.event is not None:
            qs = qs.filter(event_id=self.event)
        if self.campaign is not None:
            qs = qs.filter(Q(campaign_id=self.campaign) | Q(event__campaign_id=self.campaign))
        if self.district is not None:
            qs = qs.filter(event__owner_unit_id=self.district)
        if self.level is not None:
            qs = qs.filter(channel__level=self.level)
        return qs


def publications_for(*, event=None, campaign=None, district=None, level: str | None = None) -> QuerySet:
    """The publications behind a reach figure: of an event, of a campaign (itself and its events),
    of the events owned by a district, or on channels of one level."""
    return Scope.of(event=event, campaign=campaign, district=district, level=level).publications()


def latest_snapshots(publications: QuerySet, as_of: dt.datetime) -> QuerySet:
    """For each publication out by ``as_of``, its latest snapshot at or before ``as_of``."""
    latest = (
        MetricSnapshot.objects.filter(publication=OuterRef("pk"), taken_at__lte=as_of)
        .order_by("-taken_at")
        .values("pk")[:1]
    )
    ids = publications.filter(published_at__lte=as_of).annotate(snap=Subquery(latest)).values("snap")
    return MetricSnapshot.objects.filter(pk__in=ids)


def with_latest(publications: QuerySet, as_of: dt.datetime) -> QuerySet:
    """The publications out by ``as_of``, each joined (as ``latest``) to its latest snapshot at or before it.

    The join condition finds that snapshot's time through the (publication, time) index, and the
    unique (publication, time) pair then finds the row: one index entry and one row per publication,
    whatever the number of snapshots. Aggregate over ``latest__<metric>``.
    """
    latest_at = (
        MetricSnapshot.objects.filter(publication=OuterRef("pk"), taken_at__lte=as_of)
        .order_by("-taken_at").values("taken_at")[:1]
    )
    return (
        publications.filter(published_at__lte=as_of)
        .alias(latest=FilteredRelation("snapshots", condition=Q(snapshots__taken_at=Subquery(latest_at))))
        .order_by()
    )


def _figures() -> dict:
    """The aggregates of a ``Reach`` over ``with_latest`` publications."""
    return {
        "published": Count("pk"), "counted": Count("latest__pk"), "media": Count("channel__outlet", distinct=True),
        **{m: Sum(f"latest__{m}") for m in METRICS},
    }


def _reach(as_of: dt.datetime, row: dict, media_by_level: dict[str, int] | None = None) -> Reach:
    return Reach(
        as_of=as_of,
        totals={m: int(row[m] or 0) for m in METRICS},
        publications=row["published"],
        publications_without_snapshot=row["published"] - row["counted"],
        media=row["media"],
        media_by_level=media_by_level if media_by_level is not None else {},
    )


def reach_as_of(publications: Scope | QuerySet, as_of: dt.datetime) -> Reach:
    """Sum the latest snapshots, and count media and publications lacking a snapshot (one query).

    Given a ``Scope``, one SQL statement kept per database and shape of scope computes it; given a
    queryset of publications (any set at all), the ORM does.
    """
    if isinstance(publications, Scope):
        sql = reach_statement(connection.vendor, publications.parts())
        if sql is not None:
            return _reach_by_statement(sql, publications, as_of)
        publications = publications.publications()
    media_by_level = {
        f"media_{level}": Count("channel__outlet", distinct=True, filter=Q(channel__level=level))
        for level in ChannelLevel.values
    }
    row = with_latest(publications, as_of).aggregate(**_figures(), **media_by_level)
    return _reach(as_of, row, {level: row[f"media_{level}"] for level in ChannelLevel.values})


def _reach_by_statement(sql: str, scope: Scope, as_of: dt.datetime) -> Reach:
    # The moment is prepared as the ORM prepares it for ``published_at <= as_of``.
    moment = Publication._meta.get_field("published_at").get_db_prep_value(as_of, connection)
    params = {"t": moment, **LEVELS, **{part: getattr(scope, part) for part in scope.parts()}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = dict(zip(COLUMNS, cursor.fetchone(), strict=True))
    return _reach(as_of, row, {level: row[f"media_{level}"] for level in ChannelLevel.values})


def rows_behind(publications: QuerySet, as_of: dt.datetime) -> QuerySet:
    """The snapshot rows a reach figure was summed from, with their channel and outlet (drill-down)."""
    return latest_snapshots(publications, as_of).select_related(
        "publication__channel__outlet", "publication__event", "publication__campaign"
    ).order_by(F("reads").desc(nulls_last=True))


def totals_by_level(publications: QuerySet, as_of: dt.datetime) -> dict[str, dict[str, int]]:
    """The summed latest snapshots per channel level (one query); levels without any are zero."""
    rows = with_latest(publications, as_of).values_list("channel__level").annotate(
        **{m: Sum(f"latest__{m}") for m in METRICS})
    found = {level: {m: int(v or 0) for m, v in zip(METRICS, sums, strict=True)} for level, *sums in rows}
    return {level: found.get(level, dict.fromkeys(METRICS, 0)) for level in ChannelLevel.values}


def reach_by_event(campaign, as_of: dt.datetime) -> dict[int, Reach]:
    """The reach of each event of a campaign as of a moment, keyed by event id (one query)."""
    rows = with_latest(Publication.objects.filter(event__campaign=campaign), as_of).values("event").annotate(
        **_figures())
    return {row["event"]: _reach(as_of, row) for row in rows}


def latest_by_publication(publications: QuerySet, as_of: dt.datetime) -> dict[int, MetricSnapshot]:
    """Each publication's latest snapshot at or before ``as_of``, keyed by publication id (one query)."""
    return {snap.publication_id: snap for snap in latest_snapshots(publications, as_of).order_by()}


def outlets_covering(publications: QuerySet, as_of: dt.datetime) -> list[dict]:
    """The outlets behind "media covering": each with its publications out by ``as_of`` (one query)."""
    outlets: dict[int, dict] = {}
    out = publications.filter(published_at__lte=as_of).select_related("channel__outlet").order_by(
        "channel__outlet__name_zh", "published_at", "pk")
    for pub in out:
        outlet = pub.channel.outlet
        entry = outlets.setdefault(outlet.pk, {"outlet": outlet, "levels": set(), "publications": []})
        entry["levels"].add(pub.channel.level)
        entry["publications"].append(pub)
    return list(outlets.values())


@dataclass(frozen=True)
class OutletCard(Bilingual):
    """An outlet as a figure shows it, read with the figure (not a model instance)."""

    id: int
    name_zh: str
    name_en: str

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class ChannelCard(Bilingual):
    """A channel as a figure shows it, read with the figure: building thousands of model instances
    would cost more than the query."""

    id: int
    code: str
    name_zh: str
    name_en: str
    level: str
    outlet: OutletCard

    @property
    def pk(self) -> int:
        return self.id

    def get_level_display(self) -> str:
        return str(ChannelLevel(self.level).label)


@dataclass
class ChannelReach:
    """One channel's part of a reach figure: its publications in scope out by T, how many of them
    have no snapshot at or before T, and their latest snapshots summed (``snapshot_ids``: those rows)."""

    channel: ChannelCard
    publications: int = 0
    without_snapshot: int = 0
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    snapshot_ids: list[int] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        return self.without_snapshot > 0


_CHANNEL_COLUMNS = ("channel_id", "channel__code", "channel__name_zh", "channel__name_en", "channel__level",
                    "channel__outlet_id", "channel__outlet__name_zh", "channel__outlet__name_en")


def reach_by_channel(publications: Scope | QuerySet, as_of: dt.datetime) -> list[ChannelReach]:
    """Per channel, its publications out by ``as_of`` and their latest snapshots at or before it,
    summed; the most read first (one query, one row per publication, whatever the snapshots).

    The rows add up to ``reach_as_of`` of the same publications (``reach_of_channels``). Given a
    ``Scope``, one statement kept per database and shape of scope reads them (``statement.py``);
    given a queryset of publications, the ORM does.
    """
    rows = None
    if isinstance(publications, Scope):
        sql = channel_rows_statement(connection.vendor, publications.parts())
        if sql is not None:
            rows = _rows_by_statement(sql, publications, as_of)
        else:
            publications = publications.publications()
    if rows is None:
        rows = with_latest(publications, as_of).values_list(
            *_CHANNEL_COLUMNS, "latest__pk", *(f"latest__{m}" for m in METRICS))
    channels: dict[int, ChannelReach] = {}
    for pk, code, name_zh, name_en, level, outlet_id, outlet_zh, outlet_en, snapshot_id, *counts in rows:
        entry = channels.get(pk)
        if entry is None:
            card = ChannelCard(pk, code, name_zh, name_en, level, OutletCard(outlet_id, outlet_zh, outlet_en))
            entry = channels[pk] = ChannelReach(channel=card)
        entry.publications += 1
        if snapshot_id is None:
            entry.without_snapshot += 1
            continue
        entry.snapshot_ids.append(snapshot_id)
        totals = entry.totals
        for metric, value in zip(METRICS, counts, strict=True):
            totals[metric] += value
    for entry in channels.values():
        entry.snapshot_ids.sort()
    return sorted(channels.values(), key=lambda e: (-e.totals["reads"], e.channel.code))


def _rows_by_statement(sql: str, scope: Scope, as_of: dt.datetime) -> list[tuple]:
    moment = Publication._meta.get_field("published_at").get_db_prep_value(as_of, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"t": moment, **{part: getattr(scope, part) for part in scope.parts()}})
        return cursor.fetchall()


def reach_of_channels(channels: list[ChannelReach], as_of: dt.datetime) -> Reach:
    """The reach figure that ``reach_by_channel`` rows add up to, without another query: the same
    ``Reach`` as ``reach_as_of`` of the same publications (media are the channels' distinct outlets)."""
    totals = dict.fromkeys(METRICS, 0)
    outlets: dict[str, set[int]] = {level: set() for level in ChannelLevel.values}
    for entry in channels:
        outlets[entry.channel.level].add(entry.channel.outlet.id)
        for metric in METRICS:
            totals[metric] += entry.totals[metric]
    return Reach(
        as_of=as_of,
        totals=totals,
        publications=sum(entry.publications for entry in channels),
        publications_without_snapshot=sum(entry.without_snapshot for entry in channels),
        media=len(set().union(*outlets.values())),
        media_by_level={level: len(ids) for level, ids in outlets.items()},
    )


def snapshots_used(publications: QuerySet, as_of: dt.datetime) -> list[tuple[Publication, MetricSnapshot | None]]:
    """Each publication out by ``as_of`` with the snapshot a reach figure as of then takes for it
    (``None`` when it has none yet), in order of publication (one query)."""
    fields = ("pk", "taken_at", "source", "created_at", *METRICS)
    pubs = (
        with_latest(publications, as_of)
        .select_related("channel__outlet", "event", "campaign")
        .annotate(**{f"used_{name}": F(f"latest__{name}") for name in fields})
        .order_by("published_at", "pk")
    )
    return [
        (pub, MetricSnapshot(publication=pub, **{name: getattr(pub, f"used_{name}") for name in fields})
         if pub.used_pk is not None else None)
        for pub in pubs
    ]

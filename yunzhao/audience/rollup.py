"""Counting stored beacons into the minute roll-ups, distinct viewers exactly.

Beacons are stored as raw rows first and counted afterwards, in the order of their ids, from the mark
``AudienceRollup.last_beacon`` on. A run of beacons is counted in two steps:

- ``plan`` reads the beacons after the mark, and the earlier beacons of their viewers, and works out
  what they add to each (event, channel, minute) row. It only reads, so beacons go on being stored
  meanwhile.
- ``apply`` writes a plan in one short transaction: it moves the mark on only if the mark is still
  where the plan started (otherwise another process has counted these beacons meanwhile, and the
  plan is dropped), and adds the plan's numbers to the rows.

A viewer counts in a scope only if no earlier beacon of theirs is in it. Their earlier beacons at the
events concerned are read in one query per 2,000 viewers through the index on (event, viewer, time),
as distinct (event, channel, minute of the run or none) rows, so the rows read stay few however long
the viewers have been watching.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from yunzhao.campaigns.models import Event

from .choices import BeaconKind
from .models import AudienceBeacon, AudienceMinute, AudienceRollup
from .records import UNATTRIBUTED, minute_start
from .storage import upsert

Key = tuple[int, ...]
# The distinct-viewer columns of AudienceMinute, each with the scope a viewer is counted once in
# (see ``_keys``): the event's channel in a minute, the event in a minute, the event's channel, the
# event, the campaign, the campaign's channel, the campaign in a minute.
SCOPES = ("viewers", "first_in_minute", "first_in_channel", "first_in_event", "first_in_campaign",
          "first_in_campaign_channel", "first_in_campaign_minute")
COUNT_FIELDS = ("views", "plays", *SCOPES)
# A plan covers at most this many beacons, and beacons of at most this many distinct minutes (the
# query of earlier beacons names each minute).
LIMIT = 20_000
MAX_MINUTES = 60
VIEWERS_PER_QUERY = 2_000

# A stored beacon to be counted: (id, event, channel or UNATTRIBUTED, is a page view, viewer, minute).
Row = tuple[int, int, int, bool, str, int]


@dataclass
class Plan:
    """What counting the beacons after ``after`` up to ``upto`` adds to each (event, channel, minute) row."""

    after: int
    upto: int
    beacons: int
    deltas: dict[Key, list[int]]


def mark() -> int:
    """The id of the last beacon counted (0 when none ever was)."""
    return AudienceRollup.objects.filter(pk=1).values_list("last_beacon", flat=True).first() or 0


def waiting_since() -> dt.datetime | None:
    """When the oldest beacon not counted yet was received (``None`` when all are counted)."""
    return AudienceBeacon.objects.filter(pk__gt=mark()).order_by("pk").values_list("at", flat=True).first()


def pending(after: int, limit: int = LIMIT) -> list[Row]:
    """The stored beacons after ``after``, in the order of their ids: at most ``limit`` of them, and
    only as many minutes as ``MAX_MINUTES``.

    Read without the ORM's conversions (a plan reads thousands of rows a second): the minute is
    taken from the moment as the database gives it.
    """
    quote = connection.ops.quote_name
    sql = (f"SELECT {quote('id')}, {quote('event_id')}, {quote('channel_id')}, {quote('kind')}, {quote('viewer')}, "  # noqa: S608
           f"{quote('at')} FROM {quote(AudienceBeacon._meta.db_table)} WHERE {quote('id')} > %s "
           f"ORDER BY {quote('id')} LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, limit])
        found = cursor.fetchall()
    rows: list[Row] = []
    minute_of = MinuteOf()
    minutes: set[int] = set()
    view = BeaconKind.PAGE_VIEW.value
    for pk, event, channel, kind, viewer, at in found:
        minute = minute_of(at)
        if minute not in minutes:
            if len(minutes) == MAX_MINUTES:
                break
            minutes.add(minute)
        rows.append((pk, event, channel or UNATTRIBUTED, kind == view, viewer, minute))
    return rows


class MinuteOf:
    """The minute (since the epoch) of a moment as the database returns it: an aware datetime, a naive
    one in UTC (SQLite's driver parses the text Django stores), or that text itself."""

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}

    def __call__(self, at: dt.datetime | str) -> int:
        if isinstance(at, dt.datetime):
            if at.tzinfo is None:
                at = at.replace(tzinfo=dt.UTC)
            return int(at.timestamp()) // 60
        prefix = at[:16]
        minute = self._texts.get(prefix)
        if minute is None:
            moment = dt.datetime.fromisoformat(prefix).replace(tzinfo=dt.UTC)
            minute = self._texts[prefix] = int(moment.timestamp()) // 60
        return minute


def plan(limit: int = LIMIT) -> Plan | None:
    """Count the next beacons after the mark (reads only); ``None`` when every stored beacon is counted."""
    after = mark()
    rows = pending(after, limit)
    if not rows:
        return None
    return Plan(after=after, upto=rows[-1][0], beacons=len(rows), deltas=count(rows, after))


def apply(plan: Plan) -> bool:
    """Write ``plan`` if the mark is still where it started (call inside a transaction); whether it was."""
    now = timezone.now()
    moved = AudienceRollup.objects.filter(pk=1, last_beacon=plan.after).update(last_beacon=plan.upto, rolled_at=now)
    if not moved:
        if plan.after != 0:
            return False
        # No mark yet (a database emptied by hand or by tests): the first plan makes it.
        _, moved = AudienceRollup.objects.get_or_create(pk=1, defaults={"last_beacon": plan.upto, "rolled_at": now})
        if not moved:
            return False
    _add_to_minutes(plan.deltas)
    return True


def count(rows: list[Row], after: int) -> dict[Key, list[int]]:
    """What ``rows`` add to each (event, channel, minute) row, their viewers counted against every
    beacon up to ``after``.

    Each scope a viewer is seen in is a key ``(scope, *its key)`` in the set of that viewer (see
    ``SCOPES`` for the order of the scopes): first their earlier beacons', then, one by one, the
    run's, where a key not in the set yet counts the viewer in that scope's column.
    """
    campaigns, scope_events = campaigns_of({row[1] for row in rows})
    known: dict[str, set[tuple]] = {}
    for event_id, channel, viewer, minute in _earlier(rows, after, scope_events):
        keys = known.get(viewer)
        if keys is None:
            keys = known[viewer] = set()
        keys.update(_keys(event_id, campaigns.get(event_id, 0), channel or UNATTRIBUTED, minute))

    deltas: dict[Key, list[int]] = {}
    for _, event_id, channel, is_view, viewer, minute in rows:
        row = (event_id, channel, minute)
        delta = deltas.get(row)
        if delta is None:
            delta = deltas[row] = [0] * len(COUNT_FIELDS)
        delta[0 if is_view else 1] += 1
        keys = known.get(viewer)
        if keys is None:
            keys = known[viewer] = set()
        for key in _keys(event_id, campaigns[event_id], channel, minute):
            if key not in keys:
                keys.add(key)
                delta[2 + key[0]] += 1
    return deltas


def _keys(e: int, c: int, ch: int, m: int | None) -> tuple[tuple, ...]:
    """The scopes (index in ``SCOPES`` first, then the scope's key) a beacon of event ``e`` (campaign
    ``c``, 0 for none) through channel ``ch`` in minute ``m`` (``None``: not a minute of the run) is in."""
    if m is None:
        return ((2, e, ch), (3, e), (4, c), (5, c, ch)) if c else ((2, e, ch), (3, e))
    if c:
        return (0, e, ch, m), (1, e, m), (2, e, ch), (3, e), (4, c), (5, c, ch), (6, c, m)
    return (0, e, ch, m), (1, e, m), (2, e, ch), (3, e)


def _earlier(rows: list[Row], after: int, scope_events: set[int]):
    """The earlier beacons (ids up to ``after``) of the run's viewers at ``scope_events``, as distinct
    (event, channel, viewer, minute of the run or ``None``)."""
    minutes = sorted({row[5] for row in rows})
    # An earlier beacon's minute matters only if it is one of the run's; otherwise only its
    # (event, channel) does, and DISTINCT folds all of a viewer's other beacons into one row.
    run_minute = Case(*[When(at__gte=minute_start(m), at__lt=minute_start(m + 1), then=Value(m)) for m in minutes],
                      default=None, output_field=IntegerField())
    viewers = sorted({row[4] for row in rows})
    for start in range(0, len(viewers), VIEWERS_PER_QUERY):
        yield from (
            AudienceBeacon.objects.filter(event_id__in=scope_events, viewer__in=viewers[start:start + VIEWERS_PER_QUERY],
                                          pk__lte=after)
            .annotate(run_minute=run_minute)
            .values_list("event_id", "channel_id", "viewer", "run_minute")
            .distinct()
        )


def campaigns_of(event_ids: set[int]) -> tuple[dict[int, int], set[int]]:
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


def _add_to_minutes(deltas: dict[Key, list[int]]) -> None:
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
        upsert(AudienceMinute, ["event_id", "channel_id", "minute"], " WHERE channel_id IS NOT NULL",
               ["event_id", "channel_id", "minute", *COUNT_FIELDS], list(COUNT_FIELDS), attributed)
    if unattributed:
        upsert(AudienceMinute, ["event_id", "minute"], " WHERE channel_id IS NULL",
               ["event_id", "minute", *COUNT_FIELDS], list(COUNT_FIELDS), unattributed)

"""The reach chart: the cumulative curve over time, and the split by level and by channel.

Every point of the curve is exactly ``reach_as_of`` at that moment, and the chart takes three queries
whatever the number of points or snapshots: the publications, whether there are many snapshots,
and either the snapshots (few) or the latest snapshot per publication and bucket (many). With few snapshots, all of them are read and the curve
has a point at each moment (or, past ``max_points`` moments, at the end of each hour, day or week).
With many, the curve has a point at the end of each hour, day or week, and the database looks up
each publication's latest snapshot at the end of each bucket in which it was active, through the
(publication, time) index: the work grows with publications × active buckets, not with snapshots.
"""

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from .choices import METRICS, ChannelLevel
from .models import MetricSnapshot, Publication

MAX_POINTS = 240
# Up to this many snapshots are read whole; beyond, the database keeps one per publication and bucket.
READ_WHOLE = 50_000
TOP_CHANNELS = 15
STEPS = (("hour", dt.timedelta(hours=1)), ("day", dt.timedelta(days=1)), ("week", dt.timedelta(weeks=1)))
SERIES = (*METRICS, "media")


@dataclass
class Chart:
    """The data behind a reach chart."""

    as_of: dt.datetime
    granularity: str
    times: list[dt.datetime] = field(default_factory=list)
    series: dict[str, list[int]] = field(default_factory=lambda: {name: [] for name in SERIES})
    by_level: list[dict] = field(default_factory=list)
    by_channel: list[dict] = field(default_factory=list)


def _bucket_ends(first: dt.datetime, as_of: dt.datetime, max_points: int) -> tuple[str, list[dt.datetime]]:
    """Hour, day or week boundaries (local time) from the one after ``first`` to ``as_of``, which ends
    the last bucket; a bucket is (previous end, end], so a snapshot on the hour counts at that hour."""
    local = timezone.localtime(first)
    for kind, step in STEPS:
        if (as_of - first) / step < max_points or kind == STEPS[-1][0]:
            break
    start = local.replace(minute=0, second=0, microsecond=0)
    if kind != "hour":
        start = start.replace(hour=0)
    if kind == "week":
        start -= dt.timedelta(days=start.weekday())
    ends = []
    end = start if start >= first else start + step
    while end < as_of:
        ends.append(end)
        end += step
    ends.append(as_of)
    return kind, ends


def _last_in_each_bucket(publications: QuerySet, as_of: dt.datetime, ends: list[dt.datetime]) -> list[tuple]:
    """Each publication's latest snapshot at the end of each bucket it was active in, as
    (publication, bucket end, *counts), in one statement.

    A publication is active from the bucket it went out in to the bucket of its last snapshot; for
    each such (publication, bucket) the (publication, time) index gives the latest snapshot at the
    bucket's end. Later buckets carry that snapshot forward, so the rows read are about
    publications × active buckets, not every snapshot. Written in SQL because the pairs come from a
    list of moments joined to the publications, which the ORM does not express. ``MATERIALIZED`` keeps
    PostgreSQL from folding the publications into the pairs (which would look up each publication's
    last snapshot once per bucket).
    """
    snapshots = MetricSnapshot._meta.db_table
    publication = Publication._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    in_scope, scope_params = publications.values("pk").query.sql_with_params()
    values = ", ".join("(%s, %s, %s)" for _ in ends)
    params: list = []
    previous = ends[0] - (ends[1] - ends[0] if len(ends) > 1 else dt.timedelta(days=1))
    for k, end in enumerate(ends):
        params += [k, adapt(end), adapt(previous)]
        previous = end
    counts = ", ".join(f"s.{m}" for m in METRICS)
    # Only table and column names from the models are written in; every value is a parameter.
    sql = f"""
        WITH ends (k, e, prev) AS (VALUES {values}),
        pubs AS MATERIALIZED (
            SELECT p.id AS id, p.published_at AS published_at,
                   (SELECT MAX(s.taken_at) FROM {snapshots} s
                    WHERE s.publication_id = p.id AND s.taken_at <= %s) AS last
            FROM {publication} p WHERE p.id IN ({in_scope})
        ),
        pairs AS MATERIALIZED (
            SELECT pubs.id AS pub, ends.k AS k,
                   (SELECT s.id FROM {snapshots} s WHERE s.publication_id = pubs.id AND s.taken_at <= ends.e
                    ORDER BY s.taken_at DESC LIMIT 1) AS sid
            FROM pubs JOIN ends ON ends.prev < pubs.last AND ends.e >= pubs.published_at
        )
        SELECT pairs.pub, pairs.k, {counts}
        FROM pairs JOIN {snapshots} s ON s.id = pairs.sid
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, adapt(as_of), *scope_params])
        return [(pub_id, ends[k], *row) for pub_id, k, *row in cursor.fetchall()]


def reach_chart(publications: QuerySet, as_of: dt.datetime, *, max_points: int = MAX_POINTS,
                read_whole: int = READ_WHOLE) -> Chart:
    """The curve up to ``as_of`` and the splits at ``as_of`` (three queries)."""
    out = publications.filter(published_at__lte=as_of)
    pubs = list(out.order_by("published_at", "pk").values_list(
        "pk", "published_at", "channel_id", "channel__code", "channel__name_zh", "channel__name_en",
        "channel__level", "channel__outlet_id"))
    snapshots = MetricSnapshot.objects.filter(publication__in=out.values("pk"), taken_at__lte=as_of).order_by()
    # Read them whole if there are few: is there a snapshot past the limit? (an index walk, no rows read)
    many = bool(list(snapshots.values_list("pk", flat=True)[read_whole:read_whole + 1]))

    if not many:
        rows = list(snapshots.values_list("publication_id", "taken_at", *METRICS))
        # In time order, so that each publication's later snapshot in a bucket wins.
        rows.sort(key=lambda row: row[1])
        moments = sorted({row[1] for row in rows} | {p[1] for p in pubs[:1]})
        if len(moments) <= max_points:
            granularity, times = "moment", moments
        else:
            granularity, times = _bucket_ends(moments[0], as_of, max_points)
            rows = [(row[0], times[bisect.bisect_left(times, row[1])], *row[2:]) for row in rows]
    else:
        # Snapshots are never taken before their publication went out (the actions refuse them).
        granularity, times = _bucket_ends(pubs[0][1], as_of, max_points)
        rows = _last_in_each_bucket(out, as_of, times)
    if not times or times[-1] != as_of:
        times.append(as_of)

    chart = Chart(as_of=as_of, granularity=granularity)
    _sweep(chart, times, rows, pubs)
    _splits(chart, rows, pubs)
    return chart


def _sweep(chart: Chart, times: list[dt.datetime], rows: list[tuple], pubs: list[tuple]) -> None:
    """Walk the moments once, keeping each publication's latest counts and the running totals."""
    rows = sorted(rows, key=lambda r: r[1])
    outlet_of = {p[0]: p[7] for p in pubs}
    latest: dict[int, tuple[int, ...]] = {}
    live: set[int] = set()
    totals = [0] * len(METRICS)
    outlets: dict[int, int] = defaultdict(int)
    r = p = 0
    for moment in times:
        while r < len(rows) and rows[r][1] <= moment:
            pub_id, counts = rows[r][0], rows[r][2:]
            old = latest.get(pub_id, (0,) * len(METRICS))
            latest[pub_id] = counts
            if pub_id in live:
                totals = [t + new - was for t, new, was in zip(totals, counts, old, strict=True)]
            r += 1
        while p < len(pubs) and pubs[p][1] <= moment:
            pub_id = pubs[p][0]
            live.add(pub_id)
            outlets[outlet_of[pub_id]] += 1
            totals = [t + c for t, c in zip(totals, latest.get(pub_id, (0,) * len(METRICS)), strict=True)]
            p += 1
        chart.times.append(moment)
        for name, value in zip(METRICS, totals, strict=True):
            chart.series[name].append(value)
        chart.series["media"].append(len(outlets))


def _splits(chart: Chart, rows: list[tuple], pubs: list[tuple]) -> None:
    """At ``as_of``: reads, followers and media by level, and the channels that reached the most."""
    latest: dict[int, tuple] = {}
    for row in sorted(rows, key=lambda r: r[1]):
        latest[row[0]] = row[2:]
    index = {name: i for i, name in enumerate(METRICS)}
    by_level = {level: {"level": level, "label": str(label), "media": set(), "reads": 0, "followers": 0}
                for level, label in ChannelLevel.choices}
    by_channel: dict[int, dict] = {}
    lang_en = (get_language() or "").startswith("en")
    for pub_id, _published, channel_id, code, name_zh, name_en, level, outlet_id in pubs:
        counts = latest.get(pub_id, (0,) * len(METRICS))
        bucket = by_level[level]
        bucket["media"].add(outlet_id)
        bucket["reads"] += counts[index["reads"]]
        bucket["followers"] += counts[index["followers"]]
        channel = by_channel.setdefault(channel_id, {
            "code": code, "label": (name_en if lang_en and name_en else name_zh), "level": level,
            "reads": 0, "followers": 0})
        channel["reads"] += counts[index["reads"]]
        channel["followers"] += counts[index["followers"]]
    chart.by_level = [{**b, "media": len(b["media"])} for b in by_level.values()]
    ranked = sorted(by_channel.values(), key=lambda c: (-c["reads"], c["code"]))
    chart.by_channel = ranked[:TOP_CHANNELS]
    rest = ranked[TOP_CHANNELS:]
    if rest:
        chart.by_channel.append({"code": "", "label": "…", "level": "", "reads": sum(c["reads"] for c in rest),
                                 "followers": sum(c["followers"] for c in rest), "others": len(rest)})

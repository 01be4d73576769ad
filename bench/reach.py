"""Benchmark of reach "as of" a moment: one event, a whole campaign, and the pages that show them.

    .venv/bin/python bench/reach.py [--snapshots 2000000] [--database both|sqlite|postgres]
                                    [--database-url postgres://postgres@127.0.0.1:5432/yunzhao_bench_reach]

Builds, with bulk inserts, 2,000 channels of 500 outlets on the five media levels, one campaign of
200 events, 50 publications per event on average (20 to 80: 10,000 in all), and ``--snapshots``
hourly metric snapshots spread evenly over the publications, in a throwaway SQLite file and in a
PostgreSQL database that the script creates and drops (``--database both``, the default, runs one
after the other, each in its own process). Then it measures, with the number of queries of each:

- ``reach_as_of`` of a ``Scope``, as the pages, the API and the bulletin call it, for one event (at a
  moment in the middle of its snapshots) and for the whole campaign (after the last snapshot: every
  publication, every latest snapshot);
- the same figures computed by one hand-written SQL query (``LATERAL`` on PostgreSQL, a correlated
  subquery on SQLite), run in alternation with it, and the ratio of the two (goal ≤ 1.5). Both sides
  are given the subject and the moment and return a ``Reach``, and the two must be equal;
- the same figure through the ORM (``reach_as_of`` of a queryset, the definition for any set of
  publications), which must be equal too;
- the event and campaign reach pages and the drill-down rows (through Django's test client, as a
  media editor), and the chart data, for a small and a large event: their query counts must match;
- the chart's JSON for the event and for the campaign.

Results are printed and written to ``bench/results/reach-<database>-<timestamp>.json`` and ``.md``.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    git_commit,
    machine,
    markdown_table,
    peak_rss_mb,
    text_table,
    throwaway_database,
    write_results,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/yunzhao_bench_reach"
CHANNELS = 2000
OUTLETS = 500
EVENTS = 200
PUBLICATIONS_PER_EVENT = (20, 80)
LEVELS = [("central", 10), ("provincial", 20), ("city", 30), ("district", 35), ("overseas", 5)]
KINDS = ["tv", "newspaper", "news_app", "video", "social", "website", "outdoor"]
METRICS = ("reads", "plays", "likes", "shares", "comments", "followers")
START = dt.datetime(2021, 3, 30, 6, 0, tzinfo=dt.UTC)  # 14:00 in Jinan
REPEAT = 5


def build(snapshots: int) -> dict:
    """Units, users, outlets, channels, one campaign of events, publications and snapshots, in bulk."""
    from django.db import connection, transaction

    from yunzhao.campaigns.models import Campaign, Event
    from yunzhao.orgs.choices import Role, UnitKind
    from yunzhao.orgs.models import Unit, User
    from yunzhao.orgs.reference import ensure_units
    from yunzhao.reach.models import Channel, MetricSnapshot, Outlet, Publication

    rng = random.Random(20210330)
    units = ensure_units()
    editor = User.objects.create(username="bench-editor", role=Role.MEDIA_EDITOR, unit=units["jdng"])
    owners = list(Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]).order_by("kind", "order"))

    outlets = Outlet.objects.bulk_create([Outlet(name_zh=f"基准媒体{i:04d}", name_en=f"Bench outlet {i:04d}")
                                          for i in range(OUTLETS)])
    levels = [level for level, weight in LEVELS for _ in range(weight)]
    channels = Channel.objects.bulk_create([
        Channel(code=f"ch{i:04d}", outlet=outlets[i % OUTLETS], name_zh=f"基准渠道{i:04d}", level=levels[i % 100],
                kind=KINDS[i % len(KINDS)], owner="own" if i % 25 == 0 else "external")
        for i in range(CHANNELS)
    ], batch_size=1000)
    campaign = Campaign.objects.create(name_zh="基准系列推介活动", starts_on=START.date(),
                                       ends_on=START.date() + dt.timedelta(days=120), created_by=editor)
    events = Event.objects.bulk_create([
        Event(campaign=campaign, title_zh=f"基准推介会{i:03d}", level="city" if i == 0 else "district" if i <= 12
              else "special", owner_unit=units["jnipb"] if i == 0 else owners[i % len(owners)],
              starts_at=START + dt.timedelta(hours=12 * i), created_by=editor)
        for i in range(EVENTS)
    ])
    publications = []
    for event in events:
        for channel in rng.sample(channels, rng.randint(*PUBLICATIONS_PER_EVENT)):
            publications.append(Publication(event=event, channel=channel, kind="live" if channel.kind == "video"
                                            else "article", created_by=editor,
                                            published_at=event.starts_at + dt.timedelta(minutes=rng.randrange(0, 180))))
    Publication.objects.bulk_create(publications, batch_size=2000)

    per_publication = max(snapshots // len(publications), 1)
    table = MetricSnapshot._meta.db_table
    columns = ["publication_id", "taken_at", *METRICS, "source", "created_by_id", "created_at"]
    created_at = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))

    def rows():
        left = snapshots
        for position, pub in enumerate(publications):
            n = min(per_publication + (1 if position < snapshots % len(publications) else 0), left)
            left -= n
            first = pub.published_at.replace(minute=0) + dt.timedelta(hours=1)
            counts = [0] * len(METRICS)
            for hour in range(n):
                counts = [c + rng.randrange(0, 5000 >> (i % 3)) for i, c in enumerate(counts)]
                yield (pub.pk, connection.ops.adapt_datetimefield_value(first + dt.timedelta(hours=hour)), *counts,
                       "import", editor.pk, created_at)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.connection.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
            batch = []
            with connection.cursor() as cursor:
                for row in rows():
                    batch.append(row)
                    if len(batch) == 50_000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    sizes = Counter(p.event_id for p in publications)
    by_size = sorted(events, key=lambda e: sizes[e.pk])
    middle = events[EVENTS // 2]
    return {
        "editor": editor, "campaign": campaign, "event": middle, "small": by_size[0], "large": by_size[-1],
        "event_as_of": middle.starts_at + dt.timedelta(hours=per_publication // 2, minutes=30),
        "campaign_as_of": events[-1].starts_at + dt.timedelta(hours=per_publication + 6),
        "publications": len(publications), "per_publication": per_publication,
    }


def hand_written_sql(where: str, vendor: str) -> str:
    """One query for the whole ``Reach``: totals, publications counted and not, media, media by level.

    The latest snapshot of each publication is found the fastest way each database offers: a
    ``LATERAL`` join on PostgreSQL, and on SQLite (which has none) a correlated subquery returning the
    row id from the (publication, time) index, which holds it.
    """
    from yunzhao.reach.models import Channel, MetricSnapshot, Publication

    snapshots = MetricSnapshot._meta.db_table
    by_level = ", ".join(f"COUNT(DISTINCT CASE WHEN level = '{level}' THEN outlet_id END) AS m_{level}"
                         for level, _ in LEVELS)
    sums = ", ".join(f"COALESCE(SUM(s.{m}), 0) AS {m}" for m in METRICS)
    if vendor == "postgresql":
        latest = f"""pubs JOIN LATERAL (SELECT s.* FROM {snapshots} s
                       WHERE s.publication_id = pubs.id AND s.taken_at <= %(t)s
                       ORDER BY s.taken_at DESC LIMIT 1) s ON true"""
    else:
        latest = f"""(SELECT (SELECT s.id FROM {snapshots} s
                             WHERE s.publication_id = pubs.id AND s.taken_at <= %(t)s
                             ORDER BY s.taken_at DESC LIMIT 1) AS sid FROM pubs) latest
                     JOIN {snapshots} s ON s.id = latest.sid"""
    return f"""
        WITH pubs AS (
            SELECT p.id, c.outlet_id, c.level
            FROM {Publication._meta.db_table} p JOIN {Channel._meta.db_table} c ON c.id = p.channel_id
            WHERE {where} AND p.published_at <= %(t)s
        )
        SELECT a.*, b.*
        FROM (SELECT COUNT(*) AS publications, COUNT(DISTINCT outlet_id) AS media, {by_level} FROM pubs) a
        CROSS JOIN (SELECT COUNT(s.id) AS counted, {sums} FROM {latest}) b
    """


def hand_reach(sql: str, subject_id: int, as_of: dt.datetime):
    """Run the hand-written query and return its figure as a ``Reach``, as ``reach_as_of`` does."""
    from django.db import connection

    from yunzhao.reach.selectors import Reach

    with connection.cursor() as cursor:
        cursor.execute(sql, {"id": subject_id, "t": connection.ops.adapt_datetimefield_value(as_of)})
        row = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
    return Reach(as_of=as_of, totals={m: int(row[m]) for m in METRICS}, publications=row["publications"],
                 publications_without_snapshot=row["publications"] - row["counted"], media=row["media"],
                 media_by_level={level: row[f"m_{level}"] for level, _ in LEVELS})


def counted(fn):
    """Run ``fn`` once to warm up, then ``REPEAT`` times; the median wall time, the median time spent in
    the database, the number of queries of one run (all the same), and the last result.

    Queries are counted with an execute wrapper, which sees every query whatever happens to the
    connection during a request.
    """
    from django.db import connection

    fn()
    runs: list[tuple[float, float, int]] = []
    result = None
    for _ in range(REPEAT):
        in_db = [0.0, 0]

        def wrapper(execute, sql, params, many, context, in_db=in_db):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                in_db[0] += time.perf_counter() - start
                in_db[1] += 1

        with connection.execute_wrapper(wrapper):
            start = time.perf_counter()
            result = fn()
            runs.append((time.perf_counter() - start, in_db[0], in_db[1]))
    wall = statistics.median(r[0] for r in runs)
    db = statistics.median(r[1] for r in runs)
    return wall, db, runs[-1][2], result


def side_by_side(first, second, *, budget: float = 3.0) -> tuple[tuple, tuple, int]:
    """Measure two ways of computing one figure in alternation, so that both meet the same load.

    At least ``3 * REPEAT`` rounds, and more (up to 500) for figures of a millisecond or less, as many
    as fit in about ``budget`` seconds: on a loaded machine a tenth of a millisecond is noisy. Every
    other round runs the second one first: on PostgreSQL the first query of a pair was measured
    slower than the second, whichever it was, by up to a millisecond.
    """
    from django.db import connection

    runs: dict[int, list[tuple[float, float, int]]] = {0: [], 1: []}
    start = time.perf_counter()
    results = [first(), second()]
    rounds = max(3 * REPEAT, min(500, int(budget / max(time.perf_counter() - start, 1e-6))))
    for round_ in range(rounds):
        for index in (0, 1) if round_ % 2 == 0 else (1, 0):
            fn = (first, second)[index]
            in_db = [0.0, 0]

            def wrapper(execute, sql, params, many, context, in_db=in_db):
                start = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    in_db[0] += time.perf_counter() - start
                    in_db[1] += 1

            with connection.execute_wrapper(wrapper):
                start = time.perf_counter()
                results[index] = fn()
                runs[index].append((time.perf_counter() - start, in_db[0], in_db[1]))
    return tuple(
        (statistics.median(r[0] for r in runs[i]), statistics.median(r[1] for r in runs[i]), runs[i][-1][2],
         results[i])
        for i in (0, 1)
    ) + (rounds,)


def run(snapshots: int, database: str) -> tuple[list[dict], dict]:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from yunzhao.campaigns.models import Event
    from yunzhao.reach.chart import reach_chart
    from yunzhao.reach.selectors import Scope, publications_for, reach_as_of

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results: list[dict] = []
    info: dict = {}

    def note(name: str, seconds: float, *, db: float | None = None, queries: int | str = "", rows: int | str = "",
             ratio: str = "", notes: str = "") -> None:
        results.append({"measurement": name, "rows": rows, "ms": round(seconds * 1000, 2 if seconds < 0.01 else 1),
                        "db_ms": round(db * 1000, 2 if db < 0.01 else 1) if db is not None else "", "queries": queries, "ratio": ratio,
                        "notes": notes})
        print(f"  {name}: {seconds * 1000:.1f} ms, {queries} queries {notes}", flush=True)

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    world = build(snapshots)
    note("setup: bulk insert (not a product path)", time.perf_counter() - start, rows=snapshots,
         notes=f"{world['publications']:,} publications, {world['per_publication']} snapshots each")

    event, campaign = world["event"], world["campaign"]
    event_where = "p.event_id = %(id)s"
    campaign_where = (f"(p.campaign_id = %(id)s OR p.event_id IN "
                      f"(SELECT id FROM {Event._meta.db_table} WHERE campaign_id = %(id)s))")
    for label, kind, where, subject, moment in [
        ("one event", "event", event_where, event, world["event_as_of"]),
        ("whole campaign", "campaign", campaign_where, campaign, world["campaign_as_of"]),
    ]:
        # Both sides get the subject and the moment and return a ``Reach``. The product keeps its
        # statement once built; the hand-written query is written once here too.
        sql = hand_written_sql(where, connection.vendor)
        (wall, db, queries, reach), (hand_wall, hand_db, hand_queries, hand), rounds = side_by_side(
            lambda kind=kind, subject=subject, moment=moment: reach_as_of(Scope.of(**{kind: subject}), moment),
            lambda sql=sql, subject=subject, moment=moment: hand_reach(sql, subject.pk, moment))
        # The ORM's queryset, the definition for any set of publications, as a third opinion.
        orm_wall, orm_db, orm_queries, orm = counted(
            lambda kind=kind, subject=subject, moment=moment: reach_as_of(publications_for(**{kind: subject}),
                                                                          moment))
        agree = reach == hand == orm
        key = label.replace(" ", "_")
        info[f"agree_{key}"] = agree
        info[f"ratio_{key}"] = {"wall": round(wall / hand_wall, 2), "db": round(db / hand_db, 2), "rounds": rounds}
        rows = reach.publications - reach.publications_without_snapshot
        note(f"reach_as_of, {label}", wall, db=db, queries=queries, rows=rows,
             ratio=f"{wall / hand_wall:.2f} (db {db / hand_db:.2f})",
             notes=f"{reach.publications:,} publications, {reach.media} media; same Reach as SQL and ORM: {agree}; "
                   f"{rounds} rounds")
        note(f"hand-written SQL, {label}", hand_wall, db=hand_db, queries=hand_queries, rows=rows, ratio="1.00")
        note(f"ORM queryset (reference), {label}", orm_wall, db=orm_db, queries=orm_queries, rows=rows,
             ratio=f"{orm_wall / hand_wall:.2f} (db {orm_db / hand_db:.2f})", notes="not timed in alternation")

    client = Client()
    client.force_login(world["editor"])
    local = dt.timezone(dt.timedelta(hours=8))
    page_queries: dict[str, int] = {}
    for size in ("small", "large"):
        subject = world[size]
        pubs = subject.publications.count()
        # Each event as of the middle of its own snapshots.
        moment = subject.starts_at + (world["event_as_of"] - world["event"].starts_at)
        as_of = moment.astimezone(local).strftime("%Y-%m-%dT%H:%M")
        for page, name in [("event", "reach page"), ("event-rows", "drill-down rows"), ("event-chart", "chart data")]:
            url = reverse(f"reach:{page}", args=[subject.pk])

            def get(url=url, as_of=as_of):
                response = client.get(url, {"as_of": as_of})
                assert response.status_code == 200, response.status_code
                return response

            wall, db, queries, _ = counted(get)
            page_queries[f"{page}-{size}"] = queries
            note(f"event {name}, {size} event", wall, db=db, queries=queries, rows=pubs,
                 notes=f"{pubs} publications")
    info["page_queries_fixed"] = all(page_queries[f"{p}-small"] == page_queries[f"{p}-large"]
                                     for p in ("event", "event-rows", "event-chart"))
    campaign_as_of = world["campaign_as_of"].astimezone(local).strftime("%Y-%m-%dT%H:%M")
    for page, name in [("campaign", "campaign reach page"), ("campaign-chart", "campaign chart data")]:
        url = reverse(f"reach:{page}", args=[campaign.pk])
        wall, db, queries, _ = counted(lambda url=url: client.get(url, {"as_of": campaign_as_of}))
        note(name, wall, db=db, queries=queries, rows=world["publications"], notes=f"{world['publications']:,} "
             "publications")
    figures(client, world, note, info)
    wall, db, queries, chart = counted(
        lambda: reach_chart(publications_for(campaign=campaign), world["campaign_as_of"]))
    note("reach_chart, whole campaign", wall, db=db, queries=queries, rows=len(chart.times),
         notes=f"{len(chart.times)} points by {chart.granularity}")
    return results, info


def figures(client, world: dict, note, info: dict) -> None:
    """The reach figures page and GET /api/v1/reach, for one district, one level and the whole campaign
    (every channel: the page shows 50 of them, the API all), and a channel's drill-down."""
    from django.urls import reverse

    from yunzhao.reach.models import Publication

    campaign = world["campaign"]
    local = world["campaign_as_of"].astimezone(dt.timezone(dt.timedelta(hours=8)))
    moment = {"date": f"{local:%Y-%m-%d}", "time": f"{local:%H:%M}"}
    district = world["small"].owner_unit_id
    channel = Publication.objects.filter(event__campaign=campaign).values_list("channel_id", flat=True).first()
    queries_of: dict[str, int] = {}
    for label, params in [
        ("one district", {"district": district}),
        ("central level of the campaign", {"campaign": campaign.pk, "level": "central"}),
        ("whole campaign", {"campaign": campaign.pk}),
        ("whole campaign, a channel's drill-down", {"campaign": campaign.pk, "channel": channel}),
    ]:
        publications = Publication.objects.filter(event__campaign=campaign)
        if "district" in params:
            publications = publications.filter(event__owner_unit_id=district)
        if "level" in params:
            publications = publications.filter(channel__level=params["level"])
        pubs = publications.count()
        for where, url in (("figures page", reverse("reach:figures")), ("GET /api/v1/reach", "/api/v1/reach")):
            if where.startswith("GET") and "channel" in params:
                continue

            def get(url=url, params=params):
                response = client.get(url, {**params, **moment} if url.startswith("/reach") else
                                      {**params, "as_of": f"{local:%Y-%m-%dT%H:%M}"})
                assert response.status_code == 200, response.status_code
                return response

            wall, db, queries, _ = counted(get)
            queries_of[f"{where}, {label}"] = queries
            note(f"reach {where}, {label}", wall, db=db, queries=queries, rows=pubs, notes=f"{pubs:,} publications")
    # A scope of the same shape takes the same queries, whatever its size (naming a campaign or a
    # district costs one query of its own on the API, where nothing else reads the lists of them).
    info["figures_queries_fixed"] = (
        queries_of["figures page, central level of the campaign"] == queries_of["figures page, whole campaign"]
        and queries_of["GET /api/v1/reach, central level of the campaign"]
        == queries_of["GET /api/v1/reach, whole campaign"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=int, default=2_000_000, help="how many metric snapshots to build")
    parser.add_argument("--database", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--database-url", default=DEFAULT_POSTGRES, help="the PostgreSQL database to create and drop")
    args = parser.parse_args()
    if args.database == "both":
        for database in ("sqlite", "postgres"):
            command = [sys.executable, __file__, "--snapshots", str(args.snapshots), "--database", database,
                       "--database-url", args.database_url]
            subprocess.run(command, check=True)  # noqa: S603 - our own script
        return

    with throwaway_database(None if args.database == "sqlite" else args.database_url) as database:
        import django

        django.setup()
        print(f"Reach benchmark: {args.snapshots:,} snapshots on {database}", flush=True)
        started = dt.datetime.now()
        load_before = os.getloadavg()[0]
        results, info = run(args.snapshots, database)
        load_after = os.getloadavg()[0]

    header = ["measurement", "rows", "ms", "in database, ms", "queries", "× hand-written SQL", "notes"]
    table = [[r["measurement"], r["rows"], r["ms"], r["db_ms"], r["queries"], r["ratio"], r["notes"]]
             for r in results]
    command = f"bench/reach.py --snapshots {args.snapshots} --database {args.database}"
    about = machine()
    summary = [
        f"Reach benchmark, {CHANNELS:,} channels, {EVENTS} events, {args.snapshots:,} snapshots, {database}, "
        f"{started:%Y-%m-%d %H:%M}",
        f"Machine: {about['cpu']}, {about['cores']} cores, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; Python {about['python']}; commit {git_commit() or os.environ.get('COMMIT', '')}",
        f"Command: .venv/bin/python {command}",
    ]
    notes = ["Times are medians of 5 runs after a warm-up (for reach_as_of and its hand-written query, of the "
             "rounds shown, run in alternation); “in database” is the time spent executing the queries (the rest is Python: building "
             "queries, rendering); “× hand-written SQL” compares wall times (and, in brackets, database times) "
             "with one hand-written query computing the same figure.",
             f"Page query counts equal for the small and the large event: {info['page_queries_fixed']}",
             f"Reach figures page and GET /api/v1/reach: the same query count for the campaign's central channels "
             f"and for the whole campaign: {info['figures_queries_fixed']}",
             f"reach_as_of, the hand-written SQL and the ORM queryset give equal Reach figures: "
             f"event {info['agree_one_event']}, campaign {info['agree_whole_campaign']}"]
    print()
    print("\n".join(summary))
    print(text_table(header, table))
    print("\n".join(notes))
    markdown = "\n\n".join(["\n".join(f"{line}  " for line in summary), markdown_table(header, table),
                            "\n".join(f"- {line}" for line in notes)])
    payload = {"benchmark": "reach", "date": started.isoformat(timespec="seconds"), "database": database,
               "snapshots": args.snapshots, "channels": CHANNELS, "events": EVENTS, "command": command,
               "machine": about, "load_average": [round(load_before, 1), round(load_after, 1)],
               "commit": git_commit() or os.environ.get("COMMIT", ""), "results": results, **info,
               "peak_rss_mb": round(peak_rss_mb())}
    json_path, md_path = write_results("reach", database, payload, markdown)
    print(f"Written: {os.path.relpath(json_path)} and {os.path.relpath(md_path)}")


if __name__ == "__main__":
    main()

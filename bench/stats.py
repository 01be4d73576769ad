"""Benchmark of the statistics: the annual bulletin, the dashboards' data and the figures page's data.

    .venv/bin/python bench/stats.py [--database both|sqlite|postgres] [--scale 1.0]
                                    [--database-url postgres://postgres@127.0.0.1:5432/yunzhao_bench_stats]

Builds, with bulk loading (``COPY`` on PostgreSQL, ``executemany`` on SQLite), a ledger of projects
across the 12 districts, every stage, yuan and dollar amounts and five years of dates, their
signings at events (a credited first signing for most signed projects, and capital increases
signed later), capital-in-place records (foreign in dollars and in yuan, domestic) and the monthly
US-dollar rates with a gap. Sizes: 1,000,000 projects and 5,000,000 capital records on PostgreSQL,
100,000 and 500,000 on SQLite; ``--scale 0.01`` shrinks both for a quick run. ``--database both``
(the default) runs SQLite and then PostgreSQL, each in its own process; the PostgreSQL database is
created and dropped by the script.

It measures, with the number of SQL queries of each (which must not depend on the data size: they
are counted once on 1 % of the data and again on all of it):

- the annual bulletin of last year (``stats.bulletin.build``: every figure and last year's);
- each figure of the bulletin alone (``stats.figures.compute``) against one hand-written SQL query
  computing the same numbers for the year and the year before, the two run in alternation; the
  ratio of their times (goal ≤ 1.5) and whether they agree;
- the district ranking (``stats.figures.ranking``) against one hand-written ``GROUP BY``;
- the figures page's data (headline, signed, watch lists, the district table, the conversion funnel);
- the leadership dashboard and the big screen's data (``dashboards.selectors.leadership`` / ``screen``).

Results are printed and written to ``bench/results/stats-<database>-<timestamp>.json`` and ``.md``.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
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

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/yunzhao_bench_stats"
SIZES = {"postgresql": (1_000_000, 5_000_000), "sqlite": (100_000, 500_000)}
FIRST_SLICE = 0.01  # query counts are taken on this share of the data, then on all of it
REPEAT = 3
YEARS = 5  # of dates, ending today
# Stage weights of the ledger (lead … lost).
STAGES = [
    ("lead", 15),
    ("negotiating", 12),
    ("expected", 8),
    ("signed", 20),
    ("registered", 10),
    ("started", 18),
    ("production", 12),
    ("paused", 3),
    ("lost", 2),
]
BEFORE_SIGNED = ("lead", "negotiating", "expected")
BEFORE_STARTED = (*BEFORE_SIGNED, "signed", "registered")
BEFORE_PRODUCTION = (*BEFORE_STARTED, "started")
BULLETIN = [
    "signed_ge1",
    "signed_ge50",
    "signed_ge100",
    "foreign_capital",
    "domestic_capital",
    "projects_started",
    "projects_in_production",
]
EVENTS = 120
INDUSTRIES = [
    "new_energy",
    "smart_manufacturing",
    "automotive",
    "digital_economy",
    "semiconductors",
    "biomedicine",
    "new_materials",
    "logistics",
    "commerce",
    "other",
]
BATCH = 50_000


# --- building the data ------------------------------------------------------------------------------


def _stage_table(rng: random.Random) -> list[str]:
    return [stage for stage, weight in STAGES for _ in range(weight)]


def _amount(rng: random.Random, low: float, high: float) -> Decimal:
    """A log-uniform amount in whole 万 (most projects are small, a few are huge)."""
    return Decimal(int(10 ** rng.uniform(low, high) / 10_000) * 10_000 or 10_000)


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


class World:
    """What the rows refer to: districts and their zones, events, the time span, the bench user."""

    def __init__(self, today: dt.date):
        from yunzhao.campaigns.models import Campaign, Event
        from yunzhao.orgs.choices import Role, UnitKind
        from yunzhao.orgs.models import Unit, User
        from yunzhao.orgs.reference import ensure_units
        from yunzhao.projects.models import ExchangeRate

        units = ensure_units()
        self.user = User.objects.create(username="bench-stats", role=Role.CITY_STAFF, unit=units["jnipb"])
        self.districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("order"))
        self.zones = {d.pk: [z.pk for z in d.zones.all()] for d in self.districts}
        self.today = today
        self.first = dt.date(today.year - YEARS + 1, 1, 1)
        campaign = Campaign.objects.create(
            name_zh="基准云招商", starts_on=self.first, ends_on=today, created_by=self.user
        )
        span = (today - self.first).days
        self.events = [
            e.pk
            for e in Event.objects.bulk_create(
                [
                    Event(
                        campaign=campaign if i % 3 else None,
                        title_zh=f"基准推介会{i:03d}",
                        level=["provincial", "city", "district", "special"][i % 4],
                        owner_unit=units["jnipb"],
                        starts_at=dt.datetime.combine(
                            self.first + dt.timedelta(days=span * i // EVENTS), dt.time(6), tzinfo=dt.UTC
                        ),
                        created_by=self.user,
                    )
                    for i in range(EVENTS)
                ]
            )
        ]
        # Monthly dollar rates from a year before the data, with one month missing (the month before
        # is used then, as the definitions say).
        rates, month, rng = [], dt.date(self.first.year - 1, 1, 1), random.Random(7)
        while month <= today:
            if (month.year, month.month) != (today.year - 1, 5):
                rates.append(
                    ExchangeRate(
                        month=month, currency="USD", rate_to_cny=Decimal(f"{rng.uniform(6.3, 7.3):.4f}")
                    )
                )
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        ExchangeRate.objects.bulk_create(rates)


def project_rows(world: World, first_id: int, last_id: int, signed: dict):
    """Projects ``first_id``..``last_id``; ``signed`` collects their signing dates and amounts in yuan."""
    stages = _stage_table(random.Random(0))
    stamp = dt.datetime(world.today.year, 1, 1, tzinfo=dt.UTC)
    for pk in range(first_id, last_id + 1):
        rng = random.Random(pk)
        district = world.districts[rng.randrange(len(world.districts))]
        zones = world.zones[district.pk]
        stage = stages[rng.randrange(len(stages))]
        usd = rng.random() < 0.08
        total = _amount(rng, 6.0, 9.6) if usd else _amount(rng, 6.5, 10.5)
        rate = Decimal(f"{rng.uniform(6.4, 7.2):.4f}") if usd else Decimal(1)
        signed_on = started_on = production_on = None
        reached_signing = stage not in BEFORE_SIGNED or rng.random() < 0.02  # a few moved back (corrections)
        if stage in ("paused", "lost"):
            reached_signing = rng.random() < 0.5
        if reached_signing:
            signed_on = _day(rng, world.first, world.today)
            if stage in ("started", "production"):
                started_on = min(signed_on + dt.timedelta(days=rng.randrange(30, 400)), world.today)
            if stage == "production":
                production_on = min(started_on + dt.timedelta(days=rng.randrange(60, 500)), world.today)
            if stage not in BEFORE_SIGNED:
                signed[pk] = (signed_on, total * rate, usd)
        key = rng.random() < 0.03
        yield {
            "id": pk,
            "created_at": stamp,
            "updated_at": stamp,
            "code": f"BS-{pk:07d}",
            "name_zh": f"基准项目{pk:07d}",
            "name_en": f"Bench project {pk:07d}",
            "district_id": district.pk,
            "zone_id": zones[rng.randrange(len(zones))] if zones and rng.random() < 0.25 else None,
            "industry": INDUSTRIES[pk % len(INDUSTRIES)],
            "kind": "new",
            "source": "foreign" if usd or rng.random() < 0.1 else "domestic",
            "total_investment": total,
            "currency": "USD" if usd else "CNY",
            "exchange_rate": rate,
            "land_area_mu": None,
            "phases": "",
            "description": "",
            "officer_id": None,
            "leader": ["张", "王", "李", ""][pk % 4] if key else "",
            "is_key": key,
            "anchor_id": None,
            "stage": stage,
            "stage_reason": "基准" if stage in ("paused", "lost") else "",
            "stage_changed_at": None,
            "signed_on": signed_on,
            "started_on": started_on,
            "production_on": production_on,
            "created_by_id": None,
        }


def signing_rows(world: World, signed: dict, first_id: int):
    """A credited first signing for three in four signed projects, and a later increase for one in ten."""
    stamp = dt.datetime(world.today.year, 1, 1, tzinfo=dt.UTC)
    pk = first_id
    for project_id, (signed_on, yuan, _usd) in signed.items():
        rng = random.Random(-project_id)
        if rng.random() >= 0.75:
            continue  # signed by a stage change alone
        events = rng.sample(world.events, 2)
        rows = [(events[0], signed_on, yuan, True, yuan)]
        if rng.random() < 0.1:
            later = min(signed_on + dt.timedelta(days=rng.randrange(30, 300)), world.today)
            rows.append((events[1], later, yuan * Decimal("1.2"), False, yuan * Decimal("0.2")))
        for event, day, amount, credited, credited_amount in rows:
            yield {
                "id": pk,
                "created_at": stamp,
                "updated_at": stamp,
                "event_id": event,
                "project_id": project_id,
                "parties": "甲方；乙方",
                "signed_on": day,
                "mode": "online",
                "amount": amount.quantize(Decimal("0.01")),
                "currency": "CNY",
                "exchange_rate": Decimal(1),
                "agreement": "",
                "credited_project": credited,
                "credited_amount_cny": credited_amount.quantize(Decimal("0.01")),
                "note": "",
                "created_by_id": None,
            }
            pk += 1


def capital_rows(world: World, projects: list[int], first_id: int, count: int):
    """``count`` capital-in-place records of the given projects, spread over the years."""
    stamp = dt.datetime(world.today.year, 1, 1, tzinfo=dt.UTC)
    rng = random.Random(first_id)
    for pk in range(first_id, first_id + count):
        foreign = rng.random() < 0.3
        usd = foreign and rng.random() < 0.7
        yield {
            "id": pk,
            "created_at": stamp,
            "updated_at": stamp,
            "project_id": projects[rng.randrange(len(projects))],
            "received_on": _day(rng, world.first, world.today),
            "amount": _amount(rng, 4.5, 8.5),
            "currency": "USD" if usd else "CNY",
            "exchange_rate": Decimal(f"{rng.uniform(6.4, 7.2):.4f}") if usd else Decimal(1),
            "source": "foreign" if foreign else "domestic",
            "note": "",
            "created_by_id": None,
        }


def load(model, rows) -> int:
    """Bulk-load dicts into ``model``'s table: ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
    from django.db import connection, transaction

    table = model._meta.db_table
    columns = None
    loaded = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            copy_ctx = None
            with connection.connection.cursor() as cursor:
                for row in rows:
                    if columns is None:
                        columns = list(row)
                        copy_ctx = cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
                        copy = copy_ctx.__enter__()
                    copy.write_row([row[c] for c in columns])
                    loaded += 1
                if copy_ctx is not None:
                    copy_ctx.__exit__(None, None, None)
        else:
            batch: list = []
            with connection.cursor() as cursor:
                for row in rows:
                    if columns is None:
                        columns = list(row)
                        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('%s' for _ in columns)})"
                    batch.append([_sqlite(row[c]) for c in columns])
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        loaded += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    loaded += len(batch)
    return loaded


def _sqlite(value):
    """Values as Django writes them to SQLite: decimals as text, datetimes in UTC without an offset."""
    from django.db import connection

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from yunzhao.campaigns.models import Signing
    from yunzhao.projects.models import CapitalRecord, Project

    statements = connection.ops.sequence_reset_sql(no_style(), [Project, CapitalRecord, Signing])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def build(world: World, projects: tuple[int, int], capital: tuple[int, int], state: dict) -> dict:
    """Load projects ``projects[0]+1..projects[1]`` with their signings, and capital records likewise."""
    from yunzhao.campaigns.models import Signing
    from yunzhao.projects.models import CapitalRecord, Project

    timings = {}
    signed: dict = {}
    start = time.perf_counter()
    timings["projects"] = load(Project, project_rows(world, projects[0] + 1, projects[1], signed))
    state.setdefault("signed_ids", []).extend(signed)
    timings["signings"] = load(Signing, signing_rows(world, signed, state.get("next_signing", 1)))
    state["next_signing"] = state.get("next_signing", 1) + timings["signings"]
    timings["capital"] = load(
        CapitalRecord, capital_rows(world, state["signed_ids"], capital[0] + 1, capital[1] - capital[0])
    )
    reset_sequences()
    timings["seconds"] = time.perf_counter() - start
    return timings


# --- hand-written SQL ---------------------------------------------------------------------------------
#
# Each query computes one figure (for the period and the same period a year earlier), or one figure
# split by a key (district, industry, month), in one statement. Amounts in dollars are converted in
# one of two forms: ``join`` (each month's rate as a table, joined on the month: a hash join) or
# ``lookup`` (the latest rate on or before the day, a correlated lookup through the rate table's
# index, as the product does). Converted figures are timed in both forms and compared with the faster.

JOIN, LOOKUP = "join", "lookup"
KEYS = {"district": "p.district_id", "industry": "p.industry", "project": "p.id", None: "NULL"}


def _tables() -> dict[str, str]:
    from yunzhao.campaigns.models import Event, Signing
    from yunzhao.orgs.models import Unit
    from yunzhao.projects.models import CapitalRecord, ExchangeRate, Project, SchedulingUpdate

    return {
        "projects": Project._meta.db_table,
        "capital": CapitalRecord._meta.db_table,
        "signings": Signing._meta.db_table,
        "rates": ExchangeRate._meta.db_table,
        "updates": SchedulingUpdate._meta.db_table,
        "events": Event._meta.db_table,
        "units": Unit._meta.db_table,
    }


def _rates_ctes(vendor: str) -> str:
    """``monthly``: the dollar rate that holds in each month (a month without one keeps the last before).

    Joining on the month then is an equality, which the database hashes; built with
    ``generate_series`` on PostgreSQL and a recursive CTE on SQLite.
    """
    rates = f"""rates AS (
        SELECT currency, month AS month_from,
               LEAD(month) OVER (PARTITION BY currency ORDER BY month) AS month_to, rate_to_cny
        FROM {_tables()["rates"]})"""
    if vendor == "postgresql":
        return f"""WITH RECURSIVE {rates},
        monthly AS (
            SELECT r.currency, m::date AS month, r.rate_to_cny
            FROM rates r,
                 generate_series(r.month_from,
                                 COALESCE(r.month_to - interval '1 month', date_trunc('month', %(end)s::date)),
                                 interval '1 month') m)"""
    return f"""WITH RECURSIVE {rates},
        monthly(currency, month, rate_to_cny, month_to) AS (
            SELECT currency, month_from, rate_to_cny, COALESCE(month_to, date(%(end)s, 'start of month', '+1 month'))
            FROM rates
            UNION ALL
            SELECT currency, date(month, '+1 month'), rate_to_cny, month_to FROM monthly
            WHERE date(month, '+1 month') < month_to)"""


def _month(day: str, vendor: str) -> str:
    """The first day of the month of ``day``, as the rate table writes months."""
    return f"date_trunc('month', {day})::date" if vendor == "postgresql" else f"strftime('%%Y-%%m-01', {day})"


def _lookup(currency: str, day: str) -> str:
    """The rate of ``currency`` for the month of ``day`` or the latest before: one index lookup."""
    return (
        f"(SELECT r.rate_to_cny FROM {_tables()['rates']} r WHERE r.currency = {currency} "
        f"AND r.month <= {day} ORDER BY r.month DESC LIMIT 1)"
    )


def _pair(condition: str, value: str | None) -> str:
    """Count and sum for this period (``t``) and last year's (``l``)."""
    parts = []
    for tag, span in (
        ("t", "BETWEEN %(start)s AND %(end)s"),
        ("l", "BETWEEN %(last_start)s AND %(last_end)s"),
    ):
        selected = f"{condition} AND day {span}"
        parts.append(f"SUM(CASE WHEN {selected} THEN 1 ELSE 0 END) AS c_{tag}")
        if value:
            parts.append(f"SUM(CASE WHEN {selected} THEN {value} END) AS a_{tag}")
    return ", ".join(parts)


def _rows(code: str, vendor: str, form: str, key: str | None) -> tuple[str, str]:
    """(CTEs, a derived table) of the rows a figure counts from ``last_start`` to ``end``: ``key``,
    ``day`` and ``value`` (in the figure's currency)."""
    t = _tables()
    k = KEYS[key]
    if code.startswith("signed_"):
        before_signed = ", ".join(f"'{s}'" for s in BEFORE_SIGNED)
        signed = f"""SELECT {k} AS key, p.currency, p.total_investment, p.exchange_rate,
                   COALESCE(s.signed_on, CASE WHEN p.stage IN ({before_signed}) THEN NULL ELSE p.signed_on END) AS day
            FROM {t["projects"]} p
            LEFT JOIN {t["signings"]} s ON s.project_id = p.id AND s.credited_project = %(yes)s"""
        if form == JOIN:
            return (
                _rates_ctes(vendor),
                f"""(
                SELECT x.key, x.day,
                       CASE WHEN x.currency = 'CNY' THEN x.total_investment
                            ELSE ROUND(x.total_investment * COALESCE(r.rate_to_cny, x.exchange_rate), 2) END AS value
                FROM ({signed}) x
                LEFT JOIN monthly r ON x.currency <> 'CNY' AND r.currency = x.currency
                                       AND r.month = {_month("x.day", vendor)}
                WHERE x.day BETWEEN %(last_start)s AND %(end)s)""",
            )
        return (
            "",
            f"""(
            SELECT x.key, x.day,
                   CASE WHEN x.currency = 'CNY' THEN x.total_investment
                        ELSE ROUND(x.total_investment * COALESCE({_lookup("x.currency", "x.day")}, x.exchange_rate), 2)
                   END AS value
            FROM ({signed}) x
            WHERE x.day BETWEEN %(last_start)s AND %(end)s)""",
        )
    if code in ("foreign_capital", "domestic_capital"):
        joined = f"JOIN {t['projects']} p ON p.id = c.project_id" if key in ("district", "industry") else ""
        source = "foreign" if code == "foreign_capital" else "domestic"
        where = f"WHERE c.source = '{source}' AND c.received_on BETWEEN %(last_start)s AND %(end)s"
        if code == "domestic_capital":
            return (
                "",
                f"(SELECT {k} AS key, c.received_on AS day, c.amount_cny AS value FROM {t['capital']} c {joined} {where})",
            )
        if form == JOIN:
            return (
                _rates_ctes(vendor),
                f"""(
                SELECT {k} AS key, c.received_on AS day,
                       CASE WHEN c.currency = 'USD' THEN c.amount ELSE ROUND(c.amount_cny / r.rate_to_cny, 2) END AS value
                FROM {t["capital"]} c {joined}
                LEFT JOIN monthly r ON c.currency <> 'USD' AND r.currency = 'USD'
                                       AND r.month = {_month("c.received_on", vendor)}
                {where})""",
            )
        return (
            "",
            f"""(
            SELECT {k} AS key, c.received_on AS day,
                   CASE WHEN c.currency = 'USD' THEN c.amount
                        ELSE ROUND(c.amount_cny / {_lookup("'USD'", "c.received_on")}, 2) END AS value
            FROM {t["capital"]} c {joined} {where})""",
        )
    date, before = {
        "projects_started": ("started_on", BEFORE_STARTED),
        "projects_in_production": ("production_on", BEFORE_PRODUCTION),
    }[code]
    before_sql = ", ".join(f"'{s}'" for s in before)
    return (
        "",
        f"""(
        SELECT {k} AS key, p.{date} AS day, p.total_investment_cny AS value FROM {t["projects"]} p
        WHERE p.{date} BETWEEN %(last_start)s AND %(end)s AND p.stage NOT IN ({before_sql}))""",
    )


MINIMUM = {"signed_ge1": 100_000_000, "signed_ge50": 5_000_000_000, "signed_ge100": 10_000_000_000}
CONVERTED = ("signed_ge1", "signed_ge50", "signed_ge100", "signed_projects", "foreign_capital")


def hand_sql(code: str, vendor: str, form: str = JOIN, key: str | None = None) -> str:
    """One query computing a figure for the period and the year before, whole or by ``key``
    (``district``, ``industry`` or ``month``, the month of the row's date)."""
    by_month = key == "month"
    ctes, rows = _rows(code, vendor, form, None if by_month else key)
    condition = f"value >= {MINIMUM[code]}" if code in MINIMUM else "1 = 1"
    aggregates = _pair(condition, "value")
    if code == "foreign_capital" and key is None:
        aggregates += (
            ", SUM(CASE WHEN value IS NULL AND day BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END) AS u_t"
        )
    if key is None:
        return f"{ctes} SELECT {aggregates} FROM {rows} x"
    group = _month("x.day", vendor) if by_month else "x.key"
    return f"{ctes} SELECT {group} AS key, {aggregates} FROM {rows} x GROUP BY {group}"


def hand_largest_sql(vendor: str, form: str, limit: int) -> str:
    """The largest projects signed in the period, with their district: the dashboards' top list."""
    ctes, rows = _rows("signed_projects", vendor, form, "project")
    t = _tables()
    return f"""{ctes} SELECT p.id, p.code, p.name_zh, d.name_zh AS district, top.value FROM (
            SELECT x.key, x.value FROM {rows} x WHERE x.day BETWEEN %(start)s AND %(end)s
            ORDER BY x.value DESC, x.key LIMIT {limit}) top
        JOIN {t["projects"]} p ON p.id = top.key JOIN {t["units"]} d ON d.id = p.district_id
        ORDER BY top.value DESC, p.id"""


def _missing_where() -> str:
    t = _tables()
    off = ", ".join(f"'{s}'" for s in ("paused", "lost"))
    return f"""p.is_key = %(yes)s AND p.stage NOT IN ({off})
        AND NOT EXISTS (SELECT 1 FROM {t["updates"]} u WHERE u.project_id = p.id AND u.period_start = %(due)s)"""


def hand_missing_sql() -> str:
    """Key projects missing this period's scheduling update: count and total investment."""
    return (
        f"SELECT COUNT(*) AS c_t, SUM(p.total_investment_cny) AS a_t FROM {_tables()['projects']} p "
        f"WHERE {_missing_where()}"
    )


def hand_overdue_sql(limit: int) -> str:
    """The key projects missing their update, the longest without one first."""
    t = _tables()
    return f"""SELECT p.id, p.code, p.name_zh, d.name_zh AS district, p.total_investment_cny,
               (SELECT MAX(u.period_start) FROM {t["updates"]} u WHERE u.project_id = p.id) AS last_update
        FROM {t["projects"]} p JOIN {t["units"]} d ON d.id = p.district_id
        WHERE {_missing_where()}
        ORDER BY last_update ASC NULLS FIRST, p.total_investment_cny DESC, p.id LIMIT {limit}"""


def hand_stages_sql() -> str:
    return (
        f"SELECT stage AS key, COUNT(*) AS c_t, SUM(total_investment_cny) AS a_t "
        f"FROM {_tables()['projects']} GROUP BY stage"
    )


def hand_live_sql() -> str:
    """The event on air now (the big screen's live tile)."""
    return f"""SELECT id FROM {_tables()["events"]}
        WHERE starts_at <= %(now)s AND status <> 'cancelled'
          AND (ends_at >= %(now)s OR (ends_at IS NULL AND starts_at >= %(four_hours_ago)s))
        ORDER BY starts_at DESC, id DESC LIMIT 1"""


def hand_ranking_sql(vendor: str, form: str = JOIN) -> str:
    """Projects over 1亿 signed in the year, by district: one ``GROUP BY``."""
    return hand_sql("signed_ge1", vendor, form, key="district")


def params_for(period, *, last=None, today: dt.date | None = None) -> dict:
    """Query parameters: the period, last year's (or ``last``), and what the lists read as of today."""
    from django.utils import timezone

    from yunzhao.projects.scheduling import period_start_for

    last = last or period.previous_year()
    now = timezone.now()
    return {
        "start": period.start,
        "end": period.end,
        "last_start": last.start,
        "last_end": last.end,
        "yes": True,
        "due": period_start_for(today or timezone.localdate()),
        "now": now,
        "four_hours_ago": now - dt.timedelta(hours=4),
    }


def run_hand(sql: str, period, params: dict | None = None) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or params_for(period))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _close(a, b) -> bool:
    """Equal to the cent (SQLite sums floating-point numbers, so allow a cent per million rows)."""
    a, b = Decimal(str(a or 0)), Decimal(str(b or 0))
    return abs(a - b) <= max(Decimal("0.01"), abs(b) * Decimal("1e-9"))


def agrees(figure, row: dict) -> bool:
    """Whether a figure (this year and last) equals the hand-written query's numbers."""
    same = int(row["c_t"] or 0) == figure.this.count and int(row["c_l"] or 0) == figure.last.count
    if "a_t" in row:
        same = same and _close(figure.this.amount, row["a_t"]) and _close(figure.last.amount, row["a_l"])
    if "u_t" in row:
        same = same and int(row["u_t"] or 0) == figure.this.unconverted
    return same


def _zero() -> dict:
    return {"c_t": 0, "c_l": 0, "a_t": 0, "a_l": 0}


def hand_dashboard(vendor: str, forms: dict[str, str], today: dt.date, *, screen: bool = False) -> dict:
    """One hand-written query per figure the leadership dashboard (or the big screen) shows:
    ``{name: (sql, params)}``. ``forms`` gives the faster conversion form of signed projects and of
    foreign capital, as measured on the bulletin's figures."""
    from yunzhao.dashboards import selectors as dashboards
    from yunzhao.stats import periods
    from yunzhao.stats.figures import Window

    def form(code: str) -> str:
        return forms["foreign_capital" if code == "foreign_capital" else "signed_ge1"]

    year = Window.of(periods.year(today.year), today).period
    month = Window.of(periods.month(today.year, today.month), today).period
    by_month = params_for(year, last=periods.year(today.year - 1), today=today)
    queries = {}
    for code in dashboards.HEADLINE:
        queries[f"year {code}"] = (hand_sql(code, vendor, form(code)), params_for(year, today=today))
        if not screen:
            queries[f"month {code}"] = (hand_sql(code, vendor, form(code)), params_for(month, today=today))
    for code in dashboards.MONTHLY:
        queries[f"monthly {code}"] = (hand_sql(code, vendor, form(code), key="month"), by_month)
    for code in dashboards.DISTRICT_COLUMNS:
        queries[f"district {code}"] = (
            hand_sql(code, vendor, form(code), key="district"),
            params_for(year, today=today),
        )
    if screen:
        code = dashboards.INDUSTRY_STATISTIC
        queries["industries"] = (
            hand_sql(code, vendor, form(code), key="industry"),
            params_for(year, today=today),
        )
        queries["live event"] = (hand_live_sql(), params_for(year, today=today))
    else:
        queries["missing updates"] = (hand_missing_sql(), params_for(year, today=today))
        queries["stages"] = (hand_stages_sql(), params_for(year, today=today))
        queries["top projects"] = (
            hand_largest_sql(vendor, form("signed_projects"), dashboards.TOP_PROJECTS),
            params_for(year, today=today),
        )
        queries["overdue"] = (hand_overdue_sql(dashboards.OVERDUE_LISTED), params_for(year, today=today))
    return queries


def _hand_reader(sql: str, period):
    return lambda: run_hand(sql, period)


def run_all(queries: dict) -> dict[str, list[dict]]:
    return {name: run_hand(sql, None, params) for name, (sql, params) in queries.items()}


def _month_key(value) -> str:
    return str(value)[:7]


def dashboard_agrees(found, rows: dict[str, list[dict]], today: dt.date) -> dict[str, bool]:
    """Whether each part of a dashboard (or the big screen) equals the hand-written queries' numbers."""
    from yunzhao.dashboards import selectors as dashboards

    result = {}
    headline = {f[0].code if isinstance(f, tuple) else f.code: f for f in found.headline}
    for code, shown in headline.items():
        year, month = shown if isinstance(shown, tuple) else (shown, None)
        result[f"year {code}"] = agrees(year, rows[f"year {code}"][0])
        if month is not None:
            result[f"month {code}"] = agrees(month, rows[f"month {code}"][0])
    for code, series in found.monthly.items():
        by_key = {_month_key(row["key"]): row for row in rows[f"monthly {code}"]}
        same = True
        for year, measures, tag in ((today.year, series.this, "t"), (today.year - 1, series.last, "l")):
            for index, measure in enumerate(measures):
                row = by_key.get(f"{year}-{index + 1:02d}", _zero())
                same = same and int(row[f"c_{tag}"] or 0) == measure.count
                same = same and _close(measure.amount, row[f"a_{tag}"])
        result[f"monthly {code}"] = same
    for code in dashboards.DISTRICT_COLUMNS:
        by_key = {row["key"]: row for row in rows[f"district {code}"]}
        result[f"district {code}"] = all(
            agrees(district.cells[code], by_key.get(district.key, _zero())) for district in found.districts
        ) and {d.key for d in found.districts} >= {k for k, r in by_key.items() if r["c_t"] or r["c_l"]}
    if "industries" in rows:
        by_key = {row["key"]: row for row in rows["industries"]}
        result["industries"] = all(agrees(f, by_key[f.key]) for f in found.industries)
    if "missing updates" in rows:
        row = rows["missing updates"][0]
        result["missing updates"] = int(row["c_t"]) == found.missing.count and _close(
            found.missing.amount, row["a_t"]
        )
        stages = {row["key"]: row for row in rows["stages"]}
        result["stages"] = all(
            step.count == int(stages.get(step.stage.value, {"c_t": 0})["c_t"])
            for step in [*found.pipeline, *found.off_pipeline]
        )
        result["top projects"] = [p.pk for p in found.top_projects] == [r["id"] for r in rows["top projects"]]
        result["overdue"] = [p.pk for p in found.overdue] == [r["id"] for r in rows["overdue"]]
    return result


# --- measuring ----------------------------------------------------------------------------------------


def _timed_run(fn) -> tuple[float, float, int, object]:
    from django.db import connection

    in_db = [0.0, 0]

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_db[0] += time.perf_counter() - start
            in_db[1] += 1

    with connection.execute_wrapper(wrapper):
        start = time.perf_counter()
        result = fn()
        return time.perf_counter() - start, in_db[0], in_db[1], result


def counted(fn, repeat: int = REPEAT) -> tuple[float, float, int, object]:
    """A warm-up, then the median wall and database times of ``repeat`` runs, the queries of one run."""
    result = fn()
    runs = []
    for _ in range(repeat):
        wall, db, queries, result = _timed_run(fn)
        runs.append((wall, db, queries))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2], result


def side_by_side(*fns, repeat: int = REPEAT) -> list[tuple]:
    """Ways of computing the same numbers, run in alternation so that all meet the same load: for
    each, the median wall and database times, the queries of one run and the last result."""
    results = [fn() for fn in fns]
    runs: dict[int, list] = {i: [] for i in range(len(fns))}
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            wall, db, queries, results[index] = _timed_run(fn)
            runs[index].append((wall, db, queries))
    return [
        (
            statistics.median(r[0] for r in runs[i]),
            statistics.median(r[1] for r in runs[i]),
            runs[i][-1][2],
            results[i],
        )
        for i in range(len(fns))
    ]


def compare(product, hand: dict, repeat: int) -> tuple[tuple, str, tuple]:
    """The product's reader against each form of the hand-written SQL: (product's run, the fastest
    form, its run)."""
    forms = list(hand)
    product_run, *hand_runs = side_by_side(product, *hand.values(), repeat=repeat)
    best = min(range(len(forms)), key=lambda i: hand_runs[i][0])
    return product_run, forms[best], hand_runs[best]


def query_counts(world: World, period, today: dt.date) -> dict[str, int]:
    """Queries of every measured reader, on the data loaded so far."""
    from yunzhao.dashboards import selectors as dashboards
    from yunzhao.stats import bulletin, figures

    readers = {"bulletin": lambda: bulletin.build(period, today=today)}
    for code in BULLETIN:
        readers[f"figure {code}"] = lambda code=code: figures.compute([code], period, today=today)
    readers["district ranking"] = lambda: figures.ranking("signed_ge1", period, today=today)
    readers["figures page data"] = lambda: figures_page_data(world.user, period, today)
    readers["leadership dashboard"] = lambda: dashboards.leadership(world.user, today=today)
    readers["big screen"] = lambda: dashboards.screen(world.user, today=today)
    return {name: _timed_run(read)[2] for name, read in readers.items()}


def figures_page_data(user, period, today):
    """What ``stats.views.figures_page`` computes, without rendering."""
    from yunzhao.stats import conversion, figures, registry
    from yunzhao.stats.views import PAGE_STATISTICS, TABLE

    found = figures.compute(PAGE_STATISTICS, period, user=user, today=today)
    split = figures.breakdown(TABLE, period, "district", user=user, today=today)
    funnel = conversion.conversion(period, user=user, today=today)
    return found, split, funnel, registry.HEADLINE


def run(database: str, scale: float, repeat: int) -> tuple[list[dict], dict]:
    from django.core.management import call_command
    from django.utils import timezone

    from yunzhao.dashboards import selectors as dashboards
    from yunzhao.stats import bulletin, figures, periods

    n_projects, n_capital = (max(int(n * scale), 200) for n in SIZES[database])
    results: list[dict] = []
    info: dict = {"projects": n_projects, "capital_records": n_capital}

    def note(
        name: str,
        seconds: float,
        *,
        db: float | None = None,
        queries: int | str = "",
        ratio: str = "",
        notes: str = "",
    ) -> None:
        results.append(
            {
                "measurement": name,
                "ms": round(seconds * 1000, 1),
                "db_ms": round(db * 1000, 1) if db is not None else "",
                "queries": queries,
                "ratio": ratio,
                "notes": notes,
            }
        )
        print(f"  {name}: {seconds * 1000:.1f} ms, {queries} queries {ratio} {notes}", flush=True)

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    world = World(today)
    period = periods.year(today.year - 1)
    state: dict = {}
    small = (max(int(n_projects * FIRST_SLICE), 100), max(int(n_capital * FIRST_SLICE), 100))
    loaded = build(world, (0, small[0]), (0, small[1]), state)
    info["queries_on_1_percent"] = query_counts(world, period, today)
    more = build(world, (small[0], n_projects), (small[1], n_capital), state)
    from yunzhao.campaigns.models import Signing

    info["signings"] = Signing.objects.count()
    note(
        "setup: bulk load (not a product path)",
        loaded["seconds"] + more["seconds"],
        notes=f"{n_projects:,} projects, {info['signings']:,} signings, {n_capital:,} capital records",
    )
    counts = query_counts(world, period, today)
    info["queries_on_all"] = counts
    info["queries_fixed"] = counts == info["queries_on_1_percent"]

    wall, db, queries, composed = counted(lambda: bulletin.build(period, today=today), repeat)
    bulletin_row = len(results)
    note(f"annual bulletin {period.code} (7 figures and last year's)", wall, db=db, queries=queries)
    bulletin_wall = wall
    hand_total = 0.0
    info["agree"] = {}
    info["faster_form"] = {}
    ratios = []
    for code in BULLETIN:
        forms = (JOIN, LOOKUP) if code in CONVERTED else (JOIN,)
        (e_wall, e_db, e_queries, found), form, (h_wall, _h_db, _hq, rows) = compare(
            lambda code=code: figures.compute([code], period, today=today),
            {f: _hand_reader(hand_sql(code, database, f), period) for f in forms},
            repeat,
        )
        info["faster_form"][code] = form
        agree = agrees(found[code], rows[0]) and agrees(composed.figures[code], rows[0])
        info["agree"][code] = agree
        hand_total += h_wall
        ratios.append(e_wall / h_wall)
        note(
            f"figure {code}",
            e_wall,
            db=e_db,
            queries=e_queries,
            ratio=f"{e_wall / h_wall:.2f}",
            notes=f"hand-written SQL ({form}) {h_wall * 1000:.1f} ms; agree: {agree}",
        )
    info["bulletin_vs_hand_sum"] = round(bulletin_wall / hand_total, 2)
    info["worst_figure_ratio"] = round(max(ratios), 2)
    results[bulletin_row]["ratio"] = f"{info['bulletin_vs_hand_sum']:.2f}"
    results[bulletin_row]["notes"] = (
        f"against the 7 hand-written queries, {hand_total * 1000:.1f} ms together"
    )

    forms = {
        "signed_ge1": info["faster_form"]["signed_ge1"],
        "foreign_capital": info["faster_form"]["foreign_capital"],
    }
    (e_wall, e_db, e_queries, ranked), form, (h_wall, _h_db, _hq, rows) = compare(
        lambda: figures.ranking("signed_ge1", period, today=today),
        {f: _hand_reader(hand_ranking_sql(database, f), period) for f in (JOIN, LOOKUP)},
        repeat,
    )
    by_district = {row["key"]: row for row in rows}
    agree = all(agrees(f, by_district.get(f.key, _zero())) for f in ranked)
    info["agree"]["district ranking"] = agree
    note(
        "district ranking, signed ≥ 1亿",
        e_wall,
        db=e_db,
        queries=e_queries,
        ratio=f"{e_wall / h_wall:.2f}",
        notes=f"hand-written GROUP BY ({form}) {h_wall * 1000:.1f} ms; agree: {agree}",
    )

    for name, reader, screen in (
        ("leadership dashboard data", lambda: dashboards.leadership(world.user, today=today), False),
        ("big screen data", lambda: dashboards.screen(world.user, today=today), True),
    ):
        queries_sql = hand_dashboard(database, forms, today, screen=screen)
        (e_wall, e_db, e_queries, found), (h_wall, _h_db, h_queries, rows) = side_by_side(
            reader, lambda queries_sql=queries_sql: run_all(queries_sql), repeat=repeat
        )
        parts = dashboard_agrees(found, rows, today)
        info["agree"][name] = all(parts.values())
        wrong = [part for part, same in parts.items() if not same]
        note(
            name,
            e_wall,
            db=e_db,
            queries=e_queries,
            ratio=f"{e_wall / h_wall:.2f}",
            notes=f"{h_queries} hand-written queries, one per figure shown, {h_wall * 1000:.1f} ms together; "
            f"agree: {not wrong}" + (f" (not: {', '.join(wrong)})" if wrong else ""),
        )

    wall, db, queries, _ = counted(lambda: figures_page_data(world.user, period, today), repeat)
    note("figures page data (headline, watch lists, district table, funnel)", wall, db=db, queries=queries)
    return results, info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument(
        "--database-url", default=DEFAULT_POSTGRES, help="the PostgreSQL database to create and drop"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the data sizes (0.01 for a quick run)"
    )
    parser.add_argument("--repeat", type=int, default=REPEAT, help="timed runs of each measurement")
    args = parser.parse_args()
    if args.database == "both":
        for database in ("sqlite", "postgres"):
            command = [
                sys.executable,
                __file__,
                "--database",
                database,
                "--database-url",
                args.database_url,
                "--scale",
                str(args.scale),
                "--repeat",
                str(args.repeat),
            ]
            subprocess.run(command, check=True)  # noqa: S603 - our own script
        return

    with throwaway_database(None if args.database == "sqlite" else args.database_url) as database:
        import django

        django.setup()
        print(f"Statistics benchmark on {database}, scale {args.scale}", flush=True)
        started = dt.datetime.now()
        load_before = os.getloadavg()[0]
        results, info = run(database, args.scale, args.repeat)
        load_after = os.getloadavg()[0]

    header = ["measurement", "ms", "in database, ms", "queries", "× hand-written SQL", "notes"]
    table = [[r["measurement"], r["ms"], r["db_ms"], r["queries"], r["ratio"], r["notes"]] for r in results]
    command = f"bench/stats.py --database {args.database} --scale {args.scale}"
    about = machine()
    summary = [
        f"Statistics benchmark, {info['projects']:,} projects, {info['signings']:,} signings, "
        f"{info['capital_records']:,} capital records, {database}, {started:%Y-%m-%d %H:%M}",
        f"Machine: {about['cpu']}, {about['cores']} cores, load average {load_before:.1f} before and "
        f"{load_after:.1f} after; Python {about['python']}; commit {git_commit() or os.environ.get('COMMIT', '')}",
        f"Command: .venv/bin/python {command}",
    ]
    notes = [
        f"Times are medians of {args.repeat} runs after a warm-up; a figure and its hand-written query run in "
        "alternation. “In database” is the time spent executing queries (the rest is Python). “× hand-written "
        "SQL” is the figure's wall time over that of one hand-written query computing the same numbers for the "
        "year and the year before (goal ≤ 1.5).",
        f"The whole bulletin takes {info['bulletin_vs_hand_sum']}× the seven hand-written queries together; the "
        f"slowest figure is {info['worst_figure_ratio']}× its query.",
        f"Every figure agrees with its hand-written query: {all(info['agree'].values())}"
        + ("" if all(info["agree"].values()) else f" ({info['agree']})"),
        f"Query counts are the same on 1 % of the data and on all of it: {info['queries_fixed']} "
        f"({', '.join(f'{k} {v}' for k, v in info['queries_on_all'].items())})",
    ]
    print()
    print("\n".join(summary))
    print(text_table(header, table))
    print("\n".join(notes))
    markdown = "\n\n".join(
        [
            "\n".join(f"{line}  " for line in summary),
            markdown_table(header, table),
            "\n".join(f"- {line}" for line in notes),
        ]
    )
    payload = {
        "benchmark": "stats",
        "date": started.isoformat(timespec="seconds"),
        "database": database,
        "scale": args.scale,
        "command": command,
        "machine": about,
        "load_average": [round(load_before, 1), round(load_after, 1)],
        "commit": git_commit() or os.environ.get("COMMIT", ""),
        "results": results,
        **info,
        "peak_rss_mb": round(peak_rss_mb()),
    }
    json_path, md_path = write_results("stats", database, payload, markdown)
    print(f"Written: {os.path.relpath(json_path)} and {os.path.relpath(md_path)}")


if __name__ == "__main__":
    main()

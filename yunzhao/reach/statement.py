"""The reach figure as one SQL statement, written once per database and per shape of scope.

``selectors.reach_as_of`` runs this statement for a ``Scope`` (an event, a campaign, a district, a
level, or several of them at once). Building the same figure through the ORM costs 5–20 ms of Python
on every call (``FilteredRelation``, a subquery, eleven aggregates, compiling them), far more than the
database needs for one event; the statement is built once, kept, and only its parameters change.

The ORM version (``reach_as_of`` given a queryset) stays as the definition for any set of
publications, and the tests compare the two on varied data.

The statement reads the publications in scope that are out by T once (``out``), and from them:

- the publications, the distinct outlets, and the distinct outlets per level (joined to channels);
- each publication's latest snapshot at or before T, found through the unique (publication,
  taken_at) index, and the sums of its counts. PostgreSQL takes that snapshot with a ``LATERAL``
  join; SQLite, which has none, with a correlated subquery returning the snapshot's id, which the
  index holds, and then that row.

``channel_rows_statement`` reads the same publications and snapshots one row per publication, with
its channel and outlet, for the rows of each channel (``selectors.reach_by_channel``).

Only table and column names from the models are written into the text; every value (the scope's
ids and level, the moment, the level names) is a parameter.
"""

import functools

from yunzhao.campaigns.models import Event

from .choices import METRICS, ChannelLevel
from .models import Channel, MetricSnapshot, Outlet, Publication

# What each part of a scope keeps, as a condition on ``p`` (a publication); the same meaning as
# ``Scope.publications()``: a campaign's publications are its own and those of its events.
_CONDITIONS = {
    "event": "p.event_id = %(event)s",
    "campaign": "(p.campaign_id = %(campaign)s OR p.event_id IN "
                "(SELECT e.id FROM {event} e WHERE e.campaign_id = %(campaign)s))",
    "district": "p.event_id IN (SELECT e.id FROM {event} e WHERE e.owner_unit_id = %(district)s)",
    "level": "p.channel_id IN (SELECT c.id FROM {channel} c WHERE c.level = %(level)s)",
}
SCOPE_PARTS = tuple(_CONDITIONS)
VENDORS = ("postgresql", "sqlite")
# The level names are parameters too: ``{"level_0": "central", …}``.
LEVELS = {f"level_{i}": level for i, level in enumerate(ChannelLevel.values)}

# The statement's one row, in order.
COLUMNS = ("published", "media", *(f"media_{level}" for level in ChannelLevel.values), "counted", *METRICS)


def _scoped(parts: tuple[str, ...]) -> str:
    """``scoped``: the publications of the scope out by T (id and channel), read once."""
    tables = {"event": Event._meta.db_table, "channel": Channel._meta.db_table}
    where = " AND ".join(_CONDITIONS[part].format(**tables) for part in parts) or "1 = 1"
    return f"""WITH scoped AS (
            SELECT p.id, p.channel_id FROM {Publication._meta.db_table} p
            WHERE {where} AND p.published_at <= %(t)s
        )"""  # noqa: S608 - table and column names only


def _latest(vendor: str, *, join: str = "JOIN", with_id: bool = False) -> str:
    """``s``: each scoped publication's latest snapshot at or before T, through the (publication,
    taken_at) index: a ``LATERAL`` join on PostgreSQL, the id from a correlated subquery on SQLite."""
    snapshots = MetricSnapshot._meta.db_table
    if vendor == "postgresql":
        columns = ", ".join(f"x.{name}" for name in (("id",) if with_id else ()) + METRICS)
        return f"""{join} LATERAL (
                SELECT {columns} FROM {snapshots} x
                WHERE x.publication_id = scoped.id AND x.taken_at <= %(t)s
                ORDER BY x.taken_at DESC LIMIT 1
            ) s ON TRUE"""  # noqa: S608 - table and column names only
    return f"""{join} {snapshots} s ON s.id = (
                SELECT x.id FROM {snapshots} x
                WHERE x.publication_id = scoped.id AND x.taken_at <= %(t)s
                ORDER BY x.taken_at DESC LIMIT 1
            )"""  # noqa: S608 - table and column names only


@functools.cache
def reach_statement(vendor: str, parts: tuple[str, ...]) -> str | None:
    """The statement for ``vendor`` and a scope made of ``parts`` (names from ``SCOPE_PARTS``), or
    None for a database it is not written for. Parameters: ``t``, one per part, and ``LEVELS``."""
    if vendor not in VENDORS:
        return None
    by_level = ", ".join(f"COUNT(DISTINCT CASE WHEN c.level = %({key})s THEN c.outlet_id END) AS media_{level}"
                         for key, level in zip(LEVELS, ChannelLevel.values, strict=True))
    sums = ", ".join(f"SUM(s.{m}) AS {m}" for m in METRICS)
    return f"""
        {_scoped(parts)}
        SELECT covering.published, covering.media, {", ".join(f"covering.media_{lv}" for lv in ChannelLevel.values)},
               summed.counted, {", ".join(f"summed.{m}" for m in METRICS)}
        FROM (SELECT COUNT(*) AS published, COUNT(DISTINCT c.outlet_id) AS media, {by_level}
              FROM scoped JOIN {Channel._meta.db_table} c ON c.id = scoped.channel_id) covering
        CROSS JOIN (SELECT COUNT(*) AS counted, {sums} FROM scoped {_latest(vendor)}) summed
    """  # noqa: S608


@functools.cache
def channel_rows_statement(vendor: str, parts: tuple[str, ...]) -> str | None:
    """One row per publication of a scope out by T: its channel (id, code, names, level), the outlet
    (id, names), and its latest snapshot at or before T (id and counts, all null when it has none).
    The same parameters as ``reach_statement`` but the levels; None for a database it is not written for."""
    if vendor not in VENDORS:
        return None
    return f"""
        {_scoped(parts)}
        SELECT c.id, c.code, c.name_zh, c.name_en, c.level, o.id, o.name_zh, o.name_en, s.id,
               {", ".join(f"s.{m}" for m in METRICS)}
        FROM scoped
        JOIN {Channel._meta.db_table} c ON c.id = scoped.channel_id
        JOIN {Outlet._meta.db_table} o ON o.id = c.outlet_id
        {_latest(vendor, join="LEFT JOIN", with_id=True)}
    """  # noqa: S608

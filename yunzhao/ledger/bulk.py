"""Bulk writes for the ledger import: many rows in few statements, without a model instance per row.

``QuerySet.bulk_create`` builds a model instance for every row and prepares every field of every
row in Python; on a two-core server that costs a few hundred microseconds per project once its
investor links and timeline entries are counted, which alone would hold a 100,000-row import
below the 5,000 rows a second it must reach. Here rows are dicts of field values, converted only
where the database driver needs it, and written with ``COPY`` on PostgreSQL and a prepared
statement run with ``executemany`` on SQLite (any other database gets the portable
``executemany`` path with Django's own value preparation).

Fields a row leaves out take their model default, as ``Model()`` would give them, so a field
added to a model later with a default needs no change here.

These functions must run inside ``transaction.atomic``: ids handed out by ``allocate_ids`` are only
safe while the transaction holds the write lock (SQLite) or the sequence (PostgreSQL).
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from .importer import chunks

Row = dict[str, Any]
EXECUTEMANY_BATCH = 5000
_NEEDS_PREP_ON_SQLITE = frozenset({"DateField", "DateTimeField", "DecimalField", "JSONField"})


def _fields(model: type[models.Model], names: Iterable[str] | None, *, with_pk: bool) -> list[models.Field]:
    meta = model._meta
    if names is not None:
        return [meta.get_field(name) for name in names]
    return [f for f in meta.concrete_fields if not f.generated and (with_pk or not f.primary_key)]


def _json(encoder: type[json.JSONEncoder]) -> Callable[[Any], Any]:
    """JSON text as Django writes it; plain values skip the custom encoder, which would give the same text."""
    def dump(value: Any) -> str | None:
        if value is None:
            return None
        try:
            return json.dumps(value)  # the C encoder, for the plain values most entries hold
        except TypeError:
            return json.dumps(value, cls=encoder)

    return dump


def _naive_utc(zone) -> Callable[[Any], Any]:
    """Aware datetimes as the naive text Django's SQLite backend stores; most rows share one moment."""
    last: list = [None, None]

    def convert(value: Any) -> str | None:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, str(timezone.make_naive(value, zone))
        return last[1]

    return convert


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of ``field`` must be turned into what the driver takes, or None if as it is."""
    kind = field.get_internal_type()
    vendor = connection.vendor
    if kind == "JSONField" and vendor in ("postgresql", "sqlite"):
        return _json(field.encoder)
    if vendor == "postgresql":
        return None  # psycopg's COPY takes dates, aware datetimes, decimals and booleans as they are
    if vendor == "sqlite":
        # What Django's SQLite operations do: dates as ISO text, datetimes as naive UTC text; decimals
        # and booleans go through the adapters the backend registers.
        if kind == "DateField":
            return lambda value: None if value is None else value.isoformat()
        if kind == "DateTimeField":
            return _naive_utc(connection.timezone)
        return None
    wrapper = connections[DEFAULT_DB_ALIAS]
    return lambda value: field.get_db_prep_save(value, wrapper)


def _defaults(fields: list[models.Field], given: Row) -> dict[str, Any]:
    now = timezone.now()
    defaults = {}
    for field in fields:
        if field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:
            defaults[field.attname] = field.get_default()
    return defaults


def _tuples(fields: list[models.Field], rows: Iterable[Row], defaults: dict[str, Any]) -> list[tuple]:
    """The rows as tuples of driver values in the order of ``fields``; fields in ``defaults`` come last.

    ``fields`` must list the fields the rows give first, then those of ``defaults`` (see ``_ordered``),
    whose values are converted once for all rows.
    """
    given = [field for field in fields if field.attname not in defaults]
    filled = tuple(convert(defaults[field.attname]) if (convert := _converter(field)) else defaults[field.attname]
                   for field in fields[len(given):])
    pick = itemgetter(*[field.attname for field in given])
    converters = [(position, convert) for position, field in enumerate(given)
                  if (convert := _converter(field)) is not None]
    if len(given) == 1:
        convert = converters[0][1] if converters else None
        return [(convert(pick(row)) if convert else pick(row), *filled) for row in rows]
    if not converters:
        return [pick(row) + filled for row in rows]
    out = []
    for row in rows:
        values = list(pick(row))
        for position, convert in converters:
            values[position] = convert(values[position])
        out.append((*values, *filled))
    return out


def _ordered(fields: list[models.Field], defaults: dict[str, Any]) -> list[models.Field]:
    """``fields`` with those the rows give first, in the order ``_tuples`` writes them."""
    return [f for f in fields if f.attname not in defaults] + [f for f in fields if f.attname in defaults]


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, reserved for rows this transaction is about to insert."""
    if count == 0:
        return []
    meta = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, count])
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction began IMMEDIATE and holds the write lock, so nobody else can take these.
        cursor.execute(f"SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def insert(model: type[models.Model], rows: Sequence[Row], *, with_pk: bool = False) -> None:
    """Insert ``rows`` (dicts of attribute names; every row with the same keys) into ``model``'s table.

    With ``with_pk`` the rows carry their primary key (from ``allocate_ids``); otherwise the database
    numbers them.
    """
    if not rows:
        return
    fields = _fields(model, None, with_pk=with_pk)
    defaults = _defaults(fields, rows[0])
    fields = _ordered(fields, defaults)
    values = _tuples(fields, rows, defaults)
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for batch in chunks(values, EXECUTEMANY_BATCH):
            cursor.executemany(sql, batch)


def update(model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[int, Row]], *,
           where_unchanged: tuple[str, Mapping[int, Any]] | None = None) -> int:
    """Set the fields ``names`` of many rows, each given as (primary key, {name: value}); returns how many were set.

    With ``where_unchanged=(field, {primary key: value})`` a row is set only while ``field`` still holds
    the value given for it (the value read before): the caller compares the count returned with
    ``len(rows)`` to learn whether anything was changed in between. The check and the write are one
    statement, so nothing can slip in between them; on PostgreSQL the row stays locked afterwards.
    """
    if not rows:
        return 0
    meta = model._meta
    fields = _fields(model, names, with_pk=False)
    values = _tuples(fields, (row for _pk, row in rows), {})
    check = None
    if where_unchanged is not None:
        check_field = meta.get_field(where_unchanged[0])
        read = where_unchanged[1]
        convert = _converter(check_field) or (lambda value: value)
        check = [convert(read[key]) for key, _row in rows]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Through a temporary table: one COPY in, one UPDATE … FROM out.
            scratch = quote("ledger_bulk_update")
            columns = [*(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)]
            names_sql = [quote(f.column) for f in fields]
            if check is not None:
                columns.append(f"ledger_read {check_field.db_type(connection)}")
                names_sql.append("ledger_read")
            cursor.execute(f"CREATE TEMPORARY TABLE {scratch} ({pk} bigint PRIMARY KEY, {', '.join(columns)}) "
                           "ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {scratch} ({pk}, {', '.join(names_sql)}) FROM STDIN") as copy:
                if check is None:
                    for (key, _row), value in zip(rows, values, strict=True):
                        copy.write_row((key, *value))
                else:
                    for (key, _row), value, before in zip(rows, values, check, strict=True):
                        copy.write_row((key, *value, before))
            assignments = ", ".join(f"{quote(f.column)} = u.{quote(f.column)}" for f in fields)
            condition = f"{table}.{pk} = u.{pk}"
            if check is not None:
                condition += f" AND {table}.{quote(check_field.column)} = u.ledger_read"
            cursor.execute(f"UPDATE {table} SET {assignments} FROM {scratch} u WHERE {condition}")  # noqa: S608
            count = cursor.rowcount
            cursor.execute(f"DROP TABLE {scratch}")
            return count
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
        if check is None:
            params = [(*value, key) for (key, _row), value in zip(rows, values, strict=True)]
        else:
            sql += f" AND {quote(check_field.column)} = %s"
            params = [(*value, key, before) for (key, _row), value, before in zip(rows, values, check, strict=True)]
        count = 0
        for batch in chunks(params, EXECUTEMANY_BATCH):
            cursor.executemany(sql, batch)
            count += cursor.rowcount
        return count

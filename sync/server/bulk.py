"""Fast multi-row inserts for the push path, on the session's own connection and transaction.

SQLAlchemy's executemany compiles a statement and runs every value through its type processors
one parameter dict at a time; for a push of 500 sales that was a third of the server's time. Here
each (table, columns) pair gets a plan once: the SQL text and, per column, the converter to the
driver's form (taken from SQLAlchemy's own type, so what lands is what the ORM would write).

PostgreSQL: plain inserts use binary ``COPY ... FROM STDIN`` with the column types given, so psycopg
formats each value with its C dumpers (measured: five times faster per row than text COPY of UUIDs).
Inserts that must skip rows already stored and report the ones they inserted use one
``INSERT ... SELECT * FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING``: safe when two server
processes insert the same batch at once.
SQLite: the driver's ``executemany`` with the converted tuples. Skipping stored rows reads the
stored keys first; that is race-free because every SQLite transaction here is ``BEGIN IMMEDIATE``
(one writer at a time).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from operator import attrgetter, itemgetter
from typing import Any

import orjson
from sqlalchemy import JSON, BigInteger, Boolean, Integer, String, Table, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .db import is_postgres
from .models import UTCDateTime

Converter = Callable[[Any], Any]


def _is_json(column) -> bool:
    return isinstance(column.type, JSON) or isinstance(getattr(column.type, "impl", None), JSON)


def json_text(value: Any) -> str:
    """A JSON column's value as the text stored for it."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # what orjson does not take (an integer beyond 64 bits): the slow way
        return json.dumps(value)


class JSONText(str):
    """A JSON column's value given as its text already (:func:`json_text` of the value)."""


def _pg_json(value: Any) -> Any:
    if value is None:
        return None
    return str.__str__(value) if type(value) is JSONText else json_text(value)


def _sqlite_json(value: Any) -> Any:
    # None is stored as JSON null, as SQLAlchemy's JSON type does
    return str.__str__(value) if type(value) is JSONText else json_text(value)


def _pg_stamp(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # a naive stamp from a till is UTC
    return value


# Most specific first: BigInteger is an Integer.
_COPY_TYPES = ((Uuid, "uuid"), (String, "text"), (BigInteger, "int8"), (Integer, "int4"), (Boolean, "bool"))
_NO_OFFSET = timedelta(0)
_HEX = attrgetter("hex")  # what SQLAlchemy stores for a Uuid on SQLite


def sqlite_stamp(value: Any) -> Any:
    """What SQLAlchemy writes for a ``UTCDateTime`` on SQLite, without its two processor layers:
    UTC, no zone, always six digits of microseconds ("2026-11-24 22:59:18.000000")."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat(" ", "microseconds")
    if value.utcoffset() == _NO_OFFSET:  # the usual stamp from a till: already UTC
        return value.isoformat(" ", "microseconds")[:26]
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")


ColumnConverter = Callable[[Sequence[Any]], list[Any]]  # a whole column's values at once


def _each(convert: Converter) -> ColumnConverter:
    return lambda values: list(map(convert, values))


def _hex_column(values: Sequence[Any]) -> list[Any]:
    """UUIDs as SQLAlchemy stores them on SQLite (``UUID.hex`` is this very expression), without
    a property call per value."""
    return ["%032x" % u.int for u in values]


def _hex_column_nullable(values: Sequence[Any]) -> list[Any]:
    return [None if u is None else "%032x" % u.int for u in values]


def _once_per_object(convert: ColumnConverter) -> ColumnConverter:
    """``convert`` run once per distinct object of the column: the shop, device and event ids
    are the same objects in every row of an event (or of the whole batch)."""

    def column(values: Sequence[Any]) -> list[Any]:
        ids = list(map(id, values))
        firsts = dict(zip(ids, values))
        if len(firsts) == len(ids):
            return convert(values)
        done = dict(zip(firsts, convert(list(firsts.values()))))
        return list(map(done.__getitem__, ids))

    return column


def _once_per_value(convert: ColumnConverter) -> ColumnConverter:
    """``convert`` run once per distinct value (hashable values whose equal ones convert alike:
    a sale's stamp is its movements' stamp too)."""

    def column(values: Sequence[Any]) -> list[Any]:
        distinct = dict.fromkeys(values)
        if len(distinct) == len(values):
            return convert(values)
        done = dict(zip(distinct, convert(list(distinct))))
        return list(map(done.__getitem__, values))

    return column


@dataclass(frozen=True)
class _Plan:
    columns: tuple[str, ...]
    converters: tuple[ColumnConverter | None, ...]  # None: the values go to the driver as they are
    sql_types: tuple[str, ...]  # PostgreSQL array element types for unnest
    copy_types: tuple[str, ...] | None  # PostgreSQL types for binary COPY (None: text COPY)

    def convert(self, columns: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        """Columns of values converted, each with one call for the whole column."""
        return [c if f is None else f(c) for c, f in zip(columns, self.converters)]

    def values(self, rows: Sequence[dict[str, Any]]) -> list[Sequence[Any]]:
        """The rows' values column by column, converted; in C's loops (itemgetter, map, zip),
        not a Python loop per value."""
        if len(self.columns) == 1:
            columns: list[Sequence[Any]] = [[row[self.columns[0]] for row in rows]]
        else:
            columns = list(zip(*map(itemgetter(*self.columns), rows)))
        return self.convert(columns)

    def tuples(self, rows: Sequence[dict[str, Any]]) -> list[tuple]:
        """The rows as the driver's parameter tuples, converted."""
        return list(zip(*self.values(rows)))

    def converted(self, rows: Sequence[tuple]) -> list[tuple]:
        """Rows that are tuples already (in the plan's column order), converted."""
        if all(f is None for f in self.converters):
            return list(rows)
        return list(zip(*self.convert(list(zip(*rows)))))


_PLANS: dict[tuple[str, str, tuple[str, ...]], _Plan] = {}


def _plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> _Plan:
    key = (dialect.name, table.name, columns)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    converters: list[ColumnConverter | None] = []
    sql_types: list[str] = []
    copy_types: list[str | None] = []
    for name in columns:
        col = table.c[name]
        if dialect.name == "postgresql":
            if _is_json(col):
                converters.append(_each(_pg_json))
                sql_types.append("json")
            else:
                stamp = isinstance(col.type, UTCDateTime) or _python_type(col) is datetime
                converters.append(_each(_pg_stamp) if stamp else None)  # (a UTCDateTime's python_type is object)
                sql_types.append(col.type.compile(dialect=dialect))
            copy_types.append(_copy_type(col))
        else:
            if isinstance(col.type, UTCDateTime):
                converters.append(_once_per_value(_each(sqlite_stamp)))
            elif _is_json(col):
                converters.append(_each(_sqlite_json))
            elif isinstance(col.type, Uuid) and col.type.as_uuid:
                converters.append(_once_per_object(_hex_column if not col.nullable else _hex_column_nullable))
            else:
                process = col.type.dialect_impl(dialect).bind_processor(dialect)
                converters.append(None if process is None else _each(process))
            sql_types.append("")
    binary = dialect.name == "postgresql" and None not in copy_types
    plan = _Plan(columns, tuple(converters), tuple(sql_types), tuple(copy_types) if binary else None)
    _PLANS[key] = plan
    return plan


def _copy_type(col) -> str | None:
    """The type psycopg dumps a column's values as in a binary COPY (None: not known here)."""
    kind = col.type
    if _is_json(col):
        return "text"  # the JSON text we made; a json column's binary form is its text
    if isinstance(kind, UTCDateTime):
        return "timestamptz"
    for sa_type, pg_type in _COPY_TYPES:
        if isinstance(kind, sa_type):
            return pg_type
    return None


def _python_type(col) -> type | None:
    try:
        return col.type.python_type
    except NotImplementedError:
        return None


@contextmanager
def _driver_errors(dialect: Dialect, statement: str) -> Iterator[None]:
    """Raise the driver's errors as SQLAlchemy's (IntegrityError, OperationalError...), as ORM calls do."""
    try:
        yield
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from exc


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) in the session's transaction."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    plan = _plan(dialect, table, tuple(rows[0]))
    _write(session, dialect, table, plan, plan.tuples(rows))


def insert_tuples(session: Session, table: Table, columns: tuple[str, ...], rows: Sequence[tuple]) -> None:
    """Insert ``rows``, tuples of values in ``columns``' order, in the session's transaction (rows
    built once as tuples by the caller; converted here column by column)."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    plan = _plan(dialect, table, columns)
    _write(session, dialect, table, plan, plan.converted(rows))


def insert_sqlite_rows(session: Session, table: Table, columns: tuple[str, ...], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` that are in SQLite's form already (what the converters here would make of
    them: ids as hex, stamps as UTC text), in the session's transaction. SQLite only."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if dialect.name != "sqlite":
        raise ValueError(f"rows in SQLite's form given to a {dialect.name} database")
    _write(session, dialect, table, _plan(dialect, table, columns), rows)


def _write(session: Session, dialect: Dialect, table: Table, plan: _Plan, values: Sequence[Sequence[Any]]) -> None:
    dbapi = session.connection().connection.driver_connection
    names = ", ".join(plan.columns)
    if dialect.name == "postgresql":
        binary = plan.copy_types is not None
        statement = f"COPY {table.name} ({names}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")
        with _driver_errors(dialect, statement), dbapi.cursor() as cur:
            with cur.copy(statement) as copy:
                if binary:
                    copy.set_types(list(plan.copy_types))
                for row in values:
                    copy.write_row(row)
        return
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(plan.columns))})"
    with _driver_errors(dialect, statement):
        dbapi.executemany(statement, values)


def insert_new(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], key: str, scope: str | None = None
) -> list[Any]:
    """Insert the rows whose ``key`` is not stored yet; returns the keys of the rows inserted.

    ``rows`` must not repeat a key. The table's only unique constraint must be ``key``, or
    (``scope``, ``key``) when ``scope`` names a column whose value is the same in every row (the
    shop: ids are unique within a shop only).
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect
    plan = _plan(dialect, table, tuple(rows[0]))
    dbapi = session.connection().connection.driver_connection
    names = ", ".join(plan.columns)
    if is_postgres(session):
        casts = ", ".join(f"CAST(%b AS {t}[])" for t in plan.sql_types)
        stmt = (
            f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({casts}) "
            f"ON CONFLICT DO NOTHING RETURNING {key}"
        )
        with _driver_errors(dialect, stmt), dbapi.cursor() as cur:
            # Binary parameters: arrays of JSON text go without per-character escaping.
            cur.execute(stmt, [list(c) for c in plan.values(rows)])
            return [row[0] for row in cur.fetchall()]
    columns = plan.values(rows)  # converted once: the keys to look up are the values to write
    keys = columns[plan.columns.index(key)]
    where, scoped = "", []
    if scope is not None:
        where = f"{scope} = ? AND "
        scoped = [columns[plan.columns.index(scope)][0]]
    stored: set[Any] = set()
    chunk = 500
    for start in range(0, len(keys), chunk):
        part = list(keys[start:start + chunk])
        query = f"SELECT {key} FROM {table.name} WHERE {where}{key} IN ({', '.join('?' * len(part))})"
        with _driver_errors(dialect, query):
            stored.update(value for (value,) in dbapi.execute(query, scoped + part))
    values = list(zip(*columns))
    fresh = [i for i, k in enumerate(keys) if k not in stored]
    if len(fresh) < len(rows):
        values = [values[i] for i in fresh]
    if values:
        _write(session, dialect, table, plan, values)
    return [rows[i][key] for i in fresh]

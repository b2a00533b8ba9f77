"""Fast multi-row inserts.

PostgreSQL: plain inserts use ``COPY ... FROM STDIN`` on the session's own connection (same
transaction, same savepoint; rows are formatted by psycopg's C code). Inserts that must skip
conflicts and report what they inserted use one ``INSERT ... SELECT * FROM unnest(arrays)
ON CONFLICT DO NOTHING RETURNING``: a short statement with one array per column, instead of one
statement per row or a huge multi-VALUES text.
SQLite: the driver's executemany, already a tight loop in C.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.orm import Session

from .db import is_postgres


def _is_json(column) -> bool:
    return isinstance(column.type, JSON) or isinstance(getattr(column.type, "impl", None), JSON)


def _pg_value(value: Any, is_json: bool) -> Any:
    if value is None:
        return None
    if is_json:
        return json.dumps(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # a naive stamp from a till is UTC
    return value


def bulk_insert(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    ignore_conflicts: bool = False,
    returning: str | None = None,
) -> list[Any]:
    """Insert ``rows`` (dicts with the same keys); returns the ``returning`` column of inserted rows.

    ``ignore_conflicts``: rows that collide with a unique key are skipped (ON CONFLICT DO NOTHING).
    """
    if not rows:
        return []
    columns = list(rows[0])
    if is_postgres(session) and not ignore_conflicts and not returning:
        json_cols = [_is_json(table.c[name]) for name in columns]
        dbapi = session.connection().connection.driver_connection
        with dbapi.cursor() as cur:
            with cur.copy(f'COPY {table.name} ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row([_pg_value(row[name], j) for name, j in zip(columns, json_cols)])
        return []
    if is_postgres(session):
        dialect = session.get_bind().dialect
        casts, params = [], []
        for name in columns:
            col = table.c[name]
            is_json = _is_json(col)
            sql_type = "json" if is_json else col.type.compile(dialect=dialect)
            casts.append(f"CAST(%b AS {sql_type}[])")
            params.append([_pg_value(row[name], is_json) for row in rows])
        stmt = (
            f'INSERT INTO {table.name} ({", ".join(columns)}) SELECT * FROM unnest({", ".join(casts)})'
            + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")
            + (f" RETURNING {returning}" if returning else "")
        )
        dbapi = session.connection().connection.driver_connection
        with dbapi.cursor() as cur:
            # Binary parameters: arrays of JSON text go without per-character escaping.
            cur.execute(stmt, params)
            return [row[0] for row in cur.fetchall()] if returning else []
    stmt = insert(table)
    if ignore_conflicts:
        stmt = stmt.prefix_with("OR IGNORE")
    if returning:
        return list(session.scalars(stmt.returning(table.c[returning]), list(rows)))
    session.execute(stmt, list(rows))
    return []

"""Plain DBAPI writes inside the session's transaction, for the counter's hot path.

A sale writes a dozen rows; through SQLAlchemy each statement costs more Python than the
disk costs to make the whole sale durable. These helpers run prepared SQL on the same
connection and transaction as the session, so the sale and its outbox row still commit
together or not at all.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import Table
from sqlalchemy.orm import Session


def insert_sql(table: Table, skip: tuple[str, ...] = ()) -> str:
    cols = [c.name for c in table.columns if c.name not in skip]
    return f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"


def cursor(session: Session):
    """A DBAPI cursor on the session's connection, in its current transaction."""
    return session.connection().connection.cursor()


def executemany(session: Session, sql: str, rows: Iterable[dict[str, Any]]) -> None:
    cur = cursor(session)
    try:
        cur.executemany(sql, list(rows))
    finally:
        cur.close()

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


def connection(session: Session):
    """The session's DBAPI (sqlite3) connection, in its current transaction.

    Asked a dozen times a sale: the first time through SQLAlchemy (which begins the
    transaction), then from ``session.info`` for as long as that same transaction lasts."""
    cached = session.info.get("_fast_dbapi")
    if cached is not None and cached[0] is session.get_transaction():
        return cached[1]
    dbapi = session.connection().connection.driver_connection
    session.info["_fast_dbapi"] = (session.get_transaction(), dbapi)
    return dbapi


def cursor(session: Session):
    """A DBAPI cursor on the session's connection, in its current transaction."""
    return connection(session).cursor()


def executemany(session: Session, sql: str, rows: Iterable[dict[str, Any]]) -> None:
    connection(session).executemany(sql, rows if isinstance(rows, list) else list(rows))

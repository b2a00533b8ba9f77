"""The change feed: append rows in commit order, serve them after a cursor.

Never skipping a row on PostgreSQL: a writer takes ``pg_advisory_xact_lock`` before it allocates
seqs (max + 1) and holds it until it commits, so seqs become visible strictly in order. A reader
therefore sees a prefix of the feed, and may move its cursor to the largest seq it can see.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .bulk import bulk_insert
from .db import is_postgres, lock_change_log
from .identity import utcnow
from .models import ChangeLog


def dumps(value) -> str:
    """Compact JSON for feed payloads."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class NewChange:
    shop_id: uuid.UUID | None  # None: every shop sees it
    kind: str
    payload: str  # JSON text


def append(session: Session, changes: Sequence[NewChange]) -> int | None:
    """Write ``changes`` with consecutive seqs; returns the last seq (None when nothing to write).

    Call this as late as possible in the transaction: the lock is held until commit.
    """
    if not changes:
        return None
    lock_change_log(session)
    top = session.scalar(select(func.max(ChangeLog.seq))) or 0
    now = utcnow()
    rows = [
        {"seq": top + i, "shop_id": c.shop_id, "kind": c.kind, "payload": c.payload, "created_at": now}
        for i, c in enumerate(changes, start=1)
    ]
    bulk_insert(session, ChangeLog.__table__, rows)
    return top + len(rows)


def begin_consistent_read(session: Session) -> None:
    """Start a transaction whose statements all see one snapshot (REPEATABLE READ on PostgreSQL).

    SQLite: a transaction already reads one snapshot.
    """
    if session.in_transaction():
        session.commit()
    if is_postgres(session):
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def current_cursor(session: Session) -> int:
    return session.scalar(select(func.max(ChangeLog.seq))) or 0


def pull_page(session: Session, shop_id: uuid.UUID, after: int, limit: int) -> tuple[str, int, bool]:
    """One page of the feed for ``shop_id`` as a ready PullResponse JSON document.

    Must run inside :func:`begin_consistent_read`.
    """
    rows = session.execute(
        select(ChangeLog.seq, ChangeLog.kind, ChangeLog.payload)
        .where(ChangeLog.seq > after, or_(ChangeLog.shop_id.is_(None), ChangeLog.shop_id == shop_id))
        .order_by(ChangeLog.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if more:
        cursor = rows[-1].seq
    else:
        # Nothing more for this shop up to the newest visible seq: skip other shops' rows for good.
        cursor = max(after, current_cursor(session))
    parts = [
        f'{{"seq":{seq},"kind":{json.dumps(kind)},"payload":{payload}}}' for seq, kind, payload in rows
    ]
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor},"more":{"true" if more else "false"}}}'
    return body, cursor, more

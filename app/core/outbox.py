"""The outbox: every change that must reach the platform, written in the change's transaction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .ids import new_id
from .store import fast, now
from .store.models import Outbox


_INSERT = fast.insert_sql(Outbox.__table__, skip=("seq",))


def emit(session: Session, kind: str, payload: dict[str, Any], event_id: str | None = None,
         local_only: bool = False) -> str:
    """Queue an event in the caller's transaction; returns its id. ``local_only``: for the shop's
    other tills alone (docs/peers.md), never pushed to the platform (it is born "sent")."""
    event_id = event_id or new_id()
    stamp = now(session)
    fast.executemany(session, _INSERT, [{
        "event_id": event_id, "kind": kind, "payload": json.dumps(payload, separators=(",", ":")),
        "created_at": stamp, "sent_at": stamp if local_only else None, "status": "local" if local_only else None,
        "note": None,
    }])
    return event_id


def pending(session: Session, limit: int = 500, max_bytes: int | None = None, after: int | None = None) -> list[Any]:
    """The oldest unsent events (after outbox seq ``after``), bounded in count and (roughly) bytes.

    Rows carry ``seq``, ``event_id``, ``kind``, ``payload`` (JSON text) and ``created_at``.
    """
    t = Outbox.__table__
    query = select(t.c.seq, t.c.event_id, t.c.kind, t.c.payload, t.c.created_at).where(t.c.sent_at.is_(None))
    if after is not None:
        query = query.where(t.c.seq > after)
    rows = session.execute(query.order_by(t.c.seq).limit(limit)).all()
    if max_bytes is None:
        return list(rows)
    batch, size = [], 0
    for row in rows:
        size += len(row.payload) + 200
        if batch and size > max_bytes:
            break
        batch.append(row)
    return batch


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None))) or 0


def mark_sent(session: Session, results: dict[str, tuple[str, str | None]]) -> int:
    """Mark events as sent from the server's answer: event id -> (status, reason)."""
    stamp = now(session)
    done = 0
    for event_id, (status, reason) in results.items():
        done += session.execute(
            update(Outbox)
            .where(Outbox.event_id == event_id, Outbox.sent_at.is_(None))
            .values(sent_at=stamp, status=status, note=reason)
        ).rowcount
    return done


# What the platform refused: "quarantined" (kept for the central team to look at) or "rejected"
# for good, with the reason the central team gave (a feed row ``event.rejected``).
REFUSED = ("quarantined", "rejected")


def set_verdict(session: Session, event_id: str, status: str, reason: str | None) -> bool:
    """The platform's later word on an event this till sent (rejected, or applied after all)."""
    return bool(session.execute(
        update(Outbox).where(Outbox.event_id == event_id, Outbox.sent_at.is_not(None))
        .values(status=status, note=reason)
    ).rowcount)


def refused(session: Session, limit: int = 50) -> list[Any]:
    """The events the platform refused, newest first: rows of event_id, kind, created_at, status, note."""
    t = Outbox.__table__
    return list(session.execute(
        select(t.c.event_id, t.c.kind, t.c.created_at, t.c.status, t.c.note)
        .where(t.c.status.in_(REFUSED)).order_by(t.c.seq.desc()).limit(limit)))


def refused_counts(session: Session) -> dict[str, int]:
    t = Outbox.__table__
    counts = dict(session.execute(select(t.c.status, func.count()).where(t.c.status.in_(REFUSED))
                                  .group_by(t.c.status)).all())
    return {status: int(counts.get(status, 0)) for status in REFUSED}

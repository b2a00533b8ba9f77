"""The change feed: append rows, serve them after a cursor, never skipping one.

SQLite has one writer at a time (``BEGIN IMMEDIATE``): a writer allocates ``max(seq) + 1`` and every
reader sees a prefix of the feed.

PostgreSQL: no network-wide lock. A writer takes its seqs from the sequence ``change_log_seq``
(``nextval``: no queue), so seqs may become visible out of order — a writer that took 10 may commit
after one that took 11. A reader therefore serves only up to the feed's *horizon*: the largest seq
below which every row that will ever commit is already visible.

How the horizon is found without a lock: before its first ``nextval`` a writer reads the sequence's
last value L and takes a *shared* transaction advisory lock keyed ``MARK_BASE + L`` (shared: writers
never wait for each other; the lock is released at commit, after the transaction became visible).
Every seq the writer gets is > L. A reader (the SQL function ``corner_feed_horizon()``, migration
0004_scale) first reads the sequence's last value V, then the smallest marker M still held in
``pg_locks``, and serves seqs <= min(V, M - MARK_BASE) in a snapshot taken after that:

- a writer whose seq S <= V called ``nextval`` before V was read, so it had its marker before;
- if the marker was still there, S > L >= M - MARK_BASE, above the horizon;
- if it was gone, the writer had finished before the reader took its snapshot: its rows are visible
  (or it rolled back and they never will be).

A reader's cursor only ever moves to a seq at or below its horizon, so a row committed later always
has a seq above every cursor handed out before it became visible... and never lands behind one.

A horizon read earlier is just as safe for a snapshot taken later (the argument above only needs
the snapshot to be taken after the horizon was read), so each server process keeps the last horizon
it read for :data:`HORIZON_TTL` seconds (:class:`HorizonCache`) and a pull reads only its rows (and
its shop's expiry floor) in one statement. What that costs is freshness, never a row: a row
committed in the meantime is served by a pull at most ``HORIZON_TTL`` later. A process's own writes
to the feed drop its cached horizon when they commit, so a till that pulls from the process it
wrote through sees its write at once.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, event, func, or_, select, text
from sqlalchemy.orm import Session

from .bulk import bulk_insert
from .db import is_postgres
from .identity import utcnow
from .models import ChangeLog, FeedFloor

MARK_BASE = 1 << 62  # advisory lock keys MARK_BASE + L mark writers in flight (other keys are far below)

_NEXT = text("SELECT corner_feed_seqs(:n)")  # marker, then n x nextval (migration 0004_scale)
_HORIZON = text("SELECT corner_feed_horizon()")
# One statement (one snapshot): the shop's expiry floor and the page of rows up to a horizon read
# before it. The floor comes in the same snapshot as the rows, so rows a compaction deleted are never
# served without the 410 that says so. The page merges two index ranges, the shop's rows
# (ix_change_log_shop_id_seq) and the global rows (ix_change_log_global_seq): its cost follows what
# the shop is served, not how much the whole network wrote since its cursor (filtering the seq range
# read every other shop's rows after the cursor: ~3,000 rows a pull for 2,000 shops syncing every 30 s).
_FLOOR_AND_PAGE = text("""
SELECT f.expired_to, c.seq, c.kind, c.payload
  FROM (SELECT COALESCE((SELECT expired_to FROM feed_floors WHERE shop_id = :shop), 0) AS expired_to) AS f
  LEFT JOIN LATERAL (
       (SELECT seq, kind, payload FROM change_log
         WHERE shop_id = :shop AND seq > :after AND seq <= :top ORDER BY seq LIMIT :n)
       UNION ALL
       (SELECT seq, kind, payload FROM change_log
         WHERE shop_id IS NULL AND seq > :after AND seq <= :top ORDER BY seq LIMIT :n)
       ORDER BY seq LIMIT :n) AS c ON true
 ORDER BY c.seq""")

HORIZON_TTL = 0.05  # seconds a process serves pulls up to a horizon it read before (PostgreSQL)


class HorizonCache:
    """The feed's horizon as this process last read it, for at most ``ttl`` seconds (PostgreSQL).

    Reading the horizon scans ``pg_locks``; with hundreds of pulls a second most of them would read
    the same value. Safe because a horizon read earlier is safe for any later snapshot (module
    docstring). The process's own feed writes drop it at commit (:func:`_after_commit`)."""

    def __init__(self, ttl: float = HORIZON_TTL, clock=time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._value = 0
        self._read_at = float("-inf")  # when the reading of _value began
        self._generation = 0  # counts drops
        self._lock = threading.Lock()
        self.reads = 0

    def get(self, session: Session) -> int:
        """A horizon read at most ``ttl`` seconds ago, in a statement before any the caller makes next."""
        now = self._clock()
        with self._lock:
            if now - self._read_at < self.ttl:
                return self._value
            generation = self._generation
        value = session.scalar(_HORIZON) or 0
        with self._lock:
            self.reads += 1
            # Kept only when no write of this process committed while it was read (that write must
            # be seen by the next pull); of two readings the larger is the newer (a horizon never
            # moves back), and both were read before any snapshot taken from here on.
            if generation == self._generation and (value >= self._value or now > self._read_at):
                self._value, self._read_at = max(value, self._value), now
        return value

    def drop(self) -> None:
        with self._lock:
            self._read_at = float("-inf")
            self._generation += 1


_caches: "weakref.WeakKeyDictionary[object, HorizonCache]" = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def horizon_cache(engine) -> HorizonCache:
    """The horizon cache of ``engine``'s database in this process (one per connection pool)."""
    with _caches_lock:
        cache = _caches.get(engine.pool)
        if cache is None:
            cache = _caches[engine.pool] = HorizonCache()
        return cache


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """This process wrote to the feed: its cached horizon is dropped, so its next pull sees the write."""
    if session.info.pop("feed_written", False):
        try:
            pool = session.get_bind().pool
        except Exception:  # noqa: BLE001 - an unbound session: no cache to drop
            return
        cache = _caches.get(pool)
        if cache is not None:
            cache.drop()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("feed_written", None)


def dumps(value) -> str:
    """Compact JSON for feed payloads."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class NewChange:
    shop_id: uuid.UUID | None  # None: every shop sees it
    kind: str
    payload: str  # JSON text


class FeedGone(Exception):
    """The rows after a till's cursor were expired: it must start again from a snapshot."""


def allocate(session: Session, n: int) -> list[int]:
    """``n`` new seqs, increasing (not necessarily consecutive on PostgreSQL)."""
    if is_postgres(session):
        return list(session.scalars(_NEXT, {"n": n}))
    # SQLite: the writer holds the database's write lock. Compaction never deletes the newest row,
    # so max + 1 is never a seq that was served before.
    top = session.scalar(select(func.max(ChangeLog.seq))) or 0
    return list(range(top + 1, top + n + 1))


def append(session: Session, changes: Sequence[NewChange]) -> int | None:
    """Write ``changes`` with increasing seqs; returns the last seq (None when nothing to write)."""
    if not changes:
        return None
    seqs = allocate(session, len(changes))
    session.info["feed_written"] = True  # drop this process's cached horizon at commit
    now = utcnow()
    rows = [
        {"seq": seq, "shop_id": c.shop_id, "kind": c.kind, "payload": c.payload, "created_at": now}
        for seq, c in zip(seqs, changes)
    ]
    bulk_insert(session, ChangeLog.__table__, rows)
    return seqs[-1]


def begin_consistent_read(session: Session) -> int:
    """Find the feed's horizon, then start a transaction whose statements all see one snapshot taken
    after it (REPEATABLE READ on PostgreSQL; SQLite: a transaction already reads one snapshot).
    Returns the horizon: every row at or below it that will ever be visible is visible now."""
    if session.in_transaction():
        session.commit()
    if is_postgres(session):
        horizon = session.scalar(_HORIZON) or 0
        session.commit()  # the snapshot below must be taken after the horizon was read
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return horizon
    return current_cursor(session)


def horizon(session: Session) -> int:
    """The feed's horizon as of now (a statement on its own: read it before the rows it guards)."""
    if is_postgres(session):
        return session.scalar(_HORIZON) or 0
    return current_cursor(session)


def current_cursor(session: Session) -> int:
    """The largest seq visible (on PostgreSQL not a safe cursor by itself: see :func:`horizon`)."""
    return session.scalar(select(func.max(ChangeLog.seq))) or 0


def expired_to(session: Session, shop_id: uuid.UUID) -> int:
    """Rows of ``shop_id`` at or below this seq may have been expired (0: none were)."""
    # Core, not the ORM's execution path: asked by every pull that finds nothing new.
    return session.connection().scalar(_EXPIRED_TO, {"shop": shop_id}) or 0


_EXPIRED_TO = select(FeedFloor.expired_to).where(FeedFloor.shop_id == bindparam("shop"))


def pull_page(session: Session, shop_id: uuid.UUID, after: int, limit: int,
              horizons: HorizonCache | None = None) -> tuple[str, int, bool]:
    """One page of the feed for ``shop_id`` as a ready PullResponse JSON document.

    Reads the horizon first (or takes one ``horizons`` read at most its ttl ago), then the rows in a
    later statement (so in a later snapshot); raises :class:`FeedGone` when rows after ``after``
    were expired.
    """
    if is_postgres(session):
        top = horizons.get(session) if horizons is not None else (session.scalar(_HORIZON) or 0)
        if top <= after:
            # Nothing can be served above the cursor yet; the floor still decides between 200 and 410.
            floor = expired_to(session, shop_id)
            rows = []
        else:
            found = session.connection().execute(
                _FLOOR_AND_PAGE, {"shop": shop_id, "after": after, "top": top, "n": limit + 1}
            ).all()
            floor = found[0][0]
            rows = [(seq, kind, payload) for _, seq, kind, payload in found if seq is not None]
    else:
        top, floor = current_cursor(session), expired_to(session, shop_id)
        rows = None
    if after < floor:
        raise FeedGone(after)
    if rows is None:
        rows = session.execute(
            select(ChangeLog.seq, ChangeLog.kind, ChangeLog.payload)
            .where(
                ChangeLog.seq > after,
                ChangeLog.seq <= top,
                or_(ChangeLog.shop_id.is_(None), ChangeLog.shop_id == shop_id),
            )
            .order_by(ChangeLog.seq)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if more:
        cursor = rows[-1][0]
    else:
        # Nothing more for this shop up to the horizon: skip other shops' rows for good.
        cursor = max(after, top)
    parts = [
        f'{{"seq":{seq},"kind":{json.dumps(kind)},"payload":{payload}}}' for seq, kind, payload in rows
    ]
    body = f'{{"changes":[{",".join(parts)}],"cursor":{cursor},"more":{"true" if more else "false"}}}'
    return body, cursor, more

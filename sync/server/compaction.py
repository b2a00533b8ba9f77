"""Keeping the change feed small: compact superseded rows, expire what every till has pulled.

- *Superseded*: an older ``product.upserted`` of a product, or an older ``policy.set`` of a key,
  when a newer one is in the feed. A till behind both simply gets the newer one; no till needs
  the older. Nobody has to start again.
- *Expired*: rows of one shop that every till of that shop has pulled (each device's last pull
  cursor, ``devices.pulled_to``, noted by :class:`PullMarks`), and with ``max_age_days`` also
  older rows a till has not pulled. The shop's ``feed_floors.expired_to`` then says how far rows
  may be gone: a pull after an older cursor is answered 410 and the till starts again from a
  snapshot (sync/client.py does that by itself).

The newest row of the feed is never deleted (SQLite allocates max(seq) + 1).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from . import changefeed
from .db import is_postgres
from .identity import utcnow
from .models import ChangeLog, Device, FeedFloor, Shop

SUPERSEDED_KINDS = {"product.upserted": "id", "policy.set": "key"}


@dataclass
class CompactResult:
    superseded: int = 0
    expired: int = 0
    shops: int = 0  # shops whose floor moved
    kept: int = 0  # rows left in the feed

    def as_dict(self) -> dict[str, int]:
        return {"superseded": self.superseded, "expired": self.expired, "shops": self.shops, "kept": self.kept}


def _json_field(session: Session, field: str) -> str:
    if is_postgres(session):
        return f"(payload::json ->> '{field}')"
    return f"json_extract(payload, '$.{field}')"


def compact_superseded(session: Session) -> int:
    total = 0
    for kind, field in SUPERSEDED_KINDS.items():
        key = _json_field(session, field)
        result = session.execute(
            text(
                "DELETE FROM change_log WHERE seq IN (SELECT seq FROM ("
                f" SELECT seq, row_number() OVER (PARTITION BY {key} ORDER BY seq DESC) AS rn"
                " FROM change_log WHERE shop_id IS NULL AND kind = :kind) AS ranked WHERE rn > 1)"
            ),
            {"kind": kind},
        )
        total += result.rowcount or 0
    return total


def expire_pulled(session: Session, *, max_age_days: float | None = None) -> tuple[int, int]:
    """Expire per-shop rows every till of the shop has pulled (and, with ``max_age_days``, older
    ones). Returns (rows expired, shops whose floor moved)."""
    top = changefeed.horizon(session)
    newest = changefeed.current_cursor(session)
    pulled = dict(
        session.execute(
            select(Shop.id, select(func.min(func.coalesce(Device.pulled_to, 0)))
                   .where(Device.shop_id == Shop.id, Device.revoked_at.is_(None))
                   .scalar_subquery())
        ).all()
    )
    floors = {shop_id: top if low is None else min(low, top) for shop_id, low in pulled.items()}
    if max_age_days is not None:
        cutoff = utcnow() - timedelta(days=max_age_days)
        for shop_id, seq in session.execute(
            select(ChangeLog.shop_id, func.max(ChangeLog.seq))
            .where(ChangeLog.shop_id.is_not(None), ChangeLog.created_at < cutoff, ChangeLog.seq <= top)
            .group_by(ChangeLog.shop_id)
        ):
            floors[shop_id] = max(floors.get(shop_id, 0), seq)
    known = dict(session.execute(select(FeedFloor.shop_id, FeedFloor.expired_to)).all())
    expired = moved = 0
    now = utcnow()
    for shop_id, floor in floors.items():
        if floor <= known.get(shop_id, 0):
            continue
        result = session.execute(
            delete(ChangeLog).where(ChangeLog.shop_id == shop_id, ChangeLog.seq <= floor, ChangeLog.seq < newest)
        )
        expired += result.rowcount or 0
        if shop_id in known:
            session.execute(update(FeedFloor).where(FeedFloor.shop_id == shop_id).values(expired_to=floor, updated_at=now))
        else:
            session.add(FeedFloor(shop_id=shop_id, expired_to=floor, updated_at=now))
        moved += 1
    return expired, moved


def compact(session: Session, *, max_age_days: float | None = None) -> CompactResult:
    """Both steps, in the caller's transaction."""
    result = CompactResult()
    result.superseded = compact_superseded(session)
    result.expired, result.shops = expire_pulled(session, max_age_days=max_age_days)
    session.flush()
    result.kept = session.scalar(select(func.count()).select_from(ChangeLog)) or 0
    return result


class PullMarks:
    """Notes the cursor each device pulls after in ``devices.pulled_to``, at most once per
    ``every`` seconds per device and process (a pull is a reading request; this is one small write
    now and then). Five minutes: a till syncs every 30 s, and writing its cursor at every pull was
    a sixth of a network's server time (py-spy, tests/bench/sim_network.py); a mark five minutes
    old only keeps five more minutes of the shop's rows from expiring."""

    def __init__(self, every: float = 300.0, clock=time.monotonic) -> None:
        self.every = every
        self._clock = clock
        self._last: dict[uuid.UUID, tuple[int | None, float]] = {}
        self._lock = threading.Lock()
        self._rng = random.Random()

    def due(self, device_id: uuid.UUID, after: int) -> bool:
        """Whether a mark of ``after`` is due for this device now; if so it counts as written (call
        :meth:`write` with a session whose reading transaction has ended: on SQLite that short
        transaction takes the write lock at its first statement; a failed write is forgotten)."""
        now = self._clock()
        with self._lock:
            seen = self._last.get(device_id)
            if seen is None:
                # A device this process has not seen yet (every device, once the process starts):
                # its first note comes at a random moment of the next ``every`` seconds, so that
                # a restarted process does not write a mark for every till of the network at once.
                seen = self._last[device_id] = (None, now - self._rng.uniform(0, self.every))
            if seen[0] == after or now - seen[1] < self.every:
                return False
            if len(self._last) > 200_000:
                self._last.clear()
            self._last[device_id] = (after, now)
            return True

    def write(self, session: Session, device_id: uuid.UUID, after: int) -> None:
        try:
            if is_postgres(session):  # a note lost in a crash only keeps more of the feed: no flush wait
                session.execute(text("SET LOCAL synchronous_commit TO off"))
            session.execute(
                update(Device)
                .where(Device.id == device_id, or_(Device.pulled_to.is_(None), Device.pulled_to != after))
                .values(pulled_to=after)
            )
            session.commit()
        except Exception:  # noqa: BLE001 - a busy moment: the next pull notes it
            session.rollback()
            with self._lock:
                self._last.pop(device_id, None)

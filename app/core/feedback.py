"""Feedback on a visit: from the receipt page (arrives on pull) or given at the counter."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import outbox
from .errors import QT_TRANSLATE_NOOP, TillError
from .ids import new_id
from .store import now
from .store.models import Feedback, Sale

MAX_COMMENT = 2000


def record(session: Session, rating: int, comment: str = "", sale: Sale | None = None) -> Feedback:
    if not 1 <= rating <= 5:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A rating is 1 to 5 stars."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A comment is at most {limit} characters."),
                        limit=MAX_COMMENT)
    fb = Feedback(id=new_id(), sale_id=sale.id if sale else None, receipt_token=sale.receipt_token if sale else None,
                  rating=rating, comment=comment, source="counter", created_at=now(session), read=True)
    session.add(fb)
    outbox.emit(session, "feedback.created", {
        "id": fb.id, "sale_id": fb.sale_id, "receipt_token": fb.receipt_token, "rating": rating, "comment": comment,
        "created_at": fb.created_at,
    })
    return fb


def inbox(session: Session, limit: int = 200) -> list[Feedback]:
    return list(session.scalars(select(Feedback).order_by(Feedback.created_at.desc()).limit(limit)))


def unread(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Feedback).where(Feedback.read.is_(False))) or 0


def mark_read(session: Session, ids: list[str] | None = None) -> None:
    stmt = update(Feedback).values(read=True)
    if ids is not None:
        stmt = stmt.where(Feedback.id.in_(ids))
    session.execute(stmt)

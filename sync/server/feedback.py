"""Customer feedback from the digital receipt page.

One feedback per receipt, keyed by the shop that issued it and the receipt token (the page's
address names both: ``/r/{shop code}/{token}``); the customer may edit it (same id). A receipt
token is only unique within its shop: another shop pushing a sale with the same token reaches its
own page, never this one. Feedback can be left before the sale has reached the server: it is kept
against the shop (the address names it) and attached to the sale when that shop's sale arrives
(see ``push``). Every save publishes a ``feedback.created`` change to the shop's feed with the
feedback's id, so the till inserts it the first time and updates it after an edit.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import uuid6
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .changefeed import NewChange, dumps
from .identity import utcnow
from .models import Feedback, Sale, Shop

SOURCE = "receipt_page"
MAX_COMMENT = 2000
# Tills make tokens with secrets.token_urlsafe(16): 22 characters of the URL-safe base64 alphabet.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
SHOP_CODE_RE = re.compile(r"^[A-Z0-9-]{1,16}$")


class FeedbackError(ValueError):
    """Input the customer can correct; the message is shown to them as is."""


def valid_token(token: str) -> bool:
    return bool(TOKEN_RE.fullmatch(token))


def valid_shop_code(code: str) -> bool:
    return bool(SHOP_CODE_RE.fullmatch(code))


def shop_by_code(session: Session, code: str) -> Shop | None:
    return session.scalar(select(Shop).where(Shop.code == code))


def shops_with_token(session: Session, token: str) -> list[str]:
    """The codes of the shops that pushed a sale with ``token`` (for addresses printed before the
    shop code was part of them)."""
    return list(session.scalars(
        select(Shop.code).join(Sale, Sale.shop_id == Shop.id).where(Sale.receipt_token == token).distinct().limit(2)))


def sale_for_token(session: Session, shop_id: uuid.UUID, token: str) -> Sale | None:
    return session.scalar(select(Sale).where(Sale.shop_id == shop_id, Sale.receipt_token == token).limit(1))


def for_token(session: Session, shop_id: uuid.UUID, token: str, *, lock: bool = False) -> Feedback | None:
    query = select(Feedback).where(
        Feedback.shop_id == shop_id, Feedback.receipt_token == token, Feedback.source == SOURCE)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def change_for(fb: Feedback) -> NewChange:
    """The shop's ``feedback.created`` change for ``fb`` (which must be attached to a shop)."""
    assert fb.shop_id is not None
    return NewChange(
        fb.shop_id,
        "feedback.created",
        dumps(
            {
                "id": str(fb.id),
                "sale_id": str(fb.sale_id) if fb.sale_id else None,
                "receipt_token": fb.receipt_token,
                "rating": fb.rating,
                "comment": fb.comment,
                "created_at": fb.created_at.isoformat(),
                "source": SOURCE,
            }
        ),
    )


def check(rating_text: str | None, comment: str | None) -> tuple[int, str]:
    """The rating (1-5) and the comment as they will be kept, or FeedbackError saying what to fix."""
    try:
        rating = int((rating_text or "").strip())
    except ValueError:
        raise FeedbackError("Please choose a rating from 1 to 5 stars.") from None
    if not 1 <= rating <= 5:
        raise FeedbackError("Please choose a rating from 1 to 5 stars.")
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(
            f"Your comment is {len(comment)} characters long; please keep it to {MAX_COMMENT}."
        )
    if "\x00" in comment:
        raise FeedbackError("Your comment contains characters we cannot keep; please retype it.")
    return rating, comment


@dataclass(frozen=True)
class Saved:
    feedback: Feedback
    created: bool
    published: bool  # its sale has reached the server (it always goes to the shop's feed)


def save(session: Session, shop_id: uuid.UUID, token: str, rating: int, comment: str) -> tuple[Saved, list[NewChange]]:
    """Create or edit the feedback on ``shop_id``'s receipt ``token`` (the caller appends the changes
    and commits)."""
    now = utcnow()
    sale = sale_for_token(session, shop_id, token)
    fb = for_token(session, shop_id, token, lock=True)
    created = fb is None
    if created:
        fb = Feedback(
            id=uuid.UUID(str(uuid6.uuid7())),
            shop_id=shop_id,
            sale_id=sale.id if sale is not None else None,
            receipt_token=token,
            rating=rating,
            comment=comment,
            source=SOURCE,
            created_at=now,
            updated_at=now,
        )
        try:
            with session.begin_nested():
                session.add(fb)
                session.flush()
        except IntegrityError:  # the same receipt's feedback was saved at this very moment: edit it
            created = False
            fb = for_token(session, shop_id, token, lock=True)
            assert fb is not None
    if not created:
        fb.rating, fb.comment, fb.updated_at = rating, comment, now
    if sale is not None and fb.sale_id is None:
        fb.sale_id = sale.id
    session.flush()
    return Saved(fb, created, fb.sale_id is not None), [change_for(fb)]


def attach_pending(session: Session, shop_id: uuid.UUID, sales: Iterable[tuple[str, uuid.UUID]]) -> list[NewChange]:
    """Attach feedback left on ``shop_id``'s receipt pages before the sale arrived to ``(receipt
    token, sale id)`` of that shop. Only that shop's feedback: a token another shop also used is
    not a way to take it. The shop already has the feedback (published when it was saved); the
    change republishes it with its sale."""
    by_token = dict(sales)
    if not by_token:
        return []
    changes: list[NewChange] = []
    tokens = list(by_token)
    for start in range(0, len(tokens), 500):
        pending = session.scalars(
            select(Feedback)
            .where(
                Feedback.source == SOURCE,
                Feedback.shop_id == shop_id,
                Feedback.sale_id.is_(None),
                Feedback.receipt_token.in_(tokens[start:start + 500]),
            )
            .with_for_update()
        ).all()
        for fb in pending:
            fb.sale_id = by_token[fb.receipt_token]
            changes.append(change_for(fb))
    if changes:
        session.flush()
    return changes

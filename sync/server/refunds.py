"""The server's judgement of refunds: a refund is bounded by what its sale sold, within one shop.

A refund may reach the server before its sale (tills work offline and push in their own time), so
a refund whose sale is not here yet is accepted as it is and listed as unmatched for the central
team. Once both are here, the refunded quantity and amount of each line, and the refunds' total,
are at most what was sold: a refund that goes beyond is quarantined. When the sale is the one that
arrives last, the refunds beyond it (the latest first) are taken back out and quarantined.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .models import EventRow, Payment, Refund, RefundLine, Sale, SaleLine, Shop, StockMovement

log = logging.getLogger("corner.server.refunds")


class RefundError(ValueError):
    """A refund the server cannot accept; the message is the quarantine reason."""


def excess(session: Session, shop_id: uuid.UUID, sale_id: uuid.UUID) -> str | None:
    """Why the stored refunds of a sale go beyond it, or None (also None while the sale is not here)."""
    sale_total = session.scalar(select(Sale.total).where(Sale.shop_id == shop_id, Sale.id == sale_id))
    if sale_total is None:
        return None
    sold = {
        line_id: (qty, total)
        for line_id, qty, total in session.execute(
            select(SaleLine.id, SaleLine.qty, SaleLine.total).where(
                SaleLine.shop_id == shop_id, SaleLine.sale_id == sale_id
            )
        )
    }
    refunded: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
    for line_id, qty, amount in session.execute(
        select(RefundLine.sale_line_id, RefundLine.qty, RefundLine.amount)
        .join(Refund, (Refund.shop_id == RefundLine.shop_id) & (Refund.id == RefundLine.refund_id))
        .where(Refund.shop_id == shop_id, Refund.sale_id == sale_id)
    ):
        refunded[line_id][0] += qty
        refunded[line_id][1] += amount
    for line_id, (qty, amount) in refunded.items():
        if line_id not in sold:
            return f"refunds sale line {line_id}, which is not on sale {sale_id}"
        sold_qty, sold_total = sold[line_id]
        if qty > sold_qty:
            return f"refunds {qty} of sale line {line_id}, which sold {sold_qty}"
        if amount > sold_total:
            return f"refunds {amount} on sale line {line_id}, which sold for {sold_total}"
    refunds_total = sum(
        session.scalars(select(Refund.total).where(Refund.shop_id == shop_id, Refund.sale_id == sale_id))
    )
    if refunds_total > sale_total:
        return f"refunds {refunds_total} in all on sale {sale_id}, which sold for {sale_total}"
    return None


def check_refund(session: Session, shop_id: uuid.UUID, sale_id: uuid.UUID) -> None:
    """After a refund's rows are written: raise :class:`RefundError` when it takes its sale beyond
    what was sold, or points at lines of another of the shop's sales."""
    reason = excess(session, shop_id, sale_id)
    if reason is None:
        # The sale is not here yet: its lines must not be those of another sale of this shop.
        stray = session.scalar(
            select(SaleLine.id)
            .join(RefundLine, (RefundLine.shop_id == SaleLine.shop_id) & (RefundLine.sale_line_id == SaleLine.id))
            .join(Refund, (Refund.shop_id == RefundLine.shop_id) & (Refund.id == RefundLine.refund_id))
            .where(Refund.shop_id == shop_id, Refund.sale_id == sale_id, SaleLine.sale_id != sale_id)
            .limit(1)
        )
        if stray is not None:
            reason = f"refunds sale line {stray}, which is not on sale {sale_id}"
    if reason is not None:
        raise RefundError(reason)


def settle_early_refunds(session: Session, shop_id: uuid.UUID, sale_ids: list[uuid.UUID]) -> None:
    """Sales just written: the refunds of them that came first are bounded now; the latest ones
    beyond the sale are taken out and their events quarantined with the reason."""
    early: dict[uuid.UUID, list[Refund]] = defaultdict(list)
    for start in range(0, len(sale_ids), 500):
        for refund in session.scalars(
            select(Refund)
            .where(Refund.shop_id == shop_id, Refund.sale_id.in_(sale_ids[start:start + 500]))
            .order_by(Refund.created_at, Refund.id)
        ):
            early[refund.sale_id].append(refund)
    for sale_id, refunds in early.items():
        while refunds and (reason := excess(session, shop_id, sale_id)) is not None:
            _take_back(session, refunds.pop(), reason)


def _take_back(session: Session, refund: Refund, reason: str) -> None:
    shop_id = refund.shop_id
    log.warning("shop %s: refund %s quarantined after its sale arrived: %s", shop_id, refund.id, reason)
    session.execute(delete(RefundLine).where(RefundLine.shop_id == shop_id, RefundLine.refund_id == refund.id))
    session.execute(delete(Payment).where(Payment.shop_id == shop_id, Payment.refund_id == refund.id))
    session.execute(
        delete(StockMovement).where(StockMovement.shop_id == shop_id, StockMovement.event_id == refund.event_id)
    )
    session.execute(
        update(EventRow)
        .where(EventRow.shop_id == shop_id, EventRow.id == refund.event_id)
        .values(status="quarantined", reason=reason)
    )
    session.delete(refund)
    session.flush()


def unmatched(session: Session, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Refunds whose sale has not reached the server (from the same shop), oldest first."""
    rows = session.execute(
        select(Refund, Shop.code)
        .join(Shop, Shop.id == Refund.shop_id)
        .outerjoin(Sale, (Sale.shop_id == Refund.shop_id) & (Sale.id == Refund.sale_id))
        .where(Sale.id.is_(None))
        .order_by(Refund.created_at, Refund.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        {
            "id": str(r.id), "shop_code": code, "sale_id": str(r.sale_id), "receipt_no": r.receipt_no,
            "created_at": r.created_at.isoformat(), "total": r.total,
        }
        for r, code in rows
    ]

"""The till's settlement statement: its own synced facts through the shared computation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.settlement import Received, SoldLine, Statement, compute, line_cost

from .store.models import (Delivery, Product, Refund, RefundLine, RefundLinePromotion, Sale, SaleLine,
                           SaleLinePromotion, StockMovement)


def statement(session: Session, start: str, end: str, commission_bp: int) -> Statement:
    """Sales, refunds and platform deliveries with ``start <= created_at < end`` (UTC ISO).
    The platform-funded part of each promotion on a line is credited (given back on a refund)."""
    sold_promos: dict[str, list[tuple[str, int]]] = {}
    for line_id, pid, platform in session.execute(
        select(SaleLinePromotion.sale_line_id, SaleLinePromotion.promotion_id, SaleLinePromotion.platform_amount)
        .join(SaleLine, SaleLine.id == SaleLinePromotion.sale_line_id).join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.created_at >= start, Sale.created_at < end, Sale.imported.is_(False))
    ):
        sold_promos.setdefault(line_id, []).append((pid, platform))
    back_promos: dict[str, list[tuple[str, int]]] = {}
    for line_id, pid, platform in session.execute(
        select(RefundLinePromotion.refund_line_id, RefundLinePromotion.promotion_id,
               RefundLinePromotion.platform_amount)
        .join(RefundLine, RefundLine.id == RefundLinePromotion.refund_line_id)
        .join(Refund, Refund.id == RefundLine.refund_id)
        .where(Refund.created_at >= start, Refund.created_at < end)
    ):
        back_promos.setdefault(line_id, []).append((pid, -platform))
    lines = []
    for line in session.execute(
        select(SaleLine, Product.is_local).join(Sale, Sale.id == SaleLine.sale_id)
        .join(Product, Product.id == SaleLine.product_id)
        .where(Sale.created_at >= start, Sale.created_at < end, Sale.imported.is_(False))
    ):
        sl, is_local = line
        lines.append(SoldLine(bool(is_local), sl.total, sl.tax, line_cost(sl.qty, sl.unit, sl.unit_cost),
                              tuple(sold_promos.get(sl.id, ()))))
    for rl, sl, is_local in session.execute(
        select(RefundLine, SaleLine, Product.is_local).join(Refund, Refund.id == RefundLine.refund_id)
        .join(SaleLine, SaleLine.id == RefundLine.sale_line_id).join(Product, Product.id == SaleLine.product_id)
        .where(Refund.created_at >= start, Refund.created_at < end)
    ):
        lines.append(SoldLine(bool(is_local), -rl.amount, -rl.tax, -line_cost(rl.qty, sl.unit, sl.unit_cost),
                              tuple(back_promos.get(rl.id, ()))))
    received = [
        Received(m.qty, m.unit_cost or 0) for m in session.scalars(
            select(StockMovement).join(Delivery, Delivery.id == StockMovement.ref_id)
            .where(StockMovement.kind == "delivery", StockMovement.created_at >= start, StockMovement.created_at < end)
        )
    ]
    return compute(start, end, lines, received, commission_bp)

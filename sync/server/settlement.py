"""A shop's settlement statement on the platform, from the rows its tills synced.

It feeds ``sync.settlement.compute`` the same facts the till feeds it (``app/core/settlement.py``),
so both ends print the same statement to the cent:

- sale lines of sales made in the period (by the sale's time): total, tax, wholesale cost of the
  quantity, local or platform goods;
- refund lines of refunds made in the period (by the refund's time), negated, with the unit,
  unit cost and local flag of the sale line they refund;
- goods received: the delivery movements of the shop's ``delivery.received`` counts in the period,
  quantity times unit cost;
- the commission policy as the platform has it now;
- per line, the platform-funded part of each promotion's saving (negated on refund lines), so the
  statement credits the shop per promotion.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.settlement import (DEFAULT_COMMISSION_BP, PeriodError, Received, SoldLine, Statement, compute, line_cost,
                             parse_moment)

from .models import DeliveryReceipt, Policy, Refund, RefundLine, Sale, SaleLine, StockMovement
from .promo_models import RefundLinePromotion, SaleLinePromotion


def period(start: str, end: str) -> tuple[datetime, datetime]:
    a, b = parse_moment(start, "start"), parse_moment(end, "end")
    if a >= b:
        raise PeriodError("the period must end after it starts")
    return a, b


def _label(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")  # the till's text for the same moment


def commission_bp(session: Session) -> int:
    row = session.get(Policy, "commission_bp")
    return int(row.value) if row is not None else DEFAULT_COMMISSION_BP


def _sale_credits(session: Session, shop_id: uuid.UUID, start: datetime, end: datetime) -> dict:
    """Platform-funded savings per sale line of sales in the period: {line id: ((promotion id, amount), ...)}."""
    out: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
    for line_id, pid, amount in session.execute(
        select(SaleLinePromotion.sale_line_id, SaleLinePromotion.promotion_id, SaleLinePromotion.platform_amount)
        .join(Sale, (Sale.shop_id == SaleLinePromotion.shop_id) & (Sale.id == SaleLinePromotion.sale_id))
        .where(Sale.shop_id == shop_id, Sale.created_at >= start, Sale.created_at < end)
    ):
        out[line_id].append((str(pid), amount))
    return out


def _refund_credits(session: Session, shop_id: uuid.UUID, start: datetime, end: datetime) -> dict:
    """What refunds in the period gave back of platform-funded savings, per refund line (negated)."""
    out: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
    for line_id, pid, amount in session.execute(
        select(RefundLinePromotion.refund_line_id, RefundLinePromotion.promotion_id, RefundLinePromotion.platform_amount)
        .join(Refund, (Refund.shop_id == RefundLinePromotion.shop_id) & (Refund.id == RefundLinePromotion.refund_id))
        .where(Refund.shop_id == shop_id, Refund.created_at >= start, Refund.created_at < end)
    ):
        out[line_id].append((str(pid), -amount))
    return out


def statement(session: Session, shop_id: uuid.UUID, start: datetime, end: datetime) -> Statement:
    lines: list[SoldLine] = []
    credits = _sale_credits(session, shop_id, start, end)
    for line_id, is_local, total, tax, qty, unit, unit_cost in session.execute(
        select(SaleLine.id, SaleLine.is_local, SaleLine.total, SaleLine.tax, SaleLine.qty, SaleLine.unit,
               SaleLine.unit_cost)
        .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
        .where(Sale.shop_id == shop_id, Sale.created_at >= start, Sale.created_at < end)
    ):
        lines.append(SoldLine(bool(is_local), total, tax, line_cost(qty, unit, unit_cost),
                              tuple(credits.get(line_id, ()))))
    credits = _refund_credits(session, shop_id, start, end)
    for line_id, amount, tax, qty, is_local, unit, unit_cost in session.execute(
        select(RefundLine.id, RefundLine.amount, RefundLine.tax, RefundLine.qty, SaleLine.is_local, SaleLine.unit,
               SaleLine.unit_cost)
        .join(Refund, (Refund.shop_id == RefundLine.shop_id) & (Refund.id == RefundLine.refund_id))
        .join(SaleLine, (SaleLine.shop_id == RefundLine.shop_id) & (SaleLine.id == RefundLine.sale_line_id))
        .where(Refund.shop_id == shop_id, Refund.created_at >= start, Refund.created_at < end)
    ):
        lines.append(SoldLine(bool(is_local), -amount, -tax, -line_cost(qty, unit, unit_cost),
                              tuple(credits.get(line_id, ()))))
    received = [
        Received(qty, unit_cost or 0)
        for qty, unit_cost in session.execute(
            select(StockMovement.qty, StockMovement.unit_cost)
            .join(DeliveryReceipt, DeliveryReceipt.id == StockMovement.ref_id)
            .where(
                StockMovement.shop_id == shop_id,
                DeliveryReceipt.shop_id == shop_id,
                StockMovement.kind == "delivery",
                StockMovement.created_at >= start,
                StockMovement.created_at < end,
            )
        )
    ]
    return compute(_label(start), _label(end), lines, received, commission_bp(session))


def as_csv(st: Statement) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(st.csv_rows())
    return out.getvalue()

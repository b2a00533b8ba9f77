"""A shop's settlement statement on the platform, from the rows its tills synced.

It feeds ``sync.settlement.compute`` the same facts the till feeds it (``app/core/settlement.py``),
so both ends print the same statement to the cent:

- sale lines of sales made in the period (by the sale's time): total, tax, wholesale cost of the
  quantity, local or platform goods;
- refund lines of refunds made in the period (by the refund's time), negated, with the unit,
  unit cost and local flag of the sale line they refund;
- goods received: the delivery movements of the shop's ``delivery.received`` counts in the period,
  quantity times unit cost;
- the commission policy as the platform has it now.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.settlement import (DEFAULT_COMMISSION_BP, PeriodError, Received, SoldLine, Statement, compute, line_cost,
                             parse_moment)

from .models import DeliveryReceipt, Policy, Refund, RefundLine, Sale, SaleLine, StockMovement


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


def statement(session: Session, shop_id: uuid.UUID, start: datetime, end: datetime) -> Statement:
    lines: list[SoldLine] = []
    for is_local, total, tax, qty, unit, unit_cost in session.execute(
        select(SaleLine.is_local, SaleLine.total, SaleLine.tax, SaleLine.qty, SaleLine.unit, SaleLine.unit_cost)
        .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
        .where(Sale.shop_id == shop_id, Sale.created_at >= start, Sale.created_at < end)
    ):
        lines.append(SoldLine(bool(is_local), total, tax, line_cost(qty, unit, unit_cost)))
    for amount, tax, qty, is_local, unit, unit_cost in session.execute(
        select(RefundLine.amount, RefundLine.tax, RefundLine.qty, SaleLine.is_local, SaleLine.unit, SaleLine.unit_cost)
        .join(Refund, (Refund.shop_id == RefundLine.shop_id) & (Refund.id == RefundLine.refund_id))
        .join(SaleLine, (SaleLine.shop_id == RefundLine.shop_id) & (SaleLine.id == RefundLine.sale_line_id))
        .where(Refund.shop_id == shop_id, Refund.created_at >= start, Refund.created_at < end)
    ):
        lines.append(SoldLine(bool(is_local), -amount, -tax, -line_cost(qty, unit, unit_cost)))
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

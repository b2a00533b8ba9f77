"""A shop's takings and VAT for a period on the platform, from the rows its tills synced.

It feeds ``sync.takings.compute`` the same facts the till feeds it (``app/core/reports.py``): the
sale lines of sales made in the period (by the sale's time) with their VAT rate and printed tax,
the refund lines of refunds made in the period (with the rate of the sale line they refund), and
the tenders of those sales and refunds. So the till's report and the platform's agree to the cent.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.takings import TakenLine, Takings, Tendered, compute

from .models import Payment, Refund, RefundLine, Sale, SaleLine


def _label(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")  # the till's text for the same moment


def takings(session: Session, shop_id: uuid.UUID, start: datetime, end: datetime) -> Takings:
    in_sales = (Sale.shop_id == shop_id, Sale.created_at >= start, Sale.created_at < end)
    in_refunds = (Refund.shop_id == shop_id, Refund.created_at >= start, Refund.created_at < end)
    lines = [TakenLine(int(rate), int(total), int(tax)) for rate, total, tax in session.execute(
        select(SaleLine.vat_rate_bp, SaleLine.total, SaleLine.tax).join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id))
        .where(*in_sales))]
    lines += [TakenLine(int(rate), int(amount), int(tax), refund=True) for rate, amount, tax in session.execute(
        select(SaleLine.vat_rate_bp, RefundLine.amount, RefundLine.tax).join(Refund, (Refund.shop_id == RefundLine.shop_id) & (Refund.id == RefundLine.refund_id))
        .join(SaleLine, (SaleLine.shop_id == RefundLine.shop_id) & (SaleLine.id == RefundLine.sale_line_id)).where(*in_refunds))]
    tenders = [Tendered(method, int(amount)) for method, amount in session.execute(
        select(Payment.method, Payment.amount).join(Sale, (Sale.shop_id == Payment.shop_id) & (Sale.id == Payment.sale_id))
        .where(Payment.refund_id.is_(None), *in_sales))]
    tenders += [Tendered(method, int(amount), refund=True) for method, amount in session.execute(
        select(Payment.method, Payment.amount).join(Refund, (Refund.shop_id == Payment.shop_id) & (Refund.id == Payment.refund_id)).where(*in_refunds))]
    n_sales, sold = session.execute(select(func.count(Sale.id), func.coalesce(func.sum(Sale.total), 0))
                                    .where(*in_sales)).one()
    n_refunds, refunded = session.execute(select(func.count(Refund.id), func.coalesce(func.sum(Refund.total), 0))
                                          .where(*in_refunds)).one()
    net_lines = sum(t.gross for t in lines if not t.refund) - sum(t.gross for t in lines if t.refund)
    return compute(_label(start), _label(end), lines, tenders, sales=int(n_sales), refunds=int(n_refunds),
                   rounding=int(sold) - int(refunded) - net_lines)

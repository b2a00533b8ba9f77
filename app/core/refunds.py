"""Refunds against an original receipt: partial, never more than was sold, within the
return window, back to the original tenders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import outbox, stock
from .errors import QT_TRANSLATE_NOOP, TillError
from .ids import new_id
from .money import allocate, div_round, tax_included
from .store import moment, now
from .store.models import Payment, Product, Refund, RefundLine, Sale, SaleLine


def refunded_qty(session: Session, sale_line_id: str) -> tuple[int, int, int]:
    """(qty, amount, tax) already refunded for a sale line."""
    row = session.execute(
        select(func.coalesce(func.sum(RefundLine.qty), 0), func.coalesce(func.sum(RefundLine.amount), 0),
               func.coalesce(func.sum(RefundLine.tax), 0)).where(RefundLine.sale_line_id == sale_line_id)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def refundable(session: Session, sale: Sale) -> dict[str, int]:
    """Sale line id -> quantity that can still be refunded."""
    return {line.id: line.qty - refunded_qty(session, line.id)[0] for line in sale.lines}


def too_many(line: SaleLine, left: int, receipt_no: str) -> TillError:
    """The refusal of a refund of more than is left of a line, saying why: it was already refunded
    in full, or in part, or that is all that was sold. Quantities in their unit (kg for grams)."""
    from .reports import fmt_qty

    done = line.qty - left
    params = dict(name=line.name, receipt_no=receipt_no, left=fmt_qty(left, line.unit), done=fmt_qty(done, line.unit))
    if left <= 0:
        return TillError(QT_TRANSLATE_NOOP("CoreError", "{name} on {receipt_no} has already been refunded in full."),
                         **params)
    if done:
        return TillError(QT_TRANSLATE_NOOP(
            "CoreError", "Only {left} of {name} can still be refunded on {receipt_no}: {done} already refunded."),
            **params)
    return TillError(QT_TRANSLATE_NOOP("CoreError", "Only {left} of {name} can still be refunded on {receipt_no}."),
                     **params)


def check_window(sale: Sale, days: int, at: datetime | None = None) -> None:
    at = at or datetime.now(timezone.utc)
    if at - datetime.fromisoformat(sale.created_at) > timedelta(days=days):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Receipt {receipt_no} is past the {days}-day return window."),
                        receipt_no=sale.receipt_no, days=days)


def make_refund(
    session: Session,
    sale: Sale,
    quantities: dict[str, int],
    *,
    restock: bool,
    staff_id: str,
    approved_by: str | None,
    cash_session_id: str | None,
    return_window_days: int,
    reason: str | None = None,
    repricer: Callable[..., dict[str, tuple[int, list[dict]]] | None] | None = None,
) -> Refund:
    """Write a refund in the caller's transaction. ``quantities``: sale line id -> qty.

    ``repricer(session, sale, returned_before, returning)``: for a sale that promotions priced,
    what each returned line gives back and of which promotion (``till.promotions.refund_parts``:
    the goods kept are re-priced, so a multi-buy broken by a return costs what the rules say);
    None when no promotion priced the sale, and the refund is each line's share of what was paid."""
    check_window(sale, return_window_days, moment(session))
    lines_by_id = {line.id: line for line in sale.lines}
    wanted = {k: v for k, v in quantities.items() if v}
    if not wanted:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Choose at least one line and quantity to refund."))
    stamp = now(session)
    refund = Refund(id=new_id(), sale_id=sale.id, created_at=stamp, staff_id=staff_id, approved_by=approved_by,
                    cash_session_id=cash_session_id, restock=restock, reason=reason, total=0, tax=0)
    session.add(refund)
    rows, movements = [], []
    parts = None
    if repricer is not None:
        for line_id, qty in wanted.items():  # the checks below say what is wrong, in the user's words
            if line_id not in lines_by_id or qty < 0 or qty > lines_by_id[line_id].qty - refunded_qty(session, line_id)[0]:
                break
        else:
            before = {line.id: refunded_qty(session, line.id)[0] for line in sale.lines}
            parts = repricer(session, sale, {k: v for k, v in before.items() if v}, wanted)
    for line_id, qty in wanted.items():
        line: SaleLine | None = lines_by_id.get(line_id)
        if line is None:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Line {line_id} is not on receipt {receipt_no}."),
                            line_id=line_id, receipt_no=sale.receipt_no)
        if qty < 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A refund quantity must be above zero."))
        done_qty, done_amount, done_tax = refunded_qty(session, line_id)
        left = line.qty - done_qty
        if qty > left:
            raise too_many(line, left, sale.receipt_no)
        promos: list[dict] = []
        if parts is not None:  # priced by promotions: what the engine says the returned goods cost
            amount, promos = parts.get(line_id, (0, []))
            if qty == left and amount == line.total - done_amount:
                tax = line.tax - done_tax
            else:
                tax = min(max(tax_included(amount, line.vat_rate_bp), 0), max(amount, 0))
        elif qty == left:  # the last of the line: exactly what is left, no rounding drift
            amount, tax = line.total - done_amount, line.tax - done_tax
        else:
            amount, tax = div_round(line.total * qty, line.qty), div_round(line.tax * qty, line.qty)
        row = RefundLine(id=new_id(), refund_id=refund.id, sale_line_id=line.id, qty=qty, amount=amount, tax=tax)
        row.promotions = promos  # not a column: for the event below
        session.add(row)
        rows.append((row, line))
        refund.total += amount
        refund.tax += tax
        if restock:
            product = session.get(Product, line.product_id)
            m = stock.record(session, product, "refund", qty, ref_id=refund.id, staff_id=staff_id,
                             movement_id=row.id, created_at=stamp)
            movements.append(stock.movement_payload(m, line.sku))
    session.flush()
    if parts is not None:
        from .promotions import record_refund_line
        for r, _line in rows:
            r.promotions = record_refund_line(session, r.id, r.promotions)
    if all(refunded_qty(session, line.id)[0] == line.qty for line in sale.lines):
        refund.total += sale.rounding  # the last refund gives back exactly what was paid
    payments = _back_to_tenders(session, sale, refund, stamp)
    outbox.emit(session, "refund.completed", {
        "id": refund.id, "sale_id": sale.id, "receipt_no": sale.receipt_no, "created_at": stamp,
        "staff_id": staff_id, "approved_by": approved_by, "restock": restock, "reason": reason,
        "total": refund.total, "tax": refund.tax,
        "lines": [{"id": r.id, "sale_line_id": line.id, "product_id": line.product_id, "sku": line.sku,
                   "qty": r.qty, "amount": r.amount, "tax": r.tax,
                   "promotions": getattr(r, "promotions", [])} for r, line in rows],
        "payments": payments,
        "movements": movements,
    }, event_id=refund.id)
    return refund


def _back_to_tenders(session: Session, sale: Sale, refund: Refund, stamp: str) -> list[dict]:
    """Spread the refund over the sale's tenders in proportion to what each still holds."""
    originals = session.scalars(
        select(Payment).where(Payment.sale_id == sale.id, Payment.refund_id.is_(None)).order_by(Payment.id)
    ).all()
    held = []
    for p in originals:
        given_back = session.scalar(
            select(func.coalesce(func.sum(Payment.amount), 0)).where(
                Payment.sale_id == sale.id, Payment.refund_id.is_not(None), Payment.method == p.method,
                Payment.reference.is_(p.reference) if p.reference is None else Payment.reference == p.reference,
            )
        )
        held.append(p.amount + int(given_back))
    if refund.total > sum(held):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "This refund is more than what is left of the payment."))
    out = []
    for p, part in zip(originals, allocate(refund.total, held)):
        if part == 0:
            continue
        row = Payment(id=new_id(), sale_id=sale.id, refund_id=refund.id, method=p.method, amount=-part,
                      tendered=0, change=0, reference=p.reference, created_at=stamp)
        session.add(row)
        out.append({"id": row.id, "method": p.method, "amount": -part, "tendered": 0, "change": 0,
                    "reference": p.reference})
    return out

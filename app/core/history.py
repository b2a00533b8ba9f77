"""Sales history from a previous till, and CSV exports of sales, stock and customers.

Imported sales are the shop's history (for sales velocity and reports); they are
not sent to the platform, which never saw them as events, and they move no stock.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import Iterable

from sqlalchemy import select

from . import catalog
from .errors import QT_TRANSLATE_NOOP, InputError, Message, TillError, line_error, not_imported, whole_number
from .ids import new_id, receipt_token
from .money import fmt_plain, parse_amount
from .sales import CartLine, compute_totals
from .store.models import Customer, Payment, Product, Sale, SaleLine, StockLevel

SALES_COLUMNS = ["receipt_no", "created_at", "sku", "qty", "unit_price", "discount", "method"]


def import_sales_csv(till, text: str) -> int:
    """Columns: receipt_no, created_at (ISO), sku, qty, unit_price, discount (optional), method (optional)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in SALES_COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "line 1: the header lacks column(s) {columns}"),
                        columns=', '.join(missing))
    staff_id = till.user.id if till.user is not None and till.user.is_owner else None
    receipts: dict[str, dict] = {}
    errors = []
    with till.read() as s:
        for row in reader:
            line = reader.line_num
            try:
                receipt = (row["receipt_no"] or "").strip()
                if not receipt:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "the receipt number is empty"))
                written = (row["created_at"] or "").strip()
                try:
                    when = datetime.fromisoformat(written)
                except ValueError:
                    raise InputError(QT_TRANSLATE_NOOP(
                        "CoreError", "not a date and time: {value} (write it like 2024-05-31T14:30)"),
                        value=repr(written)) from None
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                product = catalog.by_sku(s, (row["sku"] or "").strip())
                if product is None:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "unknown SKU {sku}"), sku=repr(row['sku']))
                qty = whole_number(row["qty"], QT_TRANSLATE_NOOP("CoreError", "the quantity"))
                if qty <= 0:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "the quantity must be above zero"))
                price = parse_amount(row["unit_price"])
                discount = parse_amount(row["discount"]) if (row.get("discount") or "").strip() else 0
                method = (row.get("method") or "cash").strip() or "cash"
                if method not in ("cash", "card", "mobile"):
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "unknown payment method {method}"),
                                    method=repr(method))
                r = receipts.setdefault(receipt, {"when": when, "method": method, "lines": [], "line_no": line})
                cl = CartLine(product_id=product.id, sku=product.sku, name=product.name, unit=product.unit, qty=qty,
                              unit_price=price, vat_rate_bp=product.vat_rate_bp, cost=product.cost, discount=discount)
                if cl.discount > cl.gross:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "the discount is larger than the line"))
                r["lines"].append(cl)
            except (TillError, ValueError, KeyError, TypeError) as exc:
                errors.append(line_error(line, exc))
        existing = set(s.scalars(select(Sale.receipt_no).where(Sale.receipt_no.in_(list(receipts)))))
    for receipt in sorted(existing):
        errors.append(line_error(receipts[receipt]["line_no"], Message(
            QT_TRANSLATE_NOOP("CoreError", "receipt {receipt} is already on this till"), receipt=receipt)))
    if errors:
        raise not_imported(errors)
    if staff_id is None:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Importing sales history needs an owner's PIN (--pin)."))
    with till.write() as s:
        for receipt, r in receipts.items():
            totals = compute_totals(r["lines"], 0)
            stamp = r["when"].isoformat(timespec="microseconds")
            sale = Sale(id=new_id(), receipt_no=receipt, receipt_token=receipt_token(), created_at=stamp,
                        staff_id=staff_id, subtotal=totals.subtotal, discount=totals.discount, total=totals.total,
                        tax=totals.tax, imported=True)
            s.add(sale)
            s.flush()  # the sale row before the rows that point at it
            for no, (cl, lt) in enumerate(zip(r["lines"], totals.lines), start=1):
                s.add(SaleLine(id=new_id(), sale_id=sale.id, line_no=no, product_id=cl.product_id, sku=cl.sku,
                               name=cl.name, qty=cl.qty, unit=cl.unit, unit_price=cl.unit_price, discount=lt.discount,
                               total=lt.total, vat_rate_bp=cl.vat_rate_bp, tax=lt.tax, unit_cost=cl.cost))
            s.add(Payment(id=new_id(), sale_id=sale.id, method=r["method"], amount=totals.total,
                          tendered=totals.total, created_at=stamp))
    return len(receipts)


def export_rows(till, what: str) -> Iterable[list[str]]:
    with till.read() as s:
        if what == "sales":
            yield ["receipt_no", "created_at", "sku", "name", "qty", "unit", "unit_price", "discount", "total",
                   "vat_rate_bp", "tax"]
            rows = s.execute(select(Sale.receipt_no, Sale.created_at, SaleLine).join(SaleLine, SaleLine.sale_id == Sale.id)
                             .order_by(Sale.created_at, SaleLine.line_no))
            for receipt, created, line in rows:
                yield [receipt, created, line.sku, line.name, str(line.qty), line.unit, fmt_plain(line.unit_price),
                       fmt_plain(line.discount), fmt_plain(line.total), str(line.vat_rate_bp), fmt_plain(line.tax)]
        elif what == "refunds":  # one row per refund line, with its VAT rate
            yield ["refund_id", "receipt_no", "created_at", "sku", "name", "qty", "unit", "amount", "vat_rate_bp", "tax"]
            from .store.models import Refund, RefundLine
            rows = s.execute(select(Refund.id, Sale.receipt_no, Refund.created_at, SaleLine, RefundLine)
                             .join(RefundLine, RefundLine.refund_id == Refund.id)
                             .join(SaleLine, SaleLine.id == RefundLine.sale_line_id)
                             .join(Sale, Sale.id == Refund.sale_id).order_by(Refund.created_at, SaleLine.line_no))
            for refund_id, receipt, created, line, rl in rows:
                yield [refund_id, receipt, created, line.sku, line.name, str(rl.qty), line.unit, fmt_plain(rl.amount),
                       str(line.vat_rate_bp), fmt_plain(rl.tax)]
        elif what == "stock":
            yield ["sku", "name", "category", "unit", "level"]
            for sku, name, cat, unit, qty in s.execute(
                select(Product.sku, Product.name, Product.category, Product.unit, StockLevel.qty)
                .join(StockLevel, StockLevel.product_id == Product.id).order_by(Product.sku)
            ):
                yield [sku, name, cat, unit, str(qty)]
        elif what == "customers":
            yield ["id", "name", "phone", "email", "consent_marketing", "consent_share"]
            for c in s.scalars(select(Customer).order_by(Customer.name)):
                yield [c.id, c.name, c.phone, c.email, str(c.consent_marketing).lower(), str(c.consent_share).lower()]
        else:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Export sales, stock or customers."))

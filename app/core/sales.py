"""Carts, discounts, tenders and the sale itself.

A cart lives in memory (or parked in the store) until it is paid; paying it writes
the sale, its lines, payments, stock movements, loyalty points and the outbox event
in one transaction. Lines keep the price they were scanned at.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session, configure_mappers

from . import outbox, stock

from .errors import QT_TRANSLATE_NOOP, InputError, Message, TillError
from .ids import new_id, receipt_token
from .money import allocate, fmt, round_to_increment, tax_included, weighed_total
from .store import fast, now
from .store.models import Customer, LoyaltyEntry, Payment, Product, Sale, SaleLine

METHODS = ("cash", "card", "mobile")
_METHOD_NAMES = {"cash": QT_TRANSLATE_NOOP("CoreError", "cash"), "card": QT_TRANSLATE_NOOP("CoreError", "card"),
                 "mobile": QT_TRANSLATE_NOOP("CoreError", "mobile")}  # as "a {method} payment" in a message
MAX_QTY = 100_000  # units; grams up to 100 kg


@dataclass
class CartLine:
    product_id: str
    sku: str
    name: str
    unit: str
    qty: int  # units, or grams when unit == "kg"
    unit_price: int  # per unit, or per kg
    vat_rate_bp: int
    cost: int = 0
    is_local: bool = False
    discount: int = 0  # this line's own discount
    list_price: int | None = None  # the price before an override, if any
    id: str = field(default_factory=new_id)
    category: str = ""  # what platform promotions name (filled from the product when scanned)
    brand: str = ""
    # The platform's promotions on this line, priced by the till (app/core/promotions.py) at every
    # change of the cart: their sum, and each one as {promotion_id, name, amount, platform_amount}.
    # Kept apart from ``discount`` (the cashier's own); both are part of the line's discount.
    promo_discount: int = 0
    promotions: list[dict] = field(default_factory=list)

    @property
    def gross(self) -> int:
        if self.unit == "kg":
            return weighed_total(self.unit_price, self.qty)
        return self.unit_price * self.qty

    @property
    def unit_cost_total(self) -> int:
        return weighed_total(self.cost, self.qty) if self.unit == "kg" else self.cost * self.qty


@dataclass(frozen=True)
class LineTotals:
    gross: int
    discount: int  # own + share of the sale discount
    total: int
    tax: int


@dataclass(frozen=True)
class Totals:
    subtotal: int
    discount: int
    total: int
    tax: int
    tax_by_rate: dict[int, tuple[int, int]]  # rate bp -> (gross amount at that rate, tax)
    lines: list[LineTotals]


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    sale_discount: int = 0
    customer_id: str | None = None
    approvals: list[dict] = field(default_factory=list)  # {"action", "owner_id", ...} for the audit log
    notices: list[str] = field(default_factory=list)  # things the cashier should see (price changed, ...)
    coupons: list[str] = field(default_factory=list)  # coupon codes the customer gave (accepted ones)
    # each promotion's saving over the cart: {promotion_id, name, amount, platform_amount}
    savings: list[dict] = field(default_factory=list)

    @property
    def promo_savings(self) -> int:
        """What the platform's promotions take off this cart."""
        return sum(line.promo_discount for line in self.lines)

    def totals(self) -> Totals:
        return compute_totals(self.lines, self.sale_discount)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Cart":
        data = json.loads(text)
        data["lines"] = [CartLine(**line) for line in data["lines"]]
        return cls(**data)

    @property
    def is_empty(self) -> bool:
        return not self.lines


def compute_totals(lines: list[CartLine], sale_discount: int) -> Totals:
    """Totals of a cart. Tax per rate is computed on each rate's total and sums exactly to
    the receipt's tax; the sale discount is spread over lines in proportion to their value.
    A line's promotions (``promo_discount``) come off it like its own discount, before the sale
    discount, so the tax of each rate is the tax of its lines as the customer pays them."""
    nets = [line.gross - line.discount - line.promo_discount for line in lines]
    shares = allocate(sale_discount, nets) if lines else []
    totals = [net - share for net, share in zip(nets, shares)]
    by_rate: dict[int, tuple[int, int]] = {}
    line_tax = [0] * len(lines)
    order = sorted(range(len(lines)), key=lambda i: lines[i].vat_rate_bp)
    for rate, group in groupby(order, key=lambda i: lines[i].vat_rate_bp):
        idx = list(group)
        gross = sum(totals[i] for i in idx)
        tax = tax_included(gross, rate)
        by_rate[rate] = (gross, tax)
        for i, part in zip(idx, allocate(tax, [max(totals[i], 0) for i in idx])):
            line_tax[i] = part
    line_totals = [
        LineTotals(gross=line.gross, discount=line.discount + line.promo_discount + share, total=total, tax=tax)
        for line, share, total, tax in zip(lines, shares, totals, line_tax)
    ]
    subtotal = sum(line.gross for line in lines)
    total = sum(totals)
    return Totals(
        subtotal=subtotal, discount=subtotal - total, total=total,
        tax=sum(t for _, t in by_rate.values()), tax_by_rate=by_rate, lines=line_totals,
    )


def parse_item(text: str) -> tuple[str, int | None]:
    """``CODE`` or ``CODE*QTY`` as typed at the counter or given to ``corner sell``: the code, and
    the quantity (units, or grams for weighed goods) or None when none was given."""
    code, sep, qty = (text or "").strip().partition("*")
    code = code.strip()
    if not sep:
        return code, None
    if not code:
        raise InputError(QT_TRANSLATE_NOOP("CoreError", "{text}: put the barcode or SKU before the *."),
                         text=text.strip())
    qty = qty.strip()
    if not qty.isdigit():
        raise InputError(QT_TRANSLATE_NOOP(
            "CoreError", "{text}: the quantity after * must be a whole number (grams for weighed goods)."),
            text=text.strip())
    if int(qty) <= 0:
        raise InputError(QT_TRANSLATE_NOOP("CoreError", "{text}: the quantity must be above zero."), text=text.strip())
    return code, int(qty)


def line_for(product: Product, qty: int, price: int | None = None) -> CartLine:
    if qty <= 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The quantity must be above zero."))
    if qty > MAX_QTY:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A quantity of {qty} is too large for one line."), qty=qty)
    return CartLine(
        product_id=product.id, sku=product.sku, name=product.name, unit=product.unit, qty=qty,
        unit_price=product.sell_price if price is None else price, vat_rate_bp=product.vat_rate_bp,
        cost=product.cost, is_local=product.is_local, category=product.category or "",
        brand=getattr(product, "brand", "") or "",
    )


def add_line(cart: Cart, line: CartLine) -> CartLine:
    """Add a line; the same counted product at the same price just raises the last line's quantity."""
    if line.unit == "each" and cart.lines:
        last = cart.lines[-1]
        if (last.product_id, last.unit_price, last.discount, last.unit) == (line.product_id, line.unit_price, 0, "each"):
            if last.qty + line.qty > MAX_QTY:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "A quantity of {qty} is too large for one line."),
                                qty=last.qty + line.qty)
            last.qty += line.qty
            return last
    cart.lines.append(line)
    return line


@dataclass(frozen=True)
class Tender:
    method: str
    amount: int  # for cash: what the customer handed over
    reference: str | None = None


def discount_needs_approval(base: int, discount: int, limit_bp: int) -> bool:
    """A discount above the cashier's limit (a share of ``base`` in basis points) needs an owner."""
    return discount * 10000 > base * limit_bp


def next_receipt_no(session: Session) -> str:
    """The next receipt number, ``<shop code>-<till no>-<sequence>``, taken in the caller's transaction."""
    cur = fast.cursor(session)
    try:
        row = cur.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'receipt_seq' "
                          "RETURNING value").fetchone()
        if row is None:
            cur.execute("INSERT INTO meta (key, value) VALUES ('receipt_seq', '1')")
            row = ("1",)
        names = dict(cur.execute("SELECT key, value FROM meta WHERE key IN ('shop_code', 'till_no')").fetchall())
    finally:
        cur.close()
    return f"{names.get('shop_code', 'LOCAL')}-{names.get('till_no', '1')}-{int(row[0]):06d}"


@dataclass(frozen=True)
class PaymentPlan:
    rounding: int
    payments: list[dict]  # method, amount, tendered, change, reference


def plan_payments(total: int, tenders: list[Tender], cash_increment: int = 1,
                  money: Callable[[int], str] = fmt) -> PaymentPlan:
    """Check tenders against the total and work out change and cash rounding.

    Card and mobile pay exact amounts with a reference; cash pays the rest (rounded to
    the cash increment when the shop rounds cash) and may be more, giving change.
    ``money`` formats amounts in a refusal (the till passes the shop's currency and locale).
    """
    if not tenders:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Choose how the customer pays."))
    noncash, cash_given = [], 0
    for t in tenders:
        if t.method not in METHODS:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown tender {method}; use cash, card or mobile."),
                            method=repr(t.method))
        if t.amount <= 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A tender amount must be above zero."))
        if t.method == "cash":
            cash_given += t.amount
        else:
            if not (t.reference or "").strip():
                raise TillError(QT_TRANSLATE_NOOP(
                    "CoreError", "A {method} payment needs its reference (the terminal's approval code)."),
                    method=Message(_METHOD_NAMES[t.method]))
            noncash.append(t)
    paid_noncash = sum(t.amount for t in noncash)
    if paid_noncash > total:
        raise TillError(QT_TRANSLATE_NOOP(
            "CoreError", "Card and mobile payments are more than the total; card and mobile give no change."))
    payments = [
        {"method": t.method, "amount": t.amount, "tendered": t.amount, "change": 0, "reference": t.reference.strip()}
        for t in noncash
    ]
    cash_due = total - paid_noncash
    rounding = 0
    if cash_given:
        rounded_due = round_to_increment(cash_due, cash_increment)
        rounding = rounded_due - cash_due
        if cash_given < rounded_due:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Not enough: {short} short."),
                            short=money(rounded_due - cash_given))
        if cash_due == 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Nothing is left to pay in cash."))
        payments.append({"method": "cash", "amount": rounded_due, "tendered": cash_given,
                         "change": cash_given - rounded_due, "reference": None})
    elif cash_due:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Not enough: {cash_due} still to pay."),
                        cash_due=money(cash_due))
    return PaymentPlan(rounding=rounding, payments=payments)


_INSERT_SALE = fast.insert_sql(Sale.__table__)
_SALE_MANAGER = Sale._sa_class_manager
_CONFIGURED: list[bool] = []


def _new_sale(row: dict) -> Sale:
    """A transient Sale holding ``row``, without the instrumented constructor's per-attribute events."""
    if not _CONFIGURED:
        configure_mappers()  # what the constructor would have done on first use
        _CONFIGURED.append(True)
    sale = _SALE_MANAGER.new_instance()
    sale.__dict__.update(row)
    return sale
_INSERT_LINE = fast.insert_sql(SaleLine.__table__)
_INSERT_PAYMENT = fast.insert_sql(Payment.__table__)
_INSERT_LOYALTY = fast.insert_sql(LoyaltyEntry.__table__)


def complete_sale(
    session: Session,
    cart: Cart,
    tenders: list[Tender],
    *,
    staff_id: str,
    staff_name: str,
    cash_session_id: str | None,
    cash_increment: int = 1,
    loyalty_per_100: int = 0,
    money: Callable[[int], str] = fmt,
) -> Sale:
    """Write a paid sale in the caller's transaction: sale, lines, payments, stock, loyalty, outbox."""
    if cart.is_empty:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The cart is empty."))
    totals = cart.totals()
    if totals.total < 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Discounts are larger than the sale."))
    plan = plan_payments(totals.total, tenders, cash_increment, money)
    stamp = now(session)
    row = {
        "id": new_id(), "receipt_no": next_receipt_no(session), "receipt_token": receipt_token(), "created_at": stamp,
        "staff_id": staff_id, "customer_id": cart.customer_id, "cash_session_id": cash_session_id,
        "subtotal": totals.subtotal, "discount": totals.discount, "rounding": plan.rounding,
        "total": totals.total + plan.rounding, "tax": totals.tax, "loyalty_points": 0, "imported": False,
    }
    # The Sale handed back is a plain transient object filled from the row (never added to the
    # session): SQLAlchemy's instrumented constructor cost a sale ~60 µs for nothing.
    sale = _new_sale(row)
    customer = session.get(Customer, cart.customer_id) if cart.customer_id else None
    if cart.customer_id and customer is None:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The customer on this sale no longer exists."))
    wanted = list({line.product_id for line in cart.lines})
    cur = fast.cursor(session)
    try:
        known = {r[0] for r in cur.execute(
            f"SELECT id FROM product WHERE id IN ({', '.join('?' * len(wanted))})", wanted).fetchall()}
    finally:
        cur.close()
    for line in cart.lines:
        if line.product_id not in known:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is no longer in the catalog."), name=line.name)
    if customer is not None and loyalty_per_100 > 0:
        sale.loyalty_points = row["loyalty_points"] = sale.total * loyalty_per_100 // 100
    session.flush()  # whatever the session holds goes first
    # The rows of a sale go in with plain DBAPI statements (store/fast.py): a sale is on the
    # hot path of the counter, and SQLAlchemy's per-statement cost is more than the disk's.
    fast.executemany(session, _INSERT_SALE, [row])
    line_rows = [
        {"id": line.id, "sale_id": sale.id, "line_no": no, "product_id": line.product_id, "sku": line.sku,
         "name": line.name, "qty": line.qty, "unit": line.unit, "unit_price": line.unit_price,
         "discount": lt.discount, "total": lt.total, "vat_rate_bp": line.vat_rate_bp, "tax": lt.tax,
         "unit_cost": line.cost}
        for no, (line, lt) in enumerate(zip(cart.lines, totals.lines), start=1)
    ]
    fast.executemany(session, _INSERT_LINE, line_rows)
    if cart.coupons or any(line.promotions for line in cart.lines):  # the promotions that priced it
        from .promotions import record_sale
        record_sale(session, sale.id, cart, stamp)
    movements = [
        {"id": line.id, "product_id": line.product_id, "sku": line.sku, "kind": "sale", "qty": -line.qty,
         "reason": None, "unit_cost": None, "ref_id": sale.id, "staff_id": staff_id, "created_at": stamp}
        for line in cart.lines
    ]
    stock.record_many(session, movements)
    payments = [{"id": new_id(), **p} for p in plan.payments]
    fast.executemany(session, _INSERT_PAYMENT,
                     [{**p, "sale_id": sale.id, "refund_id": None, "created_at": stamp} for p in payments])
    if sale.loyalty_points:
        entry_id = new_id()
        fast.executemany(session, _INSERT_LOYALTY, [{"id": entry_id, "customer_id": customer.id, "sale_id": sale.id,
                                             "points": sale.loyalty_points, "reason": "sale", "created_at": stamp}])
        outbox.emit(session, "loyalty.entry" if customer.consent_share else "loyalty.local", {
            "id": entry_id, "customer_id": customer.id, "points": sale.loyalty_points, "reason": "sale",
            "sale_id": sale.id, "created_at": stamp,
        }, local_only=not customer.consent_share)  # others: the shop's other tills only (docs/peers.md)
    outbox.emit(session, "sale.completed", {
        "id": sale.id, "receipt_no": sale.receipt_no, "receipt_token": sale.receipt_token, "created_at": stamp,
        "staff_id": staff_id, "staff_name": staff_name,
        "customer_id": customer.id if customer is not None and customer.consent_share else None,
        "cash_session_id": cash_session_id, "subtotal": sale.subtotal, "discount": sale.discount,
        "rounding": sale.rounding, "total": sale.total, "tax": sale.tax, "loyalty_points": sale.loyalty_points,
        "lines": [{**{k: v for k, v in row.items() if k != "sale_id"}, "is_local": line.is_local,
                   "promotions": [{k: p[k] for k in ("promotion_id", "amount", "platform_amount")}
                                  for p in line.promotions]}
                  for row, line in zip(line_rows, cart.lines)],
        "coupons": list(cart.coupons),
        "payments": payments,
        "movements": movements,
    }, event_id=sale.id)
    return sale


def find_sale(session: Session, receipt_no: str) -> Sale | None:
    receipt_no = receipt_no.strip()
    return session.scalar(select(Sale).where((Sale.receipt_no == receipt_no) | (Sale.receipt_token == receipt_no)))

"""The till: the one facade the window, the `corner` command and the tests all use.

Every method that changes something runs one write transaction: the change and its
outbox row commit together or not at all. Every rule of the shop is checked here or
below; a window or a command only asks and shows.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from sync.hlc import Clock
from sync.settlement import DEFAULT_COMMISSION_BP

from . import cash, catalog, customers, outbox, refunds, sales, staff, stock
from .clock import SYSTEM, from_environment, machine_zone_name, zone
from .clock import Clock as WallClock
from .errors import QT_TRANSLATE_NOOP, ApprovalRequired, AuthError, Message, NotFound, TillError, WeightRequired
from .ids import new_id
from .money import div_round, fmt
from .peers import PeersPart
from .reports import Reports
from .staff import StaffInfo
from .store import Store, now
from .store.models import Customer, Meta, ParkedCart, Policy, Product, Sale, StockLevel

log = logging.getLogger("corner.till")

POLICY_DEFAULTS: dict[str, str] = {
    "return_window_days": "30",
    "cashier_discount_limit_bp": "1000",  # 10 %
    "loyalty_earn_per_100": "1",  # points per 1.00 spent
    "commission_bp": str(DEFAULT_COMMISSION_BP),
    "receipt_footer": "Thank you for shopping locally!",
    "feedback_qr": "true",
    "cash_rounding": "1",  # minor units; 5 rounds cash to 0.05
    "lead_time_days": "2",  # platform delivery lead time, for suggested orders
}


@dataclass(frozen=True)
class ShopInfo:
    code: str
    name: str
    till_no: int
    currency: str
    locale: str
    server_url: str | None
    device_id: str | None


@dataclass(frozen=True)
class RefusedEvent:
    """An event the platform refused: ``status`` "quarantined" (held for the central team) or
    "rejected" (for good; ``reason`` is the central team's, as the shop sees it)."""

    event_id: str
    kind: str
    created_at: str
    status: str
    reason: str


class Till:
    """A till on one data directory."""

    def __init__(self, data_dir: Path | str, clock: WallClock | None = None) -> None:
        self.data_dir = Path(data_dir)
        # every timestamp of this till (app/core/clock.py); CORNER_TEST_CLOCK_START: tests' till processes
        self.time: WallClock = clock or from_environment() or SYSTEM
        self.store = Store(self.data_dir, self.time)
        self.user: StaffInfo | None = None
        self._listeners: list[Callable[[str], None]] = []
        self._policies: dict[str, str] | None = None
        self._lock = threading.Lock()  # held while the store file is swapped (restore)
        self.clock = Clock(self.meta("device_id") or self._node_id(),
                           now_ms=lambda: int(self.time.now().timestamp() * 1000))
        self.staff = staff.StaffPart(self, now=self.now)  # who works here, PINs, the wait after wrong PINs
        self.reports = Reports(self)
        from .promotions import PromotionsPart
        self.promotions = PromotionsPart(self)  # platform promotions, coupons, scheduled prices
        self.peers = PeersPart(self)  # the shop's other tills on its network (docs/peers.md)

    @classmethod
    def open(cls, data_dir: Path | str, *, clock: WallClock | None = None) -> "Till":
        """A till on ``data_dir`` whose timestamps come from ``clock`` (the system clock by default)."""
        return cls(data_dir, clock=clock)

    def now(self) -> datetime:
        """The till's current moment (aware, UTC)."""
        return self.time.now()

    def time_zone_name(self) -> str:
        """The shop's IANA time zone: the ``time_zone`` setting, else this machine's zone."""
        return self.meta("time_zone") or machine_zone_name()

    def time_zone(self) -> tzinfo:
        try:
            return zone(self.time_zone_name())
        except ValueError:
            return zone("UTC")

    def set_time_zone(self, name: str) -> None:
        """Set the shop's time zone (``Europe/Paris``); an unknown name changes nothing."""
        try:
            zone(name)
        except ValueError:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown time zone {name} (write it like Europe/Paris)."),
                            name=repr(name)) from None
        self.set_meta(time_zone=name.strip())
        self.notify("policy")

    def today(self) -> date:
        """Today in the shop's time zone, by the till's clock."""
        return self.now().astimezone(self.time_zone()).date()

    # -- plumbing ---------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def _node_id(self) -> str:
        node = self.meta("node_id")
        if node is None:
            node = new_id()[-12:]
            self.set_meta(node_id=node)
        return node

    def read(self) -> Session:
        return self.store.session()

    def write(self):
        """``with till.write() as s:`` one transaction, committed at the end of the block."""
        return _WriteTx(self.store)

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """Be told when something changed underneath (``catalog``, ``policy``, ``stock``, ``sync``, ...)."""
        self._listeners.append(listener)

    def notify(self, topic: str) -> None:
        if topic == "policy":
            self._policies = None
        for listener in list(self._listeners):
            try:
                listener(topic)
            except Exception:  # a broken listener must not break a sale
                log.exception("listener failed for %s", topic)

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else default

    def set_meta(self, **values: str) -> None:
        with self.write() as s:
            for key, value in values.items():
                s.merge(Meta(key=key, value=str(value)))

    def shop(self) -> ShopInfo:
        with self.read() as s:
            values = {m.key: m.value for m in s.scalars(select(Meta))}
        return ShopInfo(
            code=values.get("shop_code", "LOCAL"), name=values.get("shop_name", "My shop"),
            till_no=int(values.get("till_no", "1")), currency=values.get("currency", "EUR"),
            locale=values.get("locale", "en_GB"), server_url=values.get("server_url"),
            device_id=values.get("device_id"),
        )

    def money(self, amount: int) -> str:
        info = self.shop()
        return fmt(amount, info.currency, info.locale)

    def money_formatter(self) -> Callable[[int], str]:
        """``money`` with the shop's currency and locale read once, when the first amount is
        formatted (for code that formats inside a transaction, or many amounts). Lazily: a sale
        formats only when it refuses, and reading the shop on every sale cost it ~1 ms."""
        info: list[ShopInfo] = []

        def money(amount: int) -> str:
            if not info:
                info.append(self.shop())
            return fmt(amount, info[0].currency, info[0].locale)

        return money

    # -- policies ---------------------------------------------------------------------

    def policies(self) -> dict[str, str]:
        """The platform's policies as last synced (cached; a sync or a change clears the cache)."""
        cached = self._policies
        if cached is None:
            with self.read() as s:
                cached = {**POLICY_DEFAULTS, **{p.key: p.value for p in s.scalars(select(Policy))}}
            self._policies = cached
        return dict(cached)

    def policy_int(self, key: str) -> int:
        try:
            return int(self.policies()[key])
        except (KeyError, ValueError):
            return int(POLICY_DEFAULTS[key])

    def policy_bool(self, key: str) -> bool:
        return self.policies().get(key, "").strip().lower() in ("1", "true", "yes", "on")

    def set_policy(self, key: str, value: str) -> None:
        with self.write() as s:
            s.merge(Policy(key=key, value=str(value)))
        self.notify("policy")

    # -- staff ------------------------------------------------------------------------

    def add_staff(self, name: str, role: str, pin: str) -> StaffInfo:
        with self.write() as s:
            member = staff.add_staff(s, name, role, pin)
            return StaffInfo(member.id, member.name, member.role)

    def login(self, pin: str) -> StaffInfo:
        self.user = self.staff.check_pin(pin)
        log.info("%s logged in", self.user.name)
        return self.user

    def lock(self) -> None:
        self.user = None

    def _require_user(self) -> StaffInfo:
        if self.user is None:
            raise AuthError(QT_TRANSLATE_NOOP("CoreError", "Log in with your PIN first."))
        return self.user

    def _require_owner_user(self) -> StaffInfo:
        user = self._require_user()
        if not user.is_owner:
            raise AuthError(QT_TRANSLATE_NOOP("CoreError", "Only an owner can do this."))
        return user

    def approve(self, pin: str | None, action: str | Message) -> StaffInfo:
        """The approving owner: the logged-in owner themselves, or an owner's PIN given now.
        ``action`` says what is approved, for the person: a marked template or a ``Message``."""
        action = action if isinstance(action, Message) else Message(action)
        user = self._require_user()
        if user.is_owner:
            return user
        if not pin:
            raise ApprovalRequired(QT_TRANSLATE_NOOP("CoreError", "An owner must approve: {action}."), action)
        owner = self.staff.check_pin(pin, purpose="approval")
        if not owner.is_owner:
            raise AuthError(QT_TRANSLATE_NOOP("CoreError", "{name} is not an owner and cannot approve {action}."),
                            name=owner.name, action=action)
        return owner

    def staff_list(self) -> list[StaffInfo]:
        from .store.models import Staff
        with self.read() as s:
            return [StaffInfo(m.id, m.name, m.role) for m in s.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.name))]

    # -- catalog ----------------------------------------------------------------------

    def scan(self, code: str) -> catalog.Scan:
        self.promotions.apply_due_prices()  # a scheduled price due by this till's clock (cheap if none)
        # A pooled connection's own cursor: sqlite3 keeps the lookup's statements prepared on it,
        # and a scan costs a few index probes, not a session (the sale path writes the same way).
        conn = self.store.engine.raw_connection()
        try:
            cur = conn.cursor()
            try:
                return catalog.lookup(cur, code)
            finally:
                cur.close()
        finally:
            conn.close()

    def search(self, text: str, limit: int = 50) -> list[Product]:
        self.promotions.apply_due_prices()
        with self.read() as s:
            return catalog.search(s, text, limit)

    def product(self, sku_or_code: str) -> Product:
        return self.scan(sku_or_code).product

    def favourites(self, limit: int = 24) -> list[Product]:
        self.promotions.apply_due_prices()  # the tiles show the price in effect now
        with self.read() as s:
            return catalog.favourites(s, limit)

    def categories(self) -> list[str]:
        with self.read() as s:
            return catalog.categories(s)

    def products_in(self, category: str, limit: int = 200) -> list[Product]:
        with self.read() as s:
            return list(s.scalars(select(Product).where(Product.category == category, Product.active.is_(True))
                                  .order_by(Product.name_key).limit(limit)))

    def upsert_product(self, spec: catalog.ProductSpec, *, local: bool = True) -> Product:
        """Add or edit a product. From the till that is a local product of the shop's own."""
        with self.write() as s:
            existing = catalog.by_sku(s, spec.sku)
            if existing is not None and not existing.is_local and local:
                raise TillError(QT_TRANSLATE_NOOP(
                    "CoreError", "{sku} is a platform product; only its local price can change here."),
                    sku=spec.sku)
            product = catalog.upsert(s, spec, is_local=local)
            if local:
                s.flush()
                outbox.emit(s, "product.local_upserted", catalog.local_product_payload(product))
        self.notify("catalog")
        return product

    def set_local_price(self, sku: str, price: int | None, approver_pin: str | None = None) -> None:
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "a local price"))
        money = self.money_formatter()
        with self.write() as s:
            product = catalog.resolve(s, sku).product
            old = product.local_price
            catalog.set_local_price(s, product, price, money)
            staff.audit(s, "local_price", self.user.id, owner.id, sku=product.sku, old=old, new=price)
        self.notify("catalog")

    def import_catalog_csv(self, text: str) -> int:
        specs = catalog.parse_csv(text)
        with self.write() as s:
            for spec in specs:
                existing = catalog.by_sku(s, spec.sku)
                if existing is not None and not existing.is_local:
                    raise TillError(QT_TRANSLATE_NOOP(
                        "CoreError", "{sku} is a platform product; the platform's catalog wins."),
                        sku=spec.sku)
            count = catalog.import_specs(s, specs, is_local=True)
        self.notify("catalog")
        return count

    # -- the cart -----------------------------------------------------------------------

    def new_cart(self) -> sales.Cart:
        return sales.Cart()

    def add_to_cart(self, cart: sales.Cart, code: str, qty: int | None = None) -> sales.CartLine:
        """Scan or type a code into the cart. ``qty``: units, or grams for weighed goods."""
        found = self.scan(code)
        product = found.product
        if not product.active:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is no longer sold."), name=product.name)
        if found.grams is not None:
            line = sales.line_for(product, found.grams)
        elif found.label_price is not None:
            # A price label: the scale priced it with the same price per kg, so the weight
            # follows; the line then costs the label's price to within half a gram.
            grams = max(1, div_round(found.label_price * 1000, max(product.sell_price, 1)))
            line = sales.line_for(product, grams)
        else:
            if product.unit == "kg" and qty is None:
                raise WeightRequired(QT_TRANSLATE_NOOP(
                    "CoreError", "{name} is sold by weight: weigh it, or type the grams."),
                    name=product.name)
            line = sales.line_for(product, qty if qty is not None else 1)
        line = sales.add_line(cart, line)
        self.promotions.price_cart(cart)
        return line

    def set_quantity(self, cart: sales.Cart, index: int, qty: int) -> None:
        line = self._line(cart, index)
        if qty <= 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "The quantity must be above zero; remove the line instead."))
        if qty > sales.MAX_QTY:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A quantity of {qty} is too large for one line."), qty=qty)
        if qty < line.qty:
            self._audit_removal("cart_qty_reduced", line, line.qty - qty)
        line.qty = qty
        if line.discount > line.gross:
            line.discount = 0
        self.promotions.price_cart(cart)

    def remove_line(self, cart: sales.Cart, index: int) -> sales.CartLine:
        """Take a scanned line off the cart; the audit log keeps who removed what, and when."""
        line = self._line(cart, index)
        self._audit_removal("cart_line_removed", line, line.qty)
        cart.lines.pop(index)
        self.promotions.price_cart(cart)
        return line

    def _audit_removal(self, action: str, line: sales.CartLine, qty: int) -> None:
        """What the counter took off a cart before payment (a shrinkage signal for the owner)."""
        from .money import weighed_total

        value = weighed_total(line.unit_price, qty) if line.unit == "kg" else line.unit_price * qty
        with self.write() as s:
            staff.audit(s, action, self.user.id if self.user else None, None, sku=line.sku, name=line.name,
                        unit=line.unit, qty=qty, value=value)

    def _line(self, cart: sales.Cart, index: int) -> sales.CartLine:
        if not 0 <= index < len(cart.lines):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "There is no such line in the cart."))
        return cart.lines[index]

    def _check_discount(self, base: int, amount: int, approver_pin: str | None, what: str) -> StaffInfo | None:
        """``what``: the discount, as a marked template."""
        if amount < 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A discount cannot be negative."))
        if amount > base:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A discount cannot be larger than what it applies to."))
        limit = self.policy_int("cashier_discount_limit_bp")
        if sales.discount_needs_approval(base, amount, limit):
            return self.approve(approver_pin, Message(QT_TRANSLATE_NOOP("CoreError", "{what} above {limit}%"),
                                                      what=Message(what), limit=f"{limit / 100:g}"))
        return None

    def set_line_discount(self, cart: sales.Cart, index: int, amount: int, approver_pin: str | None = None) -> None:
        line = self._line(cart, index)
        owner = self._check_discount(line.gross, amount, approver_pin,
                                     QT_TRANSLATE_NOOP("CoreError", "a line discount"))
        line.discount = amount
        if owner is not None:
            cart.approvals.append({"action": "line_discount", "owner_id": owner.id, "sku": line.sku, "amount": amount})
        self.promotions.price_cart(cart)  # a line with the cashier's own discount takes no promotion

    def set_line_discount_percent(self, cart: sales.Cart, index: int, percent_bp: int, approver_pin: str | None = None) -> None:
        line = self._line(cart, index)
        self.set_line_discount(cart, index, line.gross * percent_bp // 10000, approver_pin)

    def set_sale_discount(self, cart: sales.Cart, amount: int, approver_pin: str | None = None) -> None:
        base = sum(line.gross - line.discount - line.promo_discount for line in cart.lines)
        owner = self._check_discount(base, amount, approver_pin, QT_TRANSLATE_NOOP("CoreError", "a sale discount"))
        cart.sale_discount = amount
        if owner is not None:
            cart.approvals.append({"action": "sale_discount", "owner_id": owner.id, "amount": amount})

    def override_price(self, cart: sales.Cart, index: int, price: int, approver_pin: str | None = None) -> None:
        line = self._line(cart, index)
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "a price override"))
        money = self.money_formatter()
        with self.read() as s:
            catalog.check_price_in_bounds(catalog.get(s, line.product_id), price, money)
        line.list_price = line.list_price or line.unit_price
        line.unit_price = price
        cart.approvals.append({"action": "price_override", "owner_id": owner.id, "sku": line.sku, "price": price})
        self.promotions.price_cart(cart)

    def attach_customer(self, cart: sales.Cart, customer_id: str | None) -> None:
        if customer_id is not None:
            with self.read() as s:
                if s.get(Customer, customer_id) is None:
                    raise NotFound(QT_TRANSLATE_NOOP("CoreError", "That customer does not exist."))
        cart.customer_id = customer_id
        self.promotions.price_cart(cart)

    def reprice(self, cart: sales.Cart) -> list[str]:
        """Say which lines' catalog price changed since they were scanned (the lines keep theirs)."""
        notes = []
        with self.read() as s:
            for line in cart.lines:
                product = s.get(Product, line.product_id)
                if product is not None and line.list_price is None and product.sell_price != line.unit_price:
                    note = Message(QT_TRANSLATE_NOOP("CoreError", "{name}: now {price}, this sale keeps {kept}"),
                                   name=line.name, price=self.money(product.sell_price),
                                   kept=self.money(line.unit_price))
                    notes.append(str(note))  # a cart keeps plain text (it is saved when parked)
        cart.notices = notes
        self.promotions.price_cart(cart)
        return notes

    def pay(self, cart: sales.Cart, tenders: list[sales.Tender]) -> Sale:
        """Take payment and write the sale (durable once this returns)."""
        user = self._require_user()
        money = self.money_formatter()
        self.promotions.price_cart(cart)  # the promotions in force now (one may have ended since the scan)
        with self.write() as s:
            session_id = cash.current_id(s)
            if session_id is None:
                raise TillError(QT_TRANSLATE_NOOP(
                    "CoreError", "No cash session is open: open one with a float before selling."))
            sale = sales.complete_sale(
                s, cart, tenders, staff_id=user.id, staff_name=user.name, cash_session_id=session_id,
                cash_increment=self.policy_int("cash_rounding"), loyalty_per_100=self.policy_int("loyalty_earn_per_100"),
                money=money,
            )
            for approval in cart.approvals:
                staff.audit(s, approval["action"], user.id, approval["owner_id"], receipt_no=sale.receipt_no,
                            **{k: v for k, v in approval.items() if k not in ("action", "owner_id")})
        self.notify("sale")
        return sale

    def park(self, cart: sales.Cart, label: str = "") -> str:
        if cart.is_empty:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "There is nothing to park."))
        with self.write() as s:
            row = ParkedCart(id=new_id(), label=label.strip() or f"{len(cart.lines)} items",
                             payload=cart.to_json(), staff_id=self.user.id if self.user else None, created_at=now(s))
            s.add(row)
            return row.id

    def parked(self) -> list[ParkedCart]:
        with self.read() as s:
            return list(s.scalars(select(ParkedCart).order_by(ParkedCart.created_at)))

    def resume(self, parked_id: str) -> sales.Cart:
        with self.write() as s:
            row = s.get(ParkedCart, parked_id)
            if row is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "That parked sale was already resumed."))
            cart = sales.Cart.from_json(row.payload)
            s.delete(row)
        self.reprice(cart)
        return cart

    # -- receipts and refunds -------------------------------------------------------------

    def sale(self, receipt_no_or_id: str) -> Sale:
        with self.read() as s:
            sale = s.get(Sale, receipt_no_or_id) or sales.find_sale(s, receipt_no_or_id)
            if sale is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No receipt {receipt_no} on this till."),
                               receipt_no=receipt_no_or_id)
            s.refresh(sale, ["lines"])
            _ = sale.payments
            return sale

    def recent_sales(self, limit: int = 50) -> list[Sale]:
        with self.read() as s:
            return list(s.scalars(select(Sale).options(selectinload(Sale.lines)).order_by(Sale.created_at.desc()).limit(limit)))

    def refundable(self, receipt_no: str) -> dict[str, int]:
        with self.read() as s:
            sale = sales.find_sale(s, receipt_no)
            if sale is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No receipt {receipt_no} on this till."),
                               receipt_no=receipt_no)
            return refunds.refundable(s, sale)

    def refund(self, receipt_no: str, quantities: dict[str, int], *, restock: bool,
               approver_pin: str | None = None, reason: str | None = None):
        """Refund lines of a receipt. ``quantities``: sale line id or SKU -> quantity."""
        user = self._require_user()
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "a refund"))
        with self.write() as s:
            sale = sales.find_sale(s, receipt_no)
            if sale is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No receipt {receipt_no} on this till."),
                               receipt_no=receipt_no)
            by_line = {}
            for key, qty in quantities.items():
                if qty <= 0:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "A refund quantity must be above zero."))
                matches = [line for line in sale.lines if key in (line.id, line.sku)]
                if not matches:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "{key} is not on receipt {receipt_no}."),
                                    key=key, receipt_no=sale.receipt_no)
                remaining = qty
                for line in matches:  # a SKU may be on several lines
                    left = line.qty - refunds.refunded_qty(s, line.id)[0] - by_line.get(line.id, 0)
                    take = min(left, remaining) if line is not matches[-1] else remaining
                    if take > 0:
                        by_line[line.id] = by_line.get(line.id, 0) + take
                        remaining -= take
            session_row = cash.current(s)
            refund = refunds.make_refund(
                s, sale, by_line, restock=restock, staff_id=user.id, approved_by=owner.id,
                cash_session_id=session_row.id if session_row else None,
                return_window_days=self.policy_int("return_window_days"), reason=reason,
                repricer=self.promotions.refund_parts,
            )
            staff.audit(s, "refund", user.id, owner.id, receipt_no=sale.receipt_no, total=refund.total)
        self.notify("refund")
        return refund

    # -- stock ----------------------------------------------------------------------------

    def level(self, sku_or_code: str) -> int:
        product = self.product(sku_or_code)
        with self.read() as s:
            return stock.level(s, product.id)

    def write_off(self, sku_or_code: str, qty: int, reason: str, note: str = "", approver_pin: str | None = None):
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "a write-off"))
        with self.write() as s:
            product = catalog.resolve(s, sku_or_code).product
            m = stock.write_off(s, product, qty, reason, self.user.id, note)
            staff.audit(s, "write_off", self.user.id, owner.id, sku=product.sku, qty=qty, reason=reason)
        self.notify("stock")
        return m

    def adjust_stock(self, sku_or_code: str, delta: int, reason: str, approver_pin: str | None = None):
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "a stock adjustment"))
        with self.write() as s:
            product = catalog.resolve(s, sku_or_code).product
            m = stock.adjust(s, product, delta, reason, self.user.id)
            staff.audit(s, "stock_adjustment", self.user.id, owner.id, sku=product.sku, delta=delta, reason=reason)
        self.notify("stock")
        return m

    def receive_stock(self, sku_or_code: str, qty: int, unit_cost: int | None = None, reason: str | None = None):
        self._require_user()
        with self.write() as s:
            product = catalog.resolve(s, sku_or_code).product
            m = stock.receive(s, product, qty, product.cost if unit_cost is None else unit_cost, self.user.id, reason=reason)
        self.notify("stock")
        return m

    def review_count(self, counted: dict[str, int]) -> list[stock.CountLine]:
        with self.read() as s:
            return stock.review_count(s, self._ids(s, counted))

    def post_count(self, counted: dict[str, int], approver_pin: str | None = None, note: str = ""):
        """Post a (partial) count as adjustment movements of counted - current view."""
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "posting a stock count"))
        with self.write() as s:
            moves = stock.post_count(s, self._ids(s, counted), self.user.id, note)
            staff.audit(s, "stock_count", self.user.id, owner.id, products=len(counted), changed=len(moves))
        self.notify("stock")
        return moves

    def _ids(self, s: Session, counted: dict[str, int]) -> dict[str, int]:
        out = {}
        for key, qty in counted.items():
            product = s.get(Product, key) or catalog.resolve(s, key).product
            out[product.id] = qty
        return out

    def stock_rows(self, text: str = "", status: str = "all", limit: int | None = None) -> list[tuple]:
        """(sku, name, category, unit, level, reorder point) filtered by ``low``, ``out``, ``negative``."""
        with self.read() as s:
            stmt = select(Product.sku, Product.name, Product.category, Product.unit, StockLevel.qty, Product.reorder_point) \
                .join(StockLevel, StockLevel.product_id == Product.id).order_by(Product.name_key)
            if text:
                stmt = stmt.where(Product.name_key.contains(catalog.name_key(text)) | Product.sku.startswith(text))
            if status == "low":
                stmt = stmt.where(StockLevel.qty <= Product.reorder_point, StockLevel.qty > 0)
            elif status == "out":
                stmt = stmt.where(StockLevel.qty == 0)
            elif status == "negative":
                stmt = stmt.where(StockLevel.qty < 0)
            elif status != "all":
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "Filter by all, low, out or negative."))
            if limit:
                stmt = stmt.limit(limit)
            return [tuple(r) for r in s.execute(stmt)]

    def stock_history(self, sku_or_code: str):
        product = self.product(sku_or_code)
        with self.read() as s:
            return stock.history(s, product.id)

    # -- customers --------------------------------------------------------------------------

    def save_customer(self, fields: dict, customer_id: str | None = None) -> Customer:
        with self.write() as s:
            return customers.save(s, self.clock, fields, customer_id)

    def find_customers(self, text: str = "") -> list[Customer]:
        with self.read() as s:
            return customers.search(s, text)

    def customer(self, customer_id: str) -> Customer:
        with self.read() as s:
            c = s.get(Customer, customer_id)
            if c is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "That customer does not exist."))
            return c

    def loyalty_points(self, customer_id: str) -> int:
        with self.read() as s:
            return customers.points(s, customer_id)

    # -- cash sessions ------------------------------------------------------------------------

    def cash_session(self):
        with self.read() as s:
            return cash.current(s)

    def open_session(self, float_amount: int):
        user = self._require_user()
        with self.write() as s:
            return cash.open_session(s, user.id, float_amount)

    def paid_in_out(self, kind: str, amount: int, reason: str):
        user = self._require_user()
        with self.write() as s:
            m = cash.paid(s, user.id, kind, amount, reason)
            staff.audit(s, kind, user.id, None, amount=amount, reason=reason)
            return m

    def expected_cash(self) -> int:
        with self.read() as s:
            cs = cash.current(s)
            if cs is None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "No cash session is open."))
            return cash.expected_cash(s, cs)

    def z_report(self, session_id: str | None = None) -> cash.ZReport:
        from .store.models import CashSession
        with self.read() as s:
            cs = s.get(CashSession, session_id) if session_id else cash.current(s)
            if cs is None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "No cash session is open."))
            return cash.z_report(s, cs)

    def close_session(self, counted: int) -> cash.ZReport:
        user = self._require_user()
        with self.write() as s:
            report = cash.close_session(s, user.id, counted)
            staff.audit(s, "cash_close", user.id, None, counted=counted, over_short=report.over_short)
            return report

    # -- health -------------------------------------------------------------------------------

    def pending_events(self) -> int:
        with self.read() as s:
            return outbox.pending_count(s)

    def status(self) -> dict:
        info = self.shop()
        with self.read() as s:
            counts = {
                "products": s.scalar(select(func.count()).select_from(Product)),
                "sales": s.scalar(select(func.count()).select_from(Sale)),
                "customers": s.scalar(select(func.count()).select_from(Customer)),
            }
            cs = cash.current(s)
            pending = outbox.pending_count(s)
            refused = outbox.refused_counts(s)
            last_rejected = next((r for r in outbox.refused(s, 20) if r.status == "rejected"), None)
        return {
            "shop": info.name, "shop_code": info.code, "till_no": info.till_no, **counts,
            "cash_session": cs.id if cs else None, "events_waiting": pending,
            "last_sync": self.meta("last_sync_at"), "server_url": info.server_url,
            "enrolled": info.device_id is not None, "data_dir": str(self.data_dir),
            "events_quarantined": refused["quarantined"], "events_rejected": refused["rejected"],
            "last_rejected": None if last_rejected is None else {
                "event_id": last_rejected.event_id, "kind": last_rejected.kind, "reason": last_rejected.note},
        }

    def refused_events(self, limit: int = 50) -> list[RefusedEvent]:
        """Events this till sent that the platform refused: held for review ("quarantined") or
        rejected for good with the central team's reason; newest first."""
        with self.read() as s:
            return [RefusedEvent(r.event_id, r.kind, r.created_at, r.status, r.note or "")
                    for r in outbox.refused(s, limit)]

    def doctor(self) -> list[str]:
        return self.store.check()

    def backup(self, dest_dir: Path | None = None) -> Path:
        return self.store.backup(dest_dir)

    def iter_outbox(self) -> Iterator[tuple[str, str, dict]]:
        from .store.models import Outbox
        with self.read() as s:
            # the events for the platform: not those only the shop's other tills see (docs/peers.md)
            query = select(Outbox).where((Outbox.status.is_(None)) | (Outbox.status != "local"))
            for row in s.scalars(query.order_by(Outbox.seq)):
                yield row.event_id, row.kind, json.loads(row.payload)


    # -- the s2b2c loop: replenishment, deliveries, feedback, settlement, network insights ----

    def suggest_order(self, **kwargs) -> list:
        from . import replenishment

        with self.read() as s:
            return replenishment.suggest(s, lead_days=self.policy_int("lead_time_days"), **kwargs)

    def place_order(self, quantities: dict[str, int], note: str = "", approver_pin: str | None = None):
        """Order from the platform: SKU or barcode -> quantity. Queued while offline."""
        from . import replenishment

        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "an order to the platform"))
        with self.write() as s:
            lines = {}
            for key, qty in quantities.items():
                if qty <= 0:
                    raise TillError(QT_TRANSLATE_NOOP("CoreError", "Order quantities must be above zero."))
                product = s.get(Product, key) or catalog.resolve(s, key).product
                lines[product.id] = lines.get(product.id, 0) + qty
            order = replenishment.place_order(s, lines, owner.id, note)
        self.notify("orders")
        return order

    def orders(self):
        from .store.models import PurchaseOrder

        with self.read() as s:
            return list(s.scalars(select(PurchaseOrder).options(selectinload(PurchaseOrder.lines))
                                  .order_by(PurchaseOrder.created_at.desc())))

    def deliveries(self, status: str | None = "shipped"):
        from .store.models import Delivery

        with self.read() as s:
            stmt = select(Delivery).order_by(Delivery.created_at)
            if status:
                stmt = stmt.where(Delivery.status == status)
            return list(s.scalars(stmt))

    def receive_delivery(self, delivery_id: str, counts: dict[str, tuple[int, int]] | None = None):
        """Receive a shipment: sku -> (received, damaged); lines not given arrived in full."""
        from . import replenishment

        user = self._require_user()
        with self.write() as s:
            delivery = replenishment.receive_delivery(s, delivery_id, counts or {}, user.id)
        self.notify("stock")
        return delivery

    def record_feedback(self, rating: int, comment: str = "", receipt_no: str | None = None):
        """Feedback a customer gave at the counter."""
        from . import feedback

        with self.write() as s:
            sale = sales.find_sale(s, receipt_no) if receipt_no else None
            if receipt_no and sale is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No receipt {receipt_no} on this till."),
                               receipt_no=receipt_no)
            fb = feedback.record(s, rating, comment, sale)
        self.notify("feedback")
        return fb

    def feedback_inbox(self, limit: int = 200):
        from . import feedback

        with self.read() as s:
            return feedback.inbox(s, limit)

    def mark_feedback_read(self, ids: list[str] | None = None) -> None:
        from . import feedback

        with self.write() as s:
            feedback.mark_read(s, ids)
        self.notify("feedback")

    def settlement(self, start: str, end: str):
        """The settlement statement for ``start <= time < end`` (ISO dates or times, UTC)."""
        from . import settlement

        start, end = _iso(start), _iso(end)
        if start >= end:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "The period must end after it starts."))
        with self.read() as s:
            return settlement.statement(s, start, end, self.policy_int("commission_bp"))

    def network_insights(self) -> dict[str, dict]:
        from .store.models import Insight

        with self.read() as s:
            return {i.key: json.loads(i.payload) for i in s.scalars(select(Insight))}
    # -- back office support ------------------------------------------------------------------

    def stock_table(self) -> list[tuple]:
        """Every product with its level, in one query, for the back office's stock screen:
        (sku, name, category, unit, level, reorder point, selling price, is local, active)."""
        from sqlalchemy import text
        with self.read() as s:
            return [tuple(r) for r in s.execute(text(
                "SELECT p.sku, p.name, p.category, p.unit, COALESCE(l.qty, 0), p.reorder_point, "
                "COALESCE(p.local_price, p.price), p.is_local, p.active FROM product p "
                "LEFT JOIN stock_level l ON l.product_id = p.id ORDER BY p.name_key"))]

    def stock_ledger(self, sku_or_code: str, limit: int = 500) -> list[tuple]:
        """A product's movements, newest first, with who: (when, kind, qty, reason, staff name, origin)."""
        from .store.models import Staff, StockMovement
        product = self.product(sku_or_code)
        with self.read() as s:
            rows = s.execute(
                select(StockMovement.created_at, StockMovement.kind, StockMovement.qty, StockMovement.reason,
                       Staff.name, StockMovement.origin)
                .outerjoin(Staff, Staff.id == StockMovement.staff_id)
                .where(StockMovement.product_id == product.id)
                .order_by(StockMovement.created_at.desc()).limit(limit))
            return [tuple(r) for r in rows]

    def count_sheet(self, category: str | None = None) -> list[tuple]:
        """Products to count (one category, or all): (sku, name, category, unit, level now)."""
        with self.read() as s:
            stmt = select(Product.sku, Product.name, Product.category, Product.unit,
                          func.coalesce(StockLevel.qty, 0)) \
                .outerjoin(StockLevel, StockLevel.product_id == Product.id) \
                .where(Product.active.is_(True)).order_by(Product.name_key)
            if category is not None:
                stmt = stmt.where(Product.category == category)
            return [tuple(r) for r in s.execute(stmt)]

    def customer_rows(self, text: str = "", limit: int = 5000) -> list[tuple]:
        """(id, name, phone, email, marketing, share, points) for the back office's customer list."""
        from .store.models import LoyaltyEntry
        with self.read() as s:
            ids = [c.id for c in customers.search(s, text, limit)]
            points = dict(s.execute(
                select(LoyaltyEntry.customer_id, func.sum(LoyaltyEntry.points))
                .where(LoyaltyEntry.customer_id.in_(ids)).group_by(LoyaltyEntry.customer_id)).all()) if ids else {}
            rows = s.scalars(select(Customer).where(Customer.id.in_(ids)).order_by(Customer.name)) if ids else []
            return [(c.id, c.name, c.phone, c.email, c.consent_marketing, c.consent_share, int(points.get(c.id, 0)))
                    for c in rows]

    def loyalty_history(self, customer_id: str) -> list[tuple]:
        """(when, points, reason, receipt no) newest first."""
        from .store.models import LoyaltyEntry
        with self.read() as s:
            return [tuple(r) for r in s.execute(
                select(LoyaltyEntry.created_at, LoyaltyEntry.points, LoyaltyEntry.reason, Sale.receipt_no)
                .outerjoin(Sale, Sale.id == LoyaltyEntry.sale_id)
                .where(LoyaltyEntry.customer_id == customer_id).order_by(LoyaltyEntry.created_at.desc()))]

    def customer_purchases(self, customer_id: str, limit: int = 500) -> list[tuple]:
        """(when, receipt no, items, total) newest first."""
        from .store.models import SaleLine
        with self.read() as s:
            return [tuple(r) for r in s.execute(
                select(Sale.created_at, Sale.receipt_no, func.count(SaleLine.id), Sale.total)
                .outerjoin(SaleLine, SaleLine.sale_id == Sale.id)
                .where(Sale.customer_id == customer_id).group_by(Sale.id)
                .order_by(Sale.created_at.desc()).limit(limit))]

    def insights(self, rng, progress=None, cancelled=None):
        """The owner's dashboard for a ``insights.DateRange`` (see app/core/insights.py)."""
        from . import insights
        self._require_owner_user()
        with self.read() as s:
            return insights.dashboard(s, rng, progress=progress, cancelled=cancelled)

    def backups(self):
        """Backups in the data directory, newest first (``restore.BackupInfo``)."""
        from . import restore
        return restore.list_backups(self.data_dir)

    def backup_folder(self) -> Path:
        from . import restore
        return restore.backup_dir(self.data_dir)

    def restore_backup(self, path: Path | str, approver_pin: str | None = None):
        """Replace this till's data with a backup's, after a safety copy (owner only)."""
        from . import restore
        user = self._require_user()
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "restoring a backup"))
        with self._lock:
            self.store, result = restore.restore(self.store, Path(path))
        if self.user is not None and self.user.id not in {m.id for m in self.staff_list()}:
            self.user = None  # this person was added after the backup: log in again
        with self.write() as s:
            staff.audit(s, "restore_backup", user.id, owner.id, backup=result.restored.path.name,
                        made_at=result.restored.made_at.isoformat(), safety_copy=result.safety_copy.name)
        self.notify("restore")
        return result

    # -- window support -------------------------------------------------------------------
    # Small questions the till window asks; the answers are shop rules, so they live here.

    OWNER_ONLY = frozenset({"backoffice", "settings"})

    def allowed(self, action: str) -> bool:
        """Whether the logged-in person may be offered ``action`` (owner-only screens)."""
        if self.user is None:
            return False
        return self.user.is_owner or action not in self.OWNER_ONLY

    def require(self, action: str) -> StaffInfo:
        user = self._require_user()
        if not self.allowed(action):
            raise AuthError(QT_TRANSLATE_NOOP("CoreError", "Only an owner can do this."))
        return user

    def quick_search(self, text: str, limit: int = 50) -> list[Product]:
        """Search as you type over the whole catalog, indexed: barcode and SKU by prefix
        (range scans on their unique indexes), names by substring over the covering
        name index only, in name order. Barcode and SKU hits come first."""
        from sqlalchemy import literal_column, text as sql

        from .store.models import Barcode

        raw = " ".join(text.split())
        key = catalog.name_key(raw)
        if not key:
            return []
        found: list[Product] = []
        seen: set[str] = set()

        def keep(rows) -> None:
            for product in rows:
                if product.id not in seen and product.active and len(found) < limit:
                    seen.add(product.id)
                    found.append(product)

        with self.read() as s:
            if raw.isdigit():
                ids = s.scalars(select(Barcode.product_id).where(Barcode.code >= raw, Barcode.code < raw + "\uffff")
                                .order_by(Barcode.code).limit(limit)).all()
                keep(s.scalars(select(Product).where(Product.id.in_(ids)).order_by(Product.name_key)))
            prefixes = {raw, raw.upper()}
            for prefix in sorted(prefixes):
                keep(s.scalars(select(Product).where(Product.sku >= prefix, Product.sku < prefix + "\uffff")
                               .order_by(Product.sku).limit(limit)))
            if len(found) < limit:
                rowids = s.scalars(sql("SELECT rowid FROM product WHERE instr(name_key, :key) > 0 "
                                       "ORDER BY name_key LIMIT :limit"), {"key": key, "limit": limit * 2}).all()
                if rowids:
                    keep(s.scalars(select(Product).where(literal_column("product.rowid").in_(rowids))
                                   .order_by(Product.name_key)))
            s.expunge_all()
        return found

    def void_cart(self, cart: sales.Cart, approver_pin: str | None = None) -> None:
        """Throw away a whole cart before payment: an owner approves, the audit log keeps it."""
        if cart.is_empty:
            return
        user = self._require_user()
        owner = self.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "voiding a sale"))
        with self.write() as s:
            staff.audit(s, "void", user.id, owner.id, lines=len(cart.lines), total=cart.totals().total,
                        skus=[line.sku for line in cart.lines])
        cart.lines.clear()
        cart.sale_discount = 0
        cart.customer_id = None
        cart.approvals.clear()
        cart.notices = []
        cart.coupons = []
        cart.savings = []

    def set_sale_discount_percent(self, cart: sales.Cart, percent_bp: int, approver_pin: str | None = None) -> None:
        base = sum(line.gross - line.discount - line.promo_discount for line in cart.lines)
        self.set_sale_discount(cart, base * percent_bp // 10000, approver_pin)

    def tender_state(self, cart: sales.Cart, tenders: list[sales.Tender]) -> "TenderState":
        """Where a payment in progress stands: what is left to pay, the change, and whether
        ``pay(cart, tenders)`` would now go through (with the reason when it would not)."""
        from .money import round_to_increment

        total = cart.totals().total
        noncash = sum(t.amount for t in tenders if t.method != "cash")
        cash_given = sum(t.amount for t in tenders if t.method == "cash")
        cash_due = total - noncash
        rounded_due = round_to_increment(cash_due, self.policy_int("cash_rounding"))
        due_now = rounded_due if cash_given else cash_due
        remaining = max(0, due_now - cash_given)
        change = max(0, cash_given - rounded_due) if cash_given else 0
        problem = None
        try:
            sales.plan_payments(total, tenders, self.policy_int("cash_rounding"), self.money_formatter())
        except TillError as exc:
            problem = str(exc)
        return TenderState(total=total, paid=noncash + min(cash_given, max(rounded_due, 0)),
                           remaining=remaining, change=change, cash_due=max(rounded_due, 0),
                           complete=problem is None, problem=problem)

    def quick_cash_amounts(self, due: int, count: int = 4) -> list[int]:
        """Amounts a customer is likely to hand over for ``due``: exact, then round-ups to the
        next whole unit and to common notes."""
        if due <= 0:
            return []
        out = [due]
        for step in (100, 500, 1000, 2000, 5000, 10000):
            up = -(-due // step) * step
            if up not in out:
                out.append(up)
        return out[:count]

    def refund_payments(self, refund_id: str) -> list:
        """How a refund's money goes back: one (negative) payment per original tender."""
        from .store.models import Payment

        with self.read() as s:
            rows = list(s.scalars(select(Payment).where(Payment.refund_id == refund_id).order_by(Payment.id)))
            s.expunge_all()
            return rows

    def staff_name(self, staff_id: str | None) -> str:
        for member in self.staff.list():  # people who left too: their sales keep their name
            if member.id == staff_id:
                return member.name
        return ""

    # -- back office: the s2b2c loop's screens ----------------------------------------------
    # Read-only rows for the Orders, Deliveries and Feedback pages, names and receipt numbers
    # joined in SQL so a page does not ask once per line.

    def order_history(self, limit: int = 200) -> list[tuple]:
        """Orders to the platform, newest first: (id, created_at, status, note, staff name,
        [(sku, name, qty), ...])."""
        from .store.models import PurchaseOrder, PurchaseOrderLine, Staff

        with self.read() as s:
            orders = s.execute(select(PurchaseOrder.id, PurchaseOrder.created_at, PurchaseOrder.status,
                                      PurchaseOrder.note, Staff.name)
                               .outerjoin(Staff, Staff.id == PurchaseOrder.staff_id)
                               .order_by(PurchaseOrder.created_at.desc()).limit(limit)).all()
            lines: dict[str, list[tuple]] = {}
            if orders:
                for order_id, sku, name, qty in s.execute(
                        select(PurchaseOrderLine.order_id, Product.sku, Product.name, PurchaseOrderLine.qty)
                        .join(Product, Product.id == PurchaseOrderLine.product_id)
                        .where(PurchaseOrderLine.order_id.in_([o[0] for o in orders])).order_by(Product.sku)):
                    lines.setdefault(order_id, []).append((sku, name, qty))
            return [(oid, created, status, note or "", who or "", lines.get(oid, []))
                    for oid, created, status, note, who in orders]

    def delivery_rows(self, status: str | None = None) -> list[tuple]:
        """Deliveries, oldest first: (id, order_id, status, shipped_at, received_at, [(sku, name, unit,
        shipped qty, unit cost), ...], units put on the shelf (received − damaged; 0 while waiting))."""
        from .replenishment import delivery_lines
        from .store.models import Delivery, StockMovement

        with self.read() as s:
            stmt = select(Delivery).order_by(Delivery.created_at)
            if status:
                stmt = stmt.where(Delivery.status == status)
            deliveries = list(s.scalars(stmt))
            ids = [d.id for d in deliveries]
            shelved = dict(s.execute(select(StockMovement.ref_id, func.sum(StockMovement.qty))
                                     .where(StockMovement.kind == "delivery", StockMovement.ref_id.in_(ids))
                                     .group_by(StockMovement.ref_id)).all()) if ids else {}
            shipped = {d.id: delivery_lines(d) for d in deliveries}
            skus = {line["sku"] for lines in shipped.values() for line in lines}
            names = {sku: (name, unit) for sku, name, unit in s.execute(
                select(Product.sku, Product.name, Product.unit).where(Product.sku.in_(skus)))} if skus else {}
            return [(d.id, d.order_id, d.status, d.created_at, d.received_at,
                     [(line["sku"], *names.get(line["sku"], (line["sku"], "each")), int(line["qty"]),
                       int(line["unit_cost"])) for line in shipped[d.id]],
                     int(shelved.get(d.id, 0))) for d in deliveries]

    def feedback_rows(self, limit: int = 200) -> list[tuple]:
        """The feedback inbox, newest first: (id, created_at, rating, comment, source, receipt no, read)."""
        from .store.models import Feedback

        with self.read() as s:
            return [tuple(r) for r in s.execute(
                select(Feedback.id, Feedback.created_at, Feedback.rating, Feedback.comment, Feedback.source,
                       Sale.receipt_no, Feedback.read)
                .outerjoin(Sale, Sale.id == Feedback.sale_id)
                .order_by(Feedback.created_at.desc()).limit(limit))]


@dataclass(frozen=True)
class TenderState:
    total: int
    paid: int
    remaining: int
    change: int
    cash_due: int  # what cash would have to cover, after cash rounding
    complete: bool
    problem: str | None


class _WriteTx:
    """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on error."""

    def __init__(self, store: Store) -> None:
        self._session = store.write()

    def __enter__(self) -> Session:
        self._session.begin()
        return self._session

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._session.commit()
            else:
                self._session.rollback()
        finally:
            self._session.close()


def _iso(text: str) -> str:
    """A period bound as the store's UTC ISO text, read exactly as the platform reads it."""
    from sync.settlement import PeriodError, parse_moment

    try:
        return parse_moment(text, "date").isoformat(timespec="microseconds")
    except PeriodError:  # the platform's words, said in the till's language
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "date: {text} is not a date (write 2026-11-01)"),
                        text=repr(text)) from None

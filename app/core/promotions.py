"""Promotions, coupons and scheduled prices at the till (issue 17): the part ``till.promotions``.

The platform publishes them on the change feed (``promotion.upserted``, ``coupon.issued``,
``price.scheduled``); the till keeps the last version of each (``apply_*`` below, in the pull's
transaction) and prices every cart by itself with the shared engine ``sync.pricing``, offline too:

- The engine's ``Pricer`` is built once from the stored promotions and coupons and kept until a
  sync changes them (topic ``promotions``); a cart is priced at every change (scan, quantity,
  removal, discount, customer, coupon) and again when it is paid.
- Promotion times are the shop's wall clock: the till's clock (``till.time``) in the shop's time
  zone (``till.time_zone()``), so a promotion that ends while the till is offline stops at its end.
- A scheduled price is switched by the till's own clock: the lookup applies every due one before
  it reads a product (one comparison when none is due), and the window runs the same on a timer.
- The promotions that priced a sale are kept per line (``sale_line_promotion``, the platform's
  part too); a refund asks the engine what the returned goods cost (a multi-buy broken by a
  return is re-priced) and keeps what it gives back of each promotion (``refund_line_promotion``);
  the settlement statement credits the platform's part per promotion from these rows.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sync.promotions import CouponData, PromotionData


from .clock import stamp
from .errors import QT_TRANSLATE_NOOP, Message, NotFound, TillError
from .money import fmt
from .store import fast, now
from .store.models import (CouponRow, CouponUse, Product, PromotionRow, RefundLinePromotion, Sale, SaleCoupon,
                           SaleLine, SaleLinePromotion, ScheduledPriceRow)

log = logging.getLogger("corner.promotions")

TOPIC = "promotions"
UPCOMING = timedelta(days=14)  # "next" on the owner's view: what starts within two weeks
_UNKNOWN = object()


def _engine():
    from sync import pricing  # the shared engine (sync/pricing.py)

    return pricing


def _models():
    """The promotion models both ends share (sync/promotions.py, pydantic): imported when first
    used, not with the till (building them costs a start-up ~0.15 s of CPU). The window loads them
    off the UI thread once its first screen is painted (app/ui/app.py)."""
    from sync import promotions as models

    return models


# -- the feed (in the pull's transaction) ---------------------------------------------------


def apply_promotion(s: Session, payload: dict[str, Any]) -> None:
    promo = _models().PromotionData.model_validate(payload)
    s.merge(PromotionRow(id=str(promo.id), name=promo.name, payload=promo.model_dump_json(), active=promo.active,
                         received_at=now(s)))


def apply_coupon(s: Session, payload: dict[str, Any]) -> None:
    coupon = _models().CouponData.model_validate(payload)
    s.merge(CouponRow(code=coupon.code, promotion_id=str(coupon.promotion_id), payload=coupon.model_dump_json(),
                      received_at=now(s)))


def apply_scheduled_price(s: Session, payload: dict[str, Any]) -> None:
    sp = _models().ScheduledPrice.model_validate(payload)
    row = s.get(ScheduledPriceRow, str(sp.id))
    values = dict(product_id=str(sp.product_id), sku=sp.sku, price=sp.price, min_price=sp.min_price,
                  max_price=sp.max_price, effective_at=stamp(sp.effective_at))
    if row is None:
        s.add(ScheduledPriceRow(id=str(sp.id), applied_at=None, **values))
    else:  # republished (moved or changed): applies again at its time
        for key, value in values.items():
            setattr(row, key, value)
        row.applied_at = None


_SET_PRICE = (
    "UPDATE product SET price = :price, min_price = :min_price, max_price = :max_price, updated_at = :stamp, "
    # the shop's own price survives unless the new bounds exclude it (as a catalog update)
    "local_price = CASE WHEN (:min_price IS NULL OR local_price >= :min_price) "
    "AND (:max_price IS NULL OR local_price <= :max_price) THEN local_price ELSE NULL END "
    "WHERE sku = :sku AND is_local = 0"
)


def apply_due(s: Session, at: str) -> int:
    """Switch every scheduled price due at ``at`` (UTC ISO), oldest first; returns how many."""
    rows = list(s.scalars(select(ScheduledPriceRow).where(ScheduledPriceRow.applied_at.is_(None),
                                                          ScheduledPriceRow.effective_at <= at)
                          .order_by(ScheduledPriceRow.effective_at, ScheduledPriceRow.id)))
    if not rows:
        return 0
    fast.executemany(s, _SET_PRICE, [{"price": r.price, "min_price": r.min_price, "max_price": r.max_price,
                                      "stamp": at, "sku": r.sku} for r in rows])
    for r in rows:
        r.applied_at = at
    return len(rows)


def next_due(s: Session) -> str | None:
    return s.scalar(select(func.min(ScheduledPriceRow.effective_at)).where(ScheduledPriceRow.applied_at.is_(None)))


# -- the sale and the refund (in their transactions) ----------------------------------------

_INSERT_LINE_PROMO = fast.insert_sql(SaleLinePromotion.__table__)
_INSERT_REFUND_PROMO = fast.insert_sql(RefundLinePromotion.__table__)


def _merged(promos: list[dict]) -> list[dict]:
    out: dict[str, dict] = {}
    for p in promos:
        pid = str(p["promotion_id"])
        got = out.setdefault(pid, {"promotion_id": pid, "amount": 0, "platform_amount": 0})
        got["amount"] += int(p["amount"])
        got["platform_amount"] += int(p["platform_amount"])
    return list(out.values())


def record_sale(s: Session, sale_id: str, cart, stamp_text: str) -> None:
    """A sale's promotions per line, its coupons, and the codes now used on this till."""
    rows = [{"sale_line_id": line.id, **p} for line in cart.lines for p in _merged(line.promotions) if p["amount"]]
    if rows:
        fast.executemany(s, _INSERT_LINE_PROMO, rows)
    if cart.coupons:
        fast.executemany(s, "INSERT OR IGNORE INTO sale_coupon (sale_id, code) VALUES (:sale_id, :code)",
                         [{"sale_id": sale_id, "code": c} for c in cart.coupons])
        fast.executemany(s, "INSERT OR IGNORE INTO coupon_use (code, sale_id, used_at) VALUES (:code, :sale_id, :at)",
                         [{"code": c, "sale_id": sale_id, "at": stamp_text} for c in cart.coupons])


def record_refund_line(s: Session, refund_line_id: str, promos: list[dict]) -> list[dict]:
    rows = [p for p in _merged(promos) if p["amount"] or p["platform_amount"]]
    if rows:
        fast.executemany(s, _INSERT_REFUND_PROMO, [{"refund_line_id": refund_line_id, **p} for p in rows])
    return rows


# The pricing engine (sync/pricing.py, no Qt) says why a coupon is refused in English; the cashier
# reads it in the till's language.
_COUPON_REASONS = {
    "this coupon is already on the sale": QT_TRANSLATE_NOOP("CoreError", "this coupon is already on the sale"),
    "this coupon code is not known to this till": QT_TRANSLATE_NOOP(
        "CoreError", "this coupon code is not known to this till"),
    "this coupon's promotion is not known to this till": QT_TRANSLATE_NOOP(
        "CoreError", "this coupon's promotion is not known to this till"),
    "this coupon has been withdrawn": QT_TRANSLATE_NOOP("CoreError", "this coupon has been withdrawn"),
    "this coupon has already been used": QT_TRANSLATE_NOOP("CoreError", "this coupon has already been used"),
    "this coupon is for a named customer: choose the customer first": QT_TRANSLATE_NOOP(
        "CoreError", "this coupon is for a named customer: choose the customer first"),
    "this coupon belongs to another customer": QT_TRANSLATE_NOOP("CoreError", "this coupon belongs to another customer"),
    "this coupon's promotion applies without a coupon": QT_TRANSLATE_NOOP(
        "CoreError", "this coupon's promotion applies without a coupon"),
    "this coupon's promotion is not running now": QT_TRANSLATE_NOOP(
        "CoreError", "this coupon's promotion is not running now"),
    "another coupon for the same promotion is already on the sale": QT_TRANSLATE_NOOP(
        "CoreError", "another coupon for the same promotion is already on the sale"),
    "a better promotion already applies to these goods": QT_TRANSLATE_NOOP(
        "CoreError", "a better promotion already applies to these goods"),
    "nothing on the sale qualifies for this coupon's promotion": QT_TRANSLATE_NOOP(
        "CoreError", "nothing on the sale qualifies for this coupon's promotion"),
}
_EXPIRED = re.compile(r"this coupon expired on (?P<when>.+)")
_SHORT = re.compile(r"the goods it applies to come to (?P<base>[\d.]+), below the (?P<threshold>[\d.]+) this coupon needs")


def coupon_reason(reason: str | None) -> Message | str:
    """The engine's reason for refusing a coupon, as a message the till translates."""
    if not reason:
        return Message(QT_TRANSLATE_NOOP("CoreError", "its promotion is not running"))
    if reason in _COUPON_REASONS:
        return Message(_COUPON_REASONS[reason])
    if m := _EXPIRED.fullmatch(reason):
        return Message(QT_TRANSLATE_NOOP("CoreError", "this coupon expired on {when}"), when=m["when"])
    if m := _SHORT.fullmatch(reason):
        return Message(QT_TRANSLATE_NOOP(
            "CoreError", "the goods it applies to come to {base}, below the {threshold} this coupon needs"),
            base=m["base"], threshold=m["threshold"])
    return reason  # a reason this till does not know yet: in the engine's words


# -- what the owner sees ----------------------------------------------------------------------


@dataclass(frozen=True)

class PromotionInfo:
    id: str
    name: str
    kind: str
    terms: str  # "3 for 2", "20% off", "spend 20.00, save 2.00", ...
    starts_at: datetime  # shop's wall clock
    ends_at: datetime
    status: str  # running | next | later | ended | withdrawn
    platform_share_bp: int
    coupon_required: bool
    qty: int  # units (grams for weighed goods) sold on lines it priced
    sales: int  # how many sales it priced
    savings: int  # what customers saved with it, net of refunds
    platform_part: int  # the part of the savings the platform funds (credited to the shop)


@dataclass(frozen=True)
class CouponCheck:
    code: str
    accepted: bool
    reason: str | None


def terms(p: PromotionData, money=fmt) -> str:
    if p.kind == "percent_off":
        return f"{p.percent_bp / 100:g}% off"
    if p.kind == "amount_off":
        return f"{money(p.amount)} off each"
    if p.kind == "multi_buy":
        if p.pay_qty is not None:
            return f"{p.buy_qty} for the price of {p.pay_qty}"
        return f"{p.buy_qty} for {money(p.bundle_price)}"
    if p.kind == "bundle":
        return f"any {p.buy_qty} for {money(p.bundle_price)}"
    save = money(p.amount) if p.amount is not None else f"{p.percent_bp / 100:g}%"
    return f"spend {money(p.threshold)}, save {save}"


@dataclass
class _State:
    pricer: Any
    promotions: dict[str, PromotionData]  # every stored one, by id (withdrawn too)
    coupons: dict[str, CouponData]
    shop_code: str


class PromotionsPart:
    """``till.promotions``: the promotions in force at this till, cart pricing, coupons, scheduled prices."""

    def __init__(self, till) -> None:
        self.till = till
        self._lock = threading.Lock()
        self._state: _State | None = None
        self._used: dict[str, str] | None = None  # coupon code -> sale id, used on this till
        self._tz = None
        self._next_price: object = _UNKNOWN  # UTC ISO of the next scheduled price not yet applied
        till.subscribe(self._changed)

    def _changed(self, topic: str) -> None:
        if topic == TOPIC:
            self._state = None
            self._next_price = _UNKNOWN
        elif topic == "policy":  # the time zone, or (a snapshot at enrollment) the shop's code
            self._tz = None
            self._state = None
        elif topic in ("sale", "restore"):
            self._used = None
            if topic == "restore":
                self._state, self._next_price = None, _UNKNOWN

    # -- state ---------------------------------------------------------------------------------

    def _get(self) -> _State:
        state = self._state
        if state is None:
            with self._lock:
                state = self._state
                if state is None:
                    state = self._state = self._build()
        return state

    def _build(self) -> _State:
        with self.till.read() as s:
            models = _models()
            promos = {r.id: models.PromotionData.model_validate_json(r.payload) for r in s.scalars(select(PromotionRow))}
            coupons = {r.code: models.CouponData.model_validate_json(r.payload) for r in s.scalars(select(CouponRow))}
        shop_code = self.till.shop().code
        running = [p for p in promos.values() if p.active]
        pricer = _engine().Pricer(running, shop_code, coupons) if (running or coupons) else None
        return _State(pricer, promos, coupons, shop_code)

    def used_coupons(self) -> dict[str, str]:
        used = self._used
        if used is None:
            with self.till.read() as s:
                used = self._used = dict(s.execute(select(CouponUse.code, CouponUse.sale_id)).all())
        return used

    def shop_time(self, moment: datetime | None = None) -> datetime:
        """``moment`` (the till's clock by default) as the shop's wall clock, without a zone."""
        tz = self._tz
        if tz is None:
            tz = self._tz = self.till.time_zone()
        return (moment or self.till.now()).astimezone(tz).replace(tzinfo=None)

    # -- scheduled prices ----------------------------------------------------------------------

    def apply_due_prices(self) -> int:
        """Switch the scheduled prices that are due by the till's clock; cheap when none is."""
        nxt = self._next_price
        at = stamp(self.till.now())
        if nxt is None or (nxt is not _UNKNOWN and at < nxt):
            return 0
        if nxt is _UNKNOWN:
            with self.till.read() as s:
                nxt = next_due(s)
            if nxt is None or at < nxt:
                self._next_price = nxt
                return 0
        with self.till.write() as s:
            count = apply_due(s, at)
            nxt = next_due(s)
        self._next_price = nxt
        if count:
            log.info("%d scheduled price(s) took effect", count)
            self.till.notify("catalog")
        return count

    def scheduled_prices(self) -> list[tuple[str, str, int, str, bool]]:
        """(sku, product name, price, effective_at UTC ISO, applied), soonest first."""
        with self.till.read() as s:
            return [(r.sku, name or r.sku, r.price, r.effective_at, r.applied_at is not None) for r, name in s.execute(
                select(ScheduledPriceRow, Product.name).outerjoin(Product, Product.sku == ScheduledPriceRow.sku)
                .order_by(ScheduledPriceRow.effective_at))]

    # -- the cart ------------------------------------------------------------------------------

    def _items(self, cart) -> list:
        Item = _engine().Item
        return [Item(key=line.id, sku=line.sku, category=line.category or "", brand=line.brand or "", unit=line.unit,
                     qty=line.qty, unit_price=line.unit_price, is_local=bool(line.is_local),
                     fixed=bool(line.discount) or line.list_price is not None) for line in cart.lines]

    def _price(self, cart, coupons: list[str]):
        state = self._get()
        if state.pricer is None or not cart.lines and not coupons:
            return None
        used = frozenset(self.used_coupons())
        return state.pricer.price(self._items(cart), self.shop_time(), coupons=list(coupons),
                                  customer_id=cart.customer_id, used_coupons=used)

    def price_cart(self, cart) -> None:
        """Price ``cart`` with the promotions in force now (the shop's wall clock): each line's
        promotion discount and what each promotion saves. A coupon that no longer applies (its
        promotion ended) leaves the cart with a notice."""
        try:
            priced = self._price(cart, cart.coupons)
        except Exception:  # never stop the counter: the cart sells at its prices, and the log says why
            log.exception("pricing the cart with promotions failed; the cart is priced without them")
            priced = None
        if priced is None:
            for line in cart.lines:
                line.promo_discount, line.promotions = 0, []
            cart.savings = []
            if cart.coupons:
                cart.notices = [*cart.notices, *(f"Coupon {c} no longer applies." for c in cart.coupons)]
                cart.coupons = []
            return
        for line, priced_line in zip(cart.lines, priced.lines):
            line.promo_discount = priced_line.discount
            line.promotions = [{"promotion_id": a.promotion_id, "name": a.name, "amount": a.amount,
                                "platform_amount": a.platform_amount} for a in priced_line.applied if a.amount]
        cart.savings = [{"promotion_id": v.promotion_id, "name": v.name, "amount": v.amount,
                         "platform_amount": v.platform_amount} for v in priced.savings if v.amount]
        refused = [r for r in priced.coupons if not r.accepted]
        if refused:
            gone = {r.code for r in refused}
            cart.coupons = [c for c in cart.coupons if c not in gone]
            cart.notices = [*cart.notices, *(f"Coupon {r.code} no longer applies: {r.reason}" for r in refused)]
            self.price_cart(cart)

    def is_coupon(self, code: str) -> bool:
        """Whether ``code`` is a coupon code synced to this till (the scan field asks)."""
        code = (code or "").strip().upper()
        return bool(_models().COUPON_RE.fullmatch(code)) and code in self._get().coupons

    def check_coupon(self, cart, code: str) -> CouponCheck:
        """Would ``code`` be accepted on ``cart`` now? The reason in plain words when not."""
        try:
            self._check(cart, code)
        except TillError as exc:
            return CouponCheck((code or "").strip().upper(), False, str(exc))
        return CouponCheck(code.strip().upper(), True, None)

    def _check(self, cart, code: str):
        code = (code or "").strip().upper()
        if not _models().COUPON_RE.fullmatch(code):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{code} is not a coupon code (4 to 32 letters, digits or dashes)."),
                            code=repr(code))
        state = self._get()
        coupon = state.coupons.get(code)
        if coupon is None:
            raise NotFound(QT_TRANSLATE_NOOP(
                "CoreError", "Coupon {code} is not known on this till (it may not have synced yet)."), code=code)
        if code in cart.coupons:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Coupon {code} is already on this sale."), code=code)
        used = self.used_coupons()
        if coupon.single_use and code in used:
            with self.till.read() as s:
                receipt = s.scalar(select(Sale.receipt_no).where(Sale.id == used[code])) or "?"
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "Coupon {code} has already been used, on receipt {receipt_no}."), code=code,
                receipt_no=receipt)
        if not coupon.active:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Coupon {code} has been withdrawn."), code=code)
        if coupon.expires_at is not None and self.shop_time() >= coupon.expires_at:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Coupon {code} expired on {date}."), code=code,
                            date=coupon.expires_at.strftime("%Y-%m-%d %H:%M"))
        if coupon.customer_id is not None and str(coupon.customer_id) != (cart.customer_id or ""):
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "Coupon {code} belongs to one customer: add that customer to the sale first."), code=code)
        priced = self._price(cart, [*cart.coupons, code])
        result = next((r for r in priced.coupons if r.code == code), None) if priced is not None else None
        if result is None or not result.accepted:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Coupon {code} cannot be used: {reason}"), code=code,
                            reason=coupon_reason(result.reason if result is not None else None))
        return code

    def add_coupon(self, cart, code: str) -> str:
        """Put a coupon on the cart (refused, saying why, when it cannot be used); returns the code."""
        code = self._check(cart, code)
        cart.coupons.append(code)
        self.price_cart(cart)
        return code

    def remove_coupon(self, cart, code: str) -> None:
        code = (code or "").strip().upper()
        if code in cart.coupons:
            cart.coupons.remove(code)
            self.price_cart(cart)

    # -- refunds -------------------------------------------------------------------------------

    def refund_parts(self, s: Session, sale: Sale, returned_before: dict[str, int],
                     returning: dict[str, int]) -> dict[str, tuple[int, list[dict]]] | None:
        """What the returned goods of a sale priced by promotions give back, per line: (amount,
        [{promotion_id, amount, platform_amount}]); None when no promotion priced the sale."""
        ids = [line.id for line in sale.lines]
        applied_rows = s.execute(select(SaleLinePromotion).where(SaleLinePromotion.sale_line_id.in_(ids))).scalars().all()
        codes = list(s.scalars(select(SaleCoupon.code).where(SaleCoupon.sale_id == sale.id)))
        if not applied_rows and not codes:
            return None
        eng = _engine()
        state = self._get()
        referenced = {r.promotion_id for r in applied_rows}
        promos = [p.model_copy(update={"active": True}) if str(p.id) in referenced else p
                  for p in state.promotions.values()]
        promos = [p for p in promos if p.active]
        names = {pid: p.name for pid, p in state.promotions.items()}
        pricer = eng.Pricer(promos, state.shop_code, state.coupons)
        products = {pid: (cat, brand, bool(local)) for pid, cat, brand, local in s.execute(
            select(Product.id, Product.category, Product.brand, Product.is_local)
            .where(Product.id.in_({line.product_id for line in sale.lines})))}
        by_line: dict[str, list] = {}
        for r in applied_rows:
            by_line.setdefault(r.sale_line_id, []).append(
                eng.Applied(r.promotion_id, names.get(r.promotion_id, ""), r.amount, r.platform_amount))
        sold = []
        for line in sale.lines:
            cat, brand, local = products.get(line.product_id, ("", "", False))
            applied = tuple(by_line.get(line.id, ()))
            item = eng.Item(key=line.id, sku=line.sku, category=cat or "", brand=brand or "", unit=line.unit,
                            qty=line.qty, unit_price=line.unit_price, is_local=local,
                            fixed=not applied and line.discount > 0)
            sold.append(eng.SoldItem(item=item, paid=line.total, applied=applied))
        at = self.shop_time(datetime.fromisoformat(sale.created_at))
        parts = eng.refund(sold, returned_before, returning, pricer, at, coupons=codes)
        return {p.key: (p.amount, [{"promotion_id": a.promotion_id, "amount": a.amount,
                                    "platform_amount": a.platform_amount} for a in p.promotions]) for p in parts}

    def refund_preview(self, sale_id: str, quantities: dict[str, int]) -> dict[str, int] | None:
        """What a refund of ``quantities`` (sale line id -> qty) would give back per line, for the
        refund screen; None when no promotion priced the sale (each line's share is exact then)."""
        from .refunds import refunded_qty

        wanted = {k: v for k, v in quantities.items() if v > 0}
        with self.till.read() as s:
            sale = s.get(Sale, sale_id)
            if sale is None or not wanted:
                return None if sale is None else {}
            before = {line.id: refunded_qty(s, line.id)[0] for line in sale.lines}
            parts = self.refund_parts(s, sale, {k: v for k, v in before.items() if v}, wanted)
        return None if parts is None else {key: amount for key, (amount, _) in parts.items()}

    # -- the owner's view ----------------------------------------------------------------------

    def list(self, at: datetime | None = None, *, include_ended: bool = False) -> list[PromotionInfo]:
        """The platform's promotions at this shop: running now, next, and (asked) ended or
        withdrawn ones; each with what it sold here. ``at``: the shop's wall clock (now)."""
        at = at or self.shop_time()
        state = self._get()
        running = {str(p.id) for p in state.pricer.active(at)} if state.pricer is not None else set()
        upcoming = ({str(p.id) for p in state.pricer.upcoming(at, UPCOMING)}
                    if state.pricer is not None else set())
        with self.till.read() as s:
            sold = {pid: (int(qty or 0), int(n or 0), int(amount or 0), int(platform or 0))
                    for pid, qty, n, amount, platform in s.execute(
                        select(SaleLinePromotion.promotion_id, func.sum(SaleLine.qty),
                               func.count(func.distinct(SaleLine.sale_id)), func.sum(SaleLinePromotion.amount),
                               func.sum(SaleLinePromotion.platform_amount))
                        .join(SaleLine, SaleLine.id == SaleLinePromotion.sale_line_id)
                        .group_by(SaleLinePromotion.promotion_id))}
            back = {pid: (int(a or 0), int(pa or 0)) for pid, a, pa in s.execute(
                select(RefundLinePromotion.promotion_id, func.sum(RefundLinePromotion.amount),
                       func.sum(RefundLinePromotion.platform_amount)).group_by(RefundLinePromotion.promotion_id))}
        money = self.till.money_formatter()
        rows = []
        for pid, p in state.promotions.items():
            if not p.active:
                status = "withdrawn"
            elif pid in running:
                status = "running"
            elif p.ends_at <= at:
                status = "ended"
            elif pid in upcoming:
                status = "next"
            elif p.starts_at > at:
                status = "later"
            else:
                status = "paused"  # within its dates, outside its days or hours, or not for this shop
            if status in ("ended", "withdrawn") and not include_ended and pid not in sold:
                continue
            qty, n, amount, platform = sold.get(pid, (0, 0, 0, 0))
            back_amount, back_platform = back.get(pid, (0, 0))
            rows.append(PromotionInfo(
                id=pid, name=p.name, kind=p.kind, terms=terms(p, money), starts_at=p.starts_at, ends_at=p.ends_at,
                status=status, platform_share_bp=p.platform_share_bp, coupon_required=p.coupon_required, qty=qty,
                sales=n, savings=amount - back_amount, platform_part=platform - back_platform))
        order = {"running": 0, "next": 1, "paused": 2, "later": 3, "ended": 4, "withdrawn": 5}
        rows.sort(key=lambda r: (order[r.status], r.starts_at, r.name))
        return rows

    def sale_promotions(self, sale_id: str) -> tuple[dict[str, list[tuple[str, int]]], list[str]]:
        """For a receipt: sale line id -> [(promotion name, amount)], and the coupons redeemed."""
        state = self._get()
        with self.till.read() as s:
            rows = s.execute(select(SaleLinePromotion.sale_line_id, SaleLinePromotion.promotion_id,
                                    SaleLinePromotion.amount)
                             .join(SaleLine, SaleLine.id == SaleLinePromotion.sale_line_id)
                             .where(SaleLine.sale_id == sale_id)).all()
            codes = list(s.scalars(select(SaleCoupon.code).where(SaleCoupon.sale_id == sale_id).order_by(SaleCoupon.code)))
        out: dict[str, list[tuple[str, int]]] = {}
        for line_id, pid, amount in rows:
            p = state.promotions.get(pid)
            out.setdefault(line_id, []).append((p.name if p else "Promotion", amount))
        return out, codes


def dumps(rows: list[PromotionInfo]) -> str:
    return json.dumps([{**r.__dict__, "starts_at": r.starts_at.isoformat(), "ends_at": r.ends_at.isoformat()}
                       for r in rows], indent=2)

"""A tiny stand-in for ``sync.pricing`` (tests only), used while the real engine is not in this
tree: percent_off and multi_buy (N for the price of M) with the contract's API. Never imported
when ``sync.pricing`` exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Item:
    key: str
    sku: str
    category: str
    brand: str
    unit: str
    qty: int
    unit_price: int
    is_local: bool = False
    fixed: bool = False


@dataclass(frozen=True)
class Applied:
    promotion_id: str
    name: str
    amount: int
    platform_amount: int


@dataclass(frozen=True)
class PricedLine:
    key: str
    gross: int
    discount: int
    applied: tuple


@dataclass(frozen=True)
class Saving:
    promotion_id: str
    name: str
    amount: int
    platform_amount: int


@dataclass(frozen=True)
class CouponResult:
    code: str
    accepted: bool
    reason: str | None


@dataclass(frozen=True)
class Priced:
    lines: tuple
    savings: tuple
    discount: int
    coupons: tuple


@dataclass(frozen=True)
class SoldItem:
    item: Item
    paid: int
    applied: tuple


@dataclass(frozen=True)
class RefundPart:
    key: str
    qty: int
    amount: int
    promotions: tuple


def _gross(item):
    return item.unit_price * item.qty if item.unit == "each" else (item.unit_price * item.qty + 500) // 1000


class Pricer:
    def __init__(self, promotions, shop_code, coupons={}):
        self.promotions = [p for p in promotions if p.active and (not p.shops or shop_code in p.shops)]
        self.coupons = dict(coupons)

    def _on(self, p, at):
        return p.starts_at <= at < p.ends_at

    def active(self, at: datetime):
        return [p for p in self.promotions if self._on(p, at)]

    def upcoming(self, at, within: timedelta):
        return [p for p in self.promotions if at < p.starts_at <= at + within]

    def price(self, items, at, coupons=(), customer_id=None, used_coupons=frozenset()):
        results, unlocked = [], set()
        for code in coupons:
            c = self.coupons.get(code)
            if c is None:
                results.append(CouponResult(code, False, "unknown code"))
            elif c.single_use and code in used_coupons:
                results.append(CouponResult(code, False, "already used"))
            else:
                results.append(CouponResult(code, True, None))
                unlocked.add(str(c.promotion_id))
        disc = {it.key: [] for it in items}
        for p in self.active(at):
            if p.coupon_required and str(p.id) not in unlocked:
                continue
            pid = str(p.id)
            hit = [it for it in items if not it.fixed and not it.is_local and
                   (not (p.skus or p.categories or p.brands) or it.sku in p.skus or it.category in p.categories
                    or it.brand in p.brands)]
            if p.kind == "percent_off":
                for it in hit:
                    amount = _gross(it) * p.percent_bp // 10000
                    if amount:
                        disc[it.key].append(Applied(pid, p.name, amount, (amount * p.platform_share_bp + 5000) // 10000))
            elif p.kind == "amount_off":
                for it in hit:
                    amount = min(p.amount * it.qty, _gross(it)) if it.unit == "each" else 0
                    if amount:
                        disc[it.key].append(Applied(pid, p.name, amount, (amount * p.platform_share_bp + 5000) // 10000))
            elif p.kind == "multi_buy" and p.pay_qty:
                units = sorted(((it.unit_price, it.key) for it in hit if it.unit == "each" for _ in range(it.qty)))
                free = len(units) // p.buy_qty * (p.buy_qty - p.pay_qty)
                for price, key in units[:free]:
                    disc[key].append(Applied(pid, p.name, price, (price * p.platform_share_bp + 5000) // 10000))
        lines, savings = [], {}
        for it in items:
            merged = {}
            for a in disc[it.key]:
                m = merged.get(a.promotion_id)
                merged[a.promotion_id] = a if m is None else Applied(a.promotion_id, a.name, m.amount + a.amount,
                                                                     m.platform_amount + a.platform_amount)
            applied = tuple(merged.values())
            lines.append(PricedLine(it.key, _gross(it), sum(a.amount for a in applied), applied))
            for a in applied:
                s = savings.get(a.promotion_id)
                savings[a.promotion_id] = Saving(a.promotion_id, a.name, a.amount + (s.amount if s else 0),
                                                 a.platform_amount + (s.platform_amount if s else 0))
        return Priced(tuple(lines), tuple(savings.values()), sum(ln.discount for ln in lines), tuple(results))


def refund(sold, returned_before, returning, pricer, at, coupons=()):
    def kept(extra):
        items = []
        for s in sold:
            q = s.item.qty - returned_before.get(s.item.key, 0) - extra.get(s.item.key, 0)
            if q > 0:
                items.append(Item(**{**s.item.__dict__, "qty": q}))
        priced = pricer.price(items, at, coupons)
        return sum(ln.gross - ln.discount for ln in priced.lines), priced

    before = sum(s.paid for s in sold) if not returned_before else kept({})[0]
    after, _ = kept(returning)
    total = before - after
    keys = [s.item.key for s in sold if returning.get(s.item.key)]
    parts = []
    for i, key in enumerate(keys):
        parts.append(RefundPart(key, returning[key], total if i == 0 else 0, ()))
    return tuple(parts)

"""The pricing engine: a cart priced under the platform's promotions and coupons, offline,
deterministically, to the minor unit (issue 17). Pure Python, no I/O; the till and the server
run the same code. See docs/promotions.md for the rule in words and worked examples.

What happens in :meth:`Pricer.price`:

1. **Which promotions run**: ``active`` flag, the shop's code in ``shops`` (or ``shops`` empty),
   ``starts_at <= at < ends_at``, ``at``'s ISO weekday in ``weekdays`` (or none given), and
   ``hours_from <= at.time() < hours_to`` (or no hours). A ``coupon_required`` promotion runs only
   with a valid coupon of its own on the sale.
2. **What they apply to**: platform products matched by ``skus``, ``categories`` or ``brands`` (any;
   all empty = every platform product). Local products (``is_local``) and fixed lines (manual price
   or discount) never get a promotion. Weighed goods (``unit == "kg"``) take only ``percent_off``
   and ``amount_off``.
3. **Item level**: each unit gets at most one of ``percent_off``, ``amount_off``, ``multi_buy`` and
   ``bundle``; the engine chooses the assignment that saves the customer most (exact search when the
   search is small, a deterministic best-first heuristic otherwise: see :func:`_assign`).
4. **Basket level**: then the single best ``basket`` promotion applies to what remains, its
   threshold measured on its goods after the item-level savings.
5. **Allocation**: every saving is split to lines exactly (largest remainder, ties to the canonical
   order), so VAT per rate computed on the allocated line totals is right; each line's platform part
   is ``round_half_up(amount * platform_share_bp / 10000)`` per line and promotion.

Order independence: identical units (same sku, price, category, brand, unit) are pooled before
anything is decided, and every tie is broken by a canonical order (goods sorted by
``(sku, unit_price, category, brand)``, lines by ``key``, promotions by id). Hence the same
multiset of items (with the same keys) in any order gets the same :class:`Priced` line for every
key; with different keys, the same total and the same discount for every
(sku, unit_price, category, brand) group (keys only order the lines within a group).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import combinations, product
from typing import AbstractSet, Iterable, Mapping, Sequence

from sync.money import allocate
from sync.promotions import CouponData, PromotionData, ScheduledPrice

ITEM_KINDS = ("percent_off", "amount_off", "multi_buy", "bundle")
SET_KINDS = ("multi_buy", "bundle")
SIMPLE_KINDS = ("percent_off", "amount_off")

#: The exact search of one group of linked goods is used when its estimated work is at most this
#: (states x choices); beyond it, the best-first heuristic. Keeps pricing at every scan fast.
EXACT_BUDGET = 1500
#: A refund re-prices a component of linked goods over every smaller basket when there are at most
#: this many; beyond it, over the baskets near the sale (see :class:`_Valuer`).
REFUND_LATTICE = 600


# ---------------------------------------------------------------------------------------------
# The contract (PROMO_CONTRACT.md)


@dataclass(frozen=True)
class Item:
    """One cart line as the engine sees it."""

    key: str  # the cart line's id
    sku: str
    category: str  # "" when none
    brand: str  # "" when none
    unit: str  # "each" | "kg"
    qty: int  # units, or grams for kg
    unit_price: int  # tax included, per unit or per kg
    is_local: bool = False  # the shop's own product: platform promotions never apply
    fixed: bool = False  # manual price override / manual line discount: no promotion applies

    @property
    def gross(self) -> int:
        return line_gross(self.unit, self.qty, self.unit_price)


@dataclass(frozen=True)
class Applied:
    """One promotion's saving on one line."""

    promotion_id: str
    name: str
    amount: int
    platform_amount: int


@dataclass(frozen=True)
class PricedLine:
    key: str
    gross: int
    discount: int  # == sum(a.amount for a in applied)
    applied: tuple[Applied, ...]

    @property
    def total(self) -> int:
        return self.gross - self.discount


@dataclass(frozen=True)
class Saving:
    """One promotion over the whole cart (for the cart footer / receipt)."""

    promotion_id: str
    name: str
    amount: int
    platform_amount: int


@dataclass(frozen=True)
class CouponResult:
    code: str
    accepted: bool
    reason: str | None  # in plain words when refused
    promotion_id: str | None = None  # the coupon's promotion when known (added: optional)


@dataclass(frozen=True)
class Priced:
    lines: tuple[PricedLine, ...]  # same order as the items given
    savings: tuple[Saving, ...]  # sorted by promotion id
    discount: int  # sum of all line discounts
    coupons: tuple[CouponResult, ...]  # one per code given, in the order given

    @property
    def gross(self) -> int:
        return sum(line.gross for line in self.lines)

    @property
    def total(self) -> int:
        return self.gross - self.discount

    @property
    def redeemed(self) -> tuple[str, ...]:
        """The codes that took effect (what the sale records as redeemed)."""
        return tuple(c.code for c in self.coupons if c.accepted)


@dataclass(frozen=True)
class SoldItem:
    """A line of an earlier sale, for refunds."""

    item: Item
    paid: int  # what the customer paid for the line
    applied: tuple[Applied, ...]


@dataclass(frozen=True)
class RefundPart:
    key: str
    qty: int
    amount: int  # money back for that line
    promotions: tuple[Applied, ...]  # what the refund gives back of each saving (positive)


# ---------------------------------------------------------------------------------------------
# Arithmetic



def _major(minor: int) -> str:
    """Minor units as major units with two decimals, for a reason in words (no currency here)."""
    return f"{minor // 100}.{minor % 100:02d}"

def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to the nearest integer, an exact half up (both >= 0)."""
    q, r = divmod(numerator, denominator)
    return q + 1 if 2 * r >= denominator else q


def line_gross(unit: str, qty: int, unit_price: int) -> int:
    """What a line costs before promotions: ``qty * unit_price``, or for weighed goods
    ``unit_price * grams / 1000`` rounded half up (as ``app.core.money.weighed_total``)."""
    if unit == "kg":
        return round_half_up(unit_price * qty, 1000)
    return unit_price * qty


def share(amount: int, count: int, first: int) -> int:
    """The sum of the first ``first`` of ``count`` equal parts of ``amount`` (the earlier parts
    take the remainder): monotone in ``first``, ``share(a, n, n) == a``."""
    if count <= 0:
        return 0
    q, r = divmod(amount, count)
    return q * first + min(first, r)


def platform_part(amount: int, share_bp: int) -> int:
    return round_half_up(amount * share_bp, 10_000)


# ---------------------------------------------------------------------------------------------
# Promotions: when they run and what they take


def _pid(p) -> str:
    pid = getattr(p, "pid", None)
    return pid if pid is not None else str(p.id)


class _P:
    """A promotion compiled once per Pricer: its id as text and its fields as plain attributes
    (``str(uuid)`` and pydantic attribute access at every scan were most of the time)."""

    __slots__ = ("p", "pid", "name", "kind", "percent_bp", "amount", "buy_qty", "pay_qty", "bundle_price",
                 "threshold", "platform_share_bp", "coupon_required", "starts_at", "ends_at", "weekdays",
                 "hours_from", "hours_to")

    def __init__(self, p: PromotionData) -> None:
        self.p = p
        self.pid = str(p.id)
        for name in self.__slots__[2:]:
            setattr(self, name, getattr(p, name))
        self.weekdays = frozenset(p.weekdays)


def runs_at(p: PromotionData, at: datetime) -> bool:
    """The promotion's own window: dates, weekdays and daily hours (not its shop or coupon)."""
    if not (p.starts_at <= at < p.ends_at):
        return False
    if p.weekdays and at.isoweekday() not in p.weekdays:
        return False
    if p.hours_from is not None and p.hours_to is not None:
        if not (p.hours_from <= at.time() < p.hours_to):
            return False
    return True


def next_start(p: PromotionData, at: datetime, until: datetime) -> datetime | None:
    """The first moment in ``(at, until]`` at which the promotion starts running (None if none)."""
    day = max(at, p.starts_at).date()
    last = min(until, p.ends_at).date()
    while day <= last:
        opening = datetime.combine(day, p.hours_from) if p.hours_from is not None else datetime.combine(day, datetime.min.time())
        opening = max(opening, p.starts_at)
        if opening > at and opening <= until and runs_at(p, opening):
            return opening
        day += timedelta(days=1)
    return None


def unit_saving(p: PromotionData, unit_price: int) -> int:
    """What a percent_off / amount_off promotion takes off one unit (never more than the unit)."""
    if p.kind == "percent_off":
        return min(unit_price, round_half_up(unit_price * (p.percent_bp or 0), 10_000))
    return min(unit_price, p.amount or 0)


def weighed_saving(p: PromotionData, unit_price: int, grams: int, gross: int) -> int:
    """What a percent_off / amount_off promotion takes off a weighed line."""
    if p.kind == "percent_off":
        return min(gross, round_half_up(gross * (p.percent_bp or 0), 10_000))
    return min(gross, round_half_up((p.amount or 0) * grams, 1000))


def set_saving(p: PromotionData, prices: Sequence[int]) -> int:
    """What one complete set of a multi_buy/bundle saves (prices of its ``buy_qty`` units):
    "N for the price of M" makes the N - M cheapest units free; a set price saves the difference
    (never below zero)."""
    if p.pay_qty is not None:
        free = (p.buy_qty or 0) - p.pay_qty
        return sum(sorted(prices)[:free])
    return max(0, sum(prices) - (p.bundle_price or 0))


# ---------------------------------------------------------------------------------------------
# The cart, pooled


@dataclass
class _Group:
    """Identical units of the cart (or one weighed line)."""

    sort: tuple
    sku: str
    category: str
    brand: str
    unit: str
    price: int  # unit price
    lines: list  # indexes into the items, sorted by key
    qty: int = 0
    gross: int = 0
    sets: list | None = None  # set promotions that take these goods
    base: int = 0  # best simple saving per unit (weighed: for the line)
    base_pid: PromotionData | None = None


def _groups(items: Sequence[Item]) -> tuple[list[_Group], list[int]]:
    """Eligible goods pooled into groups (canonical order), and the indexes of the others."""
    pooled: dict[tuple, _Group] = {}
    others: list[int] = []
    for i, it in enumerate(items):
        if it.is_local or it.fixed or it.qty <= 0 or it.unit_price <= 0:
            others.append(i)
            continue
        if it.unit == "kg":
            sort = (it.sku, it.unit_price, it.category, it.brand, "kg", it.key, i)
        else:
            sort = (it.sku, it.unit_price, it.category, it.brand, "")
        g = pooled.get(sort)
        if g is None:
            g = pooled[sort] = _Group(sort, it.sku, it.category, it.brand, "kg" if it.unit == "kg" else "each",
                                      it.unit_price, [])
        g.lines.append(i)
        g.qty += it.qty
        g.gross += it.gross
    groups = sorted(pooled.values(), key=lambda g: g.sort)
    for g in groups:
        g.lines.sort(key=lambda i: (items[i].key, i))
    return groups, others


# ---------------------------------------------------------------------------------------------
# Item-level assignment


class _Plan:
    """The item-level outcome: per group, per promotion id, the saving on that group."""

    def __init__(self) -> None:
        self.by_group: dict[int, dict[str, int]] = {}

    def add(self, g: int, pid: str, amount: int) -> None:
        if amount:
            row = self.by_group.setdefault(g, {})
            row[pid] = row.get(pid, 0) + amount


def _set_members_saving(p: PromotionData, members: Sequence[int], groups: list[_Group]) -> int:
    return set_saving(p, [groups[g].price for g in members])


def _apply_set(plan: _Plan, p: PromotionData, members: Sequence[int], groups: list[_Group], times: int) -> None:
    """Record ``times`` identical sets: the set's saving split over its units by price."""
    saving = _set_members_saving(p, members, groups)
    parts = allocate(saving, [groups[g].price for g in members])
    pid = _pid(p)
    for g, part in zip(members, parts):
        plan.add(g, pid, part * times)


def _multisets(eligible: list[int], counts: list[int], need: int, start: int = 0):
    """Multisets of ``need`` units from ``eligible`` groups (indexes, ascending) within counts."""
    if need == 0:
        yield ()
        return
    for pos in range(start, len(eligible)):
        g = eligible[pos]
        if counts[g] <= 0:
            continue
        counts[g] -= 1
        for rest in _multisets(eligible, counts, need - 1, pos):
            yield (g,) + rest
        counts[g] += 1


def _comb(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)


def _assign_exact(comp: list[int], setp: list[PromotionData], eligible: dict[str, list[int]],
                  groups: list[_Group], plan: _Plan) -> None:
    """Exact search: the best partition of the component's units into single units (each with its
    best simple promotion) and complete sets. Memoised on the remaining counts."""
    index = {g: n for n, g in enumerate(comp)}
    memo: dict[tuple, tuple[int, tuple | None]] = {}
    savings: dict[tuple, int] = {}
    counts = [0] * len(groups)

    def best(state: tuple) -> int:
        hit = memo.get(state)
        if hit is not None:
            return hit[0]
        first = next((n for n, c in enumerate(state) if c), None)
        if first is None:
            memo[state] = (0, None)
            return 0
        g = comp[first]
        rest = list(state)
        rest[first] -= 1
        choice: tuple = ("base",)
        value = groups[g].base + best(tuple(rest))
        for p in setp:
            elig = eligible[_pid(p)]
            if g not in elig:
                continue
            for n, c in zip(comp, rest):
                counts[n] = c
            others = [e for e in elig if index[e] >= first]
            for more in list(_multisets(others, counts, (p.buy_qty or 0) - 1)):
                members = (g,) + more
                skey = (p.pid, members)
                saving = savings.get(skey)
                if saving is None:
                    saving = savings[skey] = _set_members_saving(p, members, groups)
                if saving <= 0:
                    continue
                after = list(state)
                for m in members:
                    after[index[m]] -= 1
                total = saving + best(tuple(after))
                if total > value:
                    value, choice = total, ("set", p, members)
        memo[state] = (value, choice)
        return value

    state = tuple(groups[g].qty for g in comp)
    best(state)
    while True:
        _, choice = memo[state]
        if choice is None:
            break
        after = list(state)
        if choice[0] == "base":
            first = next(n for n, c in enumerate(state) if c)
            g = comp[first]
            if groups[g].base_pid is not None:
                plan.add(g, _pid(groups[g].base_pid), groups[g].base)
            after[first] -= 1
        else:
            _, p, members = choice
            _apply_set(plan, p, members, groups, 1)
            for m in members:
                after[index[m]] -= 1
        state = tuple(after)


def _candidate(p: PromotionData, elig: list[int], counts: dict[int, int], groups: list[_Group],
               order: str) -> tuple[int, tuple[int, ...]] | None:
    """One heuristic set for a set promotion from the remaining units, and its gain over the
    units' own best simple savings."""
    need = p.buy_qty or 0
    if sum(counts.get(g, 0) for g in elig) < need:
        return None
    if order == "price":
        ranked = sorted(elig, key=lambda g: (-groups[g].price, g))
    else:
        ranked = sorted(elig, key=lambda g: (-(groups[g].price - groups[g].base), g))
    members: list[int] = []
    for g in ranked:
        take = min(counts.get(g, 0), need - len(members))
        members.extend([g] * take)
        if len(members) == need:
            break
    members.sort()
    gain = _set_members_saving(p, members, groups) - sum(groups[g].base for g in members)
    return gain, tuple(members)


def _assign_greedy(comp: list[int], setp: list[PromotionData], eligible: dict[str, list[int]],
                   groups: list[_Group], plan: _Plan) -> None:
    """Best-first heuristic: repeatedly take the set (over every set promotion, built from the
    most expensive remaining units, or those that lose least of their own simple saving) with the
    largest gain over the units' own best simple promotions (ties: promotion id, then the set's
    goods in canonical order), as many times as the same set can be made; stop when no set gains.
    The remaining units take their best simple promotion."""
    counts = {g: groups[g].qty for g in comp}
    while True:
        best: tuple | None = None
        for p in setp:
            elig = [g for g in eligible[_pid(p)] if counts.get(g, 0) > 0]
            for order in ("price", "loss"):
                cand = _candidate(p, elig, counts, groups, order)
                if cand is None or cand[0] <= 0:
                    continue
                key = (-cand[0], _pid(p), cand[1])
                if best is None or key < best[0]:
                    best = (key, p, cand[1])
        if best is None:
            break
        _, p, members = best
        need: dict[int, int] = {}
        for m in members:
            need[m] = need.get(m, 0) + 1
        times = min(counts[g] // n for g, n in need.items())
        _apply_set(plan, p, members, groups, times)
        for g, n in need.items():
            counts[g] -= n * times
    for g in comp:
        if counts[g] and groups[g].base_pid is not None:
            plan.add(g, _pid(groups[g].base_pid), groups[g].base * counts[g])


def _assign(groups: list[_Group], plan: _Plan, cache: dict | None = None) -> None:
    """Item-level assignment. Goods linked by set promotions (multi_buy, bundle) form components;
    each component is searched exactly when small (``EXACT_BUDGET``), else by the heuristic.
    ``cache``: outcomes by component (its goods, quantities, per-unit savings and set promotions),
    so pricing at every scan searches again only the component the scan changed."""
    parent = list(range(len(groups)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    eligible: dict[str, list[int]] = {}
    setps: dict[str, PromotionData] = {}
    for n, g in enumerate(groups):
        if g.unit == "kg":
            if g.base_pid is not None:
                plan.add(n, _pid(g.base_pid), g.base)
            continue
        for p in g.sets or ():
            pid = _pid(p)
            setps[pid] = p
            members = eligible.setdefault(pid, [])
            if members:
                parent[find(n)] = find(members[0])
            members.append(n)
    comps: dict[int, list[int]] = {}
    for n, g in enumerate(groups):
        if g.unit != "kg":
            comps.setdefault(find(n), []).append(n)
    for comp in comps.values():
        comp.sort()
        pids = sorted({_pid(p) for n in comp for p in (groups[n].sets or ())})
        setp = [setps[pid] for pid in pids if sum(groups[g].qty for g in eligible[pid]) >= (setps[pid].buy_qty or 0)]
        if not setp:
            for n in comp:
                if groups[n].base_pid is not None:
                    plan.add(n, _pid(groups[n].base_pid), groups[n].base * groups[n].qty)
            continue
        key = None
        if cache is not None:
            live = {p.pid for p in setp}
            key = (EXACT_BUDGET, tuple(pids), tuple(
                (groups[n].sort, groups[n].qty, groups[n].base, groups[n].base_pid.pid if groups[n].base_pid else None,
                 tuple(p.pid for p in groups[n].sets or () if p.pid in live)) for n in comp))
            hit = cache.get(key)
            if hit is not None:
                for offset, pid, amount in hit:
                    plan.add(comp[offset], pid, amount)
                continue
        sub = _Plan()
        states = 1
        for n in comp:
            states *= groups[n].qty + 1
        branching = 1 + sum(_comb(len(eligible[_pid(p)]) + (p.buy_qty or 0) - 2, (p.buy_qty or 0) - 1) for p in setp)
        units = sum(groups[n].qty for n in comp)
        if states * branching <= EXACT_BUDGET and units <= 400:
            _assign_exact(comp, setp, eligible, groups, sub)
        else:
            _assign_greedy(comp, setp, eligible, groups, sub)
        rows = [(offset, pid, amount) for offset, n in enumerate(comp)
                for pid, amount in sorted(sub.by_group.get(n, {}).items())]
        for offset, pid, amount in rows:
            plan.add(comp[offset], pid, amount)
        if key is not None:
            if len(cache) > 20_000:
                cache.clear()
            cache[key] = rows


# ---------------------------------------------------------------------------------------------
# The pricer


class Pricer:
    """Promotions indexed once (by sku, category, brand); :meth:`price` at every scan."""

    def __init__(self, promotions: Iterable[PromotionData], shop_code: str,
                 coupons: Mapping[str, CouponData] = {}) -> None:
        self.shop_code = shop_code
        latest: dict[str, PromotionData] = {}
        for p in promotions:
            latest[_pid(p)] = p  # the last version given per id wins
        self.promotions: dict[str, PromotionData] = latest
        self.coupons: dict[str, CouponData] = {c.code: c for c in coupons.values()}
        # Only promotions that can ever run here are indexed.
        live = [_P(p) for p in latest.values() if p.active and (not p.shops or shop_code in p.shops)]
        live.sort(key=lambda c: c.pid)
        self._live = live
        self._by_sku: dict[str, list[_P]] = {}
        self._by_category: dict[str, list[_P]] = {}
        self._by_brand: dict[str, list[_P]] = {}
        self._everything: list[_P] = []  # item-level promotions on every platform product
        self._all_baskets: list[_P] = []  # basket promotions on every platform product
        for c in live:
            p = c.p
            if not (p.skus or p.categories or p.brands):
                (self._all_baskets if c.kind == "basket" else self._everything).append(c)
                continue
            for sku in set(p.skus):
                self._by_sku.setdefault(sku, []).append(c)
            for cat in set(p.categories):
                self._by_category.setdefault(cat, []).append(c)
            for b in set(p.brands):
                self._by_brand.setdefault(b, []).append(c)
        self._cands: dict[tuple[str, str, str], list[_P]] = {}
        self._components: dict[tuple, list] = {}

    # -- what runs ---------------------------------------------------------------------------

    def runs(self, p: PromotionData, at: datetime) -> bool:
        """Active here at ``at`` (ignoring coupons)."""
        return p.active and (not p.shops or self.shop_code in p.shops) and runs_at(p, at)

    def active(self, at: datetime) -> list[PromotionData]:
        """The promotions running at ``at`` (shop wall clock, naive), coupon ones included."""
        return [c.p for c in self._live if runs_at(c, at)]

    def upcoming(self, at: datetime, within: timedelta) -> list[PromotionData]:
        """The promotions not running at ``at`` that start running within ``within``, soonest first."""
        until = at + within
        found = []
        for c in self._live:
            if runs_at(c, at):
                continue
            start = next_start(c, at, until)
            if start is not None:
                found.append((start, c.pid, c.p))
        found.sort(key=lambda t: (t[0], t[1]))
        return [p for _, _, p in found]

    def starts(self, p: PromotionData, at: datetime, within: timedelta) -> datetime | None:
        """When ``p`` next starts running within ``within`` of ``at`` (added: for the owner's view)."""
        return next_start(p, at, at + within)

    def applies_to(self, p: PromotionData, item: Item) -> bool:
        if item.is_local or item.fixed:
            return False
        if not (p.skus or p.categories or p.brands):
            return True
        return item.sku in p.skus or (item.category and item.category in p.categories) or \
            (item.brand and item.brand in p.brands)

    def _candidates(self, sku: str, category: str, brand: str) -> list[_P]:
        """Every promotion that may apply to these goods (any time), by id; cached."""
        key = (sku, category, brand)
        hit = self._cands.get(key)
        if hit is not None:
            return hit
        seen: dict[str, _P] = {}
        for bucket in (self._by_sku.get(sku), self._by_category.get(category) if category else None,
                       self._by_brand.get(brand) if brand else None, self._everything):
            if bucket:
                for c in bucket:
                    seen[c.pid] = c
        found = [seen[pid] for pid in sorted(seen)]
        if len(self._cands) > 100_000:
            self._cands.clear()
        self._cands[key] = found
        return found

    # -- coupons -----------------------------------------------------------------------------

    def _check_coupons(self, codes: Sequence[str], at: datetime, customer_id: str | None,
                       used: AbstractSet[str], trusted: bool) -> tuple[list, dict[str, str]]:
        """(per code: [code, refusal or None, promotion id or None]), unlocked promotion id -> code."""
        results: list = []
        unlocked: dict[str, str] = {}
        seen: set[str] = set()
        used_norm = {u.strip().upper() for u in used}
        for raw in codes:
            code = str(raw).strip().upper()
            coupon = self.coupons.get(code)
            pid = str(coupon.promotion_id) if coupon else None
            reason = None
            promo = self.promotions.get(pid) if pid else None
            if code in seen:
                reason = "this coupon is already on the sale"
            elif coupon is None:
                reason = "this coupon code is not known to this till"
            elif promo is None:
                reason = "this coupon's promotion is not known to this till"
            elif not trusted and not coupon.active:
                reason = "this coupon has been withdrawn"
            elif not trusted and coupon.expires_at is not None and at >= coupon.expires_at:
                reason = f"this coupon expired on {coupon.expires_at:%Y-%m-%d %H:%M}"
            elif not trusted and coupon.single_use and code in used_norm:
                reason = "this coupon has already been used"
            elif not trusted and coupon.customer_id is not None and customer_id is None:
                reason = "this coupon is for a named customer: choose the customer first"
            elif not trusted and coupon.customer_id is not None and str(coupon.customer_id) != str(customer_id).strip().lower():
                reason = "this coupon belongs to another customer"
            elif not promo.coupon_required:
                reason = "this coupon's promotion applies without a coupon"
            elif not self.runs(promo, at):
                reason = "this coupon's promotion is not running now"
            elif pid in unlocked:
                reason = "another coupon for the same promotion is already on the sale"
            seen.add(code)
            if reason is None and pid is not None:
                unlocked[pid] = code
            results.append([code, reason, pid])
        return results, unlocked

    # -- pricing -----------------------------------------------------------------------------

    def price(self, items: Sequence[Item], at: datetime, coupons: Sequence[str] = (),
              customer_id: str | None = None, used_coupons: AbstractSet[str] = frozenset(),
              *, trusted_coupons: bool = False) -> Priced:
        """Price the cart at ``at`` (shop wall clock). ``trusted_coupons`` (added, for re-pricing
        an earlier sale): the coupons were accepted then; only their promotions are checked."""
        for it in items:
            if it.qty < 0 or it.unit_price < 0:
                raise ValueError(f"line {it.key}: a quantity or price cannot be negative (refunds go through refund())")
        checks, unlocked = self._check_coupons(coupons, at, customer_id, used_coupons, trusted_coupons)
        groups, _others = _groups(items)
        running: dict[str, bool] = {}

        baskets: dict[str, PromotionData] = {}
        basket_groups: dict[str, list[int]] = {}
        touched: set[str] = set()  # promotions that had eligible goods (for coupon reasons)
        for n, g in enumerate(groups):
            sets = []
            for p in self._candidates(g.sku, g.category, g.brand):
                pid = p.pid
                r = running.get(pid)
                if r is None:
                    r = running[pid] = runs_at(p, at) and (not p.coupon_required or pid in unlocked)
                if not r:
                    continue
                touched.add(pid)
                kind = p.kind
                if kind == "basket":
                    baskets[pid] = p
                    basket_groups.setdefault(pid, []).append(n)
                elif kind in SIMPLE_KINDS:
                    if g.unit == "kg":
                        s = weighed_saving(p, g.price, g.qty, g.gross)
                    else:
                        s = unit_saving(p, g.price)
                    if s > 0 and (g.base_pid is None or s > g.base):  # candidates come in id order
                        g.base, g.base_pid = s, p
                elif g.unit != "kg":
                    sets.append(p)
            g.sets = sets

        plan = _Plan()
        _assign(groups, plan, self._components)

        # Allocate each group's savings to its lines: the group's total by quantity (largest
        # remainder, lines in key order), then the promotions over the lines in order (a fill
        # that keeps both the line totals and the promotion totals exact).
        per_line: list[dict[str, int]] = [dict() for _ in items]
        for n, g in enumerate(groups):
            row = plan.by_group.get(n)
            if not row:
                continue
            self._fill(items, g, row, per_line)

        # Basket level: the single best basket promotion on what remains.
        short: dict[str, tuple[int, int]] = {}  # basket promotions below their threshold: (base, threshold)
        everywhere = [p for p in self._all_baskets if runs_at(p, at) and (not p.coupon_required or p.pid in unlocked)] \
            if groups else []
        if baskets or everywhere:
            remaining = [0] * len(groups)
            for n, g in enumerate(groups):
                remaining[n] = g.gross - sum(sum(per_line[i].values()) for i in g.lines)
            every = list(range(len(groups)))
            whole = sum(remaining)
            for p in everywhere:
                baskets[p.pid] = p
                touched.add(p.pid)
            best = None
            for pid in sorted(baskets):
                p = baskets[pid]
                members = basket_groups.get(pid, every)
                base = whole if members is every else sum(remaining[n] for n in members)
                if base <= 0 or base < (p.threshold or 0):
                    short[pid] = (max(base, 0), p.threshold or 0)
                    continue
                saving = min(base, p.amount) if p.amount is not None else \
                    min(base, round_half_up(base * (p.percent_bp or 0), 10_000))
                if saving > 0 and (best is None or saving > best[0]):
                    best = (saving, p, members)
            if best is not None:
                saving, p, members = best
                lines = [i for n in members for i in groups[n].lines]
                left = [items[i].gross - sum(per_line[i].values()) for i in lines]
                for i, part in zip(lines, allocate(saving, left)):
                    if part:
                        per_line[i][p.pid] = per_line[i].get(p.pid, 0) + part

        # Lines, savings, coupons.
        out_lines = []
        totals: dict[str, list[int]] = {}
        for i, it in enumerate(items):
            applied = []
            for pid in sorted(per_line[i]):
                amount = per_line[i][pid]
                if amount <= 0:
                    continue
                p = self.promotions[pid]
                pa = platform_part(amount, p.platform_share_bp)
                applied.append(Applied(pid, p.name, amount, pa))
                t = totals.setdefault(pid, [0, 0])
                t[0] += amount
                t[1] += pa
            out_lines.append(PricedLine(it.key, it.gross, sum(a.amount for a in applied), tuple(applied)))
        savings = tuple(Saving(pid, self.promotions[pid].name, a, pa) for pid, (a, pa) in sorted(totals.items()))
        results = []
        for code, reason, pid in checks:
            if reason is None and pid not in totals:
                if pid in short:
                    base, threshold = short[pid]
                    reason = (f"the goods it applies to come to {_major(base)}, below the {_major(threshold)} "
                              f"this coupon needs")
                else:
                    reason = ("a better promotion already applies to these goods" if pid in touched
                              else "nothing on the sale qualifies for this coupon's promotion")
            results.append(CouponResult(code, reason is None, reason, pid))
        return Priced(tuple(out_lines), savings, sum(line.discount for line in out_lines), tuple(results))

    @staticmethod
    def _fill(items: Sequence[Item], g: _Group, row: dict[str, int], per_line: list[dict[str, int]]) -> None:
        total = sum(row.values())
        if len(g.lines) == 1:
            per_line[g.lines[0]].update(row)
            return
        line_totals = allocate(total, [items[i].qty for i in g.lines])
        pids = sorted(row)
        left = [row[pid] for pid in pids]
        k = 0
        for i, want in zip(g.lines, line_totals):
            while want > 0:
                while left[k] == 0:
                    k += 1
                take = min(want, left[k])
                per_line[i][pids[k]] = per_line[i].get(pids[k], 0) + take
                left[k] -= take
                want -= take


# ---------------------------------------------------------------------------------------------
# Scheduled prices (added: a helper for the till; the till applies them to its catalogue)


def scheduled_prices(prices: Iterable[ScheduledPrice], now: datetime) -> dict[str, ScheduledPrice]:
    """Per sku, the scheduled price in effect at the instant ``now`` (time-zone aware): the one
    with the latest ``effective_at <= now`` (ties: the larger id, so every till picks the same).
    Skus with none in effect are absent (their catalogue price stands)."""
    if now.tzinfo is None:
        raise ValueError("now must carry its time zone (scheduled prices switch at an instant)")
    best: dict[str, ScheduledPrice] = {}
    for sp in prices:
        if sp.effective_at > now:
            continue
        held = best.get(sp.sku)
        if held is None or (sp.effective_at, str(sp.id)) > (held.effective_at, str(held.id)):
            best[sp.sku] = sp
    return best


def next_price_change(prices: Iterable[ScheduledPrice], now: datetime) -> datetime | None:
    """The next instant after ``now`` at which a scheduled price takes effect (for a timer)."""
    later = [sp.effective_at for sp in prices if sp.effective_at > now]
    return min(later) if later else None


# ---------------------------------------------------------------------------------------------
# Refunds


def refund(sold: Sequence[SoldItem], returned_before: Mapping[str, int], returning: Mapping[str, int],
           pricer: Pricer, at: datetime, coupons: Sequence[str] = ()) -> tuple[RefundPart, ...]:
    """Money back for ``returning`` (line key -> quantity), after ``returned_before`` earlier
    returns of the same sale, re-pricing what the customer keeps under the promotions as they were
    at the sale (``at`` = the sale's wall-clock time, ``coupons`` = the codes the sale redeemed).

    The money is the drop of a value function ``V(kept)`` of what the customer keeps (see
    :class:`_Valuer`): ``V(everything) == what was paid``, ``V(nothing) == 0``, and ``V`` never
    grows when goods are taken away. Hence a refund is never negative, never more than what remains
    paid, and any split of the sale into refunds returns exactly what was paid.

    What the refund gives back of each promotion's saving is the drop of ``G_p(kept)``, the part
    of that saving the kept goods still hold (see :meth:`_Valuer.held`): a deal broken by the return
    gives its whole saving back at once. It goes on the refund lines in proportion to the returned
    units' own part of that saving (else to the money back), and the platform's part is
    ``round_half_up(G_p * platform / saving)`` dropped the same way, so it is never more than the
    amount and any split of the sale into refunds gives back exactly every saving and platform
    part."""
    by_key = {s.item.key: s for s in sold}
    if len(by_key) != len(sold):
        raise ValueError("two sold lines have the same key")
    for name, mapping in (("returned before", returned_before), ("returning", returning)):
        for key, qty in mapping.items():
            if key not in by_key:
                raise ValueError(f"{name}: no line {key} on this sale")
            if qty < 0:
                raise ValueError(f"{name}: a quantity cannot be negative")
    kept_before, kept_after = {}, {}
    for key, s in by_key.items():
        before = s.item.qty - returned_before.get(key, 0)
        after = before - returning.get(key, 0)
        if after < 0:
            raise ValueError(f"line {key}: more returned than was sold")
        kept_before[key] = before
        kept_after[key] = after
    valuer = _Valuer(sold, pricer, at, coupons)
    money: dict[str, int] = {}
    given: dict[str, dict[str, list[int]]] = {}
    names = {a.promotion_id: a.name for s in sold for a in s.applied}
    for comp in valuer.comps:
        keys = [k for k in comp if returning.get(k, 0) > 0]
        if not keys:
            continue
        back = valuer.value(comp, kept_before) - valuer.value(comp, kept_after)
        weights = [share(by_key[k].paid, by_key[k].item.qty, kept_before[k]) -
                   share(by_key[k].paid, by_key[k].item.qty, kept_after[k]) for k in keys]
        if sum(weights) == 0:
            weights = [returning[k] for k in keys]
        for k, amount in zip(keys, allocate(back, weights)):
            money[k] = amount
        held_before = valuer.held(comp, kept_before)
        held_after = valuer.held(comp, kept_after)
        for pid, (total, platform) in sorted(valuer.sale_savings(comp).items()):
            amount = held_before[pid] - held_after[pid]
            if amount <= 0:
                continue
            plat = round_half_up(held_before[pid] * platform, total) - round_half_up(held_after[pid] * platform, total)
            own = [line_saving(by_key[k], pid, kept_before[k]) - line_saving(by_key[k], pid, kept_after[k]) for k in keys]
            if sum(own) == 0:
                own = [money[k] for k in keys]
            if sum(own) == 0:
                own = [returning[k] for k in keys]
            amounts = allocate(amount, own)
            for k, amt, pa in zip(keys, amounts, allocate(plat, amounts)):
                if amt:
                    given.setdefault(k, {})[pid] = [amt, pa]
    out = []
    for s in sold:
        key = s.item.key
        qty = returning.get(key, 0)
        if qty <= 0:
            continue
        back_of = given.get(key, {})
        promos = tuple(Applied(pid, names.get(pid, ""), amt, pa) for pid, (amt, pa) in sorted(back_of.items()))
        out.append(RefundPart(key, qty, money.get(key, 0), promos))
    return tuple(out)


def line_saving(s: SoldItem, pid: str, kept: int) -> int:
    """The part of a sold line's saving of ``pid`` held by its first ``kept`` units."""
    return sum(share(a.amount, s.item.qty, kept) for a in s.applied if a.promotion_id == pid)


class _Valuer:
    """``V(kept)``: what the customer should have paid for what they keep.

    The sale's lines are split into components: lines that share a multi_buy, bundle or basket
    promotion running at the sale (transitively; all basket promotions count as one, since one
    wins) form a component; every other line is its own. For a line, ``share(k)`` is the paid
    amount of its first ``k`` units (``share(q) == paid``). For a component with ``P`` paid::

        V(k) = max over baskets j <= k in L of min(P, price(j))

    with ``price(everything) := P`` (what was paid, whatever re-pricing says) and ``L`` every
    basket made of every quantity of counted goods and none-or-all of weighed goods, when there are
    at most ``REFUND_LATTICE`` of them. ``V`` never grows when goods are taken away (fewer ``j`` to
    take the max over), ``V(everything) == P`` and ``V(nothing) == 0``. What you keep costs what
    the rules charge for it (or for the dearest smaller basket of it: breaking a deal never makes
    keeping less cost more), never more than you paid. A weighed line returned in part counts as
    returned entirely until its rest comes back (which then gives 0).

    Larger components ("near"): ``L`` is only the baskets that differ from the sale in at most
    ``m`` lines (``m`` as large as ``REFUND_LATTICE`` allows), and
    ``V(k) = max(that max, sum_i share_i(k_i))``, ``share_i(k)`` being the paid amount of the
    line's first ``k`` units: money back in proportion to what was paid, less the claw-back of a
    deal broken while at most ``m`` lines were returned. Still monotone, with the same ends.
    A component where even ``m = 1`` is too many, and every line of no component, is valued at
    ``sum_i share_i(k_i)``."""

    def __init__(self, sold: Sequence[SoldItem], pricer: Pricer, at: datetime, coupons: Sequence[str]) -> None:
        self.sold = list(sold)
        self.pricer = pricer
        self.at = at
        self.coupons = tuple(coupons)
        keys = [s.item.key for s in self.sold]
        parent = {k: k for k in keys}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        _, unlocked = pricer._check_coupons(self.coupons, at, None, frozenset(), True)
        first_of: dict[str, str] = {}
        self.linked: set[str] = set()
        everywhere = [p for p in pricer._all_baskets if runs_at(p, at) and (not p.coupon_required or p.pid in unlocked)]
        for s in self.sold:
            it = s.item
            if it.is_local or it.fixed or it.qty <= 0 or it.unit_price <= 0:
                continue
            for p in pricer._candidates(it.sku, it.category, it.brand) + everywhere:
                if p.kind not in ("multi_buy", "bundle", "basket") or (p.kind in SET_KINDS and it.unit == "kg"):
                    continue
                if not runs_at(p, at) or (p.coupon_required and _pid(p) not in unlocked):
                    continue
                self.linked.add(it.key)
                pid = "basket" if p.kind == "basket" else _pid(p)  # one basket promotion wins: link them all
                if pid in first_of:
                    parent[find(it.key)] = find(first_of[pid])
                else:
                    first_of[pid] = it.key
        comps: dict[str, list[str]] = {}
        for k in keys:
            comps.setdefault(find(k), []).append(k)
        self.comps = [sorted(c) for c in comps.values()]
        self.comps.sort()
        self.by_key = {s.item.key: s for s in self.sold}
        self.memo: dict[tuple, int] = {}
        self.plans: dict[tuple, tuple | None] = {}
        self.saves: dict[tuple, dict[str, int]] = {}

    def value(self, comp: list[str], kept: Mapping[str, int]) -> int:
        sold = [self.by_key[k] for k in comp]
        paid = sum(s.paid for s in sold)
        shares = sum(share(s.paid, s.item.qty, kept[s.item.key]) for s in sold)
        plan = self._plan(tuple(comp), sold) if any(k in self.linked for k in comp) else None
        if plan is None:
            return shares
        mode, steps, m = plan
        full = tuple(s.item.qty for s in sold)
        state = tuple(kept[k] for k in comp)
        best = 0
        if mode == "all":
            for j in product(*([v for v in values if v <= q] for values, q in zip(steps, state))):
                best = max(best, self._priced(tuple(comp), sold, paid, full, j))
            return best
        # "near": baskets that differ from the sale in at most m lines, and never less than the
        # kept units' paid shares.
        changed = [n for n, (q, f) in enumerate(zip(state, full)) if q != f]
        if len(changed) <= m:
            rest = [n for n in range(len(full)) if n not in changed]
            fixed_choices = [[v for v in steps[n] if v <= state[n]] for n in changed]
            for extra in range(m - len(changed) + 1):
                for more in combinations(rest, extra):
                    more_choices = [[v for v in steps[n] if v != full[n]] for n in more]
                    for picked in product(*fixed_choices, *more_choices):
                        j = list(full)
                        for n, v in zip(changed + list(more), picked):
                            j[n] = v
                        best = max(best, self._priced(tuple(comp), sold, paid, full, tuple(j)))
        return max(best, shares)

    def _plan(self, comp: tuple, sold: list[SoldItem]) -> tuple[str, list[list[int]], int] | None:
        """How a component is re-priced. The quantities of each line looked at: every quantity of
        counted goods, none-or-all of weighed goods. ``("all", steps, n)`` when every combination
        (every smaller basket) is at most ``REFUND_LATTICE``; else ``("near", steps, m)`` with the
        largest m such that the baskets differing from the sale in at most m lines are at most
        ``REFUND_LATTICE``; None when even m = 1 is too many (money back by paid shares)."""
        if comp in self.plans:
            return self.plans[comp]
        steps = [[0, s.item.qty] if s.item.unit == "kg" else list(range(s.item.qty + 1)) for s in sold]
        size = 1
        for values in steps:
            size *= len(values)
        result: tuple[str, list[list[int]], int] | None
        if size <= REFUND_LATTICE:
            result = ("all", steps, len(steps))
        else:
            # e[t]: baskets changing exactly t lines (elementary symmetric sums of the choices)
            e = [1] + [0] * len(steps)
            for values in steps:
                w = len(values) - 1
                for t in range(len(steps), 0, -1):
                    e[t] += e[t - 1] * w
            m, total = 0, e[0]
            while m < len(steps) and total + e[m + 1] <= REFUND_LATTICE:
                m += 1
                total += e[m]
            result = ("near", steps, m) if m >= 1 else None
        self.plans[comp] = result
        return result

    def _priced(self, comp: tuple, sold: list[SoldItem], paid: int, full: tuple, j: tuple) -> int:
        """min(paid, price of the basket j), the whole sale counting as what was paid; the basket's
        savings per promotion are kept in ``self.saves`` (the sale's own for the whole sale)."""
        key = (comp, j)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        if j == full:
            value = paid
            saves = {pid: a for pid, (a, _) in self.sale_savings(list(comp)).items()}
        elif not any(j):
            value, saves = 0, {}
        else:
            items = [replace(s.item, qty=q) for s, q in zip(sold, j) if q > 0]
            priced = self.pricer.price(items, self.at, self.coupons, trusted_coupons=True)
            value = min(paid, priced.total)
            saves = {sv.promotion_id: sv.amount for sv in priced.savings}
        self.memo[key] = value
        self.saves[key] = saves
        return value

    def sale_savings(self, comp: list[str]) -> dict[str, tuple[int, int]]:
        """Per promotion, (saving, platform part) of the component's lines at the sale."""
        out: dict[str, list[int]] = {}
        for k in comp:
            for a in self.by_key[k].applied:
                row = out.setdefault(a.promotion_id, [0, 0])
                row[0] += a.amount
                row[1] += a.platform_amount
        return {pid: (a, pa) for pid, (a, pa) in out.items()}

    def held(self, comp: list[str], kept: Mapping[str, int]) -> dict[str, int]:
        """``G_p(kept)``: the part of each promotion's saving the kept goods still hold.

        Lines of no component: the kept units' share of each line's saving. A component re-priced
        over every smaller basket ("all"): the least saving of ``p`` over the baskets between
        what is kept and the whole sale (the sale's own saving for the whole sale), so a broken
        deal gives its saving back at once. "near": the same over the baskets near the sale, never
        more than the kept units' share. ``G_p`` never grows when goods are taken away, is the
        sale's saving for everything and 0 for nothing, so the give-backs of any split add up."""
        sold = [self.by_key[k] for k in comp]
        totals = self.sale_savings(comp)
        shares = {pid: sum(line_saving(s, pid, kept[s.item.key]) for s in sold) for pid in totals}
        plan = self._plan(tuple(comp), sold) if any(k in self.linked for k in comp) else None
        if plan is None:
            return shares
        mode, steps, m = plan
        paid = sum(s.paid for s in sold)
        full = tuple(s.item.qty for s in sold)
        state = tuple(kept[k] for k in comp)
        changed = [n for n, (q, f) in enumerate(zip(state, full)) if q != f]
        if mode == "all":
            choices = [[v for v in steps[n] if v >= state[n]] if n in changed else [full[n]] for n in range(len(full))]
            supersets = list(product(*choices))
        else:  # the baskets of L_m at least what is kept: up to m of the changed lines below the sale
            supersets = []
            for size in range(min(m, len(changed)) + 1):
                for lines in combinations(changed, size):
                    for picked in product(*([v for v in steps[n] if state[n] <= v < full[n]] for n in lines)):
                        j = list(full)
                        for n, v in zip(lines, picked):
                            j[n] = v
                        supersets.append(tuple(j))
            if not any(state):
                supersets.append(state)
        least = {pid: a for pid, (a, _) in totals.items()}
        for j in supersets:
            self._priced(tuple(comp), sold, paid, full, j)
            saves = self.saves[(tuple(comp), j)]
            for pid in least:
                least[pid] = min(least[pid], saves.get(pid, 0))
        if mode == "all":
            return least
        return {pid: min(least[pid], shares[pid]) for pid in least}

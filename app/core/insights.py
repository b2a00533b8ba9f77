"""The owner's figures: sales by day and hour, top and slow sellers, margin by category,
tender mix, sales per staff member, low stock and the platform's network benchmarks.

Every figure is an SQL aggregate over the local store (no Qt here), so the dashboard,
the exports and the tests all read the same numbers.

Times: the store keeps UTC ISO strings. A range is a span of the shop's calendar days in
the shop's time zone (``zone``, an IANA name such as ``Europe/Paris``): each day runs from
the shop's midnight to the next, and each sale counts in the hour the shop's clock showed,
summer time and winter time alike (SQL groups by quarter hours of UTC; each is moved to the
shop's clock in Python, since every zone's offset is a whole number of quarter hours).
Without a zone, ``utc_offset_minutes`` is one fixed offset for the whole range.

Money: revenue is what customers paid for the lines, tax included. Margin is revenue
without VAT less the wholesale cost recorded on each sale line (``unit_cost``, per kg
for weighed goods whose quantity is in grams).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import clock

# cost of a line in SQL, rounded like money.weighed_total for weighed goods
# a sale's UTC quarter hour, ``2025-03-30T01:15``: grouped in SQL, moved to the shop's clock in Python
_QUARTER = ("substr({col}, 1, 14) || printf('%02d', CAST(substr({col}, 15, 2) AS INTEGER) / 15 * 15)")

_LINE_COST = "(CASE WHEN l.unit = 'kg' THEN (l.unit_cost * l.qty + 500) / 1000 ELSE l.unit_cost * l.qty END)"


class Cancelled(Exception):
    """A long computation was cancelled by the person who started it."""


@dataclass(frozen=True)
class DateRange:
    """Shop calendar days ``start`` .. ``end``, both included."""

    start: date
    end: date
    utc_offset_minutes: int = 0
    zone: str | None = None  # the shop's IANA time zone; wins over utc_offset_minutes

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The range ends before it starts.")

    @property
    def tz(self) -> tzinfo:
        if self.zone:
            return clock.zone(self.zone)
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    def local_hour(self, bucket: str) -> tuple[str, int]:
        """A UTC quarter-hour bucket (``2025-03-30T01:15``) as the shop's (day, hour)."""
        at = datetime.fromisoformat(bucket + ":00+00:00").astimezone(self.tz)
        return at.date().isoformat(), at.hour

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[str, str]:
        """UTC ISO strings [lo, hi) comparable with the store's ``created_at`` text."""
        return clock.day_bounds(self.start, self.end, self.tz)

    @property
    def modifier(self) -> str:
        """An SQLite date modifier that moves a UTC time to the shop's clock."""
        return f"{self.utc_offset_minutes:+d} minutes"

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


def local_offset_minutes(when: datetime | None = None) -> int:
    """The offset of this machine's clock from UTC now (or at ``when``), in minutes."""
    when = when or datetime.now()
    offset = when.astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


@dataclass(frozen=True)
class Summary:
    sales: int  # number of sales
    revenue: int  # paid, tax included
    tax: int
    discount: int
    refunds: int  # number of refunds
    refunded: int  # money given back
    items: int  # units sold (weighed lines count once)

    @property
    def avg_basket(self) -> int:
        return self.revenue // self.sales if self.sales else 0

    @property
    def net_revenue(self) -> int:
        """Revenue less refunds, tax included."""
        return self.revenue - self.refunded


@dataclass(frozen=True)
class DayRow:
    day: date
    sales: int
    revenue: int


@dataclass(frozen=True)
class HourRow:
    hour: int
    sales: int
    revenue: int


@dataclass(frozen=True)
class ProductRow:
    sku: str
    name: str
    category: str
    unit: str
    qty: int  # units, or grams for weighed goods
    revenue: int
    net: int  # revenue without VAT
    cost: int
    level: int  # stock now

    @property
    def margin(self) -> int:
        return self.net - self.cost


@dataclass(frozen=True)
class CategoryRow:
    category: str
    revenue: int
    net: int
    cost: int

    @property
    def margin(self) -> int:
        return self.net - self.cost

    @property
    def margin_bp(self) -> int:
        """Margin as a share of revenue without VAT, in basis points."""
        return self.margin * 10000 // self.net if self.net else 0


@dataclass(frozen=True)
class TenderRow:
    method: str
    payments: int
    amount: int


@dataclass(frozen=True)
class StaffRow:
    staff_id: str
    name: str
    sales: int
    revenue: int

    @property
    def avg_basket(self) -> int:
        return self.revenue // self.sales if self.sales else 0


@dataclass(frozen=True)
class LowStockRow:
    sku: str
    name: str
    category: str
    unit: str
    level: int
    reorder_point: int


@dataclass(frozen=True)
class Benchmark:
    """A network figure from the platform (``insight`` table), next to the shop's own if known.

    Payload fields used when present: ``title``, ``value``, ``unit`` (``money``, ``percent_bp``,
    ``count``), ``metric`` (one of ``SHOP_METRICS``), ``period``. Anything else is kept in
    ``payload`` and shown as it came.
    """

    key: str
    title: str
    value: int | float | str | None
    unit: str
    metric: str | None
    shop_value: int | None
    period: str
    received_at: str
    payload: dict


@dataclass(frozen=True)
class RemovalRow:
    """A line taken off a cart before payment (``cart_line_removed``) or its quantity reduced
    (``cart_qty_reduced``), from the audit log: who, when, what."""

    when: str  # UTC ISO
    action: str
    staff: str
    sku: str
    name: str
    unit: str
    qty: int  # units, or grams, taken off
    value: int  # at the line's price


REMOVAL_ACTIONS = ("cart_line_removed", "cart_qty_reduced")


# the shop's own figures a benchmark can be compared with
SHOP_METRICS = ("avg_basket", "sales_per_day", "revenue_per_day", "margin_bp", "items_per_sale")


@dataclass
class Dashboard:
    range: DateRange
    summary: Summary
    by_day: list[DayRow]
    by_hour: list[HourRow]
    products: list[ProductRow]  # every product sold in the range, best revenue first
    slow: list[ProductRow]  # on the shelf, sold least in the range
    categories: list[CategoryRow]
    tenders: list[TenderRow]
    staff: list[StaffRow]
    low_stock: list[LowStockRow]
    benchmarks: list[Benchmark] = field(default_factory=list)
    removals: list[RemovalRow] = field(default_factory=list)  # taken off carts at the counter

    def top(self, n: int = 20) -> list[ProductRow]:
        return self.products[:n]

    @property
    def cost(self) -> int:
        return sum(c.cost for c in self.categories)

    @property
    def margin(self) -> int:
        return sum(c.margin for c in self.categories)

    @property
    def margin_bp(self) -> int:
        net = sum(c.net for c in self.categories)
        return self.margin * 10000 // net if net else 0

    def shop_metric(self, metric: str) -> int | None:
        s = self.summary
        days = self.range.days
        return {
            "avg_basket": s.avg_basket,
            "sales_per_day": s.sales // days,
            "revenue_per_day": s.revenue // days,
            "margin_bp": self.margin_bp,
            "items_per_sale": s.items // s.sales if s.sales else 0,
        }.get(metric)


# -- the figures, one SQL aggregate each ---------------------------------------------------


def summary(session: Session, rng: DateRange) -> Summary:
    lo, hi = rng.bounds()
    sales, revenue, tax, discount = session.execute(text(
        "SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(tax), 0), COALESCE(SUM(discount), 0) "
        "FROM sale WHERE created_at >= :lo AND created_at < :hi"), {"lo": lo, "hi": hi}).one()
    items = session.execute(text(
        "SELECT COALESCE(SUM(CASE WHEN l.unit = 'kg' THEN 1 ELSE l.qty END), 0) FROM sale_line l "
        "JOIN sale s ON s.id = l.sale_id WHERE s.created_at >= :lo AND s.created_at < :hi"),
        {"lo": lo, "hi": hi}).scalar_one()
    refunds, refunded = session.execute(text(
        "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM refund WHERE created_at >= :lo AND created_at < :hi"),
        {"lo": lo, "hi": hi}).one()
    return Summary(int(sales), int(revenue), int(tax), int(discount), int(refunds), int(refunded), int(items))


def _local_buckets(session: Session, rng: DateRange) -> list[tuple[str, int, int, int]]:
    """(shop day, shop hour, sales, revenue) per UTC quarter hour of the range."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        f"SELECT {_QUARTER.format(col='created_at')} AS q, COUNT(*), SUM(total) FROM sale "
        "WHERE created_at >= :lo AND created_at < :hi GROUP BY q"), {"lo": lo, "hi": hi})
    return [(*rng.local_hour(q), int(n), int(total)) for q, n, total in rows]


def sales_by_day(session: Session, rng: DateRange) -> list[DayRow]:
    """Every day of the range, days without sales included."""
    found: dict[str, list[int]] = {}
    for day, _hour, n, total in _local_buckets(session, rng):
        acc = found.setdefault(day, [0, 0])
        acc[0] += n
        acc[1] += total
    out = []
    for day in rng.each_day():
        n, total = found.get(day.isoformat(), (0, 0))
        out.append(DayRow(day, int(n), int(total)))
    return out


def sales_by_hour(session: Session, rng: DateRange) -> list[HourRow]:
    """Hours 0..23 of the shop's clock, summed over the range."""
    hours = [[0, 0] for _ in range(24)]
    for _day, hour, n, total in _local_buckets(session, rng):
        hours[hour][0] += n
        hours[hour][1] += total
    return [HourRow(h, n, total) for h, (n, total) in enumerate(hours)]


def product_sales(session: Session, rng: DateRange) -> list[ProductRow]:
    """Every product sold in the range with quantity, revenue, revenue without VAT and cost."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, t.qty, t.revenue, t.net, t.cost, COALESCE(sl.qty, 0) FROM ("
        "  SELECT l.product_id AS pid, SUM(l.qty) AS qty, SUM(l.total) AS revenue, SUM(l.total - l.tax) AS net, "
        f"        SUM({_LINE_COST}) AS cost "
        "  FROM sale_line l JOIN sale s ON s.id = l.sale_id "
        "  WHERE s.created_at >= :lo AND s.created_at < :hi GROUP BY l.product_id"
        ") t JOIN product p ON p.id = t.pid LEFT JOIN stock_level sl ON sl.product_id = t.pid "
        "ORDER BY t.revenue DESC, p.sku"), {"lo": lo, "hi": hi})
    return [ProductRow(sku, name, category or "", unit, int(qty), int(rev), int(net), int(cost), int(level))
            for sku, name, category, unit, qty, rev, net, cost, level in rows]


def slow_sellers(session: Session, rng: DateRange, sold: list[ProductRow] | None = None,
                 limit: int = 50) -> list[ProductRow]:
    """Active products with stock on the shelf that sold least in the range (none at all first).

    Ranked by revenue, so a slow weighed product and a slow counted one compare.
    """
    sold = product_sales(session, rng) if sold is None else sold
    by_sku = {row.sku: row for row in sold}
    shelf = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, sl.qty FROM product p "
        "JOIN stock_level sl ON sl.product_id = p.id WHERE p.active = 1 AND sl.qty > 0"))
    out = []
    for sku, name, category, unit, level in shelf:
        row = by_sku.get(sku)
        out.append(row if row is not None else ProductRow(sku, name, category or "", unit, 0, 0, 0, 0, int(level)))
    out.sort(key=lambda r: (r.revenue, r.qty, r.sku))
    return out[:limit]


def margin_by_category(session: Session, rng: DateRange) -> list[CategoryRow]:
    """Revenue, revenue without VAT, wholesale cost and margin per product category, best margin first."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT COALESCE(NULLIF(p.category, ''), '') AS cat, SUM(l.total), SUM(l.total - l.tax), "
        f"SUM({_LINE_COST}) FROM sale_line l JOIN sale s ON s.id = l.sale_id JOIN product p ON p.id = l.product_id "
        "WHERE s.created_at >= :lo AND s.created_at < :hi GROUP BY cat"), {"lo": lo, "hi": hi})
    out = [CategoryRow(cat, int(rev), int(net), int(cost)) for cat, rev, net, cost in rows]
    out.sort(key=lambda c: (-c.margin, c.category))
    return out


def _categories_from(products: list[ProductRow]) -> list[CategoryRow]:
    acc: dict[str, list[int]] = {}
    for p in products:
        a = acc.setdefault(p.category, [0, 0, 0])
        a[0] += p.revenue
        a[1] += p.net
        a[2] += p.cost
    out = [CategoryRow(cat, rev, net, cost) for cat, (rev, net, cost) in acc.items()]
    out.sort(key=lambda c: (-c.margin, c.category))
    return out


def tender_mix(session: Session, rng: DateRange) -> list[TenderRow]:
    """How customers paid: sale tenders per method (refunds not included), largest first."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT method, COUNT(*), SUM(amount) FROM payment WHERE refund_id IS NULL "
        "AND created_at >= :lo AND created_at < :hi GROUP BY method ORDER BY SUM(amount) DESC, method"),
        {"lo": lo, "hi": hi})
    return [TenderRow(method, int(n), int(amount)) for method, n, amount in rows]


def sales_per_staff(session: Session, rng: DateRange) -> list[StaffRow]:
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT s.staff_id, COALESCE(st.name, s.staff_id), COUNT(*), SUM(s.total) FROM sale s "
        "LEFT JOIN staff st ON st.id = s.staff_id WHERE s.created_at >= :lo AND s.created_at < :hi "
        "GROUP BY s.staff_id ORDER BY SUM(s.total) DESC"), {"lo": lo, "hi": hi})
    return [StaffRow(sid, name, int(n), int(total)) for sid, name, n, total in rows]


def low_stock(session: Session, limit: int = 500) -> list[LowStockRow]:
    """Active counted products at or below their reorder point (out and negative included), emptiest first."""
    rows = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, COALESCE(sl.qty, 0) AS q, p.reorder_point FROM product p "
        "LEFT JOIN stock_level sl ON sl.product_id = p.id WHERE p.active = 1 AND p.unit = 'each' "
        "AND COALESCE(sl.qty, 0) <= p.reorder_point "
        "ORDER BY q - p.reorder_point, p.name_key LIMIT :limit"), {"limit": limit})
    return [LowStockRow(sku, name, cat or "", unit, int(q), int(rp)) for sku, name, cat, unit, q, rp in rows]


def cart_removals(session: Session, rng: DateRange, limit: int = 1000) -> list[RemovalRow]:
    """What the counter took off carts before payment in the range, newest first (audit log)."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT a.created_at, a.action, COALESCE(st.name, ''), a.detail FROM audit_entry a "
        "LEFT JOIN staff st ON st.id = a.staff_id WHERE a.action IN ('cart_line_removed', 'cart_qty_reduced') "
        "AND a.created_at >= :lo AND a.created_at < :hi ORDER BY a.created_at DESC LIMIT :limit"),
        {"lo": lo, "hi": hi, "limit": limit})
    out = []
    for when, action, who, detail in rows:
        try:
            d = json.loads(detail or "{}")
        except ValueError:
            d = {}
        out.append(RemovalRow(when, action, who, str(d.get("sku", "")), str(d.get("name", "")),
                              str(d.get("unit", "each")), int(d.get("qty", 0)), int(d.get("value", 0))))
    return out


def benchmarks(session: Session) -> list[Benchmark]:
    """What the platform pushed into the ``insight`` table, oldest key first; bad JSON is shown raw."""
    out = []
    for key, payload, received in session.execute(text("SELECT key, payload, received_at FROM insight ORDER BY key")):
        try:
            data = json.loads(payload)
        except (TypeError, ValueError):
            data = {"value": payload}
        if not isinstance(data, dict):
            data = {"value": data}
        value = data.get("value")
        if not isinstance(value, (int, float, str)) or isinstance(value, bool):
            value = json.dumps(value) if value is not None else None
        metric = data.get("metric") if data.get("metric") in SHOP_METRICS else None
        out.append(Benchmark(
            key=key, title=str(data.get("title") or key), value=value, unit=str(data.get("unit") or ""),
            metric=metric, shop_value=None, period=str(data.get("period") or ""), received_at=received,
            payload=data,
        ))
    return out


# -- the whole dashboard -----------------------------------------------------------------------

Progress = Callable[[int, int], None]


def _sale_buckets(session: Session, rng: DateRange) -> list[tuple]:
    """One pass over the range's sales grouped by (shop day and hour, staff member)."""
    lo, hi = rng.bounds()
    out = []
    for q, staff_id, n, total, tax, discount in session.execute(text(
        f"SELECT {_QUARTER.format(col='s.created_at')} AS q, s.staff_id, COUNT(*), SUM(s.total), "
        "SUM(s.tax), SUM(s.discount) FROM sale s WHERE s.created_at >= :lo AND s.created_at < :hi "
        "GROUP BY q, s.staff_id"), {"lo": lo, "hi": hi}):
        day, hour = rng.local_hour(q)
        out.append((f"{day} {hour:02d}", staff_id, n, total, tax, discount))
    return out


def _product_totals(session: Session, rng: DateRange) -> tuple[list[ProductRow], int]:
    """``product_sales`` plus the number of items sold, from the same pass over the lines."""
    lo, hi = rng.bounds()
    rows = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, t.qty, t.revenue, t.net, t.cost, COALESCE(sl.qty, 0), t.items "
        "FROM (SELECT l.product_id AS pid, SUM(l.qty) AS qty, SUM(l.total) AS revenue, SUM(l.total - l.tax) AS net, "
        f"        SUM({_LINE_COST}) AS cost, SUM(CASE WHEN l.unit = 'kg' THEN 1 ELSE l.qty END) AS items "
        "  FROM sale_line l JOIN sale s ON s.id = l.sale_id "
        "  WHERE s.created_at >= :lo AND s.created_at < :hi GROUP BY l.product_id"
        ") t JOIN product p ON p.id = t.pid LEFT JOIN stock_level sl ON sl.product_id = t.pid "
        "ORDER BY t.revenue DESC, p.sku"), {"lo": lo, "hi": hi})
    out, items = [], 0
    for sku, name, category, unit, qty, rev, net, cost, level, n in rows:
        out.append(ProductRow(sku, name, category or "", unit, int(qty), int(rev), int(net), int(cost), int(level)))
        items += int(n)
    return out, items


def _refunds(session: Session, rng: DateRange) -> tuple[int, int]:
    lo, hi = rng.bounds()
    n, total = session.execute(text(
        "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM refund WHERE created_at >= :lo AND created_at < :hi"),
        {"lo": lo, "hi": hi}).one()
    return int(n), int(total)


def _staff_names(session: Session) -> dict[str, str]:
    return dict(session.execute(text("SELECT id, name FROM staff")).all())


def dashboard(session: Session, rng: DateRange, *, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, slow_limit: int = 50) -> Dashboard:
    """Every figure for the range, in few passes over the data (the single-figure functions
    above compute the same numbers one at a time; the tests hold the two to each other).

    ``progress(done, total)`` after each step; ``cancelled()`` is asked between steps and
    raises ``Cancelled`` when it says yes."""
    steps: list[tuple[str, Callable[[], object]]] = [
        ("buckets", lambda: _sale_buckets(session, rng)),
        ("products", lambda: _product_totals(session, rng)),
        ("refunds", lambda: _refunds(session, rng)),
        ("tenders", lambda: tender_mix(session, rng)),
        ("low_stock", lambda: low_stock(session)),
        ("benchmarks", lambda: benchmarks(session)),
        ("removals", lambda: cart_removals(session, rng)),
    ]
    got: dict[str, object] = {}
    total_steps = len(steps) + 1
    for done, (name, step) in enumerate(steps):
        if cancelled is not None and cancelled():
            raise Cancelled()
        got[name] = step()
        if progress is not None:
            progress(done + 1, total_steps)

    days: dict[str, list[int]] = {}
    hours = [[0, 0] for _ in range(24)]
    staff: dict[str, list[int]] = {}
    n_sales = revenue = tax = discount = 0
    for dh, staff_id, n, total, t, d in got["buckets"]:  # type: ignore[union-attr]
        day, hour = dh[:10], int(dh[11:13])
        for acc in (days.setdefault(day, [0, 0]), hours[hour], staff.setdefault(staff_id, [0, 0])):
            acc[0] += n
            acc[1] += total
        n_sales += n
        revenue += total
        tax += t
        discount += d
    products, items = got["products"]  # type: ignore[misc]
    refunds, refunded = got["refunds"]  # type: ignore[misc]
    names = _staff_names(session)
    staff_rows = [StaffRow(sid, names.get(sid, sid), n, total) for sid, (n, total) in staff.items()]
    staff_rows.sort(key=lambda r: (-r.revenue, r.name))
    board = Dashboard(
        range=rng,
        summary=Summary(n_sales, revenue, tax, discount, refunds, refunded, items),
        by_day=[DayRow(day, *days.get(day.isoformat(), (0, 0))) for day in rng.each_day()],
        by_hour=[HourRow(h, n, total) for h, (n, total) in enumerate(hours)],
        products=products, slow=slow_sellers(session, rng, products, slow_limit),
        categories=_categories_from(products), tenders=got["tenders"], staff=staff_rows,  # type: ignore[arg-type]
        low_stock=got["low_stock"],  # type: ignore[arg-type]
        removals=got["removals"],  # type: ignore[arg-type]
    )
    board.benchmarks = [
        Benchmark(**{**b.__dict__, "shop_value": board.shop_metric(b.metric) if b.metric else None})
        for b in got["benchmarks"]  # type: ignore[union-attr]
    ]
    if progress is not None:
        progress(total_steps, total_steps)
    return board

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

import heapq
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from . import clock
from .store import aggregates

# cost of a line in SQL, rounded like money.weighed_total for weighed goods
# a sale's UTC quarter hour, ``2025-03-30T01:15``: grouped in SQL, moved to the shop's clock in Python
_QUARTER = aggregates.QUARTER_SQL

_LINE_COST = aggregates.LINE_COST_SQL.format(p="l.")


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
        if self.zone is None and self.utc_offset_minutes % 15:
            # Every clock on Earth is a whole number of quarter hours from UTC, and the running
            # totals are kept per UTC quarter hour: another offset would put a quarter on two days.
            raise ValueError("A shop's clock is a whole number of quarter hours from UTC.")

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
    # every product on the shelf is looked at (100,000 of them in a big shop), so only the
    # ``limit`` slowest become rows: ranked as tuples, unsold ones first by SKU
    shelf = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, sl.qty FROM product p "
        "JOIN stock_level sl ON sl.product_id = p.id WHERE p.active = 1 AND sl.qty > 0")).all()
    ranked = heapq.nsmallest(limit, (
        (row.revenue, row.qty, sku, i) if (row := by_sku.get(sku)) is not None else (0, 0, sku, i)
        for i, (sku, *_rest) in enumerate(shelf)))
    out = []
    for _rev, _qty, sku, i in ranked:
        row = by_sku.get(sku)
        if row is None:
            _sku, name, category, unit, level = shelf[i]
            row = ProductRow(sku, name, category or "", unit, 0, 0, 0, 0, int(level))
        out.append(row)
    return out


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


_QUARTER_STEP = timedelta(minutes=15)
_DAY_STEP = timedelta(days=1)
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _split(lo: str, hi: str, step: timedelta) -> tuple[tuple[datetime, datetime] | None, list[tuple[str, str]]]:
    """[lo, hi) as the whole UTC ``step``s inside it (read from the running totals) and the
    spans left at its two edges (read from the rows): a range of shop days in Paris is whole
    UTC days but for one or two hours at each end."""
    a, b = datetime.fromisoformat(lo), datetime.fromisoformat(hi)
    first = _EPOCH - ((_EPOCH - a) // step) * step  # a, rounded up to a whole step
    last = _EPOCH + ((b - _EPOCH) // step) * step  # b, rounded down
    if first >= last:
        return None, [(lo, hi)]
    edges = []
    if a < first:
        edges.append((lo, clock.stamp(first)))
    if last < b:
        edges.append((clock.stamp(last), hi))
    return (first, last), edges


def _month_split(lo: str, hi: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]], list[tuple[str, str]]]:
    """[lo, hi) as whole UTC months ('2025-01' .. '2025-12', the end excluded), the whole UTC
    days left beside them ([from, to) days) and the edge spans left for the rows."""
    inner, edges = _split(lo, hi, _DAY_STEP)
    if inner is None:
        return None, [], edges
    first, last = inner[0].date(), inner[1].date()
    month_in = first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    month_out = last.replace(day=1)
    if month_in >= month_out:
        return None, [(first.isoformat(), last.isoformat())], edges
    days = []
    if first < month_in:
        days.append((first.isoformat(), month_in.isoformat()))
    if month_out < last:
        days.append((month_out.isoformat(), last.isoformat()))
    return (month_in.isoformat()[:7], month_out.isoformat()[:7]), days, edges


def _union(inner_sql: str | None, edge_sql: str, edges: list[tuple[str, str]],
           params: dict[str, object]) -> str:
    """The running totals' rows for the whole steps, and the rows' own for each edge span."""
    parts = [inner_sql] if inner_sql else []
    for i, (elo, ehi) in enumerate(edges):
        params[f"lo{i}"], params[f"hi{i}"] = elo, ehi
        parts.append(edge_sql.format(lo=f":lo{i}", hi=f":hi{i}"))
    return " UNION ALL ".join(parts)


def _day_params(inner: tuple[datetime, datetime] | None) -> dict[str, object]:
    return {"dlo": inner[0].date().isoformat(), "dhi": inner[1].date().isoformat()} if inner else {}


def _offset_spans(tz: tzinfo, start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
    """[start, end) (whole UTC quarter hours) cut where the shop's clock changes: (from, to,
    the shop's offset from UTC in minutes). A day whose offset is the same at its first and
    last quarter is taken whole; the day the clocks change is looked at quarter by quarter."""

    def offset(at: datetime) -> int:
        off = at.astimezone(tz).utcoffset()
        return int(off.total_seconds()) // 60 if off is not None else 0

    spans: list[list] = [[start, end, offset(start)]]
    day = start
    while day < end:
        nxt = min(day + _DAY_STEP, end)
        if offset(nxt - _QUARTER_STEP) != spans[-1][2]:
            at = day
            while at < nxt:
                off = offset(at)
                if off != spans[-1][2]:
                    spans[-1][1] = at
                    spans.append([at, end, off])
                at += _QUARTER_STEP
        day = nxt
    return [(a, b, off) for a, b, off in spans if a < b]


# a stored quarter's minute of its UTC day
_MINUTE = "(CAST(substr(bucket, 12, 2) AS INTEGER) * 60 + CAST(substr(bucket, 15, 2) AS INTEGER))"


def _sale_figures(session: Session, rng: DateRange) -> tuple[dict[str, list[int]], list[list[int]], tuple]:
    """Sales of the range by the shop's day and by the shop's hour, and their totals (sales,
    revenue, tax, discount). The whole quarters come from the running totals, moved to the
    shop's clock in SQL span by span (one offset per span); the edges from the sales."""
    lo, hi = rng.bounds()
    inner, edges = _split(lo, hi, _QUARTER_STEP)
    days: dict[str, list[int]] = {}
    hours = [[0, 0] for _ in range(24)]
    totals = [0, 0, 0, 0]
    names: dict[int, str] = {}

    def add(day: str, hour: int, n: int, revenue: int, tax: int, discount: int) -> None:
        for acc in (days.setdefault(day, [0, 0]), hours[hour]):
            acc[0] += n
            acc[1] += revenue
        totals[0] += n
        totals[1] += revenue
        totals[2] += tax
        totals[3] += discount

    for a, b, off in _offset_spans(rng.tz, *inner) if inner else []:
        # the UTC day and the shop's hour counted from the UTC day before's midnight (0..71)
        rows = session.execute(text(
            f"SELECT substr(bucket, 1, 10) AS d, ({_MINUTE} + :off + 1440) / 60 AS h, SUM(sales), SUM(revenue), "
            "SUM(tax), SUM(discount) FROM agg_sale_quarter WHERE bucket >= :qlo AND bucket < :qhi GROUP BY d, h"),
            {"off": off, "qlo": a.strftime("%Y-%m-%dT%H:%M"), "qhi": b.strftime("%Y-%m-%dT%H:%M")})
        for d, h, n, revenue, tax, discount in rows:
            ordinal = date.fromisoformat(d).toordinal() + h // 24 - 1
            day = names.get(ordinal)
            if day is None:
                day = names[ordinal] = date.fromordinal(ordinal).isoformat()
            add(day, h % 24, int(n), int(revenue), int(tax), int(discount))
    for elo, ehi in edges:
        for q, n, revenue, tax, discount in session.execute(text(
                f"SELECT {_QUARTER.format(col='created_at')} AS q, COUNT(*), SUM(total), SUM(tax), SUM(discount) "
                "FROM sale WHERE created_at >= :lo AND created_at < :hi GROUP BY q"), {"lo": elo, "hi": ehi}):
            add(*rng.local_hour(q), int(n), int(revenue), int(tax), int(discount))
    return days, hours, tuple(totals)


def _staff_totals(session: Session, rng: DateRange) -> list[tuple[str, int, int]]:
    """(staff id, sales, revenue) over the range."""
    lo, hi = rng.bounds()
    inner, edges = _split(lo, hi, _DAY_STEP)
    params = _day_params(inner)
    union = _union(
        "SELECT staff_id AS sid, sales AS n, revenue AS t FROM agg_staff_day WHERE day >= :dlo AND day < :dhi"
        if inner else None,
        "SELECT staff_id AS sid, 1 AS n, total AS t FROM sale WHERE created_at >= {lo} AND created_at < {hi}", edges, params)
    rows = session.execute(text(f"SELECT sid, SUM(n), SUM(t) FROM ({union}) GROUP BY sid"), params)
    return [(sid, int(n), int(t)) for sid, n, t in rows]


def _product_totals(session: Session, rng: DateRange) -> tuple[list[ProductRow], int]:
    """``product_sales`` plus the number of items sold, from the running totals of the range's
    whole UTC days and the lines of its edges."""
    lo, hi = rng.bounds()
    months, day_spans, edges = _month_split(lo, hi)
    params: dict[str, object] = {}
    parts = []
    if months:
        params.update(mlo=months[0], mhi=months[1])
        parts.append("SELECT product_id AS pid, qty, revenue, net, cost, items FROM agg_product_month "
                     "WHERE month >= :mlo AND month < :mhi")
    for i, (dlo, dhi) in enumerate(day_spans):
        params[f"dlo{i}"], params[f"dhi{i}"] = dlo, dhi
        parts.append("SELECT product_id AS pid, qty, revenue, net, cost, items FROM agg_product_day "
                     f"WHERE day >= :dlo{i} AND day < :dhi{i}")
    union = _union(
        " UNION ALL ".join(parts) or None,
        f"SELECT l.product_id AS pid, l.qty AS qty, l.total AS revenue, l.total - l.tax AS net, {_LINE_COST} AS cost, "
        f"{aggregates.LINE_ITEMS_SQL.format(p='l.')} AS items FROM sale_line l JOIN sale s ON s.id = l.sale_id "
        "WHERE s.created_at >= {lo} AND s.created_at < {hi}", edges, params)
    rows = session.execute(text(
        "SELECT p.sku, p.name, p.category, p.unit, t.qty, t.revenue, t.net, t.cost, COALESCE(sl.qty, 0), t.items "
        "FROM (SELECT pid, SUM(qty) AS qty, SUM(revenue) AS revenue, SUM(net) AS net, SUM(cost) AS cost, "
        f"      SUM(items) AS items FROM ({union}) GROUP BY pid"
        ") t JOIN product p ON p.id = t.pid LEFT JOIN stock_level sl ON sl.product_id = t.pid "
        "ORDER BY t.revenue DESC, p.sku"), params)
    out, items = [], 0
    for sku, name, category, unit, qty, rev, net, cost, level, n in rows:
        out.append(ProductRow(sku, name, category or "", unit, int(qty), int(rev), int(net), int(cost), int(level)))
        items += int(n)
    return out, items


def _tenders(session: Session, rng: DateRange) -> list[TenderRow]:
    """``tender_mix`` from the running totals of whole UTC days and the payments of the edges."""
    lo, hi = rng.bounds()
    inner, edges = _split(lo, hi, _DAY_STEP)
    params = _day_params(inner)
    union = _union(
        "SELECT method AS m, payments AS n, amount AS a FROM agg_tender_day WHERE day >= :dlo AND day < :dhi"
        if inner else None,
        "SELECT method AS m, 1 AS n, amount AS a FROM payment WHERE refund_id IS NULL AND created_at >= {lo} AND created_at < {hi}",
        edges, params)
    rows = session.execute(text(
        f"SELECT m, SUM(n), SUM(a) FROM ({union}) GROUP BY m ORDER BY SUM(a) DESC, m"), params)
    return [TenderRow(method, int(n), int(amount)) for method, n, amount in rows]


def _refunds(session: Session, rng: DateRange) -> tuple[int, int]:
    lo, hi = rng.bounds()
    inner, edges = _split(lo, hi, _DAY_STEP)
    params = _day_params(inner)
    union = _union(
        "SELECT refunds AS n, refunded AS t FROM agg_refund_day WHERE day >= :dlo AND day < :dhi" if inner else None,
        "SELECT 1 AS n, total AS t FROM refund WHERE created_at >= {lo} AND created_at < {hi}", edges, params)
    n, total = session.execute(text(f"SELECT COALESCE(SUM(n), 0), COALESCE(SUM(t), 0) FROM ({union})"),
                               params).one()
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
        ("sales", lambda: _sale_figures(session, rng)),
        ("staff", lambda: _staff_totals(session, rng)),
        ("products", lambda: _product_totals(session, rng)),
        ("refunds", lambda: _refunds(session, rng)),
        ("tenders", lambda: _tenders(session, rng)),
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

    days, hours, (n_sales, revenue, tax, discount) = got["sales"]  # type: ignore[misc]
    products, items = got["products"]  # type: ignore[misc]
    refunds, refunded = got["refunds"]  # type: ignore[misc]
    names = _staff_names(session)
    staff_rows = [StaffRow(sid, names.get(sid, sid), n, total) for sid, n, total in got["staff"]]  # type: ignore[union-attr]
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

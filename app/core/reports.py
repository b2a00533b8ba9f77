"""The dashboard's reports as plain tables, and their CSV export (PDF lives with the window,
since it paints with Qt).

A report is a title, typed columns and raw rows (money in minor units, quantities in units
or grams). CSV writes stable machine headers and plain amounts (``12.50``); the window and
the PDF format the same rows for people.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from sync.takings import TakenLine, Takings, Tendered
from sync.takings import compute as compute_takings

from .clock import day_bounds, local, zone
from .errors import QT_TRANSLATE_NOOP, Message, TillError
from .insights import Dashboard
from .money import fmt_plain

# column kinds: text, int, money, qty (needs the row's unit column), bp (basis points), date
Column = tuple[str, str]  # (machine name, kind)


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    columns: list[Column]
    rows: list[tuple]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


REPORT_KEYS = ("by_day", "by_hour", "top", "slow", "categories", "tenders", "staff", "low_stock", "benchmarks",
               "removals")


def fmt_qty(qty: int, unit: str) -> str:
    """Units as a whole number; grams of weighed goods as kilograms with three decimals."""
    if unit == "kg":
        sign = "-" if qty < 0 else ""
        kg, g = divmod(abs(qty), 1000)
        return f"{sign}{kg}.{g:03d} kg"
    return str(qty)


def fmt_bp(bp: int) -> str:
    sign = "-" if bp < 0 else ""
    whole, frac = divmod(abs(bp), 100)
    return f"{sign}{whole}.{frac:02d}%"


def build(board: Dashboard, key: str, top_n: int = 50) -> Report:
    """One report of the dashboard by key (see ``REPORT_KEYS``)."""
    if key == "by_day":
        return Report(key, "Sales by day", [("day", "date"), ("sales", "int"), ("revenue", "money")],
                      [(r.day.isoformat(), r.sales, r.revenue) for r in board.by_day])
    if key == "by_hour":
        return Report(key, "Sales by hour", [("hour", "text"), ("sales", "int"), ("revenue", "money")],
                      [(f"{r.hour:02d}:00", r.sales, r.revenue) for r in board.by_hour])
    if key in ("top", "slow"):
        rows = board.top(top_n) if key == "top" else board.slow
        return Report(key, "Top sellers" if key == "top" else "Slow sellers",
                      [("sku", "text"), ("name", "text"), ("category", "text"), ("unit", "text"), ("qty", "qty"),
                       ("revenue", "money"), ("margin", "money"), ("stock", "qty")],
                      [(r.sku, r.name, r.category, r.unit, r.qty, r.revenue, r.margin, r.level) for r in rows])
    if key == "categories":
        return Report(key, "Margin by category",
                      [("category", "text"), ("revenue", "money"), ("revenue_ex_vat", "money"), ("cost", "money"),
                       ("margin", "money"), ("margin_pct", "bp")],
                      [(c.category, c.revenue, c.net, c.cost, c.margin, c.margin_bp) for c in board.categories])
    if key == "tenders":
        return Report(key, "Tender mix", [("method", "text"), ("payments", "int"), ("amount", "money")],
                      [(t.method, t.payments, t.amount) for t in board.tenders])
    if key == "staff":
        return Report(key, "Sales per staff member",
                      [("staff", "text"), ("sales", "int"), ("revenue", "money"), ("avg_basket", "money")],
                      [(s.name, s.sales, s.revenue, s.avg_basket) for s in board.staff])
    if key == "low_stock":
        return Report(key, "Low stock",
                      [("sku", "text"), ("name", "text"), ("category", "text"), ("unit", "text"), ("level", "qty"),
                       ("reorder_point", "qty")],
                      [(r.sku, r.name, r.category, r.unit, r.level, r.reorder_point) for r in board.low_stock])
    if key == "benchmarks":
        return Report(key, "Network benchmarks",
                      [("key", "text"), ("title", "text"), ("network", "text"), ("shop", "text"), ("period", "text")],
                      [(b.key, b.title, _bench_value(b.value, b.unit), _bench_value(b.shop_value, b.unit), b.period)
                       for b in board.benchmarks])
    if key == "removals":
        return Report(key, "Removed at the counter",
                      [("when", "text"), ("staff", "text"), ("action", "text"), ("sku", "text"), ("name", "text"),
                       ("unit", "text"), ("qty", "qty"), ("value", "money")],
                      [(local(r.when, board.range.tz).strftime("%Y-%m-%d %H:%M"), r.staff,
                        str(Message(QT_TRANSLATE_NOOP("CoreError", "line removed") if r.action == "cart_line_removed"
                                    else QT_TRANSLATE_NOOP("CoreError", "quantity reduced"))),
                        r.sku, r.name, r.unit, r.qty, r.value) for r in board.removals])
    raise ValueError(f"Unknown report {key!r}.")


def _bench_value(value, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and unit == "money":
        return fmt_plain(value)
    if isinstance(value, int) and unit == "percent_bp":
        return fmt_bp(value)
    return str(value)


def cell(report: Report, row: tuple, index: int, money: Callable[[int], str] = fmt_plain) -> str:
    """A cell as text: ``money`` formats amounts (plain for CSV, with the currency for people)."""
    value = row[index]
    kind = report.columns[index][1]
    if value is None:
        return ""
    if kind == "money":
        return money(int(value))
    if kind == "bp":
        return fmt_bp(int(value))
    if kind == "qty":
        names = report.names
        unit = row[names.index("unit")] if "unit" in names else "each"
        return fmt_qty(int(value), unit)
    return str(value)


def text_rows(report: Report, money: Callable[[int], str] = fmt_plain) -> Iterable[list[str]]:
    for row in report.rows:
        yield [cell(report, row, i, money) for i in range(len(report.columns))]


def write_csv(report: Report, dest: Path | io.TextIOBase, *, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Write a report as CSV (machine headers, plain amounts); returns the number of rows."""
    own = isinstance(dest, (str, Path))
    handle = open(dest, "w", newline="", encoding="utf-8") if own else dest
    try:
        writer = csv.writer(handle)
        writer.writerow(report.names)
        total = len(report.rows)
        for n, row in enumerate(text_rows(report), start=1):
            writer.writerow(row)
            if n % 1000 == 0:
                if cancelled is not None and cancelled():
                    from .insights import Cancelled
                    raise Cancelled()
                if progress is not None:
                    progress(n, total)
        return total
    finally:
        if own:
            handle.close()


def csv_text(report: Report) -> str:
    buf = io.StringIO()
    write_csv(report, buf)
    return buf.getvalue()


# -- takings and VAT for a period (``till.reports``) --------------------------------------------
# The figures come from ``sync.takings.compute``, which the platform runs on its own copy of the
# same synced rows (sync/server/takings.py), so both ends print the same report to the cent.


@dataclass(frozen=True)
class Period:
    """Shop calendar days ``start`` .. ``end`` (both included) in the shop's time zone ``zone``."""

    start: date
    end: date
    zone: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "The period must end after it starts."))

    def bounds(self) -> tuple[str, str]:
        """UTC ISO text [lo, hi): the shop's midnight before ``start`` to its midnight after ``end``."""
        return day_bounds(self.start, self.end, zone(self.zone))

    @property
    def label(self) -> str:
        return self.start.isoformat() if self.start == self.end else f"{self.start.isoformat()} – {self.end.isoformat()}"


def parse_day(text: str | date, name: str = "date") -> date:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "date: {text} is not a date (write 2026-11-01)"),
                        text=repr(text)) from None


def month_period(year: int, month: int, zone_name: str) -> Period:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return Period(first, nxt - timedelta(days=1), zone_name)


def quarter_period(year: int, quarter: int, zone_name: str) -> Period:
    if quarter not in (1, 2, 3, 4):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A quarter is 1, 2, 3 or 4."))
    first = month_period(year, 3 * quarter - 2, zone_name)
    last = month_period(year, 3 * quarter, zone_name)
    return Period(first.start, last.end, zone_name)


@dataclass(frozen=True)
class LineRow:
    """One sale line or refund line for the exports, with its VAT rate."""

    when: str  # UTC ISO
    receipt_no: str
    line_no: int
    sku: str
    name: str
    unit: str
    qty: int
    unit_price: int
    discount: int
    total: int  # tax included; for a refund: given back
    vat_rate_bp: int
    tax: int
    refund_id: str | None = None


_SALE_LINES = (
    "SELECT l.vat_rate_bp, l.total, l.tax FROM sale_line l JOIN sale s ON s.id = l.sale_id "
    "WHERE s.imported = 0 AND {where}")
_REFUND_LINES = (
    "SELECT l.vat_rate_bp, rl.amount, rl.tax FROM refund_line rl JOIN refund r ON r.id = rl.refund_id "
    "JOIN sale_line l ON l.id = rl.sale_line_id WHERE {where}")
_SALE_PAYMENTS = (
    "SELECT p.method, p.amount FROM payment p JOIN sale s ON s.id = p.sale_id "
    "WHERE p.refund_id IS NULL AND s.imported = 0 AND {where}")
_REFUND_PAYMENTS = (
    "SELECT p.method, p.amount FROM payment p JOIN refund r ON r.id = p.refund_id WHERE {where}")
_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM sale s WHERE s.imported = 0 AND {sale}), "
    "(SELECT COALESCE(SUM(s.total), 0) FROM sale s WHERE s.imported = 0 AND {sale}), "
    "(SELECT COUNT(*) FROM refund r WHERE {refund}), "
    "(SELECT COALESCE(SUM(r.total), 0) FROM refund r WHERE {refund})")


def takings(session: Session, start: str, end: str, *, cash_session_id: str | None = None) -> Takings:
    """Takings and VAT of sales and refunds with ``start <= created_at < end`` (UTC ISO), or of one
    cash session (a Z report) when ``cash_session_id`` is given. Imported history is left out:
    it never reaches the platform, and its VAT was declared by the system that made it."""
    if cash_session_id is not None:
        sale_where, refund_where = "s.cash_session_id = :cs", "r.cash_session_id = :cs"
    else:
        sale_where = "s.created_at >= :lo AND s.created_at < :hi"
        refund_where = "r.created_at >= :lo AND r.created_at < :hi"
    params = {"lo": start, "hi": end, "cs": cash_session_id}
    lines = [TakenLine(int(rate), int(total), int(tax))
             for rate, total, tax in session.execute(text(_SALE_LINES.format(where=sale_where)), params)]
    lines += [TakenLine(int(rate), int(amount), int(tax), refund=True)
              for rate, amount, tax in session.execute(text(_REFUND_LINES.format(where=refund_where)), params)]
    tenders = [Tendered(method, int(amount))
               for method, amount in session.execute(text(_SALE_PAYMENTS.format(where=sale_where)), params)]
    tenders += [Tendered(method, int(amount), refund=True)
                for method, amount in session.execute(text(_REFUND_PAYMENTS.format(where=refund_where)), params)]
    n_sales, sold, n_refunds, refunded = session.execute(
        text(_COUNTS.format(sale=sale_where, refund=refund_where)), params).one()
    net_lines = sum(t.gross for t in lines if not t.refund) - sum(t.gross for t in lines if t.refund)
    rounding = int(sold) - int(refunded) - net_lines
    return compute_takings(start, end, lines, tenders, sales=int(n_sales), refunds=int(n_refunds), rounding=rounding)


def line_rows(session: Session, start: str, end: str, *, refunds: bool = False) -> list[LineRow]:
    """Every sale line (or refund line) of the period, one row each with its VAT rate."""
    params = {"lo": start, "hi": end}
    if refunds:
        rows = session.execute(text(
            "SELECT r.created_at, s.receipt_no, l.line_no, l.sku, l.name, l.unit, rl.qty, l.unit_price, 0, "
            "rl.amount, l.vat_rate_bp, rl.tax, r.id FROM refund_line rl JOIN refund r ON r.id = rl.refund_id "
            "JOIN sale_line l ON l.id = rl.sale_line_id JOIN sale s ON s.id = r.sale_id "
            "WHERE r.created_at >= :lo AND r.created_at < :hi ORDER BY r.created_at, r.id, l.line_no"), params)
    else:
        rows = session.execute(text(
            "SELECT s.created_at, s.receipt_no, l.line_no, l.sku, l.name, l.unit, l.qty, l.unit_price, l.discount, "
            "l.total, l.vat_rate_bp, l.tax, NULL FROM sale_line l JOIN sale s ON s.id = l.sale_id "
            "WHERE s.created_at >= :lo AND s.created_at < :hi ORDER BY s.created_at, s.id, l.line_no"), params)
    return [LineRow(*row) for row in rows]


def takings_report(report: Takings, title: str = "Takings") -> Report:
    """The takings per VAT rate as a table for the window, CSV and PDF (a total row last)."""
    rows = [(fmt_bp(r.rate_bp), r.gross_sales, r.refunds, r.net, r.net_ex_vat, r.vat_receipts) for r in report.rates]
    rows.append(("total", report.gross_sales, report.refunded, report.net, report.net - report.vat_receipts,
                 report.vat_receipts))
    return Report("takings", title,
                  [("rate", "text"), ("gross_sales", "money"), ("refunds", "money"), ("net_takings", "money"),
                   ("net_ex_vat", "money"), ("vat", "money")], rows)


def vat_report(report: Takings, title: str = "VAT") -> Report:
    rows = [(fmt_bp(r.rate_bp), r.net, r.vat_on_total, r.sales_vat, r.refunds_vat, r.vat_receipts, r.difference)
            for r in report.rates]
    rows.append(("total", report.net, report.vat_on_total, sum(r.sales_vat for r in report.rates),
                 sum(r.refunds_vat for r in report.rates), report.vat_receipts, report.difference))
    return Report("vat", title,
                  [("rate", "text"), ("net_takings", "money"), ("vat_on_total", "money"), ("sales_vat", "money"),
                   ("refunds_vat", "money"), ("vat_receipts", "money"), ("difference", "money")], rows)


def tenders_report(report: Takings, title: str = "Tenders") -> Report:
    rows = [(t.method, t.taken, t.given_back, t.net) for t in report.tenders]
    return Report("tenders", title, [("method", "text"), ("taken", "money"), ("given_back", "money"),
                                     ("net", "money")], rows)


def lines_report(rows: list[LineRow], *, refunds: bool = False) -> Report:
    key = "refunds" if refunds else "sales"
    return Report(key, "Refund lines" if refunds else "Sale lines",
                  [("when", "text"), ("receipt_no", "text"), ("line_no", "int"), ("sku", "text"), ("name", "text"),
                   ("unit", "text"), ("qty", "qty"), ("unit_price", "money"), ("discount", "money"),
                   ("total", "money"), ("vat_rate", "bp"), ("tax", "money")],
                  [(r.when, r.receipt_no, r.line_no, r.sku, r.name, r.unit, r.qty, r.unit_price, r.discount, r.total,
                    r.vat_rate_bp, r.tax) for r in rows])


class Reports:
    """``till.reports``: takings and VAT for any period of shop days, a cash session's Z report,
    and the line exports. Owner only, like the dashboard."""

    def __init__(self, till) -> None:
        self._till = till

    def period(self, start: str | date, end: str | date | None = None) -> Period:
        """Shop days ``start`` .. ``end`` (ISO dates, both included; one day when ``end`` is None)."""
        a = parse_day(start, "from")
        b = parse_day(end, "to") if end is not None else a
        return Period(a, b, self._till.time_zone_name())

    def day(self, day: str | date) -> Period:
        return self.period(day)

    def month(self, year: int, month: int) -> Period:
        return month_period(year, month, self._till.time_zone_name())

    def quarter(self, year: int, quarter: int) -> Period:
        return quarter_period(year, quarter, self._till.time_zone_name())

    def _resolve(self, period: Period | str | date, end: str | date | None) -> Period:
        return period if isinstance(period, Period) else self.period(period, end)

    def takings(self, period: Period | str | date, end: str | date | None = None) -> Takings:
        """Gross takings, refunds and net takings per VAT rate, the VAT, and the tenders."""
        self._till._require_owner_user()
        rng = self._resolve(period, end)
        lo, hi = rng.bounds()
        with self._till.read() as s:
            return takings(s, lo, hi)

    vat = takings  # the same figures; the VAT report shows its VAT columns

    def z(self, cash_session_id: str | None = None) -> Takings:
        """The takings and VAT of one cash session (the open one by default)."""
        from . import cash
        from .store.models import CashSession

        self._till._require_user()
        with self._till.read() as s:
            cs = s.get(CashSession, cash_session_id) if cash_session_id else cash.current(s)
            if cs is None:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "No cash session is open."))
            return takings(s, cs.opened_at, cs.closed_at or "9999", cash_session_id=cs.id)

    def lines(self, period: Period | str | date, end: str | date | None = None, *,
              refunds: bool = False) -> list[LineRow]:
        self._till._require_owner_user()
        rng = self._resolve(period, end)
        lo, hi = rng.bounds()
        with self._till.read() as s:
            return line_rows(s, lo, hi, refunds=refunds)

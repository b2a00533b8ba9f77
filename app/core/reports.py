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
from pathlib import Path
from typing import Callable, Iterable

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


REPORT_KEYS = ("by_day", "by_hour", "top", "slow", "categories", "tenders", "staff", "low_stock", "benchmarks")


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

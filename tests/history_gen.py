"""Fast made-up history for tests and benchmarks: bulk-inserted rows, not 300,000 calls to pay().

Sales are written as imported history (``imported = 1``: they moved no stock and send no
events), with the same arithmetic the till uses for line totals, tax and cost.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta, timezone

from app.core.catalog import name_key
from app.core.money import tax_included, weighed_total

METHODS = (("cash", 45), ("card", 45), ("mobile", 10))


def generate_sales(till, *, start: date, days: int, lines: int, seed: int = 1, lines_per_sale: int = 3,
                   open_hour: int = 7, close_hour: int = 21, bulk: bool = False) -> dict:
    """Insert about ``lines`` sale lines spread over ``days`` days from ``start`` (UTC clock).

    The dashboard's running totals follow by their triggers, row by row; ``bulk`` (years of
    history for a benchmark) drops the triggers for the load and rebuilds the totals once,
    in the same transaction (app/core/store/aggregates.py).

    Returns what was made: sales, lines, revenue (sum of sale totals).
    """
    from app.core.store import aggregates

    rng = random.Random(seed)
    conn = sqlite3.connect(till.store.path)
    try:
        products = conn.execute(
            "SELECT id, sku, name, unit, COALESCE(local_price, price), cost, vat_rate_bp FROM product WHERE active = 1"
        ).fetchall()
        staff = [r[0] for r in conn.execute("SELECT id FROM staff ORDER BY name")]
        if not products or not staff:
            raise RuntimeError("generate_sales needs products and staff (seed the demo shop first)")
        # popular products sell more: a skewed choice
        weights = [1.0 / (1 + i % 97) for i in range(len(products))]
        methods = [m for m, _ in METHODS]
        method_w = [w for _, w in METHODS]
        sales, sale_lines, payments = [], [], []
        n_sales = max(1, lines // lines_per_sale)
        revenue = 0
        span = (close_hour - open_hour) * 3600
        for n in range(n_sales):
            day = start + timedelta(days=n * days // n_sales)
            when = datetime(day.year, day.month, day.day, open_hour, tzinfo=timezone.utc) + timedelta(
                seconds=rng.randrange(span), microseconds=n % 1_000_000)
            stamp = when.isoformat(timespec="microseconds")
            sale_id = f"gen-sale-{seed}-{n:09d}"
            k = max(1, lines_per_sale + rng.randint(-2, 2)) if lines_per_sale > 1 else 1
            picks = rng.choices(products, weights, k=k)
            subtotal = tax = 0
            for no, (pid, sku, name, unit, price, cost, vat) in enumerate(picks, start=1):
                qty = rng.randint(150, 1500) if unit == "kg" else rng.choice((1, 1, 1, 2, 3))
                total = weighed_total(price, qty) if unit == "kg" else price * qty
                line_tax = tax_included(total, vat)
                subtotal += total
                tax += line_tax
                sale_lines.append((f"{sale_id}-{no}", sale_id, no, pid, sku, name, qty, unit, price, 0, total, vat,
                                   line_tax, cost))
            revenue += subtotal
            sales.append((sale_id, f"GEN-{seed}-{n:09d}", f"tok-{seed}-{n:09d}", stamp, rng.choice(staff), subtotal,
                          0, 0, subtotal, tax, 0, 1))
            payments.append((f"{sale_id}-p", sale_id, rng.choices(methods, method_w)[0], subtotal, subtotal, 0, stamp))
        with conn:
            if bulk:
                for name in aggregates.TRIGGERS:
                    conn.execute(f"DROP TRIGGER {name}")
            conn.executemany(
                "INSERT INTO sale (id, receipt_no, receipt_token, created_at, staff_id, subtotal, discount, rounding, "
                "total, tax, loyalty_points, imported) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sales)
            conn.executemany(
                "INSERT INTO sale_line (id, sale_id, line_no, product_id, sku, name, qty, unit, unit_price, discount, "
                "total, vat_rate_bp, tax, unit_cost) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sale_lines)
            conn.executemany(
                "INSERT INTO payment (id, sale_id, method, amount, tendered, change, created_at) "
                "VALUES (?,?,?,?,?,?,?)", payments)
            if bulk:
                aggregates.rebuild(conn)
                for sql in aggregates.TRIGGERS.values():
                    conn.execute(sql)
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return {"sales": len(sales), "lines": len(sale_lines), "revenue": revenue}


def generate_products(till, count: int, seed: int = 1, prefix: str = "B") -> None:
    """Bulk-insert ``count`` counted products with stock levels (some low, out or negative)."""
    rng = random.Random(seed)
    words = ("apple", "bean", "crisp", "dark", "extra", "fresh", "green", "honey", "iced", "jumbo", "kale", "lemon",
             "mild", "nutty", "oat", "pure", "quick", "rich", "salt", "tea", "ultra", "vanilla", "wild", "yellow")
    cats = ("Dairy", "Bakery", "Pantry", "Snacks", "Drinks", "Household", "Frozen", "Personal care")
    stamp = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    products, levels = [], []
    for i in range(count):
        name = f"{rng.choice(words).title()} {rng.choice(words)} {rng.choice(words)} {i}"
        pid = f"gen-prod-{prefix}-{i:08d}"
        price = rng.randint(50, 2000)
        products.append((pid, f"{prefix}{i:07d}", name, name_key(name), rng.choice(cats), "each", 2000, price,
                         price * 8 // 10, price * 13 // 10, price * 6 // 10, 0, 1, 0, rng.choice((3, 5, 10)), 1, stamp))
        levels.append((pid, rng.choice((-2, 0, 1, 3, 8, 12, 20, 40))))
    conn = sqlite3.connect(till.store.path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO product (id, sku, name, name_key, category, unit, vat_rate_bp, price, min_price, "
                "max_price, cost, is_local, active, favourite, reorder_point, pack_size, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", products)
            conn.executemany("INSERT INTO stock_level (product_id, qty) VALUES (?,?)", levels)
    finally:
        conn.close()


_TEMPLATE: dict[str, str] = {}


def demo_till(data_dir, *, login_pin: str | None = "1234"):
    """A till on ``data_dir`` holding the demo shop, copied from one seeded per test session."""
    import shutil
    import tempfile
    from pathlib import Path

    from app.core.demo import seed
    from app.core.till import Till

    if "dir" not in _TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="corner-demo-template-"))
        till = Till(template)
        seed(till)
        till.close()
        conn = sqlite3.connect(template / "corner.sqlite3")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _TEMPLATE["dir"] = str(template)
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(_TEMPLATE["dir"]) / "corner.sqlite3", data_dir / "corner.sqlite3")
    till = Till(data_dir)
    if login_pin:
        till.login(login_pin)
    return till

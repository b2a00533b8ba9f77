"""Benchmark of the till core on a 100,000-product catalog (a script, not a test).

Prints barcode lookup p50/p99 through the facade, and a 3-line sale's durable commit
p50/p99 through the facade next to a baseline measured in the same run: raw sqlite3
inserting and committing the same rows (sale, 3 lines, payment, 3 movements, 3 level
updates, receipt sequence, outbox row) with the same pragmas (WAL, synchronous=FULL).

    .venv/bin/python tests/bench/bench_till.py [--products 100000] [--sales 500]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.core import demo  # noqa: E402
from app.core.barcodes import with_check_digit  # noqa: E402
from app.core.sales import Tender  # noqa: E402
from app.core.store.engine import now  # noqa: E402
from app.core.till import Till  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fill_catalog(db: Path, n: int) -> list[str]:
    """Bulk-insert ``n`` products with one EAN-13 each; returns the barcodes."""
    conn = sqlite3.connect(db)
    stamp = now()
    codes = []
    rows, barcodes, levels = [], [], []
    for i in range(n):
        pid = str(uuid.uuid4())
        code = with_check_digit(f"77{i:010d}")
        codes.append(code)
        name = f"Bench product {i:06d}"
        rows.append((pid, f"B{i:06d}", name, name.casefold(), "Bench", "each", 700, 100 + i % 900, None, None, None,
                     50, None, 0, 1, 0, 0, 1, None, stamp))
        barcodes.append((code, pid))
        levels.append((pid, 100))
    conn.executemany("INSERT INTO product VALUES (" + ",".join("?" * 20) + ")", rows)
    conn.executemany("INSERT INTO barcode VALUES (?, ?)", barcodes)
    conn.executemany("INSERT INTO stock_level VALUES (?, ?)", levels)
    conn.commit()
    conn.close()
    return codes


def raw_baseline(path: Path, sales: int) -> list[float]:
    """The same rows a 3-line sale writes, with plain sqlite3 and the same pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript("""
        CREATE TABLE sale (id TEXT PRIMARY KEY, receipt_no TEXT UNIQUE, body TEXT);
        CREATE TABLE line (id TEXT PRIMARY KEY, sale_id TEXT, sku TEXT, qty INT, total INT);
        CREATE TABLE pay (id TEXT PRIMARY KEY, sale_id TEXT, amount INT);
        CREATE TABLE move (id TEXT PRIMARY KEY, product TEXT, qty INT);
        CREATE TABLE level (product TEXT PRIMARY KEY, qty INT);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE outbox (seq INTEGER PRIMARY KEY, event_id TEXT UNIQUE, payload TEXT);
        INSERT INTO meta VALUES ('seq', '0');
    """)
    conn.executemany("INSERT INTO level VALUES (?, 100)", [(f"p{i}",) for i in range(3)])
    times = []
    for n in range(sales):
        sid = str(uuid.uuid4())
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'seq'")
        conn.execute("INSERT INTO sale VALUES (?, ?, ?)", (sid, f"R{n}", "x" * 200))
        for i in range(3):
            lid = str(uuid.uuid4())
            conn.execute("INSERT INTO line VALUES (?, ?, ?, ?, ?)", (lid, sid, f"p{i}", 1, 100))
            conn.execute("INSERT INTO move VALUES (?, ?, ?)", (lid, f"p{i}", -1))
            conn.execute("UPDATE level SET qty = qty - 1 WHERE product = ?", (f"p{i}",))
        conn.execute("INSERT INTO pay VALUES (?, ?, ?)", (str(uuid.uuid4()), sid, 300))
        conn.execute("INSERT INTO outbox (event_id, payload) VALUES (?, ?)", (sid, "x" * 1500))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--sales", type=int, default=500)
    ap.add_argument("--lookups", type=int, default=20_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="corner-bench-"))

    till = Till(tmp / "till")
    demo.seed(till)
    t0 = time.perf_counter()
    codes = fill_catalog(till.store.path, args.products)
    fill_s = time.perf_counter() - t0
    till.login(demo.CASHIER_PIN)

    rng = random.Random(1)
    lookups = []
    for _ in range(args.lookups):
        code = rng.choice(codes)
        t0 = time.perf_counter()
        till.scan(code)
        lookups.append(time.perf_counter() - t0)

    sale_times = []
    for _ in range(args.sales):
        cart = till.new_cart()
        for code in rng.sample(codes, 3):
            till.add_to_cart(cart, code)
        tender = [Tender("cash", cart.totals().total)]
        t0 = time.perf_counter()
        till.pay(cart, tender)
        sale_times.append(time.perf_counter() - t0)
    till.close()

    raw = raw_baseline(tmp / "raw.sqlite3", args.sales)
    ms = 1000
    result = {
        "products": args.products,
        "catalog_fill_s": round(fill_s, 2),
        "lookup_p50_ms": round(statistics.median(lookups) * ms, 3),
        "lookup_p99_ms": round(pct(lookups, 99) * ms, 3),
        "sale_commit_p50_ms": round(statistics.median(sale_times) * ms, 3),
        "sale_commit_p99_ms": round(pct(sale_times, 99) * ms, 3),
        "raw_commit_p50_ms": round(statistics.median(raw) * ms, 3),
        "raw_commit_p99_ms": round(pct(raw, 99) * ms, 3),
    }
    result["sale_vs_raw_p50"] = round(result["sale_commit_p50_ms"] / result["raw_commit_p50_ms"], 2)
    result["sale_vs_raw_p99"] = round(result["sale_commit_p99_ms"] / result["raw_commit_p99_ms"], 2)
    print(json.dumps(result, indent=2))
    print(f"barcode lookup at {args.products:,} products: p50 {result['lookup_p50_ms']} ms, p99 {result['lookup_p99_ms']} ms "
          f"(target p99 < 1 ms)")
    print(f"3-line sale durable commit: p50 {result['sale_commit_p50_ms']} ms, p99 {result['sale_commit_p99_ms']} ms; "
          f"raw sqlite3 same rows: p50 {result['raw_commit_p50_ms']} ms, p99 {result['raw_commit_p99_ms']} ms; "
          f"ratio p50 {result['sale_vs_raw_p50']}x, p99 {result['sale_vs_raw_p99']}x (target within 2x)")


if __name__ == "__main__":
    main()

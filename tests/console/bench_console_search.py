"""Benchmark of the console's catalog search (a script, not a test):

    .venv/bin/python tests/console/bench_console_search.py [--products 100000] [--postgres]

Imports N products into a fresh database, logs in, and times GET /console/catalog for the
searches the central team makes (first page, a name fragment, a category, an exact barcode, a
page deep in the list, a status filter) through the whole app (TestClient: routing, session
check, query, template). Prints p50 and p95 server time per search next to a baseline measured in
the same run: GET /healthz through the same client.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from stdnum import ean  # noqa: E402

from sync.server import testing  # noqa: E402
from sync.server.app import create_app  # noqa: E402
from sync.server.catalog import import_products, parse_catalog  # noqa: E402
from sync.server.db import make_engine, migrate, session_scope  # noqa: E402
from sync.server.settings import Settings  # noqa: E402
from tests.console.helpers import HEADER, signed_in  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient  # noqa: E402


def barcode(i: int) -> str:
    stem = f"200{i:09d}"
    return stem + ean.calc_check_digit(stem)


def times(client, path: str, params: dict, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(path, params=params)
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text[:300]
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def run(url: str, products: int, rounds: int) -> None:
    settings = Settings(database_url=url)
    engine = make_engine(settings)
    migrate(engine)
    body = "".join(f"SKU{i:06d},Product number {i},Category {i % 40},each,900,{100 + i % 900},,,{50 + i % 400},"
                   f"{barcode(i)}\n" for i in range(products))
    t = time.perf_counter()
    with session_scope(engine) as session:
        import_products(session, parse_catalog(HEADER + body, "csv"), publish_now=True)
    print(f"  imported {products:,} products in {time.perf_counter() - t:.1f} s")
    if engine.dialect.name == "postgresql":
        # Steady state: autovacuum analyzes a table soon after a bulk load; without statistics the
        # planner sorts 100,000 rows on disk for a page deep in the list.
        with engine.connect() as conn:
            conn.execute(text("COMMIT"))
            conn.execute(text("ANALYZE products"))
    client = TestClient(create_app(settings, engine))
    signed_in(client, engine)
    searches = {
        "first page": {},
        "name fragment 'number 4242'": {"q": "number 4242"},
        "category": {"category": "Category 7"},
        "exact barcode": {"q": barcode(products // 2)},
        "page 1000": {"page": min(1000, products // 50)},
        "not yet published": {"status": "unpublished"},
    }
    times(client, "/console/catalog", {}, 3)  # warm up
    base = times(client, "/healthz", {}, rounds)
    print(f"  baseline GET /healthz: p50 {statistics.median(base):.1f} ms, p95 {pct(base, .95):.1f} ms")
    for name, params in searches.items():
        ms = times(client, "/console/catalog", params, rounds)
        print(f"  {name:<30} p50 {statistics.median(ms):6.1f} ms  p95 {pct(ms, .95):6.1f} ms"
              f"  ({pct(ms, .95) / max(pct(base, .95), 0.001):.0f}x the baseline p95)")
    client.close()
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL too")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            print("SQLite")
            run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.products, args.rounds)
    if args.postgres and testing.postgres_available() is None:
        with testing.postgres_database() as url:
            print("PostgreSQL")
            run(url, args.products, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

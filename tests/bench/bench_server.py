"""Benchmark of the sync server (a script, not a test): ``python tests/bench/bench_server.py``.

1. Push throughput: 50 simulated tills (5 shops) push batches of 100 sales at once to real
   uvicorn server processes; events/s on SQLite and on PostgreSQL, each next to the same rows
   (events, sales, lines, payments, stock movements, change-log rows) inserted directly in the
   same run (sqlite3 executemany; PostgreSQL COPY through psycopg), printed as a ratio. The simulated tills share the 2 cores
   with the servers and the database, so they are kept lean: bodies serialised before the clock
   starts, one keep-alive ``http.client`` connection each, answers counted, not parsed.
2. Snapshot: a 100,000-product catalog served by GET /v1/sync/snapshot: seconds and bytes,
   next to a bare SELECT of the same stored JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from sync.server import testing  # noqa: E402
from sync.server.catalog import import_products, parse_catalog  # noqa: E402
from sync.server.db import make_engine, migrate, session_scope  # noqa: E402
from sync.server.settings import Settings  # noqa: E402
from tests.server.factories import event, sale  # noqa: E402

TILLS = 50
SHOPS = 5
BATCH = 100
LINES = 2


@contextmanager
def database(kind: str):
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
    else:
        with testing.postgres_database() as url:
            yield url


def enroll_tills(url: str, base: str) -> list[str]:
    shops = [testing.create_shop(url, f"Bench shop {i}") for i in range(SHOPS)]
    tokens = []
    for i in range(TILLS):
        code = testing.create_enrollment_code(url, shops[i % SHOPS].code)
        tokens.append(testing.enroll(base, code).token)
    return tokens


def make_batches(rounds: int) -> list[list[bytes]]:
    """rounds x TILLS request bodies, serialised before the clock starts."""
    return [
        [json.dumps({"events": [event("sale.completed", sale(lines=LINES)) for _ in range(BATCH)]}).encode() for _ in range(TILLS)]
        for _ in range(rounds)
    ]


def bench_push(url: str, servers: int, rounds: int) -> tuple[float, int]:
    # 50 tills enroll from one address in a second: lift the enrolment limit too (10 a minute by default)
    env = {"CORNER_RATE_LIMIT_PER_MINUTE": "1000000", "CORNER_RATE_LIMIT_BURST": "1000000",
           "CORNER_ENROLL_PER_MINUTE": "1000000", "CORNER_ENROLL_BURST": "1000000"}
    engine = make_engine(Settings(database_url=url))
    migrate(engine)  # once, before the servers start: two of them migrating one new file at once can collide
    engine.dispose()
    with ExitStack() as stack:
        procs = [stack.enter_context(testing.ServerProcess(url, env=env)) for _ in range(servers)]
        for p in procs:
            p.wait_ready()
        tokens = enroll_tills(url, procs[0].base_url)
        batches = make_batches(rounds)
        clients = [http.client.HTTPConnection("127.0.0.1", procs[i % servers].port, timeout=300) for i in range(TILLS)]
        headers = [{**testing.protocol_headers(t), "Content-Type": "application/json"} for t in tokens]
        barrier = threading.Barrier(TILLS)

        def till(i: int) -> int:
            accepted = 0
            barrier.wait()
            for r in range(rounds):
                clients[i].request("POST", "/v1/sync/push", body=batches[r][i], headers=headers[i])
                resp = clients[i].getresponse()
                answer = resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"push answered {resp.status}: {answer[:300]!r}")
                accepted += answer.count(b'"status":"accepted"')
            return accepted

        with ThreadPoolExecutor(TILLS) as pool:
            futures = [pool.submit(till, i) for i in range(TILLS)]
            time.sleep(0.2)
            start = time.perf_counter()  # approximately when the barrier opens
            accepted = sum(f.result() for f in futures)
            elapsed = time.perf_counter() - start
        for c in clients:
            c.close()
    return elapsed, accepted


def raw_rows(n_events: int, shop: uuid.UUID, device: uuid.UUID):
    """The rows the server writes for n_events sales, as plain tuples per table."""
    now = datetime.now(timezone.utc)
    events, sales, lines, payments, movements, changes = [], [], [], [], [], []
    for k in range(n_events):
        e = event("sale.completed", sale(lines=LINES))
        s = e["payload"]
        eid, sid = uuid.UUID(e["id"]), uuid.UUID(s["id"])
        events.append((eid, shop, device, e["kind"], now, now, "accepted", json.dumps(s)))
        sales.append((sid, shop, device, eid, s["receipt_no"], s["receipt_token"], now, uuid.UUID(s["staff_id"]), s["staff_name"], s["subtotal"], s["discount"], s["rounding"] if "rounding" in s else 0, s["total"], s["tax"], s["loyalty_points"]))
        for ln in s["lines"]:
            lines.append((uuid.UUID(ln["id"]), sid, shop, ln["line_no"], uuid.UUID(ln["product_id"]), ln["sku"], ln["name"], False, ln["qty"], ln["unit"], ln["unit_price"], ln["discount"], ln["total"], ln["vat_rate_bp"], ln["tax"], ln["unit_cost"]))
        for p in s["payments"]:
            payments.append((uuid.UUID(p["id"]), shop, sid, p["method"], p["amount"], p["tendered"], p["change"]))
        for m in s["movements"]:
            movements.append((uuid.UUID(m["id"]), shop, device, eid, uuid.UUID(m["product_id"]), m["sku"], m["kind"], m["qty"], now))
            changes.append((shop, "stock.movement", json.dumps(m)))
    return events, sales, lines, payments, movements, changes


RAW_SQL = {
    "events": "INSERT INTO events (id, shop_id, device_id, kind, created_at, received_at, status, payload) VALUES ({})",
    "sales": "INSERT INTO sales (id, shop_id, device_id, event_id, receipt_no, receipt_token, created_at, staff_id, staff_name, subtotal, discount, rounding, total, tax, loyalty_points) VALUES ({})",
    "sale_lines": "INSERT INTO sale_lines (id, sale_id, shop_id, line_no, product_id, sku, name, is_local, qty, unit, unit_price, discount, total, vat_rate_bp, tax, unit_cost) VALUES ({})",
    "payments": "INSERT INTO payments (id, shop_id, sale_id, method, amount, tendered, change) VALUES ({})",
    "stock_movements": "INSERT INTO stock_movements (id, shop_id, device_id, event_id, product_id, sku, kind, qty, created_at) VALUES ({})",
}
WIDTH = {"events": 8, "sales": 15, "sale_lines": 16, "payments": 7, "stock_movements": 9}
COLUMNS = {name: sql[sql.index("(") + 1:sql.index(")")] for name, sql in RAW_SQL.items()}


def _copy_value(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, datetime):
        return v.isoformat()
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_text(rows) -> str:
    """Rows in COPY's text format, written in one piece (psycopg's write_row per row cost more
    Python than the server's own work)."""
    return "".join("\t".join(map(_copy_value, r)) + "\n" for r in rows)


def bench_raw(url: str, n_events: int) -> float:
    """The same rows, inserted directly, one transaction per 100 events, no foreign keys fuss:
    executemany on SQLite, COPY on PostgreSQL (its fastest way in)."""
    engine = make_engine(Settings(database_url=url))
    migrate(engine)
    engine.dispose()
    shop, device = uuid.uuid4(), uuid.uuid4()
    tables = raw_rows(n_events, shop, device)
    sqlite_db = url.startswith("sqlite")
    mark = "?" if sqlite_db else "%s"
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None) if sqlite_db else psycopg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    if sqlite_db:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")  # the server's pragma

    def conv(row):
        if not sqlite_db:
            return row
        return tuple(v.hex if isinstance(v, uuid.UUID) else v.isoformat() if isinstance(v, datetime) else v for v in row)

    now = datetime.now(timezone.utc)
    conn.execute(f"INSERT INTO shops (id, code, name, created_at) VALUES ({mark}, 'RAW', 'raw', {mark})", conv((shop, now)))
    conn.execute(
        f"INSERT INTO devices (id, shop_id, till_no, name, token_hash, created_at) VALUES ({mark}, {mark}, 1, 't', 'x', {mark})",
        conv((device, shop, now)),
    )
    conn.commit()
    names = ["events", "sales", "sale_lines", "payments", "stock_movements"]
    per_event = [1, 1, LINES, 1, LINES]
    seq = 0
    start = time.perf_counter()
    for b in range(0, n_events, BATCH):
        cur = conn.cursor()
        if sqlite_db:
            cur.execute("BEGIN IMMEDIATE")
        ch = tables[5][b * LINES:(b + BATCH) * LINES]
        change_rows = [(seq + i + 1, s, k, p, datetime.now(timezone.utc)) for i, (s, k, p) in enumerate(ch)]
        if sqlite_db:
            for name, table, k in zip(names, tables, per_event):
                sql = RAW_SQL[name].format(", ".join([mark] * WIDTH[name]))
                cur.executemany(sql, [conv(r) for r in table[b * k:(b + BATCH) * k]])
            cur.executemany(
                "INSERT INTO change_log (seq, shop_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                [conv(r) for r in change_rows])
        else:  # PostgreSQL's own bulk path: COPY, row values adapted by psycopg
            for name, table, k in zip(names, tables, per_event):
                with cur.copy(f"COPY {name} ({COLUMNS[name]}) FROM STDIN") as copy:
                    copy.write(copy_text(table[b * k:(b + BATCH) * k]))
            with cur.copy("COPY change_log (seq, shop_id, kind, payload, created_at) FROM STDIN") as copy:
                copy.write(copy_text(change_rows))
        seq += len(ch)
        conn.commit() if not sqlite_db else cur.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return n_events / elapsed


def bench_snapshot(url: str, products: int) -> None:
    header = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    body = "".join(f"SKU{i:06d},Product number {i},Category {i % 40},each,900,{100 + i % 900},,,{50 + i % 400},\n" for i in range(products))
    engine = make_engine(Settings(database_url=url))
    migrate(engine)
    t0 = time.perf_counter()
    with session_scope(engine) as session:
        import_products(session, parse_catalog(header + body, "csv"), publish_now=True)
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    with engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT published FROM products ORDER BY sku").fetchall()
    t_raw = time.perf_counter() - t0
    engine.dispose()
    shop = testing.create_shop(url, "Snapshot shop")
    with testing.run_server(url) as base:
        token = testing.enroll(base, shop.enrollment_code).token
        with httpx.Client(base_url=base, headers=testing.protocol_headers(token), timeout=300) as c:
            c.get("/v1/sync/snapshot")  # warm
            times, size = [], 0
            for _ in range(3):
                t0 = time.perf_counter()
                r = c.get("/v1/sync/snapshot")
                times.append(time.perf_counter() - t0)
                size = len(r.content)
                assert r.status_code == 200 and len(r.json()["products"]) == products
    best = min(times)
    print(
        f"  snapshot {products:,} products: import+publish {t_import:.1f} s; GET /v1/sync/snapshot best of 3 "
        f"{best:.2f} s, {size / 1e6:.1f} MB; bare SELECT of the stored JSON {t_raw:.2f} s "
        f"(snapshot/SELECT = {best / t_raw:.1f}x); {len(raw):,} rows"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6, help="batches per till")
    parser.add_argument("--servers", type=int, default=2, help="server processes")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    kinds = [args.only] if args.only else ["sqlite", "postgres"]
    print(f"push: {TILLS} tills x {args.rounds} batches of {BATCH} sales ({LINES} lines each), {args.servers} server process(es)")
    for kind in kinds:
        with database(kind) as url:
            elapsed, accepted = bench_push(url, args.servers, args.rounds)
        rate = accepted / elapsed
        with database(kind) as url:
            raw = bench_raw(url, TILLS * BATCH * args.rounds)
        print(f"  {kind:<9} {rate:8,.0f} events/s through HTTP ({accepted:,} in {elapsed:.1f} s); "
              f"raw {'COPY' if kind == 'postgres' else 'inserts'} of the same rows {raw:8,.0f} events/s; "
              f"ratio {rate / raw:.2f}")
    for kind in kinds:
        with database(kind) as url:
            print(f"{kind}:")
            bench_snapshot(url, args.products)


if __name__ == "__main__":
    main()

"""Network simulation (a script, not a test): ``python tests/bench/sim_network.py``.

2,000 simulated shops with 2 tills each against 2-4 real server processes on one PostgreSQL
database, for a bounded few minutes of a compressed trading day:

- each till syncs every ``--sync-every`` seconds (default 30, as a till does): it pushes the
  sales rung up since its last sync (``sale.completed`` with 1-4 lines, now and then a
  replenishment ``order.placed``) in one batch, then pulls the feed until drained;
- sales arrive ``--compression`` times faster than in an average hour of a real day (a shop selling
  ``--sales-per-day`` 300 over a 12-hour day). The default, 3, is the load of the shops at their
  **peak hour** (3x an average hour): the load of 2,000 shops. ``--compression 30`` is a stress run
  (the sales of ~20,000 shops at their peak, with 2,000 shops' pulls);
- the platform publishes price changes (a catalog import of ``--price-changes`` products) and
  ships the open orders ``--publications-per-day`` times a trading day, compressed like the sales
  (default 36 a day: every 400 s at 3x, every 40 s at 30x), or every ``--publish-every`` seconds.
  The first publication comes at half the interval or half the run, whichever is sooner, so every
  run has at least one (its fan-out to every till is the spikiest moment of the load).

Printed: the load offered (requests/s, sales/s, from the parameters) beside what was answered.

Printed: sustained events/s, push and pull latency p50/p99, time backends spent waiting on locks
(pg_stat_activity sampled every 50 ms: wait events of type Lock, by event), the change log's
growth per simulated day, and, in the same run, a raw PostgreSQL baseline: the same rows written
with COPY (no HTTP, no validation, no projection).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from sync.server import testing  # noqa: E402
from tests.bench import rawhttp  # noqa: E402
from sync.server.catalog import import_products, parse_catalog  # noqa: E402
from sync.server.db import make_engine, migrate, session_scope  # noqa: E402
from sync.server.identity import hash_secret  # noqa: E402
from sync.server.settings import Settings  # noqa: E402
from tests.server import factories  # noqa: E402
from tests.server.factories import event, sale, uid  # noqa: E402

CSV_HEADER = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"


def pg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


# --------------------------------------------------------------------------- setup

def setup_network(url: str, shops: int, products: int) -> tuple[list[tuple[str, uuid.UUID]], str]:
    """Shops, two devices each (tokens known here), a published catalog, an admin token."""
    engine = make_engine(Settings(database_url=url))
    migrate(engine)
    with session_scope(engine) as session:
        rows = "".join(f"P{i:05d},Product {i},Cat {i % 30},each,900,{100 + i % 900},,,{50 + i % 400},\n" for i in range(products))
        import_products(session, parse_catalog(CSV_HEADER + rows, "csv"), publish_now=True)
    engine.dispose()
    now = datetime.now(timezone.utc)
    tills: list[tuple[str, uuid.UUID]] = []
    shop_rows, device_rows = [], []
    for s in range(shops):
        shop_id = uuid.uuid4()
        shop_rows.append((shop_id, f"N{s:05d}", f"Shop {s}", now))
        for t in (1, 2):
            token = f"sim-{s}-{t}-{uuid.uuid4().hex}"
            device_rows.append((uuid.uuid4(), shop_id, t, f"till {t}", hash_secret(token), now))
            tills.append((token, shop_id))
    with psycopg.connect(pg_dsn(url)) as conn:
        with conn.cursor().copy("COPY shops (id, code, name, created_at) FROM STDIN") as cp:
            for r in shop_rows:
                cp.write_row(r)
        with conn.cursor().copy("COPY devices (id, shop_id, till_no, name, token_hash, created_at) FROM STDIN") as cp:
            for r in device_rows:
                cp.write_row(r)
    admin = testing.create_admin_token(url)
    return tills, admin


def start_servers(url: str, n: int, stack: ExitStack, pool: int = 12, overflow: int = 4) -> list[testing.ServerProcess]:
    env = {
        "CORNER_RATE_LIMIT_PER_MINUTE": "100000", "CORNER_RATE_LIMIT_BURST": "100000",
        "CORNER_LOG_LEVEL": "warning", "CORNER_DB_POOL_SIZE": str(pool), "CORNER_DB_MAX_OVERFLOW": str(overflow),
    }
    procs = [stack.enter_context(testing.ServerProcess(url, env=env)) for _ in range(n)]
    for p in procs:
        p.wait_ready(timeout=120)
    return procs


# --------------------------------------------------------------------------- lock sampling

class LockSampler(threading.Thread):
    """Samples pg_stat_activity every ``interval`` s: backends waiting on a lock, by wait event."""

    def __init__(self, url: str, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.dsn = pg_dsn(url)
        self.interval = interval
        self.stop_event = threading.Event()
        self.samples = 0
        self.waiting: Counter[str] = Counter()  # wait event -> backend-samples
        self.active = 0  # backend-samples of active backends (for the share)

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop_event.wait(self.interval):
                rows = conn.execute(
                    "SELECT wait_event_type, wait_event FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                self.active += len(rows)
                for kind, name in rows:
                    if kind == "Lock":
                        self.waiting[f"Lock:{name}"] += 1
                    elif kind == "LWLock":
                        self.waiting[f"LWLock:{name}"] += 1

    def seconds(self, key_prefix: str = "Lock:") -> float:
        return sum(n for k, n in self.waiting.items() if k.startswith(key_prefix)) * self.interval


# --------------------------------------------------------------------------- the tills

class Stats:
    def __init__(self) -> None:
        self.push_ms: list[float] = []
        self.push_at: list[float] = []  # when each push in push_ms was answered (monotonic s)
        self.pull_ms: list[float] = []
        self.events = 0
        self.sales = 0
        self.lines = 0
        self.orders = 0
        self.pulled_changes = 0
        self.errors: Counter[str] = Counter()
        self.pushes = 0
        self.pulls = 0
        self.gate_ms: list[float] = []  # waits for a free simulator connection (before a pull)
        self.push_total_ms: list[float] = []  # a push's wait for a connection + its latency
        self.platform_ms: dict[str, list[float]] = {"publication": [], "shipment": []}  # the platform's requests


async def till_loop(i: int, token: str, client: rawhttp.Client, gate: asyncio.Semaphore, args, stats: Stats,
                    t_end: float, rng: random.Random, products: int, snapshot_cursor: int,
                    product_ids: dict[str, str]) -> None:
    """One till. ``gate`` lets at most as many requests go to the HTTP client as it has connections:
    httpx's pool scans every waiting request whenever a connection frees up, and thousands of
    waiting tills made the simulator itself the bottleneck. Latencies are timed from the moment a
    connection is free (the time a till waited for one of the simulator's connections is printed
    apart: when it is large, the simulator did not offer the load)."""
    headers = testing.protocol_headers(token) | {"Content-Type": "application/json"}
    rate = args.sales_per_day / 2 / (args.day_hours * 3600) * args.compression  # sales/s of this till
    cursor = snapshot_cursor
    last = time.monotonic()  # sales are rung up from the start; the first sync pushes them
    await asyncio.sleep(rng.random() * args.sync_every)  # tills do not sync in step
    while True:
        now = time.monotonic()
        if now >= t_end:
            return
        # The sales rung up since the last sync (Poisson), pushed as one batch.
        n = _poisson(rng, rate * (now - last))
        last = now
        events = []
        for _ in range(n):
            s = sale(lines=rng.randint(1, 4))
            for k, line in enumerate(s["lines"]):
                line["sku"] = s["movements"][k]["sku"] = f"P{rng.randrange(products):05d}"
            events.append(event("sale.completed", s))
            stats.lines += len(s["lines"])
        if rng.random() < args.order_chance:
            sku = f"P{rng.randrange(products):05d}"
            events.append(event("order.placed", {"id": uid(), "created_at": s["created_at"] if n else
                                                 datetime.now(timezone.utc).isoformat(),
                                                 "lines": [{"product_id": product_ids[sku], "sku": sku, "qty": 12}]}))
            stats.orders += 1
        if events:
            body = json.dumps({"events": events}).encode()
            try:
                w0 = time.perf_counter()
                async with gate:  # a free connection
                    t0 = time.perf_counter()
                    r = await client.post("/v1/sync/push", content=body, headers=headers)
                    ms = (time.perf_counter() - t0) * 1000
                if r.status_code == 200:
                    quarantined = r.content.count(b'"quarantined"')
                    if quarantined:
                        stats.errors["events quarantined"] += quarantined
                    stats.push_ms.append(ms)
                    stats.push_at.append(time.monotonic())
                    stats.push_total_ms.append(ms + (t0 - w0) * 1000)
                    stats.events += len(events)
                    stats.sales += n
                    stats.pushes += 1
                else:
                    stats.errors[f"push {r.status_code}"] += 1
            except rawhttp.HTTPError as exc:
                stats.errors[f"push {str(exc).split(': ')[-1]}"] += 1
        # Pull until drained.
        while True:
            try:
                w0 = time.perf_counter()
                async with gate:
                    t0 = time.perf_counter()
                    stats.gate_ms.append((t0 - w0) * 1000)
                    r = await client.get("/v1/sync/pull", params={"after": cursor, "limit": 1000}, headers=headers)
                    ms = (time.perf_counter() - t0) * 1000
            except rawhttp.HTTPError as exc:
                stats.errors[f"pull {str(exc).split(': ')[-1]}"] += 1
                break
            if r.status_code != 200:
                stats.errors[f"pull {r.status_code}"] += 1
                break
            stats.pull_ms.append(ms)
            stats.pulls += 1
            # Not parsed in full: one process simulates thousands of tills, and json.loads of every
            # page made the simulated tills the bottleneck. The page ends '"cursor":N,"more":B}'.
            body = r.content
            stats.pulled_changes += body.count(b'"seq":')
            tail = body[body.rindex(b'"cursor":') + 9:]
            cursor = int(tail[:tail.index(b",")])
            if not tail.rstrip().endswith(b"true}"):
                break
        await asyncio.sleep(max(0.0, min(args.sync_every - (time.monotonic() - now), t_end - time.monotonic())))


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth; lam is small here (a few sales a sync)
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(rng.gauss(lam, lam ** 0.5)))
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


async def platform_loop(base: str, admin: str, args, t_end: float, rng: random.Random, products: int,
                        counts: Counter, timings: dict[str, list[float]]) -> None:
    headers = {"Authorization": f"Bearer {admin}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as c:
        wait = min(args.publish_every / 2, args.duration / 2)
        while time.monotonic() + wait < t_end:
            await asyncio.sleep(wait)
            wait = args.publish_every
            skus = rng.sample(range(products), args.price_changes)
            rows = "".join(f"P{i:05d},Product {i},Cat {i % 30},each,900,{100 + rng.randrange(900)},,,{50 + i % 400},\n" for i in skus)
            try:
                t0 = time.perf_counter()
                r = await c.post("/admin/catalog/import", json={"format": "csv", "content": CSV_HEADER + rows, "publish": True})
                timings["publication"].append((time.perf_counter() - t0) * 1000)
                counts["price publications" if r.status_code == 200 else f"publish {r.status_code}"] += 1
                open_orders = (await c.get("/admin/orders", params={"status": "placed", "limit": 500})).json()
                for order in open_orders:
                    t0 = time.perf_counter()
                    r = await c.post(f"/admin/orders/{order['id']}/ship")
                    timings["shipment"].append((time.perf_counter() - t0) * 1000)
                    counts["shipments" if r.status_code == 201 else f"ship {r.status_code}"] += 1
            except httpx.HTTPError as exc:
                counts[f"platform {type(exc).__name__}"] += 1


async def run_load(servers: list[testing.ServerProcess], tills: list[tuple[str, uuid.UUID]], admin: str, args,
                   products: int, snapshot_cursor: int, product_ids: dict[str, str],
                   platform_base: str) -> tuple[Stats, Counter, float]:
    stats = Stats()
    counts: Counter = Counter()
    # Several small clients per server, each with its own connections (tests/bench/rawhttp.py: a lean
    # client, so that the simulated tills leave the two cores to the servers they measure).
    per_client = 8
    clients, gates = [], []
    for _ in range(max(1, args.connections // per_client)):
        for s in servers:
            clients.append(rawhttp.Client(s.base_url, connections=per_client, timeout=120))
            gates.append(asyncio.Semaphore(per_client))
    rng = random.Random(18)
    t_start = time.monotonic()
    t_end = t_start + args.duration
    try:
        tasks = [
            till_loop(i, token, clients[i % len(clients)], gates[i % len(clients)], args, stats, t_end,
                      random.Random(rng.random()), products, snapshot_cursor, product_ids)
            for i, (token, _) in enumerate(tills)
        ]
        tasks.append(platform_loop(platform_base, admin, args, t_end, rng, products, counts, stats.platform_ms))
        await asyncio.gather(*tasks)
    finally:
        for c in clients:
            await c.aclose()
    return stats, counts, time.monotonic() - t_start


# --------------------------------------------------------------------------- raw baseline

def raw_copy(url: str, sales: int, lines: int) -> float:
    """The rows the run's sales made (events, sales, lines, payments, movements, change-log rows),
    written with COPY into a fresh database, in batches of 500 sales a transaction; seconds."""
    with testing.postgres_database() as raw_url:
        engine = make_engine(Settings(database_url=raw_url))
        migrate(engine)
        engine.dispose()
        shop, device = uuid.uuid4(), uuid.uuid4()
        now = datetime.now(timezone.utc)
        per_sale = max(1, round(lines / max(sales, 1)))
        with psycopg.connect(pg_dsn(raw_url)) as conn:
            conn.execute("INSERT INTO shops (id, code, name, created_at) VALUES (%s, 'RAW', 'raw', %s)", (shop, now))
            conn.execute("INSERT INTO devices (id, shop_id, till_no, name, token_hash, created_at) VALUES (%s, %s, 1, 't', 'x', %s)",
                         (device, shop, now))
            conn.commit()
            batches = []
            for b in range(0, sales, 500):
                rows = {k: [] for k in ("events", "sales", "sale_lines", "payments", "stock_movements", "change_log")}
                for _ in range(min(500, sales - b)):
                    e = event("sale.completed", sale(lines=per_sale))
                    s = e["payload"]
                    eid, sid = uuid.UUID(e["id"]), uuid.UUID(s["id"])
                    rows["events"].append((eid, shop, device, e["kind"], now, now, "accepted", json.dumps(s)))
                    rows["sales"].append((sid, shop, device, eid, s["receipt_no"], s["receipt_token"], now, uuid.UUID(s["staff_id"]),
                                          s["staff_name"], s["subtotal"], s["discount"], 0, s["total"], s["tax"], s["loyalty_points"]))
                    for ln in s["lines"]:
                        rows["sale_lines"].append((uuid.UUID(ln["id"]), sid, shop, ln["line_no"], uuid.UUID(ln["product_id"]), ln["sku"],
                                                   ln["name"], False, ln["qty"], ln["unit"], ln["unit_price"], ln["discount"], ln["total"],
                                                   ln["vat_rate_bp"], ln["tax"], ln["unit_cost"]))
                    for p in s["payments"]:
                        rows["payments"].append((uuid.UUID(p["id"]), shop, sid, p["method"], p["amount"], p["tendered"], p["change"]))
                    for m in s["movements"]:
                        rows["stock_movements"].append((uuid.UUID(m["id"]), shop, device, eid, uuid.UUID(m["product_id"]), m["sku"],
                                                        m["kind"], m["qty"], now))
                        rows["change_log"].append((shop, "stock.movement", json.dumps(m), now))
                batches.append(rows)
            cols = {
                "events": "id, shop_id, device_id, kind, created_at, received_at, status, payload",
                "sales": "id, shop_id, device_id, event_id, receipt_no, receipt_token, created_at, staff_id, staff_name, subtotal, discount, rounding, total, tax, loyalty_points",
                "sale_lines": "id, sale_id, shop_id, line_no, product_id, sku, name, is_local, qty, unit, unit_price, discount, total, vat_rate_bp, tax, unit_cost",
                "payments": "id, shop_id, sale_id, method, amount, tendered, change",
                "stock_movements": "id, shop_id, device_id, event_id, product_id, sku, kind, qty, created_at",
            }
            seq = 0
            t0 = time.perf_counter()
            for rows in batches:
                with conn.cursor() as cur:
                    for table, columns in cols.items():
                        with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as cp:
                            for r in rows[table]:
                                cp.write_row(r)
                    with cur.copy("COPY change_log (seq, shop_id, kind, payload, created_at) FROM STDIN") as cp:
                        for r in rows["change_log"]:
                            seq += 1
                            cp.write_row((seq, *r))
                conn.commit()
            return time.perf_counter() - t0


# --------------------------------------------------------------------------- main

def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc)."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def feed_figures(url: str) -> tuple[int, int]:
    with psycopg.connect(pg_dsn(url)) as conn:
        rows = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
        size = conn.execute("SELECT pg_total_relation_size('change_log')").fetchone()[0]
    return rows, size


def offered_load(args) -> dict[str, float]:
    """What the parameters offer a second: sales, sync pulls (one a till a sync; drained pages come on
    top), pushes (a sync that has a sale or an order to send)."""
    tills = args.shops * 2
    sales = args.shops * args.sales_per_day / (args.day_hours * 3600) * args.compression
    per_sync = sales / tills * args.sync_every  # a till's mean sales between two syncs
    with_something = 1 - math.exp(-per_sync) * (1 - args.order_chance)
    return {"sales": sales, "pulls": tills / args.sync_every, "pushes": tills / args.sync_every * with_something}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shops", type=int, default=2000)
    ap.add_argument("--servers", type=int, default=2, help="server processes (2-4)")
    ap.add_argument("--duration", type=float, default=150, help="seconds of load (default 150)")
    ap.add_argument("--sync-every", type=float, default=30, help="seconds between a till's syncs (default 30)")
    ap.add_argument("--compression", type=float, default=3,
                    help="sales arrive this many times faster than in an average hour (default 3: the peak hour; 30: stress)")
    ap.add_argument("--sales-per-day", type=int, default=300, help="sales per shop per trading day")
    ap.add_argument("--day-hours", type=float, default=12)
    ap.add_argument("--order-chance", type=float, default=0.02, help="chance a sync carries a replenishment order")
    ap.add_argument("--publications-per-day", type=float, default=36,
                    help="price publications (and shipping rounds) per trading day, compressed like the sales")
    ap.add_argument("--publish-every", type=float, default=None,
                    help="seconds between price publications and shipping (default: from --publications-per-day)")
    ap.add_argument("--price-changes", type=int, default=200, help="products whose price changes per publication")
    ap.add_argument("--products", type=int, default=5000)
    ap.add_argument("--connections", type=int, default=48, help="HTTP connections per server process")
    ap.add_argument("--platform-server", action="store_true",
                    help="the platform's publications and shipments go to a server process of their own")
    ap.add_argument("--db-pool", type=int, default=12, help="database sessions at once per server process (pool)")
    ap.add_argument("--db-overflow", type=int, default=4, help="... and beyond the pool (overflow)")
    ap.add_argument("--ids", choices=["uuid7", "uuid4"], default="uuid7",
                    help="the tills' ids: time-ordered as real tills make them (default), or random (sessions 5-6)")
    args = ap.parse_args(argv)
    if args.ids == "uuid7":
        factories.time_ordered_ids()
    if args.publish_every is None:
        args.publish_every = args.day_hours * 3600 / args.publications_per_day / args.compression

    print(f"network simulation: {args.shops} shops x 2 tills, {args.servers} server processes, {args.duration:.0f} s, "
          f"sync every {args.sync_every:g} s, sales x{args.compression:g} ({args.sales_per_day}/shop/day over {args.day_hours:g} h), "
          f"{args.db_pool}+{args.db_overflow} database sessions a process"
          f"{', the platform on a process of its own' if args.platform_server else ''}, ids {args.ids}")
    offered = offered_load(args)
    print(f"  load offered: {offered['sales']:,.1f} sales/s ({'the peak hour' if args.compression == 3 else f'{args.compression / 3:g}x the peak hour'} "
          f"of {args.shops:,} shops), {offered['pulls']:,.0f} sync pulls/s + ~{offered['pushes']:,.0f} pushes/s "
          f"= ~{offered['pulls'] + offered['pushes']:,.0f} requests/s before the pages a publication adds; "
          f"a publication of {args.price_changes} prices every {args.publish_every:.0f} s (first at "
          f"{min(args.publish_every / 2, args.duration / 2):.0f} s)")
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with testing.postgres_database() as url, ExitStack() as stack:
        t0 = time.perf_counter()
        tills, admin = setup_network(url, args.shops, args.products)
        servers = start_servers(url, args.servers, stack, args.db_pool, args.db_overflow)
        # The platform's own requests (publications, shipments): to a process of their own when asked
        # (docs/operations.md: the central team's work apart from the tills'), else to the first.
        platform = start_servers(url, 1, stack, args.db_pool, args.db_overflow)[0] if args.platform_server else servers[0]
        with psycopg.connect(pg_dsn(url)) as conn:
            snapshot_cursor = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
            product_ids = {sku: str(pid) for pid, sku in conn.execute("SELECT id, sku FROM products")}
        print(f"  setup {time.perf_counter() - t0:.1f} s ({len(tills)} tills, {args.products} products)")
        rows0, size0 = feed_figures(url)
        sampler = LockSampler(url)
        sampler.start()
        cpu0 = time.process_time()
        server_pids = [p.proc.pid for p in {*servers, platform}]
        server_cpu0 = cpu_seconds(server_pids)
        load_started = time.monotonic()
        stats, counts, elapsed = asyncio.run(run_load(servers, tills, admin, args, args.products, snapshot_cursor,
                                                      product_ids, platform.base_url))
        client_cpu = time.process_time() - cpu0
        server_cpu = cpu_seconds(server_pids) - server_cpu0
        sampler.stop_event.set()
        sampler.join()
        load_after = os.getloadavg()
        rows1, size1 = feed_figures(url)

    simulated_day_share = args.duration * args.compression / (args.day_hours * 3600)
    print(f"  pushes {stats.pushes:,} ({stats.events:,} events: {stats.sales:,} sales with {stats.lines:,} lines, "
          f"{stats.orders} orders), pulls {stats.pulls:,} ({stats.pulled_changes:,} changes), "
          f"platform: {dict(counts)}")
    if stats.errors:
        print(f"  errors: {dict(stats.errors)}")
    for what, times in stats.platform_ms.items():
        if times:
            print(f"  the platform's {what} requests: {len(times)}, p50 {percentile(times, 50):.0f} ms, "
                  f"max {max(times):.0f} ms (answered by {'its own server process' if args.platform_server else 'the first server process'})")
    print(f"  answered: {stats.events / elapsed:,.1f} events/s, {stats.sales / elapsed:,.1f} sales/s "
          f"(offered {offered['sales']:,.1f}), {stats.pushes / elapsed:,.1f} pushes/s + {stats.pulls / elapsed:,.1f} pulls/s "
          f"= {(stats.pushes + stats.pulls) / elapsed:,.1f} requests/s over {elapsed:.0f} s "
          f"(the run was {args.duration:.0f} s: a longer one means requests queued; sales rung up after a till's last sync are not pushed)")
    requests = stats.pushes + stats.pulls
    print(f"  server processes' CPU: {server_cpu:.0f} s = {server_cpu * 1000 / max(requests, 1):.1f} ms a request "
          f"({server_cpu / elapsed * 100:.0f}% of a core)")
    print(f"  push latency p50 {percentile(stats.push_ms, 50):.0f} ms, p99 {percentile(stats.push_ms, 99):.0f} ms "
          f"(mean batch {stats.events / max(stats.pushes, 1):.1f} events); "
          f"pull p50 {percentile(stats.pull_ms, 50):.0f} ms, p99 {percentile(stats.pull_ms, 99):.0f} ms")
    windows: dict[int, list[float]] = {}
    for at, ms in zip(stats.push_at, stats.push_ms):
        windows.setdefault(int((at - load_started) // 30), []).append(ms)
    print("  push p50/p99 by 30 s of the run: " + ", ".join(
        f"{w * 30}-{w * 30 + 30} s {percentile(v, 50):.0f}/{percentile(v, 99):.0f} ms" for w, v in sorted(windows.items())))
    print(f"  a till's wait for a free simulator connection before a pull: p50 {percentile(stats.gate_ms, 50):.0f} ms, "
          f"p99 {percentile(stats.gate_ms, 99):.0f} ms ({args.connections} connections a server process); "
          f"push with that wait: p50 {percentile(stats.push_total_ms, 50):.0f} ms, p99 {percentile(stats.push_total_ms, 99):.0f} ms")
    waits = ", ".join(f"{k} {n * sampler.interval:.1f} s" for k, n in sampler.waiting.most_common(6)) or "none"
    busy = sampler.active * sampler.interval
    print(f"  waiting on locks (backend-seconds, sampled every {sampler.interval * 1000:.0f} ms): "
          f"heavyweight {sampler.seconds('Lock:'):.1f} s, of {busy:.1f} s active; by event: {waits}")
    print(f"  advisory-lock waits (the old network-wide feed lock would show here): {sampler.seconds('Lock:advisory'):.1f} s")
    growth = rows1 - rows0
    print(f"  change log: +{growth:,} rows, +{(size1 - size0) / 1e6:.1f} MB in {simulated_day_share:.2f} of a trading day "
          f"-> {growth / simulated_day_share:,.0f} rows and {(size1 - size0) / 1e6 / simulated_day_share:,.0f} MB per simulated day "
          f"({args.shops} shops)")
    if stats.sales:
        copied = max(stats.sales, 5000)  # enough rows for a rate at the peak hour's few sales too
        raw = raw_copy(url, copied, round(stats.lines * copied / stats.sales))
        print(f"  raw PostgreSQL baseline (COPY of {copied:,} sales' rows like the run's, 500 a transaction): {raw:.1f} s, "
              f"{copied / raw:,.0f} sales/s; the network's sales arrived at {stats.sales / elapsed:,.1f}/s "
              f"({stats.sales / elapsed / (copied / raw) * 100:.1f}% of what raw COPY can write)")
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in load_after)}; the simulated tills' own CPU: "
          f"{client_cpu:.0f} s ({client_cpu / elapsed * 100:.0f}% of a core) on the same 2 cores")
    target = percentile(stats.push_ms, 99) < 200
    whole = percentile(stats.push_total_ms, 99) < 200
    print(f"  target p99 push < 200 ms: {'met' if target else 'MISSED'} "
          f"(with the wait for a simulator connection: {'met' if whole else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

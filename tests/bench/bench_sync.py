"""Benchmark of sync end to end with a real server on loopback (a script, not a test).

(a) Push: N queued three-line sales pushed by the client (batches of up to 1,000) to a corner-server on
    SQLite with two processes, one a core of this box (``--workers 2``: a till then has two
    batches in flight, docs/sync.md; ``--workers 1``: one at a time), in sales per second, next to
    a baseline measured in the same run: the very rows that push wrote into the server's database,
    inserted again with plain sqlite3 into a copy of that database as it was before the push, in
    as many transactions as the push had batches, with the server's pragmas (WAL,
    synchronous=FULL). Also printed: the CPU seconds the server (all its processes) and the till
    spent during the push, and the load average before it.
(b) Initial sync of a P-product catalog: seconds from an enrolled, empty till to a ready one
    (snapshot fetched + applied + pull drained + a search answered), next to fetching the same
    snapshot bytes with a bare ``requests.get``. Prints the client process's CPU for it and the load
    average before and after (the wall time on a loaded 2-core machine is mostly waiting for a core).

    .venv/bin/python tests/bench/bench_sync.py [--sales 10000] [--products 100000] [--only push|snapshot]
        [--profile push|snapshot|server]   (server: the server process under cProfile during the push)
        [--py-spy FILE]   (the server's processes sampled by py-spy during the push only; FILE.txt: raw stacks)
        [--workers 2]

The till lives on tmpfs when the machine has one, so making the queued sales (through the facade,
one durable transaction each) takes a minute rather than several; that part is not measured.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CORNER_LOG_LEVEL", "WARNING")

import keyring  # noqa: E402
import requests  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

from app import syncing  # noqa: E402
from app.core.barcodes import with_check_digit  # noqa: E402
from app.core.sales import Tender  # noqa: E402
from app.core.syncport import TillSyncPort  # noqa: E402
from app.core.till import Till  # noqa: E402
from sync.client import RoundResult  # noqa: E402
from sync.server import catalog, testing  # noqa: E402
from sync.server.db import AUTOCHECKPOINT_PAGES, make_engine, session_scope  # noqa: E402
from sync.server.settings import Settings  # noqa: E402
from tests.sync.platform import Platform  # noqa: E402

NO_RATE_LIMIT = {"CORNER_RATE_LIMIT_PER_MINUTE": "1000000", "CORNER_RATE_LIMIT_BURST": "100000"}


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@contextmanager
def scratch():
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="corner-bench-") as disk, \
            tempfile.TemporaryDirectory(dir=base, prefix="corner-bench-") as fast:
        yield Path(disk), Path(fast)


class ProfiledServer(testing.ServerProcess):
    """The server under cProfile (tests/bench/profiled_server.py); its profile is printed on stop."""

    def __init__(self, database_url: str, out: Path, **kwargs) -> None:
        super().__init__(database_url, env={**kwargs.pop("env", {}), "CORNER_PROFILE_OUT": str(out)}, **kwargs)
        self.out = out

    def start(self) -> "ProfiledServer":
        cmd = [sys.executable, str(ROOT / "tests" / "bench" / "profiled_server.py"), "run", "--host", "127.0.0.1",
               "--port", str(self.port), "--database-url", self.database_url]
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(120)  # writing the profile takes a moment
        if self.out.exists():
            print(self.out.read_text())
        elif self.proc is not None and self.proc.stderr is not None:
            print("no server profile:", self.proc.stderr.read().decode(errors="replace")[-3000:])
        super().stop()


@contextmanager
def platform_on(db: Path, shop: testing.ShopInfo | None = None, profile_server: bool = False, workers: int = 1):
    url = f"sqlite:///{db}"
    shop = shop or testing.create_shop(url, "Bench shop", "BENCH")
    admin = testing.create_admin_token(url)
    if profile_server:
        server = ProfiledServer(url, db.parent / "server-profile.txt", env=NO_RATE_LIMIT).start()
    else:
        server = testing.ServerProcess(url, env=NO_RATE_LIMIT, workers=workers).start()
    try:
        server.wait_ready()
        yield Platform(database_url=url, server=server, shop=shop, admin_token=admin)
    finally:
        server.stop()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds so far of a process and the processes it started (its server
    workers; Linux /proc), None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return own + sum(cpu_seconds(child) or 0.0 for child in children)


def start_py_spy(pid: int, out: str) -> subprocess.Popen:
    """py-spy sampling ``pid`` (every thread, GIL holders only) into ``out`` until sent SIGINT."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    fmt = ["--format", "raw"] if out.endswith(".txt") else []
    spy = subprocess.Popen([exe, "record", "--subprocesses", "-p", str(pid), "-o", out, "-r", "500", *(["--gil"] if os.environ.get("SPY_GIL", "1") == "1" else []), *fmt],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)  # attached before the clock starts
    return spy


def max_rowids(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%WITHOUT ROWID%'")]
        return {t: conn.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def raw_insert_baseline(before: Path, after: Path, marks: dict[str, int], transactions: int,
                        checkpoint_pages: int | None = None) -> tuple[float, int]:
    """Insert the rows the push added (in ``after``) into ``before`` with plain sqlite3; seconds, rows.

    WAL, ``synchronous=FULL`` and foreign keys, as the server; SQLite's own automatic checkpoint
    (every 1,000 pages, inside a commit), as a plain sqlite3 program has. The server instead
    checkpoints on a background thread of its own process while the push runs, so the same
    copying is done on both sides. ``checkpoint_pages`` (the server's 20,000) leaves it out of the
    baseline: printed beside it, never used for the ratio."""
    src = sqlite3.connect(after)
    new_rows: dict[str, tuple[list[str], list[tuple]]] = {}
    for table, mark in marks.items():
        cur = src.execute(f'SELECT * FROM "{table}" WHERE rowid > ?', (mark,))
        rows = cur.fetchall()
        if rows:
            new_rows[table] = ([d[0] for d in cur.description], rows)
    src.close()
    dst = sqlite3.connect(before, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    dst.execute("PRAGMA foreign_keys=ON")
    if checkpoint_pages is not None:
        dst.execute(f"PRAGMA wal_autocheckpoint={checkpoint_pages}")
    order = list(marks)  # creation order in sqlite_master: parents before children
    count = sum(len(rows) for _, rows in new_rows.values())
    t0 = time.perf_counter()
    for part in range(transactions):
        dst.execute("BEGIN IMMEDIATE")
        for table in order:
            if table not in new_rows:
                continue
            columns, rows = new_rows[table]
            size = -(-len(rows) // transactions)
            chunk = rows[part * size:(part + 1) * size]
            if chunk:
                cols = ",".join(f'"{c}"' for c in columns)
                dst.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({",".join("?" * len(columns))})', chunk)
        dst.execute("COMMIT")
    seconds = time.perf_counter() - t0
    dst.close()
    return seconds, count


def bench_push(n_sales: int, profile: bool, profile_server: bool = False, py_spy: str | None = None,
               workers: int = 2) -> None:
    with scratch() as (disk, fast), \
            platform_on(disk / "server.sqlite3", profile_server=profile_server, workers=workers) as platform:
        platform.publish_demo_catalog()
        till = platform.new_till(fast / "till")
        syncing.sync_once(till)  # opening stock and customers out of the way
        rng = random.Random(1)
        skus = [f"P{i:04d}" for i in range(1, 50)]
        t0 = time.perf_counter()
        for _ in range(n_sales):
            cart = till.new_cart()
            for sku in rng.sample(skus, 3):
                till.add_to_cart(cart, sku, rng.randint(1, 3))
            till.pay(cart, [Tender("cash", 100000)])
        making = time.perf_counter() - t0
        waiting = till.pending_events()
        print(f"(a) push: {n_sales} three-line sales queued through the facade in {making:.1f} s "
              f"({waiting} events waiting)")

        db = disk / "server.sqlite3"
        sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        marks = max_rowids(db)
        before = disk / "before.sqlite3"
        with sqlite3.connect(db) as src, sqlite3.connect(before) as dst:
            src.backup(dst)

        client, port, result = syncing.client_for(till), TillSyncPort(till), RoundResult()
        profiler = cProfile.Profile() if profile else None
        server_cpu0, till_cpu0 = cpu_seconds(platform.server.proc.pid), time.process_time()
        spy = start_py_spy(platform.server.proc.pid, py_spy) if py_spy else None
        load = os.getloadavg()
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        client.push_all(port, result)
        if profiler:
            profiler.disable()
        pushed_in = time.perf_counter() - t0
        if spy is not None:
            spy.send_signal(2)
            spy.wait(timeout=60)
        server_cpu1, till_cpu = cpu_seconds(platform.server.proc.pid), time.process_time() - till_cpu0
        assert till.pending_events() == 0 and result.pushed == waiting, (result, till.pending_events())
        assert platform.sales()["count"] == n_sales
        batches = -(-waiting // client.batch_limit)
        before_quiet = disk / "before-no-checkpoint.sqlite3"
        with sqlite3.connect(before) as src, sqlite3.connect(before_quiet) as dst:
            src.backup(dst)
        base_s, rows = raw_insert_baseline(before, db, marks, batches)
        quiet_s, _ = raw_insert_baseline(before_quiet, db, marks, batches, checkpoint_pages=AUTOCHECKPOINT_PAGES)
        rate, base_rate = n_sales / pushed_in, n_sales / base_s
        print(f"    pushed end to end in {pushed_in:.2f} s = {rate:,.0f} sales/s ({batches} batches of up to "
              f"{client.batch_limit}; server of {workers} process{'es' if workers > 1 else ''}, "
              f"{client.push_lanes} batch{'es' if client.push_lanes > 1 else ''} in flight)")
        print(f"    baseline: the same {rows:,} rows inserted with plain sqlite3 in {batches} transactions: "
              f"{base_s:.2f} s = {base_rate:,.0f} sales/s")
        print(f"    (not the baseline: the same inserts with no checkpoint in them, the server's wal_autocheckpoint="
              f"{AUTOCHECKPOINT_PAGES:,}: {quiet_s:.2f} s = {n_sales / quiet_s:,.0f} sales/s, ratio "
              f"{rate / (n_sales / quiet_s):.2f})")
        print(f"    ratio push/baseline: {rate / base_rate:.2f}  (target: >= 0.5)   load before the push: "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        if server_cpu0 is not None and server_cpu1 is not None:
            server_cpu = server_cpu1 - server_cpu0
            print(f"    CPU during the push: server {server_cpu:.2f} s ({server_cpu / n_sales * 1e6:.0f} us a sale), "
                  f"till process {till_cpu:.2f} s ({till_cpu / n_sales * 1e6:.0f} us a sale)")
        till.close()
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def import_products(database_url: str, n: int) -> None:
    items = [
        catalog.ProductInput(
            line=i + 2, sku=f"B{i:06d}", name=f"Bench product {i:06d}", category=f"Aisle {i % 40}", unit="each",
            vat_rate_bp=700 if i % 3 else 2000, price=100 + i % 900, min_price=None, max_price=None, cost=50,
            barcodes=[with_check_digit(f"77{i:010d}")],
        )
        for i in range(n)
    ]
    engine = make_engine(Settings(database_url=database_url))
    with session_scope(engine) as session:
        catalog.import_products(session, items, publish_now=True)
    engine.dispose()


def bench_snapshot(n_products: int, profile: bool) -> None:
    with scratch() as (disk, fast):
        url = f"sqlite:///{disk / 'server.sqlite3'}"
        shop = testing.create_shop(url, "Bench shop", "BENCH")  # migrates
        t0 = time.perf_counter()
        import_products(url, n_products)
        print(f"(b) initial sync: {n_products:,} products imported and published on the server in "
              f"{time.perf_counter() - t0:.1f} s (not measured below)")
        with platform_on(disk / "server.sqlite3", shop) as platform:
            till = Till(fast / "till")
            syncing.enroll(till, platform.url, shop.enrollment_code, "bench-till")
            client = syncing.client_for(till)
            snap_url = platform.url + "/v1/sync/snapshot"
            requests.get(snap_url, headers=dict(client.http.headers), timeout=120).raise_for_status()  # warm-up

            profiler = cProfile.Profile() if profile else None
            load_before = _load()
            t0, c0 = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            result = syncing.sync_once(till)
            found = till.search(f"Bench product {n_products - 1:06d}")
            if profiler:
                profiler.disable()
            ready, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert result["snapshot_products"] == n_products and found, (result, len(found))
            assert till.status()["products"] == n_products

            t0 = time.perf_counter()
            body = requests.get(snap_url, headers=dict(client.http.headers), timeout=120).content
            bare = time.perf_counter() - t0
            print(f"    till ready (snapshot fetched + applied + pull + a search answered) in {ready:.2f} s, "
                  f"CPU {cpu:.2f} s in this process (target <= 5 s); load before {load_before}, after "
                  f"{_load()}")
            print(f"    baseline: the same {len(body) / 1e6:.1f} MB snapshot with a bare requests.get: {bare:.2f} s")
            print(f"    ratio ready/bare fetch: {ready / bare:.1f}")
            till.close()
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--only", choices=["push", "snapshot"])
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes for the push (corner-server run --workers; default 2, one a core: "
                             "a till then has two batches in flight)")
    parser.add_argument("--py-spy", dest="py_spy", help="sample the server with py-spy during the push into this file")
    parser.add_argument("--profile", choices=["push", "snapshot", "server"],
                        help="cProfile the client side of one part, or the server process during the push")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    print(f"bench_sync on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if args.only in (None, "push"):
        bench_push(args.sales, args.profile == "push", args.profile == "server", args.py_spy, args.workers)
    if args.only in (None, "snapshot"):
        bench_snapshot(args.products, args.profile == "snapshot")


if __name__ == "__main__":
    main()

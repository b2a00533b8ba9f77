"""WAL a request writes on PostgreSQL (a script, not a test): ``python tests/bench/bench_wal.py``.

One real server process on a fresh database; a network of shops x 2 tills (``setup_network`` of the
network simulation); the lean client sends, one request at a time (so every commit is its own WAL
flush and the counts do not depend on timing):

1. pushes of 1-5 sales (1-4 lines each, as the simulation's tills send), each from another shop's
   first till,
2. the same again from those shops' second tills (a second round: most pages the first round touched
   already have their image in the WAL since the checkpoint: what a push writes once warm),
3. pulls that find nothing new (the cursor at the feed's head: most of a network's requests),

on a database that holds ``--prefill`` sales a shop already (every shop's index pages of its own,
as after months of trading), with a ``CHECKPOINT`` before phases 1 and 3 (the first change of a page after a checkpoint writes
the whole page to the WAL: a full-page image; after the same checkpoint the counts are comparable).
Per request it prints the WAL bytes (``pg_current_wal_lsn()`` before and after), the WAL records,
full-page images and bytes of ``pg_stat_wal``, its writes and syncs (flushes), and the database's
``xact_commit`` (every transaction, reading ones included). With ``pg_waldump`` (the default on a
cluster of its own) it also counts the commit records, and the WAL bytes by relation and by kind of
record.

These are counts, not timings: they hold on a busy box. ``pg_stat_wal`` and the WAL's position are
the whole cluster's, so by default the script starts a PostgreSQL cluster of its own (``initdb`` in
a temporary directory, autovacuum off, no timed checkpoint) where nothing else writes;
``--admin-url`` uses a running cluster instead (then other databases' work is counted too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import uuid6  # noqa: E402
from alembic import command  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from sync.server import testing  # noqa: E402
from sync.server.db import alembic_config, make_engine  # noqa: E402
from sync.server.settings import Settings  # noqa: E402
from tests.bench import rawhttp  # noqa: E402
from tests.bench.sim_network import pg_dsn, setup_network  # noqa: E402
from tests.server.factories import event, sale  # noqa: E402

_STATS = """SELECT pg_current_wal_lsn()::text, w.wal_records, w.wal_fpi, w.wal_bytes::bigint, w.wal_buffers_full,
                   w.wal_write, w.wal_sync, d.xact_commit, d.xact_rollback
              FROM pg_stat_wal w, pg_stat_database d WHERE d.datname = %s"""
_FIELDS = ("lsn", "records", "fpi", "bytes", "buffers_full", "writes", "syncs", "commits", "rollbacks")


def pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    return str(versions[-1]) if versions else None


_PREFILL = """
CREATE FUNCTION pg_temp.v7(at timestamptz) RETURNS uuid LANGUAGE sql AS
$$ SELECT (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || substr(md5(random()::text), 1, 20))::uuid $$;
CREATE TEMP TABLE pre AS
SELECT pg_temp.v7(at) AS sale_id, pg_temp.v7(at) AS event_id, shop_id, device_id, at
  FROM (SELECT s.id AS shop_id, d.id AS device_id, now() - make_interval(days => 2) + g * interval '1 minute' AS at
          FROM shops s JOIN devices d ON d.shop_id = s.id AND d.till_no = 1
         CROSS JOIN generate_series(1, %(k)s) AS g) AS x;
INSERT INTO events (id, shop_id, device_id, kind, created_at, received_at, status, payload)
SELECT event_id, shop_id, device_id, 'sale.completed', at, at, 'accepted',
       ('{"pad":"' || repeat('x', 1350) || '"}')::json FROM pre;
INSERT INTO sales (id, shop_id, device_id, event_id, receipt_no, receipt_token, created_at, staff_id, staff_name,
                   subtotal, discount, rounding, total, tax, loyalty_points)
SELECT sale_id, shop_id, device_id, event_id, 'S001-1-1', gen_random_uuid()::text, at, gen_random_uuid(), 'Ana',
       500, 0, 0, 500, 42, 2 FROM pre;
INSERT INTO sale_lines (id, sale_id, shop_id, line_no, product_id, sku, name, is_local, qty, unit, unit_price,
                        discount, total, vat_rate_bp, tax, unit_cost)
SELECT pg_temp.v7(at), sale_id, shop_id, l, gen_random_uuid(), 'P00001', 'Product 1', false, 1, 'each', 250, 0,
       250, 900, 21, 150 FROM pre, generate_series(1, 2) AS l;
INSERT INTO payments (id, shop_id, sale_id, method, amount, tendered, change)
SELECT pg_temp.v7(at), shop_id, sale_id, 'cash', 500, 1000, 500 FROM pre;
INSERT INTO stock_movements (id, shop_id, device_id, event_id, product_id, sku, kind, qty, created_at)
SELECT pg_temp.v7(at), shop_id, device_id, event_id, gen_random_uuid(), 'P00001', 'sale', -1, at
  FROM pre, generate_series(1, 2);
INSERT INTO change_log (seq, shop_id, kind, payload, created_at)
SELECT nextval('change_log_seq'), shop_id, 'stock.movement', '{"pad":"' || repeat('x', 220) || '"}', at
  FROM pre, generate_series(1, 2);
DROP TABLE pre;
"""


def prefill(url: str, per_shop: int) -> None:
    """``per_shop`` sales a shop stored before the run (2 lines, a payment, 2 movements and 2 feed
    rows each), so that the indexes have a page (or more) per shop, as after months of trading:
    a push then changes pages of its own shop, and the first change after a checkpoint writes them
    whole."""
    with psycopg.connect(pg_dsn(url), autocommit=True) as conn:
        for statement in _PREFILL.split(";"):
            if statement.strip():
                conn.execute(statement.replace("%(k)s", str(int(per_shop))))
        conn.execute("VACUUM FULL devices")  # its pages as the schema's fillfactor leaves them
        conn.execute("VACUUM ANALYZE")


@contextmanager
def private_cluster(options: list[str]):
    """A PostgreSQL cluster of its own on a free port; yields (admin URL, its pg_wal directory)."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise SystemExit("initdb/pg_ctl not found: pass --admin-url of a running PostgreSQL")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        as_user = ["runuser", "-u", "postgres", "--"]
    tmp = Path(tempfile.mkdtemp(prefix="corner-wal-"))
    data = tmp / "data"
    port = testing.free_port()
    if as_user:
        shutil.chown(tmp, "postgres")
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-instructions"], check=True, stdout=subprocess.DEVNULL)
        opts = (f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={tmp} -c autovacuum=off "
                "-c checkpoint_timeout=1d -c max_wal_size=20GB -c fsync=on -c synchronous_commit=on"
                + "".join(f" -c {o}" for o in options))
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", opts, "-l", str(tmp / "log"), "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data / "pg_wal"
        finally:
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                           check=False, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class Meter:
    """Cluster-wide WAL counters and one database's transaction counts, read from another database
    (so the reading adds no transaction to the counted one)."""

    def __init__(self, admin_url: str, database: str) -> None:
        self.conn = psycopg.connect(pg_dsn(admin_url), autocommit=True)
        self.database = database

    def read(self) -> dict:
        # A backend reports its counters when it goes idle, at most once a second, and otherwise
        # 10 s later (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait for the last of them.
        time.sleep(11)
        self.conn.execute("SELECT pg_stat_clear_snapshot()")
        row = self.conn.execute(_STATS, (self.database,)).fetchone()
        return dict(zip(_FIELDS, row))

    def checkpoint(self) -> None:
        self.conn.execute("CHECKPOINT")

    def lsn_diff(self, a: str, b: str) -> int:
        return int(self.conn.execute("SELECT pg_wal_lsn_diff(%s, %s)", (b, a)).fetchone()[0])


def waldump(wal_dir: Path | None, start: str, end: str, relnames: dict[int, str]) -> dict | None:
    """Commit records, and bytes by relation and by record kind, of the WAL from ``start`` to ``end``."""
    exe = pg_bin("pg_waldump")
    if exe is None or wal_dir is None:
        return None
    out = subprocess.run([exe, "-p", str(wal_dir), "-s", start, "-e", end], capture_output=True, text=True)
    by_rel: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_rel_kind: Counter[str] = Counter()
    fpi_by_rel: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    line_re = re.compile(r"rmgr: (\S+)\s+len \(rec/tot\):\s+\d+/\s*(\d+), tx:\s+(\d+), lsn: \S+, prev \S+, desc: (\S+)")
    rel_re = re.compile(r"rel \d+/\d+/(\d+)(?: fork (\w+))? blk \d+( FPW)?")
    for line in out.stdout.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        rmgr, size, _tx, op = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        kind = f"{rmgr} {op}"
        by_kind[kind] += size
        counts[kind] += 1
        rels = rel_re.findall(line)
        if rels:
            name = relnames.get(int(rels[0][0]), f"relfilenode {rels[0][0]}")
            by_rel[name] += size
            by_rel_kind[f"{kind} on {name}"] += 1
            for node, _fork, fpw in rels:
                if fpw:
                    fpi_by_rel[relnames.get(int(node), f"relfilenode {node}")] += 1
        else:
            by_rel["(no relation: " + rmgr + ")"] += size
    return {"by_rel": by_rel, "by_kind": by_kind, "counts": counts, "fpi_by_rel": fpi_by_rel, "by_rel_kind": by_rel_kind}


def relation_names(url: str) -> dict[int, str]:
    with psycopg.connect(pg_dsn(url)) as conn:
        return {int(node): name for node, name in conn.execute(
            "SELECT pg_relation_filenode(oid), relname FROM pg_class WHERE pg_relation_filenode(oid) IS NOT NULL")}


def sale_batches(n: int, products: int, seed: int = 7, ids: str = "uuid7") -> list[bytes]:
    """``n`` push bodies of 1-5 sales of 1-4 lines (the simulation's sales), from a fixed seed.
    ``ids="uuid7"``: the records' and events' ids are UUIDv7 (time-ordered), as a till makes them
    (app/core/ids.py); ``"uuid4"``: random, as tests/server/factories.py makes them. The receipt
    token stays random, as on a till."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(n):
        events = []
        for _ in range(rng.randint(1, 5)):
            s = sale(lines=rng.randint(1, 4))
            for k, line in enumerate(s["lines"]):
                line["sku"] = s["movements"][k]["sku"] = f"P{rng.randrange(products):05d}"
            e = event("sale.completed", s)
            if ids == "uuid7":
                for record in (e, s, *s["lines"], *s["payments"], *s["movements"]):
                    record["id"] = str(uuid6.uuid7())
            events.append(e)
        bodies.append(json.dumps({"events": events}).encode())
    return bodies


async def send(base: str, tills, kind: str, bodies: list[bytes] | int, cursor: int, offset: int) -> None:
    """One request at a time, each from the next till (a till's requests are ~30 s apart in a network)."""
    async with rawhttp.Client(base, connections=1) as client:
        count = len(bodies) if isinstance(bodies, list) else bodies
        for i in range(count):
            token, _ = tills[(offset + i) % len(tills)]
            headers = testing.protocol_headers(token)
            if kind == "push":
                r = await client.post("/v1/sync/push", content=bodies[i],
                                      headers=headers | {"Content-Type": "application/json"})
            else:
                r = await client.get("/v1/sync/pull", params={"after": cursor, "limit": 1000}, headers=headers)
            if r.status_code != 200 or (kind == "push" and b'"quarantined"' in r.content):
                raise RuntimeError(f"{kind} answered {r.status_code}: {r.content[:300]!r}")


def report(label: str, n: int, before: dict, after: dict, meter: Meter, dump: dict | None, top: int,
           extra: str = "") -> dict:
    d = {k: after[k] - before[k] for k in _FIELDS if k != "lsn"}
    d["lsn_bytes"] = meter.lsn_diff(before["lsn"], after["lsn"])
    print(f"\n{label} x{n}{extra}")
    print(f"  WAL bytes a request (LSN difference): {d['lsn_bytes'] / n:,.0f}")
    print(f"  pg_stat_wal a request: {d['records'] / n:.2f} records, {d['fpi'] / n:.3f} full-page images, "
          f"{d['bytes'] / n:,.0f} bytes; {d['writes'] / n:.2f} WAL writes, {d['syncs'] / n:.2f} WAL syncs (flushes)")
    print(f"  transactions a request (xact_commit of the database, reading ones included): {d['commits'] / n:.2f}"
          f" (rollbacks {d['rollbacks'] / n:.2f})")
    if dump is not None:
        commits = dump["counts"].get("Transaction COMMIT", 0)
        print(f"  pg_waldump: {commits / n:.2f} commit records a request; "
              f"{sum(dump['counts'].values()) / n:.2f} records a request")
        print("  WAL bytes a request by relation (full-page images a request):")
        for name, size in dump["by_rel"].most_common(top):
            print(f"    {size / n:9,.0f}  {name}" + (f"  ({dump['fpi_by_rel'][name] / n:.3f} FPI)" if dump["fpi_by_rel"][name] else ""))
        print("  records a request by kind (bytes a request):")
        for kind, count in dump["counts"].most_common(top):
            print(f"    {count / n:7.2f}  {kind}  ({dump['by_kind'][kind] / n:,.0f} B)")
        print("  records a request by kind and relation:")
        for what, count in dump["by_rel_kind"].most_common(top):
            print(f"    {count / n:7.2f}  {what}")
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shops", type=int, default=2000)
    ap.add_argument("--products", type=int, default=2000)
    ap.add_argument("--pushes", type=int, default=500, help="pushes a round (two rounds)")
    ap.add_argument("--pulls", type=int, default=1000)
    ap.add_argument("--admin-url", help="a running PostgreSQL cluster (default: one of its own, started here)")
    ap.add_argument("--wal-dir", help="that cluster's pg_wal directory, for the pg_waldump breakdown")
    ap.add_argument("--top", type=int, default=30, help="lines of each pg_waldump breakdown")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server process")
    ap.add_argument("--pg-option", action="append", default=[],
                    help="NAME=VALUE for the cluster of its own, e.g. wal_compression=lz4")
    ap.add_argument("--schema", help="an older server migration to measure (e.g. 0006_global_feed): the "
                    "database is downgraded to it after the server started")
    ap.add_argument("--ids", choices=("uuid7", "uuid4"), default="uuid7",
                    help="the pushed records' ids: time-ordered as a till makes them (default), or random")
    ap.add_argument("--prefill", type=int, default=100,
                    help="sales a shop stored before the run (default 100; 0: a fresh database)")
    args = ap.parse_args(argv)

    env = {"CORNER_RATE_LIMIT_PER_MINUTE": "1000000", "CORNER_RATE_LIMIT_BURST": "1000000",
           "CORNER_LOG_LEVEL": "warning", **dict(e.split("=", 1) for e in args.env)}
    with ExitStack() as stack:
        if args.admin_url:
            admin_url, wal_dir = args.admin_url, Path(args.wal_dir) if args.wal_dir else None
            where = f"the running cluster at {make_url(admin_url).render_as_string()} (its other databases' WAL counts too)"
        else:
            admin_url, wal_dir = stack.enter_context(private_cluster(args.pg_option))
            where = "a PostgreSQL cluster of its own (autovacuum off, no timed checkpoints)"
        url = stack.enter_context(testing.postgres_database(admin_url))
        database = make_url(url).database
        print(f"WAL a request: {args.shops} shops x 2 tills, 1 server process, requests one at a time, on {where}")
        tills, _admin = setup_network(url, args.shops, args.products)
        server = stack.enter_context(testing.ServerProcess(url, env=env))
        server.wait_ready(timeout=120)  # it migrates to the newest schema first
        if args.schema:
            engine = make_engine(Settings(database_url=url))
            command.downgrade(alembic_config(engine), args.schema)
            engine.dispose()
        with psycopg.connect(pg_dsn(url)) as conn:
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        t0 = time.perf_counter()
        prefill(url, args.prefill)
        print(f"  schema {schema}; {args.prefill} sales a shop stored before the run "
              f"({time.perf_counter() - t0:.0f} s), then VACUUM FULL devices (at the schema's fillfactor), VACUUM ANALYZE")
        with psycopg.connect(pg_dsn(url)) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            settings = dict(conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN ('wal_level', 'wal_compression', "
                "'full_page_writes', 'synchronous_commit', 'data_checksums', 'wal_log_hints')").fetchall())
        print(f"  pushed ids: {args.ids}; PostgreSQL {version}; " + ", ".join(f"{k}={v}" for k, v in sorted(settings.items())))
        meter = Meter(admin_url, database)
        bodies = sale_batches(2 * args.pushes, args.products, ids=args.ids)
        sales = sum(b.count(b'"sale.completed"') for b in bodies[:args.pushes])
        lines = sum(b.count(b'"line_no"') for b in bodies[:args.pushes])
        # warm-up: the server's caches and connections (20 pulls, 5 pushes, from tills not used below)
        warm = tills[-40:]
        asyncio.run(send(server.base_url, warm, "pull", 20, 0, 0))
        asyncio.run(send(server.base_url, warm, "push", sale_batches(5, args.products, seed=99), 0, 0))
        stride = max(1, len(tills) - 40)
        usable = tills[:stride]

        results = {}
        for key, label, n, checkpoint in (
                ("push", f"push of 1-5 sales ({sales} sales, {lines} lines in the round), CHECKPOINT before", args.pushes, True),
                ("push2", "push of 1-5 sales, second round: the same shops' other tills (no CHECKPOINT between: "
                          "pages already imaged)",
                 args.pushes, False),
                ("pull", "pull that finds nothing new, CHECKPOINT before", args.pulls, True)):
            if checkpoint:
                meter.checkpoint()
            with psycopg.connect(pg_dsn(url)) as conn:
                head = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
                marks0 = conn.execute("SELECT count(*) FROM devices WHERE pulled_to IS NOT NULL").fetchone()[0]
            names = relation_names(url)
            before = meter.read()
            if key == "pull":
                asyncio.run(send(server.base_url, usable, "pull", n, head, 0))
            else:
                # round 1 from each shop's first till, round 2 from the same shops' second tills
                part = bodies[:n] if key == "push" else bodies[n:2 * n]
                asyncio.run(send(server.base_url, usable[0 if key == "push" else 1::2], "push", part, 0, 0))
            after = meter.read()
            extra = ""
            if key == "pull":
                with psycopg.connect(pg_dsn(url)) as conn:
                    marks = conn.execute("SELECT count(*) FROM devices WHERE pulled_to IS NOT NULL").fetchone()[0]
                extra = f" ({marks - marks0} of them wrote a pulled_to mark: due at a random moment of a process's first 5 minutes)"
            dump = waldump(wal_dir, before["lsn"], after["lsn"], names)
            results[key] = report(label, n, before, after, meter, dump, args.top, extra)
        meter.conn.close()
        print("\nsummary (a request): WAL bytes / records / full-page images / flushes (wal_sync) / transactions")
        for key, d in results.items():
            n = args.pulls if key == "pull" else args.pushes
            print(f"  {key:5}  {d['lsn_bytes'] / n:9,.0f} B  {d['records'] / n:6.2f}  {d['fpi'] / n:6.3f}  "
                  f"{d['syncs'] / n:5.2f}  {d['commits'] / n:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

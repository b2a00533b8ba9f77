"""Server CPU per request (a script, not a test): ``python tests/bench/bench_request_cost.py``.

One real server process on a fresh PostgreSQL database; simulated tills (another process: this one)
send, in turn:

1. pulls that find nothing new (the cursor at the feed's head: what most of a network's requests are),
2. pushes of a few sales each,
3. pulls of a price publication (``--price-changes`` products repriced through the admin import): what
   every till pulls in the minutes after the platform publishes,

and the server process's CPU (user + system, from /proc) is divided by the requests it answered.
With ``--py-spy FILE`` the server runs under py-spy (a sampling profile of every thread, written as
a flame graph or, with ``.txt``, as collapsed stacks). Prints the load average beside every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psycopg  # noqa: E402

from sync.server import testing  # noqa: E402
from tests.bench.sim_network import CSV_HEADER, cpu_seconds, pg_dsn, percentile, setup_network  # noqa: E402
from tests.server.factories import event, sale  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def phase(base: str, tills, kind: str, requests: int, concurrency: int, cursor: int, products: int) -> list[float]:
    rng = random.Random(7)
    latencies: list[float] = []
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def worker(w: int) -> None:
            for i in todo:
                token, _ = tills[(w * 7919 + i) % len(tills)]
                headers = testing.protocol_headers(token)
                t0 = time.perf_counter()
                if kind == "pull":
                    r = await client.get("/v1/sync/pull", params={"after": cursor, "limit": 1000}, headers=headers)
                else:
                    events = []
                    for _ in range(rng.randint(1, 5)):
                        s = sale(lines=rng.randint(1, 4))
                        for k, line in enumerate(s["lines"]):
                            line["sku"] = s["movements"][k]["sku"] = f"P{rng.randrange(products):05d}"
                        events.append(event("sale.completed", s))
                    r = await client.post("/v1/sync/push", content=json.dumps({"events": events}).encode(),
                                          headers=headers | {"Content-Type": "application/json"})
                if r.status_code != 200:
                    raise RuntimeError(f"{kind} answered {r.status_code}: {r.text[:200]}")
                latencies.append((time.perf_counter() - t0) * 1000)

        await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return latencies


def publish(base: str, admin: str, changes: int, products: int) -> None:
    """Reprice ``changes`` products and publish them, as the platform's central team does."""
    rng = random.Random(11)
    rows = "".join(f"P{i:05d},Product {i},Cat {i % 30},each,900,{100 + rng.randrange(900)},,,{50 + i % 400},\n"
                   for i in rng.sample(range(products), changes))
    r = httpx.post(f"{base}/admin/catalog/import", headers={"Authorization": f"Bearer {admin}"}, timeout=120,
                   json={"format": "csv", "content": CSV_HEADER + rows, "publish": True})
    r.raise_for_status()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shops", type=int, default=200)
    ap.add_argument("--products", type=int, default=2000)
    ap.add_argument("--pulls", type=int, default=3000)
    ap.add_argument("--pushes", type=int, default=600)
    ap.add_argument("--publication-pulls", type=int, default=1000)
    ap.add_argument("--price-changes", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--py-spy", dest="py_spy", help="record the server under py-spy into this file")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server process")
    args = ap.parse_args(argv)

    env = {"CORNER_RATE_LIMIT_PER_MINUTE": "1000000", "CORNER_RATE_LIMIT_BURST": "1000000",
           "CORNER_LOG_LEVEL": "warning", **dict(e.split("=", 1) for e in args.env)}
    print(f"request cost: 1 server process, {args.shops} shops, load average before {load()}")
    with testing.postgres_database() as url, ExitStack() as stack:
        tills, admin = setup_network(url, args.shops, args.products)
        server = stack.enter_context(testing.ServerProcess(url, env=env))
        server.wait_ready(timeout=120)
        spy = None
        if args.py_spy:
            exe = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
            fmt = ["--format", "raw"] if args.py_spy.endswith(".txt") else []
            spy = subprocess.Popen([exe, "record", "-p", str(server.proc.pid), "-o", args.py_spy, "-r", "200", "--gil", *fmt],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        with psycopg.connect(pg_dsn(url)) as conn:
            head = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
        pid = [server.proc.pid]
        # warm-up
        asyncio.run(phase(server.base_url, tills, "pull", 200, args.concurrency, head, args.products))
        for kind, n in (("pull", args.pulls), ("push", args.pushes), ("publication", args.publication_pulls)):
            if kind in ("pull", "publication"):
                with psycopg.connect(pg_dsn(url)) as conn:
                    head = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
            if kind == "publication":
                publish(server.base_url, admin, args.price_changes, args.products)
            c0, w0 = cpu_seconds(pid), time.perf_counter()
            lat = asyncio.run(phase(server.base_url, tills, "push" if kind == "push" else "pull", n,
                                    args.concurrency, head, args.products))
            cpu, wall = cpu_seconds(pid) - c0, time.perf_counter() - w0
            label = {"pull": "pull, nothing new", "push": "push of 1-5 sales",
                     "publication": f"pull of a publication ({args.price_changes} prices)"}[kind]
            print(f"  {label} x{n}: server CPU {cpu * 1000 / n:.2f} ms a request ({cpu:.1f} s), "
                  f"{n / wall:.0f} requests/s, p50 {percentile(lat, 50):.1f} ms p99 {percentile(lat, 99):.1f} ms; "
                  f"load {load()}")
        if spy is not None:
            spy.send_signal(2)
            spy.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())

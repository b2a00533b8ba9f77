"""PostgreSQL under concurrency, with real uvicorn server processes sharing one database.

- The same batches pushed to two server processes at once are stored and projected once.
- Writers of many shops at once (shop pushes, policy sets, catalog publishes) and readers pulling
  in a loop: every reader sees every committed change of its scope exactly once, in seq order.
  No network-wide lock: seqs come from a sequence and commit out of order; readers serve only up
  to the horizon (sync/server/changefeed.py).
- The same at the level of the feed itself: writers that commit in another order than their seqs
  (held open for a random while), readers paging all the while.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, func, or_, select

from sync.server import changefeed, testing
from sync.server.db import normalise_url
from sync.server.models import ChangeLog, EventRow, Sale, StockMovement

from .factories import event, movement, sale

pytestmark = pytest.mark.postgres

PROTO = {"X-Corner-Protocol": "1"}


def _servers(url: str, n: int = 2) -> list[testing.ServerProcess]:
    env = {"CORNER_ENROLL_BURST": "100"}  # every till here enrolls from 127.0.0.1
    servers = [testing.ServerProcess(url, env=env).start() for _ in range(n)]
    for s in servers:
        s.wait_ready()
    return servers


def _till(url: str, base: str, shop_code: str) -> dict[str, str]:
    code = testing.create_enrollment_code(url, shop_code)
    enrolled = testing.enroll(base, code)
    return testing.protocol_headers(enrolled.token) | {"shop_id": str(enrolled.shop_id)}


def test_two_servers_receiving_the_same_batches_store_each_event_once(pg_url):
    shops = [testing.create_shop(pg_url, f"Shop {i}") for i in range(2)]
    servers = _servers(pg_url)
    try:
        tills = [_till(pg_url, servers[0].base_url, shops[i % 2].code) for i in range(4)]
        batches = [(t, [event("sale.completed", sale(lines=2)) for _ in range(40)]) for t in tills for _ in range(4)]
        barrier = threading.Barrier(2)

        def send(server: testing.ServerProcess, till: dict, batch: list) -> list[dict]:
            headers = {k: v for k, v in till.items() if k != "shop_id"}
            with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as c:
                barrier.wait()
                r = c.post("/v1/sync/push", json={"events": batch})
                assert r.status_code == 200, r.text
                return r.json()["results"]

        total = Counter()
        with ThreadPoolExecutor(2) as pool:
            for till, batch in batches:
                barrier.reset()
                one, two = pool.submit(send, servers[0], till, batch), pool.submit(send, servers[1], till, batch)
                for a, b in zip(one.result(), two.result()):
                    assert sorted([a["status"], b["status"]]) == ["accepted", "duplicate"], (a, b)
                    total[a["status"]] += 1
                    total[b["status"]] += 1
        n = sum(len(b) for _, b in batches)
        assert total == {"accepted": n, "duplicate": n}
        engine = create_engine(normalise_url(pg_url))
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(EventRow)) == n
            assert conn.scalar(select(func.count()).select_from(Sale)) == n
            assert conn.scalar(select(func.count()).select_from(StockMovement)) == 2 * n
            feed = conn.execute(select(ChangeLog.payload).where(ChangeLog.kind == "stock.movement")).scalars().all()
        engine.dispose()
        assert len(feed) == 2 * n == len(set(feed))
    finally:
        for s in servers:
            s.stop()


SHOPS = 12


def test_pull_never_skips_a_row_with_writers_of_many_shops(pg_url):
    shops = [testing.create_shop(pg_url, f"Shop {i}") for i in range(SHOPS)]
    admin_token = testing.create_admin_token(pg_url)
    servers = _servers(pg_url)
    try:
        tills = [_till(pg_url, servers[i % 2].base_url, shops[i].code) for i in range(SHOPS)]
        readers = tills[:4]  # one reader in each of four shops
        done = threading.Event()
        errors: list[str] = []

        def pusher(i: int) -> None:
            till = tills[i]
            headers = {k: v for k, v in till.items() if k != "shop_id"}
            with httpx.Client(base_url=servers[i % 2].base_url, headers=headers, timeout=60) as c:
                for _ in range(6):
                    batch = [event("stock.movement", movement()) for _ in range(8)]
                    r = c.post("/v1/sync/push", json={"events": batch})
                    if r.status_code != 200:
                        errors.append(r.text)

        def policy_writer() -> None:
            with httpx.Client(base_url=servers[0].base_url, headers={"Authorization": f"Bearer {admin_token}"}) as c:
                for n in range(25):
                    r = c.put("/admin/policies/return_window_days", json={"value": str(n)})
                    if r.status_code != 200:
                        errors.append(r.text)

        def catalog_writer() -> None:
            header = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
            with httpx.Client(base_url=servers[1].base_url, headers={"Authorization": f"Bearer {admin_token}"}, timeout=60) as c:
                for n in range(10):
                    rows = "".join(f"P{k},Product {k},,each,900,{100 + n},,,,\n" for k in range(15))
                    r = c.post("/admin/catalog/import", json={"format": "csv", "content": header + rows, "publish": True})
                    if r.status_code != 200:
                        errors.append(r.text)

        def reader(i: int) -> list[int]:
            till = readers[i]
            headers = {k: v for k, v in till.items() if k != "shop_id"}
            seen: list[int] = []
            after = 0
            with httpx.Client(base_url=servers[i % 2].base_url, headers=headers, timeout=60) as c:
                while True:
                    finished = done.is_set()
                    if finished:
                        # A process serves up to a horizon it read at most HORIZON_TTL before: a row
                        # the other process committed last is served once that window has passed.
                        time.sleep(2 * changefeed.HORIZON_TTL)
                    while True:
                        r = c.get("/v1/sync/pull", params={"after": after, "limit": 7})
                        if r.status_code == 429:  # a reader in a tight loop may meet the rate limit
                            time.sleep(float(r.headers.get("Retry-After", "1")))
                            continue
                        assert r.status_code == 200, r.text
                        body = r.json()
                        seen += [ch["seq"] for ch in body["changes"]]
                        after = body["cursor"]
                        if not body["more"]:
                            break
                    if finished:
                        return seen

        writers = [lambda i=i: pusher(i) for i in range(SHOPS)] + [policy_writer, catalog_writer]
        with ThreadPoolExecutor(len(writers) + len(readers)) as pool:
            reads = [pool.submit(reader, i) for i in range(len(readers))]
            for f in [pool.submit(w) for w in writers]:
                f.result()
            done.set()
            seen_by = [f.result() for f in reads]
        assert errors == []

        engine = create_engine(normalise_url(pg_url))
        with engine.connect() as conn:
            for till, seen in zip(readers, seen_by):
                shop_id = uuid.UUID(till["shop_id"])
                expected = conn.execute(
                    select(ChangeLog.seq)
                    .where(or_(ChangeLog.shop_id.is_(None), ChangeLog.shop_id == shop_id))
                    .order_by(ChangeLog.seq)
                ).scalars().all()
                assert seen == expected  # all of them, once each, in order
            total = conn.scalar(select(func.count()).select_from(ChangeLog))
        engine.dispose()
        # 12 shops' 576 movements + 25 policy sets + 10 publishes of 15 products (a sequence may
        # leave gaps where a transaction rolled back; seqs are the primary key, so never twice).
        assert total == SHOPS * 6 * 8 + 25 + 10 * 15
    finally:
        for s in servers:
            s.stop()


def test_feed_never_skips_a_row_when_writers_commit_out_of_seq_order(pg_url):
    """Writers hold their transaction open a random while after taking seqs, so a later seq often
    commits first; readers page through the feed all along and must still see every row once."""
    import random

    from sqlalchemy.orm import Session

    from sync.server import changefeed
    from sync.server.db import make_engine
    from sync.server.settings import Settings

    engine = make_engine(Settings(database_url=pg_url, db_pool_size=20))
    from sync.server.db import migrate

    migrate(engine)
    shops = [uuid.uuid4() for _ in range(10)]
    done = threading.Event()
    rng = random.Random(7)
    delays = [[rng.random() * 0.03 for _ in range(15)] for _ in shops]

    def writer(i: int) -> None:
        for n, delay in enumerate(delays[i]):
            with Session(engine) as session:
                changes = [changefeed.NewChange(shops[i] if n % 5 else None, "stock.movement", "{}") for _ in range(3)]
                changefeed.append(session, changes)
                time.sleep(delay)
                if n % 7 == 3:
                    session.rollback()  # a writer that fails: its seqs are never seen
                else:
                    session.commit()

    def reader(shop: uuid.UUID) -> list[int]:
        seen: list[int] = []
        after = 0
        while True:
            finished = done.is_set()
            while True:
                with Session(engine) as session:
                    body, after, more = changefeed.pull_page(session, shop, after, 5)
                seen += [c["seq"] for c in __import__("json").loads(body)["changes"]]
                if not more:
                    break
            if finished:
                return seen

    with ThreadPoolExecutor(len(shops) + 3) as pool:
        reads = [pool.submit(reader, shops[k]) for k in range(3)]
        for f in [pool.submit(writer, i) for i in range(len(shops))]:
            f.result()
        done.set()
        seen_by = [f.result() for f in reads]
    with engine.connect() as conn:
        for k, seen in enumerate(seen_by):
            expected = conn.execute(
                select(ChangeLog.seq)
                .where(or_(ChangeLog.shop_id.is_(None), ChangeLog.shop_id == shops[k]))
                .order_by(ChangeLog.seq)
            ).scalars().all()
            assert seen == expected
        committed = conn.scalar(select(func.count()).select_from(ChangeLog))
    engine.dispose()
    assert committed == len(shops) * sum(1 for n in range(15) if n % 7 != 3) * 3

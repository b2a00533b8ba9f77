"""Kill -9 in the middle of a sync, on either side, and a till that was offline for a week.

Invariants checked after each: every sale the till confirmed is on the platform exactly once (same
receipt numbers, same totals), the stock levels agree on both sides, the till's outbox is empty and
`corner doctor` finds nothing wrong.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from app import syncing
from app.cli import main
from app.core import outbox as outbox_mod
from app.core import sales as sales_mod
from app.core.errors import TillError
from app.core.store.models import Outbox
from app.core.syncport import TillSyncPort
from sqlalchemy import select
from sync.client import SyncError
from tests.sync.faultproxy import FaultProxy
from tests.sync.kit import (
    assert_platform_holds_exactly,
    child_env,
    corner_cmd,
    database,
    fast_dir,
    running_platform,
    sell_random,
)

KILLS = int(os.environ.get("CORNER_SYNC_KILLS", "50"))
NO_RATE_LIMIT = {"CORNER_RATE_LIMIT_PER_MINUTE": "1000000", "CORNER_RATE_LIMIT_BURST": "100000"}


def unsent_receipts(till) -> set[str]:
    with till.read() as s:
        rows = s.scalars(select(Outbox.payload).where(Outbox.sent_at.is_(None), Outbox.kind == "sale.completed"))
        return {json.loads(p)["receipt_no"] for p in rows}


def drain(till, tries: int = 5) -> None:
    for _ in range(tries):
        if syncing.sync_once(till)["waiting"] == 0:
            return
    raise AssertionError(f"{till.pending_events()} events still waiting after {tries} clean rounds")


def doctor_is_clean(data_dir, capsys) -> None:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "doctor"]) == 0, capsys.readouterr().out


@pytest.mark.slow
def test_sigkill_of_the_till_during_pushes_loses_and_duplicates_no_sale(tmp_path, capsys):
    with running_platform(f"sqlite:///{tmp_path / 'server.sqlite3'}", NO_RATE_LIMIT) as platform, \
            fast_dir(tmp_path) as fast:
        data = fast / "till"
        till = platform.new_till(data)
        env = child_env(till, tmp_path, CORNER_SYNC_BATCH="3")
        rng = random.Random(1966)
        sold = [sell_random(till, rng) for _ in range(300)]
        mid_push = lost_answers = 0
        for _ in range(KILLS):
            while till.pending_events() < 60:  # keep a queue that takes the child a while to push
                sold.append(sell_random(till, rng))
            waiting = till.pending_events()
            proc = subprocess.Popen(corner_cmd(data, "sync", "--once"), env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if rng.random() < 0.2:  # anywhere: start-up, snapshot-free pull, first push
                time.sleep(rng.uniform(0.3, 1.2))
            else:  # once the child is pushing (the till sees its first batch marked sent)
                deadline = time.monotonic() + 15
                while till.pending_events() >= waiting and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.005)
                for _ in range(rng.randint(0, 2)):  # the counter keeps selling while it syncs
                    sold.append(sell_random(till, rng))
                time.sleep(rng.uniform(0, 0.08))
            finished = proc.poll() is not None
            proc.kill()
            err = proc.communicate()[1].decode(errors="replace")
            assert proc.returncode in (0, -9), err[-2000:]
            if not finished and till.pending_events() > 0:
                mid_push += 1
                # sales the server holds that the till still thinks unsent: the kill fell between
                # the server's commit and the till marking the batch sent
                on_server = {s["receipt_no"] for s in platform.sales()["sales"]}
                lost_answers += bool(unsent_receipts(till) & on_server)
            for _ in range(rng.randint(0, 3)):
                sold.append(sell_random(till, rng))
        with capsys.disabled():
            print(f"{KILLS} kills, {mid_push} in the middle of a push, {lost_answers} after the server "
                  f"committed and before the till knew; {len(sold)} sales")
        assert mid_push >= KILLS // 2, "most kills should land while a push is in flight"
        assert lost_answers >= 1, "no kill fell between the server's commit and the till's mark"

        drain(till)
        assert_platform_holds_exactly(platform, till, sold)
        till.close()
        platform.tills.remove(till)
        doctor_is_clean(data, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_sigkill_of_the_server_during_a_big_push_then_restart_loses_and_duplicates_nothing(db, tmp_path, capsys):
    with database(db, tmp_path) as url, running_platform(url, NO_RATE_LIMIT) as platform, \
            fast_dir(tmp_path) as fast, FaultProxy(platform.url) as proxy:
        till = platform.new_till(fast / "till", url=proxy.url)
        rng = random.Random(99)
        sold = [sell_random(till, rng) for _ in range(600)]  # with the seeded events: one or two big batches
        pushes = threading.Event()
        proxy.on_forwarded = lambda record: pushes.set() if record.path == "/v1/sync/push" else None
        # a push of several hundred events takes the server a few tenths of a second:
        # kill before, during and after its commit
        delays = [0.0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.8, 1.0]
        kept_nothing = kept_some = 0
        for delay in delays:
            pushes.clear()
            waiting_before = unsent_receipts(till)
            on_server_before = {s["receipt_no"] for s in platform.sales()["sales"]}
            round_ = threading.Thread(target=_try_round, args=(till,))
            round_.start()
            assert pushes.wait(20), "no push reached the server"
            time.sleep(delay)
            platform.server.kill()
            round_.join(30)
            assert not round_.is_alive()
            proxy.wait_idle()
            platform.server.start()  # the same database and port
            platform.server.wait_ready()
            arrived = {s["receipt_no"] for s in platform.sales()["sales"]} - on_server_before
            assert arrived <= waiting_before
            kept_some += bool(arrived)
            kept_nothing += not arrived
            for _ in range(20):
                sold.append(sell_random(till, rng))
        with capsys.disabled():
            print(f"[{db}] server killed {len(delays)} times in a push: {kept_nothing} times before any of the "
                  f"round's pushes committed, {kept_some} times after at least one had")
        assert kept_nothing >= 1 and kept_some >= 1
        drain(till)
        assert_platform_holds_exactly(platform, till, sold)
        assert till.doctor() == []


def _try_round(till) -> None:
    try:
        syncing.client_for(till).sync_once(TillSyncPort(till))
    except SyncError:
        pass  # the server died under it: expected


class _WeekClock:
    """The till's clock for a simulated week: each call is a little later, the calls spread over
    seven days. Only timestamps are simulated; every sale is written by the real code."""

    def __init__(self, start: datetime, sales: int) -> None:
        self.t = start
        self.step = timedelta(days=7) / (sales * 2)  # two stamps per sale: the sale and its event

    def __call__(self, _session=None) -> str:  # stands in for store.now(session)
        self.t += self.step
        return self.t.isoformat(timespec="microseconds")


@pytest.mark.slow
def test_a_till_offline_for_a_week_with_5000_sales_delivers_them_all_exactly_once(tmp_path, monkeypatch, capsys):
    n = int(os.environ.get("CORNER_WEEK_SALES", "5000"))
    with running_platform(f"sqlite:///{tmp_path / 'server.sqlite3'}") as platform, \
            fast_dir(tmp_path) as fast, FaultProxy(platform.url) as proxy:
        till = platform.new_till(fast / "till", url=proxy.url)
        drain(till)
        proxy.mode = "drop"  # the shop's line is down for the week
        start = datetime.now(timezone.utc) - timedelta(days=7)
        clock = _WeekClock(start, n)
        monkeypatch.setattr(sales_mod, "now", clock)
        monkeypatch.setattr(outbox_mod, "now", clock)
        rng = random.Random(7)
        sold, failed_tries = [], 0
        t0 = time.perf_counter()
        for i in range(n):
            sold.append(sell_random(till, rng))
            if i % 1000 == 999:  # the till keeps trying now and then
                with pytest.raises(TillError, match="Sync failed"):
                    syncing.sync_once(till)
                failed_tries += 1
        selling = time.perf_counter() - t0
        monkeypatch.undo()
        first, last = sold[0].created_at, sold[-1].created_at
        assert datetime.fromisoformat(last) - datetime.fromisoformat(first) > timedelta(days=6, hours=23)
        assert till.pending_events() >= n

        proxy.mode = "pass"  # connected again
        t0 = time.perf_counter()
        result = syncing.sync_once(till)
        pushing = time.perf_counter() - t0
        with capsys.disabled():
            print(f"{n} sales made in {selling:.1f} s; pushed in {pushing:.1f} s after {failed_tries} failed tries")
        assert result["waiting"] == 0 and result["pushed"] >= n and result["duplicates"] == 0
        assert_platform_holds_exactly(platform, till, sold)
        days = {s["created_at"][:10] for s in platform.sales()["sales"]}
        assert len(days) >= 7  # the platform keeps when each sale happened, not when it arrived
        t0 = time.perf_counter()
        assert till.doctor() == []
        with capsys.disabled():
            print(f"doctor on {n} sales: {time.perf_counter() - t0:.1f} s")

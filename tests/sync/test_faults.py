"""A till syncing through a network that drops, delays, refuses and cuts its requests.

The faults are real: a proxy on loopback (tests/sync/faultproxy.py) between the till and a
real server process. Whatever fires, once the network is well again the platform holds every
sale exactly once, the stock levels agree on both sides, and prices published meanwhile arrive.
"""

from __future__ import annotations

import random
import threading

import pytest

import sync.client as sync_client
from app import syncing
from app.core.errors import TillError
from app.core.syncport import TillSyncPort
from sync.client import Backoff, ServerBusy, SyncEngine
from tests.sync.faultproxy import FaultProxy
from tests.sync.kit import assert_platform_holds_exactly, running_platform, sell_random

@pytest.mark.slow
def test_sales_arrive_exactly_once_and_stock_agrees_after_network_faults(platform, tmp_path, monkeypatch):
    _faulted_rounds(platform, tmp_path, monkeypatch)


@pytest.mark.slow
def test_two_batches_in_flight_arrive_exactly_once_in_order_after_network_faults(tmp_path, monkeypatch):
    """The same faults against a server of two processes: the till keeps two batches in flight
    (docs/sync.md, "Two batches in flight"); a batch sent ahead whose batch before was lost or cut
    is refused or applied after it, never before it, and nothing is lost or held twice."""
    from sqlalchemy import create_engine, text

    real_send, ahead = sync_client.SyncClient._send_push, []

    def counted(self, body: bytes, after: str | None = None):
        if after is not None:
            ahead.append(after)
        return real_send(self, body, after=after)

    monkeypatch.setattr(sync_client.SyncClient, "_send_push", counted)
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with running_platform(url, env={"CORNER_PUSH_AFTER_WAIT_SECONDS": "2"}, workers=2) as platform:
        till, _ = _faulted_rounds(platform, tmp_path, monkeypatch, seed=20261)
        assert len(ahead) >= 5  # batches did go ahead of the one before them
        engine = create_engine(platform.database_url)
        try:
            with engine.connect() as conn:
                stored = [r for r in conn.execute(text("SELECT lower(id) FROM events ORDER BY rowid")).scalars()]
        finally:
            engine.dispose()
    queued = [e.replace("-", "") for e, _, _ in till.iter_outbox()]
    assert [e for e in stored if e in set(queued)] == [e for e in queued if e in set(stored)]


def _faulted_rounds(platform, tmp_path, monkeypatch, seed: int = 20260):
    # "late" holds a request past the till's read timeout, then delivers it anyway
    monkeypatch.setattr(sync_client, "READ_TIMEOUT", 1.0)
    monkeypatch.setenv("CORNER_SYNC_BATCH", "7")  # several pushes per round, so faults land between them
    weights = {"pass": 10, "drop": 1, "delay": 1, "502": 1, "cut": 2, "truncate": 1, "late": 0.5}
    with FaultProxy(platform.url, seed=seed, weights=weights, late=1.3) as proxy:
        proxy.mode = "pass"
        till = platform.new_till(tmp_path / "till", url=proxy.url)
        proxy.mode = None
        rng = random.Random(4242)
        sold, failures, duplicates = [], 0, 0
        prices = {}
        for round_no in range(45):
            for _ in range(rng.randint(1, 4)):
                sold.append(sell_random(till, rng))
            if round_no % 15 == 7:  # the platform changes a price while the till's pulls are faulted
                prices["P0003"] = 200 + round_no
                platform.set_price("P0003", prices["P0003"])
            try:
                duplicates += syncing.sync_once(till)["duplicates"]
            except TillError:
                failures += 1
        proxy.mode = "pass"
        proxy.wait_idle()
        for _ in range(3):  # the network is well again: a round or two drains what is left
            result = syncing.sync_once(till)
            duplicates += result["duplicates"]
            if result["waiting"] == 0:
                break
        log = proxy.records()
        print("faults", {m: sum(1 for r in log if r.mode == m) for m in {r.mode for r in log}}, "failures", failures, "dups", duplicates, "sales", len(sold))

    # the faults really fired, and some pushes were committed by the server but never answered
    fired = {r.mode for r in log}
    assert fired >= {"drop", "delay", "502", "cut", "truncate", "late"}, fired
    lost_answers = [r for r in log if r.mode in ("cut", "truncate") and r.path == "/v1/sync/push" and r.status == 200]
    assert lost_answers, "no committed push lost its answer; the test proved little"
    assert 10 <= failures < 45  # many rounds failed, some got through whole
    assert duplicates > 0, "resent events were not recognised as already held"

    assert till.pending_events() == 0
    assert_platform_holds_exactly(platform, till, sold)
    assert till.product("P0003").price == prices["P0003"]
    assert till.doctor() == []
    return till, sold


class _RecordingWake(threading.Event):
    """The engine's wake-up event: records each wait's timeout and stops the engine after a
    wait longer than the normal interval (that is, after a failed round)."""

    def __init__(self, engine: SyncEngine) -> None:
        super().__init__()
        self.engine = engine
        self.waits: list[float] = []

    def wait(self, timeout=None):
        if timeout is not None and threading.current_thread().name == "corner-sync":
            self.waits.append(timeout)
            if timeout > self.engine.interval or len(self.waits) > 50:
                self.engine._stop.set()
                return True
            return super().wait(min(timeout, 0.01))
        return super().wait(timeout)


def test_the_engine_waits_at_least_as_long_as_retry_after_says(tmp_path):
    with running_platform(f"sqlite:///{tmp_path / 'server.sqlite3'}",
                          {"CORNER_RATE_LIMIT_PER_MINUTE": "1", "CORNER_RATE_LIMIT_BURST": "12"}) as platform:
        till = platform.new_till(tmp_path / "till", seed=False)  # a few requests of the burst
        hints: list[float] = []
        client = syncing.client_for(till)
        client.http.hooks["response"].append(
            lambda r, *a, **k: hints.append(float(r.headers["Retry-After"])) if r.status_code == 429 else None)
        engine = SyncEngine(client, TillSyncPort(till), interval=0.01, backoff=Backoff(base=0.05, cap=300))
        engine._wake = wake = _RecordingWake(engine)
        engine.start()
        engine._thread.join(30)
        assert not engine._thread.is_alive()
        assert hints, "the server never said 429; the test proved nothing"
        assert hints[0] >= 30  # one request a minute: the bucket refills in about 60 s
        # several good rounds at the normal interval, then one long wait that honours the hint
        assert wake.waits[:-1] and all(w == engine.interval for w in wake.waits[:-1])
        assert wake.waits[-1] >= hints[-1]
        assert engine.state.online is False and engine.state.message
        with pytest.raises(ServerBusy) as busy:
            client.sync_once(TillSyncPort(till))
        assert busy.value.retry_after is not None and busy.value.retry_after >= 30


class _TopOfRange(random.Random):
    def uniform(self, a, b):
        return b


def test_backoff_doubles_up_to_its_cap_and_a_success_resets_it():
    backoff = Backoff(base=1.0, cap=60.0, rng=_TopOfRange())
    ceilings = [backoff.next_delay() for _ in range(10)]
    assert ceilings == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0, 60.0, 60.0]
    backoff.reset()
    assert backoff.next_delay() == 2.0
    # with real jitter: never below half the base, never above the cap, and spread out
    jittered = Backoff(base=1.0, cap=60.0, rng=random.Random(5))
    delays = [jittered.next_delay() for _ in range(200)]
    assert all(0.5 <= d <= 60.0 for d in delays)
    assert len({round(d, 3) for d in delays[10:]}) > 150  # jitter: tills do not retry in lockstep
    # a Retry-After hint is a floor (within the cap)
    hinted = Backoff(base=1.0, cap=60.0, rng=random.Random(5))
    assert hinted.next_delay(hint=45.0) >= 45.0
    assert hinted.next_delay(hint=600.0) == 60.0

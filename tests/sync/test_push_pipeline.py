"""The client's push pipeline against a real server: batches in order, a failure part-way leaves
exactly the unanswered batches queued, a server with a smaller body limit makes batches shrink,
and stored payload text reaches the server as it was written."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import create_engine, select, text

from app import syncing
from app.core.syncport import TillSyncPort
from sync.client import Offline, RoundResult
from sync.server.models import EventRow
from tests.sync.kit import assert_platform_holds_exactly, running_platform, sell_random


def _sell(till, n: int, seed: int = 1):
    rng = random.Random(seed)
    return [sell_random(till, rng) for _ in range(n)]


def test_many_small_batches_arrive_once_and_in_order(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    sold = _sell(till, 40)
    client, port = syncing.client_for(till), TillSyncPort(till)
    client.batch_limit = 7  # several batches, so reading and marking overlap requests in flight
    result = RoundResult()
    client.push_all(port, result)
    assert till.pending_events() == 0
    assert result.duplicates == 0 and result.quarantined == 0
    assert_platform_holds_exactly(platform, till, sold)
    queued = [e for e, kind, _ in till.iter_outbox() if kind == "sale.completed"]
    assert _stored_event_ids(platform, "sale.completed") == queued  # the order they were stored in


def _stored_event_ids(platform, kind: str) -> list[str]:
    engine = create_engine(platform.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id FROM events WHERE kind = :k ORDER BY rowid"), {"k": kind}).scalars()
            return [str(uuid.UUID(hex=r)) for r in rows]
    finally:
        engine.dispose()


def test_a_failure_part_way_leaves_only_the_unanswered_batches_queued(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    syncing.sync_once(till)  # opening stock and customers out of the way
    sold = _sell(till, 25)
    client, port = syncing.client_for(till), TillSyncPort(till)
    client.batch_limit = 5
    real_send, calls = client._send_push, []

    def flaky(body: bytes):
        calls.append(body)
        if len(calls) == 3:
            raise Offline("cable pulled")
        return real_send(body)

    client._send_push = flaky
    with pytest.raises(Offline):
        client.push_all(port, RoundResult())
    assert till.pending_events() == 15  # batches 1 and 2 answered and marked; 3, 4, 5 queued
    assert platform.sales()["count"] == 10

    client._send_push = real_send
    result = RoundResult()
    client.push_all(port, result)
    assert till.pending_events() == 0 and result.pushed == 15 and result.duplicates == 0
    assert_platform_holds_exactly(platform, till, sold)


def test_batches_shrink_for_a_server_with_a_smaller_body_limit(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with running_platform(url, env={"CORNER_MAX_BODY_BYTES": "20000"}) as platform:
        till = platform.new_till(tmp_path / "t1")
        syncing.sync_once(till)
        sold = _sell(till, 60)
        client, port = syncing.client_for(till), TillSyncPort(till)
        result = RoundResult()
        client.push_all(port, result)
        assert client.batch_limit < 60  # halved until a batch fitted
        assert till.pending_events() == 0 and result.pushed == 60
        assert_platform_holds_exactly(platform, till, sold)


def test_the_stored_payload_text_reaches_the_server_unchanged(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    syncing.sync_once(till)
    comment = 'Zoë "Ω" said: back\\slash, tab\t, 日本語 \U0001F600 </script>'
    till.record_feedback(4, comment)
    queued = [p for _, kind, p in till.iter_outbox() if kind == "feedback.created"]
    syncing.sync_once(till)
    held = platform.admin("GET", "/feedback", params={"shop": platform.shop.code}).json()
    assert [f["comment"] for f in held] == [comment]
    engine = create_engine(platform.database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(EventRow.payload).where(EventRow.kind == "feedback.created")).scalars().all()
    finally:
        engine.dispose()
    assert stored == queued  # the raw event the server keeps is the till's, value for value


def test_the_cycle_collector_rests_while_batches_are_sent_and_runs_again_after(platform, tmp_path):
    """A full collection of a busy till's heap once froze both of the push's threads mid-batch."""
    import gc

    till = platform.new_till(tmp_path / "t1")
    syncing.sync_once(till)
    _sell(till, 12)
    client, port = syncing.client_for(till), TillSyncPort(till)
    client.batch_limit = 4
    real_send, seen = client._send_push, []

    def watched(body: bytes):
        seen.append(gc.isenabled())
        if len(seen) == 2:
            raise Offline("cable pulled")
        return real_send(body)

    client._send_push = watched
    assert gc.isenabled()
    with pytest.raises(Offline):
        client.push_all(port, RoundResult())
    assert gc.isenabled()  # on again after a failure
    client.push_all(port, RoundResult())
    assert seen and not any(seen) and gc.isenabled()
    assert till.pending_events() == 0


def _sell_with_new_customers(till, rng: random.Random, n: int) -> list:
    """Sales, every fifth to a customer made just before it: each customer's ``customer.upserted``
    and the sale naming it may land in different batches, and the sale is refused when its customer
    is not on the platform yet (docs/sync.md, "Two batches in flight")."""
    from app.core.sales import Tender
    from tests.sync.kit import SKUS

    sold = []
    for i in range(n):
        cart = till.new_cart()
        if i % 5 == 4:
            made = till.save_customer({"name": f"Customer {i}", "phone": f"+44 7700 9{i:05d}"})
            till.attach_customer(cart, made.id)
        for sku in rng.sample(SKUS, rng.randint(1, 3)):
            till.add_to_cart(cart, sku, rng.randint(1, 3))
        sold.append(till.pay(cart, [Tender("cash", 100000)]))
    return sold


def test_two_batches_in_flight_keep_the_outbox_order_on_a_server_of_two_processes(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with running_platform(url, workers=2) as platform:
        till = platform.new_till(tmp_path / "t1")
        syncing.sync_once(till)
        sold = _sell_with_new_customers(till, random.Random(5), 60)
        client, port = syncing.client_for(till), TillSyncPort(till)
        client.batch_limit = 4  # 18 batches, customers and their sales apart
        real_send, sent_after = client._send_push, []

        def watched(body: bytes, after: str | None = None):
            sent_after.append(after)
            return real_send(body, after=after)

        client._send_push = watched
        result = RoundResult()
        client.push_all(port, result)
        assert client.push_lanes == 2
        assert sum(a is not None for a in sent_after) >= len(sent_after) - 2  # all but the first two went ahead
        assert till.pending_events() == 0
        assert result.quarantined == 0 and result.duplicates == 0, result.quarantine_reasons
        assert_platform_holds_exactly(platform, till, sold)
        _assert_stored_in_outbox_order(platform, till)


def _assert_stored_in_outbox_order(platform, till) -> None:
    stored, queued = _stored_order(platform), [e for e, _, _ in till.iter_outbox()]
    assert len(set(stored) & set(queued)) > 20
    assert [e for e in stored if e in set(queued)] == [e for e in queued if e in set(stored)]


def _stored_order(platform) -> list[str]:
    engine = create_engine(platform.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id FROM events ORDER BY rowid")).scalars()
            return [str(uuid.UUID(hex=r)) for r in rows]
    finally:
        engine.dispose()


def test_a_batch_sent_ahead_of_one_that_never_left_is_not_applied_and_the_next_round_sends_both(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with running_platform(url, env={"CORNER_PUSH_AFTER_WAIT_SECONDS": "1"}, workers=2) as platform:
        till = platform.new_till(tmp_path / "t1")
        syncing.sync_once(till)
        sold = _sell_with_new_customers(till, random.Random(6), 25)
        waiting, stored_before = till.pending_events(), len(_stored_order(platform))
        client, port = syncing.client_for(till), TillSyncPort(till)
        client.batch_limit = 5
        real_send, ahead = client._send_push, []

        def flaky(body: bytes, after: str | None = None):
            if after is not None:
                ahead.append(after)
                if len(ahead) == 1:  # the third batch, the first sent ahead, never leaves the till
                    raise Offline("cable pulled")
            return real_send(body, after=after)

        client._send_push = flaky
        with pytest.raises(Offline):
            client.push_all(port, RoundResult())
        assert len(ahead) == 2  # the fourth went ahead of the third, and was not sent again
        assert till.pending_events() == waiting - 10  # batches 1 and 2 answered; 3, 4 and on queued
        assert len(_stored_order(platform)) == stored_before + 10  # the fourth was refused: nothing kept

        client._send_push = real_send
        result = RoundResult()
        client.push_all(port, result)
        assert till.pending_events() == 0
        assert result.pushed == waiting - 10 and result.duplicates == 0 and result.quarantined == 0
        assert_platform_holds_exactly(platform, till, sold)
        _assert_stored_in_outbox_order(platform, till)

"""Request limits: body size, batch size, per-device rate; hostile input gets a 4xx, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sync.protocol import MAX_BATCH_EVENTS, MAX_BODY_BYTES
from sync.server.app import create_app
from sync.server.models import EventRow
from sync.server.settings import Settings

from .conftest import PROTO, TestClient
from .factories import event, movement, sale


def events_stored(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(EventRow))


def test_body_over_the_limit_gets_413_and_writes_nothing(client, till, engine):
    big = sale()
    big["staff_name"] = "x" * (MAX_BODY_BYTES + 1)
    r = client.post("/v1/sync/push", json={"events": [event("sale.completed", big)]}, headers=till.headers)
    assert r.status_code == 413 and "larger than" in r.json()["detail"]
    assert events_stored(engine) == 0


def test_streamed_body_over_the_limit_gets_413(client, till):
    def chunks():
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    r = client.post("/v1/sync/push", content=chunks(), headers={**till.headers, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_too_many_events_in_a_batch_gets_422(client, till, engine):
    batch = [event("stock.movement", movement()) for _ in range(MAX_BATCH_EVENTS + 1)]
    r = client.post("/v1/sync/push", json={"events": batch}, headers=till.headers)
    assert r.status_code == 422
    assert events_stored(engine) == 0
    assert client.post("/v1/sync/push", json={"events": batch[:MAX_BATCH_EVENTS]}, headers=till.headers).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"events": "x"}',
        b'{"events": [{"id": "not-a-uuid", "kind": "x", "created_at": "now", "payload": {}}]}',
        b'{"events": [{"id": "4f1c8f0e-9a47-4c7e-9d8e-0f1b2c3d4e5f", "kind": "", "created_at": "2030-01-01T00:00:00Z", "payload": {}}]}',
        b'{"events": [], "extra": 1}',
        b"\xff\xfe",
    ],
)
def test_malformed_batches_get_422_and_write_nothing(client, till, engine, body):
    r = client.post("/v1/sync/push", content=body, headers={**till.headers, "Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert events_stored(engine) == 0


def test_rate_limit_answers_429_with_retry_after(engine, db_url, make_till):
    slow = create_app(Settings(database_url=db_url, rate_limit_per_minute=6, rate_limit_burst=2), engine)
    till = make_till("Shop A")
    with TestClient(slow) as c:
        codes = [c.get("/v1/sync/pull", headers=till.headers).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = c.get("/v1/sync/pull", headers=till.headers)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        # Another device has its own allowance.
        other = make_till("Shop B")
        assert c.get("/v1/sync/pull", headers=other.headers).status_code == 200


def test_enroll_with_garbage_gets_4xx(client):
    for body in ({"code": ""}, {"code": "x" * 100}, {"code": "ABCD-EFGH", "device_name": ""}, {}):
        r = client.post("/v1/devices/enroll", json=body, headers=PROTO)
        assert r.status_code == 422, body
    assert client.post("/v1/devices/enroll", json={"code": "ABCD-EFGH-JKLM"}, headers=PROTO).status_code == 403

"""The shortcuts that make a pull cheap keep its guarantees.

- Each process serves pulls up to a horizon it read at most ``HORIZON_TTL`` before (PostgreSQL): a
  row another process commits meanwhile is served later, never skipped; the process's own feed
  writes are seen at once.
- Device tokens are checked against the database on every request: a device revoked through
  another process is refused at its next request.
- Pooled connections are pinged only after sitting idle: one that died while idle is replaced.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from sync.server import changefeed, identity
from sync.server.changefeed import NewChange
from sync.server.db import make_engine, normalise_url, ping_when_idle, session_scope
from sync.server.settings import Settings

from .factories import event, movement


def _postgres_only(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer and reads the newest seq: no cached horizon")


def _write_elsewhere(db_url: str, shop_id: str, n: int = 1) -> int:
    """Feed rows of ``shop_id`` written through another engine: what another server process does."""
    other = make_engine(Settings(database_url=db_url))
    try:
        with session_scope(other) as session:
            last = changefeed.append(session, [NewChange(uuid.UUID(shop_id), "stock.movement", "{}") for _ in range(n)])
    finally:
        other.dispose()
    return last


def _pull(client, till, after):
    r = client.get("/v1/sync/pull", params={"after": after}, headers=till.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_row_another_process_wrote_is_served_later_never_skipped(db_url, app, client, till):
    _postgres_only(db_url)
    horizons = app.state.feed_horizon
    till.push([event("stock.movement", movement())])
    first = _pull(client, till, 0)
    assert [c["seq"] for c in first["changes"]] == [1] and first["cursor"] == 1

    horizons.ttl = 3600  # the cached horizon stays for the whole test: what a pull in its window sees
    _pull(client, till, first["cursor"])
    reads = horizons.reads
    seq = _write_elsewhere(db_url, till.shop_id)
    second = _pull(client, till, first["cursor"])
    assert horizons.reads == reads  # served from the cached horizon, no pg_locks read
    assert second == {"changes": [], "cursor": 1, "more": False}  # not yet: and the cursor did not pass it

    horizons.ttl = 0  # the window is over
    third = _pull(client, till, second["cursor"])
    assert [c["seq"] for c in third["changes"]] == [seq] and third["cursor"] == seq


def test_many_rows_from_another_process_while_a_till_pulls_all_arrive_once(db_url, app, client, till):
    _postgres_only(db_url)
    app.state.feed_horizon.ttl = 0.05
    written, seen, cursor = [], [], 0
    for _ in range(20):
        written.append(_write_elsewhere(db_url, till.shop_id, 3))
        body = _pull(client, till, cursor)
        seen += [c["seq"] for c in body["changes"]]
        cursor = body["cursor"]
    app.state.feed_horizon.ttl = 0
    while True:
        body = _pull(client, till, cursor)
        seen += [c["seq"] for c in body["changes"]]
        if body["cursor"] == cursor and not body["changes"]:
            break
        cursor = body["cursor"]
    assert seen == sorted(set(seen)) and len(seen) == 60 and seen[-1] == written[-1]


def test_a_process_sees_its_own_feed_writes_at_once(db_url, app, client, admin, till, engine):
    _postgres_only(db_url)
    app.state.feed_horizon.ttl = 3600
    assert _pull(client, till, 0)["changes"] == []
    till.push([event("stock.movement", movement())])  # a push through this process
    assert [c["kind"] for c in _pull(client, till, 0)["changes"]] == ["stock.movement"]
    with session_scope(engine) as session:  # any commit of this process that wrote to the feed
        seq = changefeed.append(session, [NewChange(uuid.UUID(till.shop_id), "stock.movement", "{}")])
    assert _pull(client, till, 1)["cursor"] == seq


def test_a_device_revoked_through_another_process_is_refused_at_its_next_request(db_url, client, till):
    assert client.get("/v1/sync/pull", headers=till.headers).status_code == 200
    other = make_engine(Settings(database_url=db_url))
    try:
        with session_scope(other) as session:
            identity.revoke_device(session, uuid.UUID(till.device_id))
    finally:
        other.dispose()
    r = client.get("/v1/sync/pull", headers=till.headers)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


@pytest.mark.parametrize("idle", [0.0, 3600.0])
def test_a_connection_that_died_while_idle_is_replaced(db_url, idle):
    _postgres_only(db_url)
    engine = create_engine(normalise_url(db_url), pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle=idle)
    killer = create_engine(normalise_url(db_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            pid = conn.scalar(text("SELECT pg_backend_pid()"))
        with killer.connect() as conn:
            assert conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        if idle == 0.0:  # idle long enough: pinged, found dead, replaced
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT pg_backend_pid()")) != pid
        else:  # not pinged (busy pools pay no round trip): the dead connection fails its statement
            with pytest.raises(Exception), engine.connect() as conn:
                conn.scalar(text("SELECT 1"))
    finally:
        engine.dispose()
        killer.dispose()

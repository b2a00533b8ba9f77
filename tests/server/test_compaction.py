"""Compacting the change feed: superseded catalog and policy rows go, shop rows every till of the shop
has pulled go, and a pull after a cursor older than what is kept is answered 410."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from sync.server.compaction import compact
from sync.server.db import session_scope
from sync.server.models import ChangeLog, Device

from .factories import event, movement
from .test_feed import import_csv

CSV2 = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,130,100,150,80,4006381333931\n"
)


def _compact(engine, **kw):
    with session_scope(engine) as session:
        return compact(session, **kw)


def _kinds(engine):
    with session_scope(engine) as session:
        return session.execute(select(ChangeLog.seq, ChangeLog.kind, ChangeLog.shop_id).order_by(ChangeLog.seq)).all()


def test_superseded_prices_and_policies_go_and_a_till_still_gets_the_newest(client, admin, make_till, engine):
    import_csv(client, admin)  # A1, B2, C3
    import_csv(client, admin, CSV2)  # A1 again
    for value in ("14", "21"):
        assert client.put("/admin/policies/return_window_days", json={"value": value}, headers=admin).status_code == 200
    done = _compact(engine)
    assert done.superseded == 2 and done.expired == 0
    till = make_till("Shop A")  # a till that has pulled nothing: nothing of its shop expires
    changes, _ = till.pull_all()
    products = [c["payload"] for c in changes if c["kind"] == "product.upserted"]
    assert sorted(p["sku"] for p in products) == ["A1", "B2", "C3"]
    assert next(p for p in products if p["sku"] == "A1")["price"] == 130
    assert [c["payload"]["value"] for c in changes if c["kind"] == "policy.set"] == ["21"]


def test_rows_every_till_has_pulled_expire_and_an_older_cursor_gets_410(app, client, make_till, engine):
    app.state.pull_marks.every = 0  # note every pull's cursor (normally at most every 5 minutes a till)
    a1, a2, b = make_till("Shop A"), make_till("Shop A"), make_till("Shop B")
    a1.push([event("stock.movement", movement()) for _ in range(3)])
    b.push([event("stock.movement", movement()) for _ in range(2)])
    _, top = a1.pull_all()
    # The cursor a till pulls after is noted: a2 has pulled nothing yet, so nothing of shop A goes.
    a1.pull_all(top)
    assert _compact(engine).expired == 0  # neither a2 nor shop B's till has pulled anything
    assert [k for _, k, shop in _kinds(engine) if shop == uuid.UUID(a1.shop_id)] == ["stock.movement"] * 3
    a2.pull_all(top)
    done = _compact(engine)
    assert done.expired == 3 and done.shops == 1  # shop A's rows up to top
    r = client.get("/v1/sync/pull", params={"after": 0}, headers=a1.headers)
    assert r.status_code == 410 and "snapshot" in r.json()["detail"]
    assert client.get("/v1/sync/pull", params={"after": top}, headers=a2.headers).status_code == 200
    snap = client.get("/v1/sync/snapshot", headers=a1.headers).json()
    assert client.get("/v1/sync/pull", params={"after": snap["cursor"]}, headers=a1.headers).status_code == 200


def test_max_age_expires_what_a_till_has_not_pulled(client, make_till, engine):
    a = make_till("Shop A")
    a.push([event("stock.movement", movement()) for _ in range(3)])
    assert _compact(engine).expired == 0  # the till never pulled
    assert _compact(engine, max_age_days=0).expired == 2  # all but the newest row of the feed
    assert client.get("/v1/sync/pull", params={"after": 0}, headers=a.headers).status_code == 410
    with session_scope(engine) as session:
        assert session.scalar(select(Device.pulled_to)) is None


def test_pull_marks_are_spread_over_their_interval_and_written_at_most_once_in_it(app, make_till, engine):
    """A process that has just started does not write a mark for every till at once: each device's
    first mark comes at a random moment of the interval, and then at most once an interval."""
    import random

    from sync.server.compaction import PullMarks

    now = [1000.0]
    app.state.pull_marks = PullMarks(every=300, clock=lambda: now[0])
    app.state.pull_marks._rng = random.Random(5)  # the same spread every run
    tills = [make_till("Shop A") for _ in range(4)]  # (enrollments from one address: a burst of 5)
    for till in tills:
        till.push([event("stock.movement", movement())])

    def marks() -> dict[str, int | None]:
        with session_scope(engine) as session:
            rows = session.execute(select(Device.id, Device.pulled_to)).all()
        return {str(device_id): pulled_to for device_id, pulled_to in rows}

    def pull_all_tills(cursor: int) -> None:
        for till in tills:
            assert till.client.get("/v1/sync/pull", params={"after": cursor}, headers=till.headers).status_code == 200

    pull_all_tills(1)
    pull_all_tills(2)  # two pulls at start: nothing written yet (each mark is due later)
    assert set(marks().values()) == {None}
    seen: list[dict[str, int | None]] = []
    for step in range(1, 31):  # then a pull every 10 s with a new cursor, for 300 s
        now[0] += 10
        pull_all_tills(2 + step)
        seen.append(marks())
    first = [next(step for step, m in enumerate(seen, 1) if m[till.device_id] is not None) for till in tills]
    assert len(set(first)) == len(tills)  # each till's first mark at its own moment of the interval
    for till in tills:  # and each written once in the interval: its first mark is never replaced
        assert len({m[till.device_id] for m in seen} - {None}) == 1

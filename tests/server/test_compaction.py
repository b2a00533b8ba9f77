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

"""A device of shop A can never read or change shop B's data."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from sync.server.models import Customer, EventRow, Sale

from .factories import customer, event, movement, sale, uid

HLC = "1700000000000:00000:a"


def test_pull_never_shows_another_shops_rows(make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    a.push([
        event("sale.completed", sale()),
        event("customer.upserted", customer(uid(), HLC, name="Eva")),
        event("feedback.created", {"id": uid(), "rating": 4, "created_at": "2030-01-01T00:00:00Z"}),
        event("stock.movement", movement()),
    ])
    changes, _ = b.pull_all()
    assert changes == []


def test_reusing_another_shops_event_id_changes_nothing_there(make_till, engine):
    """Event ids are scoped by shop: B's event with A's id is B's own, and A's stays as it was."""
    a, b = make_till("Shop A"), make_till("Shop B")
    e = event("sale.completed", sale())
    a.push([e])
    forged = dict(e, payload=sale())
    assert b.push([forged])["results"][0]["status"] == "accepted"
    with engine.connect() as conn:
        owners = sorted(str(o) for o in conn.execute(select(EventRow.shop_id)).scalars())
        a_sale = conn.execute(select(Sale.id).where(Sale.shop_id == uuid.UUID(a.shop_id))).scalars().all()
    assert owners == sorted([a.shop_id, b.shop_id])
    assert [str(s) for s in a_sale] == [e["payload"]["id"]]


def test_shop_cannot_overwrite_another_shops_customer(make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    cid = uid()
    a.push([event("customer.upserted", customer(cid, HLC, name="Eva"))])
    result = b.push([event("customer.upserted", customer(cid, "1800000000000:00000:b", name="Mallory"))])
    assert result["results"][0]["status"] == "accepted"  # B's own customer: nothing of A's is said or touched
    with engine.connect() as conn:
        rows = dict(conn.execute(select(Customer.shop_id, Customer.fields).where(Customer.id == uuid.UUID(cid))).all())
    assert rows == {uuid.UUID(a.shop_id): {"name": "Eva"}, uuid.UUID(b.shop_id): {"name": "Mallory"}}
    assert [c["payload"]["fields"] for c in a.pull_all()[0]] == [{"name": "Eva"}]


def test_shop_cannot_reuse_another_shops_sale_id(make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    s = sale()
    a.push([event("sale.completed", s)])
    result = b.push([event("sale.completed", sale(sale_id=s["id"]))])
    assert result["results"][0]["status"] == "accepted"
    with engine.connect() as conn:
        totals = dict(conn.execute(select(Sale.shop_id, Sale.receipt_token).where(Sale.id == uuid.UUID(s["id"]))).all())
    assert totals[uuid.UUID(a.shop_id)] == s["receipt_token"] and len(totals) == 2


def test_device_tokens_cannot_reach_admin_data(client, make_till):
    a = make_till("Shop A")
    for path in ("/admin/shops", "/admin/quarantine", "/admin/feedback", "/admin/shops/S002/sales", "/admin/shops/S002/stock"):
        assert client.get(path, headers=a.headers).status_code == 401, path


def test_admin_views_are_per_shop(client, admin, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    a.push([event("sale.completed", sale(lines=2))])
    b.push([event("stock.movement", movement(qty=7, kind="delivery"))])
    a_sales = client.get(f"/admin/shops/{a.shop_code}/sales", headers=admin).json()
    b_sales = client.get(f"/admin/shops/{b.shop_code}/sales", headers=admin).json()
    assert a_sales["count"] == 1 and a_sales["total"] == 500 and b_sales["count"] == 0
    assert [s["level"] for s in client.get(f"/admin/shops/{b.shop_code}/stock", headers=admin).json()] == [7]
    assert client.get("/admin/shops/NOPE/stock", headers=admin).status_code == 404

"""Push: exactly once, projections of every kind, quarantine, customer merge by HLC."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from sync.protocol import EVENT_PAYLOADS
from sync.server.models import (
    AuditEntry,
    CashSession,
    ChangeLog,
    Customer,
    DeliveryReceipt,
    EventRow,
    Feedback,
    LocalPrice,
    LocalProduct,
    LoyaltyEntry,
    Order,
    Payment,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    StockMovement,
)

from sync.server.db import session_scope
from sync.server.identity import utcnow
from sync.server.models import Shipment

from .factories import customer, event, movement, one_of_each_kind, sale, uid


def count(engine, model, *where) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model).where(*where))


def statuses(response: dict) -> list[str]:
    return [r["status"] for r in response["results"]]


def test_sale_is_projected_with_lines_payments_and_movements(till, engine):
    s = sale(lines=3)
    assert statuses(till.push([event("sale.completed", s)])) == ["accepted"]
    assert count(engine, Sale) == 1 and count(engine, SaleLine) == 3 and count(engine, Payment) == 1
    with engine.connect() as conn:
        rows = conn.execute(select(StockMovement.shop_id, StockMovement.device_id, StockMovement.qty)).all()
    assert len(rows) == 3
    assert {(str(r.shop_id), str(r.device_id), r.qty) for r in rows} == {(till.shop_id, till.device_id, -1)}


def test_pushing_the_same_batch_again_changes_nothing(till, engine):
    batch = [event("sale.completed", sale()) for _ in range(5)]
    assert statuses(till.push(batch)) == ["accepted"] * 5
    changes_before = count(engine, ChangeLog)
    assert statuses(till.push(batch)) == ["duplicate"] * 5
    assert count(engine, EventRow) == 5 and count(engine, Sale) == 5
    assert count(engine, ChangeLog) == changes_before


def test_an_event_twice_in_one_batch_is_applied_once(till, engine):
    e = event("sale.completed", sale())
    assert statuses(till.push([e, e])) == ["accepted", "duplicate"]
    assert count(engine, Sale) == 1


def test_every_event_kind_is_projected(till, engine):
    events = one_of_each_kind()
    assert {e["kind"] for e in events} == set(EVENT_PAYLOADS)
    delivery = events[-1]["payload"]  # a count of a shipment the platform sent this shop
    with session_scope(engine) as session:
        session.add(Shipment(
            id=uuid.UUID(delivery["id"]), shop_id=uuid.UUID(till.shop_id), order_id=None, created_at=utcnow(),
            shipped_by="test", lines=[{"product_id": line["product_id"], "sku": line["sku"], "qty": line["shipped"],
                                       "unit_cost": line["unit_cost"]} for line in delivery["lines"]],
        ))
    result = till.push(events)
    assert statuses(result) == ["accepted"] * len(events), result
    for model, n in [
        (Sale, 1), (SaleLine, 2), (Refund, 1), (RefundLine, 1), (Payment, 2), (Customer, 1),
        (LoyaltyEntry, 1), (CashSession, 1), (AuditEntry, 1), (Feedback, 1), (LocalProduct, 1),
        (LocalPrice, 1), (Order, 1), (DeliveryReceipt, 1),
        (StockMovement, 2 + 1 + 1 + 1),  # sale (2 lines), refund, stock.movement, delivery
    ]:
        assert count(engine, model) == n, model.__tablename__


def test_bad_payloads_are_quarantined_and_do_not_block_the_batch(till, engine, client, admin):
    good, bad, unknown = event("sale.completed", sale()), event("sale.completed", {"id": "x"}), event("weird.kind", {})
    result = till.push([good, bad, unknown])
    assert statuses(result) == ["accepted", "quarantined", "quarantined"]
    assert "invalid payload" in result["results"][1]["reason"]
    assert "unknown event kind" in result["results"][2]["reason"]
    assert count(engine, EventRow) == 3 and count(engine, Sale) == 1
    listed = client.get("/admin/quarantine", headers=admin).json()
    assert {q["id"] for q in listed} == {bad["id"], unknown["id"]}
    assert all(q["shop_code"] == till.shop_code for q in listed)
    # The quarantined events are held: sending them again answers "duplicate".
    assert statuses(till.push([bad])) == ["duplicate"]


def test_an_event_that_cannot_be_projected_is_quarantined_alone(till, engine):
    s = sale()
    till.push([event("sale.completed", s)])
    reused_id = sale(sale_id=s["id"])  # a different event reusing the sale's id
    others = [event("sale.completed", sale()) for _ in range(3)]
    result = till.push([others[0], event("sale.completed", reused_id), *others[1:]])
    assert statuses(result) == ["accepted", "quarantined", "accepted", "accepted"]
    assert "already received" in result["results"][1]["reason"]
    assert count(engine, Sale) == 4
    with engine.connect() as conn:
        status = conn.scalar(select(EventRow.status).where(EventRow.id == uuid.UUID(result["results"][1]["id"])))
    assert status == "quarantined"


def test_hostile_payloads_are_quarantined_not_500(till, engine):
    huge = sale()
    huge["total"] = 10**30
    nul = sale()
    nul["staff_name"] = "A\u0000B"
    result = till.push([event("sale.completed", huge), event("sale.completed", nul), event("x\u0000", {"a": "\u0000"})])
    assert statuses(result) == ["quarantined"] * 3
    assert count(engine, Sale) == 0 and count(engine, EventRow) == 3


def test_sale_movements_reach_the_shops_feed(make_till):
    a1, a2 = make_till("Shop A"), make_till("Shop A")
    s = sale(lines=2)
    a1.push([event("sale.completed", s)])
    changes, _ = a2.pull_all()
    moved = [c["payload"]["id"] for c in changes if c["kind"] == "stock.movement"]
    assert moved == [m["id"] for m in s["movements"]]


HLC_1 = "1700000000000:00000:till1"
HLC_2 = "1700000000000:00001:till2"
HLC_3 = "1700000000500:00000:till1"


def test_customers_merge_per_field_by_hybrid_logical_clock(till, engine):
    cid = uid()
    till.push([event("customer.upserted", customer(cid, HLC_2, name="Eva B", phone="222"))])
    # Older stamp arriving later loses on the fields the newer one set, wins on a new field.
    till.push([event("customer.upserted", customer(cid, HLC_1, name="Eva A", email="a@x"))])
    till.push([event("customer.upserted", customer(cid, HLC_3, phone="333"))])
    with engine.connect() as conn:
        row = conn.execute(select(Customer.fields, Customer.field_hlc)).one()
    assert row.fields == {"name": "Eva B", "phone": "333", "email": "a@x"}
    assert row.field_hlc == {"name": HLC_2, "phone": HLC_3, "email": HLC_1}


def test_customer_with_a_bad_clock_stamp_is_quarantined(till):
    result = till.push([event("customer.upserted", customer(uid(), "yesterday", name="X"))])
    assert statuses(result) == ["quarantined"] and "hlc" in result["results"][0]["reason"]


def test_local_price_keeps_the_latest_setting(till, engine):
    pid = uid()
    late = {"product_id": pid, "sku": "A1", "price": 150, "created_at": "2030-01-02T00:00:00+00:00"}
    early = {"product_id": pid, "sku": "A1", "price": 120, "created_at": "2030-01-01T00:00:00+00:00"}
    till.push([event("price.local_set", late)])
    till.push([event("price.local_set", early)])
    with engine.connect() as conn:
        assert conn.scalar(select(LocalPrice.price)) == 150


def test_stock_movement_events_are_published(till):
    m = movement(qty=5, kind="adjustment")
    till.push([event("stock.movement", m)])
    changes, _ = till.pull_all()
    assert [c["payload"]["id"] for c in changes if c["kind"] == "stock.movement"] == [m["id"]]


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_single_batches(till, n):
    assert len(till.push([event("stock.movement", movement()) for _ in range(n)])["results"]) == n

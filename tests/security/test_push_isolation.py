"""Issue 12, part 1: a till acts for its own shop only, for every id it sends.

Each test is an attack by shop A's till (its own device token) on shop B, against the server on
SQLite and on PostgreSQL. Answers must neither touch B's records nor reveal that B has an id.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import func, select

from sync.server.models import Customer, EventRow, LoyaltyEntry, Refund, Sale

from tests.server.conftest import (  # noqa: F401 - the server's fixtures, on SQLite and PostgreSQL
    _pg_session_url,
    _sqlite_template,
    admin,
    admin_token,
    app,
    client,
    db_url,
    engine,
    make_till,
    settings,
)
from tests.server.factories import customer, event, movement, now, refund, sale, uid
from tests.server.test_s2b2c import place_order, products  # noqa: F401 - the catalog fixture

HLC = "1700000000000:00000:a"


def results(answer: dict) -> list[tuple[str, str | None]]:
    return [(r["status"], r["reason"]) for r in answer["results"]]


def ship_order(client, admin, till, products) -> dict:
    """B orders and the platform ships: the shipment as the API gives it."""
    order_id = place_order(till, products, A1=5, B2=2)
    r = client.post(f"/admin/orders/{order_id}/ship", json=None, headers=admin)
    assert r.status_code == 201, r.text
    return r.json()


def count_of(shipment: dict, received: dict[str, int], unit_cost: int | None = None) -> dict:
    """A delivery.received payload counting ``shipment`` (sku -> received, all good)."""
    lines, moves = [], []
    for line in shipment["lines"]:
        got = received.get(line["sku"], line["qty"])
        cost = line["unit_cost"] if unit_cost is None else unit_cost
        lines.append({"product_id": line["product_id"], "sku": line["sku"], "shipped": line["qty"],
                      "received": got, "damaged": 0, "unit_cost": cost})
        if got:
            m = movement(line["product_id"], got, "delivery", line["sku"])
            moves.append({**m, "unit_cost": cost, "ref_id": shipment["id"]})
    return {"id": shipment["id"], "order_id": shipment["order_id"], "received_at": now(), "lines": lines,
            "movements": moves}


def delivery_of(client, admin, shop_code: str, shipment_id: str) -> dict:
    rows = client.get("/admin/deliveries", params={"shop": shop_code}, headers=admin).json()
    return {d["id"]: d for d in rows}[shipment_id]


def test_a_shop_cannot_receive_another_shops_shipment(client, admin, make_till, products):
    a, b = make_till("Shop A"), make_till("Shop B")
    shipment = ship_order(client, admin, b, products)

    forged = a.push([event("delivery.received", count_of(shipment, {"A1": 0, "B2": 0}))])
    nobodys = uid()
    unknown = a.push([event("delivery.received", count_of(dict(shipment, id=nobodys), {}))])
    [(status, reason)] = results(forged)
    assert status == "quarantined" and reason == f"no shipment {shipment['id']} was sent to this shop"
    # The same answer as for an id no shop has: nothing says that B has it.
    assert results(unknown)[0] == ("quarantined", reason.replace(shipment["id"], nobodys))

    untouched = delivery_of(client, admin, b.shop_code, shipment["id"])
    assert untouched["status"] == "shipped" and all(line["received"] is None for line in untouched["lines"])

    assert results(b.push([event("delivery.received", count_of(shipment, {"A1": 4}))])) == [("accepted", None)]
    counted = delivery_of(client, admin, b.shop_code, shipment["id"])
    assert counted["status"] == "received"
    assert {line["sku"]: line["received"] for line in counted["lines"]} == {"A1": 4, "B2": 2}


def test_another_shops_event_id_never_pre_empts_or_reveals_ours(make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    b_sale = event("sale.completed", sale())  # queued at B's till, not pushed yet
    # A learns the id and pushes first, with its own payload: an ordinary new event for A.
    assert results(a.push([dict(b_sale, payload=sale())])) == [("accepted", None)]
    # B's push of its own event is accepted, not answered "duplicate" (which would drop it).
    assert results(b.push([b_sale])) == [("accepted", None)]
    # And A, pushing B's id again after B, hears of its own event only.
    assert results(a.push([dict(b_sale, payload=sale())]))[0][0] == "quarantined"  # A's own conflict
    with engine.connect() as conn:
        b_sales = conn.execute(select(Sale.id).where(Sale.shop_id == uuid.UUID(b.shop_id))).scalars().all()
        events = conn.execute(select(func.count()).select_from(EventRow).where(EventRow.id == uuid.UUID(b_sale["id"])))
    assert [str(s) for s in b_sales] == [b_sale["payload"]["id"]]
    assert events.scalar() == 2


def test_record_ids_are_per_shop_and_answers_say_nothing_of_other_shops(make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    cid = uid()
    b_sale = sale()
    b.push([event("customer.upserted", customer(cid, HLC, name="Eva")), event("sale.completed", b_sale)])

    answer = a.push([
        event("customer.upserted", customer(cid, "1800000000000:00000:m", name="Mallory")),
        event("sale.completed", sale(sale_id=b_sale["id"])),
    ])
    assert results(answer) == [("accepted", None), ("accepted", None)]  # A's own records, nothing said of B
    with engine.connect() as conn:
        eva = conn.execute(select(Customer.fields).where(
            Customer.shop_id == uuid.UUID(b.shop_id), Customer.id == uuid.UUID(cid))).scalar_one()
        b_token = conn.execute(select(Sale.receipt_token).where(
            Sale.shop_id == uuid.UUID(b.shop_id), Sale.id == uuid.UUID(b_sale["id"]))).scalar_one()
    assert eva == {"name": "Eva"} and b_token == b_sale["receipt_token"]
    b_feed = [c["payload"]["fields"] for c in b.pull_all()[0] if c["kind"] == "customer.upserted"]
    assert b_feed == [{"name": "Eva"}]


def test_a_refund_resolves_within_its_own_shop_only(client, admin, make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    b_sale = sale()
    b.push([event("sale.completed", b_sale)])

    # A refunds B's sale line: it never touches B's sale; to A it is a refund whose sale is not
    # here, listed for the central team (the same as a refund that arrived before its sale).
    assert results(a.push([event("refund.completed", refund(b_sale))])) == [("accepted", None)]
    with engine.connect() as conn:
        b_refunds = conn.execute(select(func.count()).select_from(Refund).where(
            Refund.shop_id == uuid.UUID(b.shop_id))).scalar()
    assert b_refunds == 0
    unmatched = client.get("/admin/refunds/unmatched", headers=admin).json()
    assert [(u["shop_code"], u["sale_id"]) for u in unmatched] == [(a.shop_code, b_sale["id"])]
    # B's own refund of the line is not pre-empted by A's.
    assert results(b.push([event("refund.completed", refund(b_sale))])) == [("accepted", None)]

    # A refund naming one of the shop's sales but a line of another of its sales is refused.
    one, other = sale(), sale()
    a.push([event("sale.completed", one), event("sale.completed", other)])
    crossed = refund(one)
    crossed["lines"][0]["sale_line_id"] = other["lines"][0]["id"]
    [(status, reason)] = results(a.push([event("refund.completed", crossed)]))
    assert status == "quarantined" and f"not on sale {one['id']}" in reason


def test_sales_and_loyalty_name_the_shops_own_customers_only(make_till, engine):
    a, b = make_till("Shop A"), make_till("Shop B")
    cid = uid()
    b.push([event("customer.upserted", customer(cid, HLC, name="Eva"))])
    loyalty = {"id": uid(), "customer_id": cid, "points": 50, "reason": "sale", "created_at": now()}
    answer = a.push([event("sale.completed", sale(customer_id=cid)), event("loyalty.entry", loyalty)])
    assert [s for s, _ in results(answer)] == ["quarantined", "quarantined"]
    assert all(f"customer {cid} is not a customer of this shop" in r for _, r in results(answer))
    # The same answer for a customer no shop has.
    stranger = uid()
    [(_, reason)] = results(a.push([event("sale.completed", sale(customer_id=stranger))]))
    assert reason.replace(stranger, cid) == results(answer)[0][1]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LoyaltyEntry)).scalar() == 0
    # A's own customer is fine.
    mine = uid()
    own = a.push([event("customer.upserted", customer(mine, HLC, name="Ana")),
                  event("sale.completed", sale(customer_id=mine)),
                  event("loyalty.entry", dict(loyalty, id=uid(), customer_id=mine))])
    assert [s for s, _ in results(own)] == ["accepted"] * 3


def test_the_same_id_with_another_payload_is_a_conflict_not_a_duplicate(make_till, engine, caplog):
    a = make_till("Shop A")
    first = event("sale.completed", sale())
    assert results(a.push([first])) == [("accepted", None)]
    assert results(a.push([first])) == [("duplicate", None)]  # a retry of the same event
    changed = dict(first, payload=dict(first["payload"], staff_name="Mallory"))
    with caplog.at_level(logging.WARNING, logger="corner.server.push"):
        [(status, reason)] = results(a.push([changed]))
    assert status == "quarantined" and "conflicts with an event already received" in reason
    assert any(first["id"] in rec.getMessage() and "conflicts" in rec.getMessage() for rec in caplog.records)
    # Twice in one batch, differently: the first is applied, the second is the conflict.
    twin = event("sale.completed", sale())
    other = dict(twin, payload=sale())
    assert [s for s, _ in results(a.push([twin, other]))] == ["accepted", "quarantined"]
    with engine.connect() as conn:
        kept = conn.execute(select(Sale.staff_name).where(Sale.id == uuid.UUID(first["payload"]["id"]))).scalar_one()
        n = conn.execute(select(func.count()).select_from(Sale)).scalar()
    assert kept == "Ana" and n == 2

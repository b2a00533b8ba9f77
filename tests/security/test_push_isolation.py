"""Issue 12, part 1: a till acts for its own shop only, for every id it sends.

Each test is an attack by shop A's till (its own device token, real HTTP) on shop B, against a
real server process (``corner-server run``) on SQLite and on PostgreSQL: one process per database
for the module, two new shops per test. Answers must neither touch B's records nor reveal that
B has an id. What the server wrote is read back through the admin API, B's pull feed and, where
no API shows it, the server's database.
"""

from __future__ import annotations

import uuid

import pytest

from sqlalchemy import func, select

from sync.server.models import Customer, EventRow, LoyaltyEntry, Refund, Sale

from ..server.factories import customer, event, movement, now, refund, sale, uid
from .helpers import Served, Till

HLC = "1700000000000:00000:a"
CATALOG = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,4006381333931\n"
    "B2,Bread,,each,900,250,,,100,\n"
)


def results(answer: dict) -> list[tuple[str, str | None]]:
    return [(r["status"], r["reason"]) for r in answer["results"]]


def products(s: Served) -> dict[str, dict]:
    s.admin("POST", "/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True})
    return {p["sku"]: p for p in s.admin("GET", "/products").json()}


def ship_order(s: Served, till: Till, catalog: dict, **qty: int) -> dict:
    """``till``'s shop orders and the platform ships: the shipment as the admin API gives it."""
    order_id = uid()
    lines = [{"product_id": catalog[sku]["id"], "sku": sku, "qty": q} for sku, q in qty.items()]
    assert results(s.push(till, [event("order.placed", {"id": order_id, "created_at": now(), "note": "",
                                                          "lines": lines})])) == [("accepted", None)]
    return s.admin("POST", f"/orders/{order_id}/ship", expect=201, json=None).json()


def count_of(shipment: dict, received: dict[str, int]) -> dict:
    """A delivery.received payload counting ``shipment`` (sku -> received, all good)."""
    lines, moves = [], []
    for line in shipment["lines"]:
        got = received.get(line["sku"], line["qty"])
        lines.append({"product_id": line["product_id"], "sku": line["sku"], "shipped": line["qty"],
                      "received": got, "damaged": 0, "unit_cost": line["unit_cost"]})
        if got:
            m = movement(line["product_id"], got, "delivery", line["sku"])
            moves.append({**m, "unit_cost": line["unit_cost"], "ref_id": shipment["id"]})
    return {"id": shipment["id"], "order_id": shipment["order_id"], "received_at": now(), "lines": lines,
            "movements": moves}


def delivery_of(s: Served, shop_code: str, shipment_id: str) -> dict:
    return {d["id"]: d for d in s.admin("GET", "/deliveries", params={"shop": shop_code}).json()}[shipment_id]


def test_a_shop_cannot_receive_another_shops_shipment(served):
    a, b = served.new_till("Shop A"), served.new_till("Shop B")
    shipment = ship_order(served, b, products(served), A1=5, B2=2)

    forged = served.push(a, [event("delivery.received", count_of(shipment, {"A1": 0, "B2": 0}))])
    nobodys = uid()
    unknown = served.push(a, [event("delivery.received", count_of(dict(shipment, id=nobodys), {}))])
    [(status, reason)] = results(forged)
    assert status == "quarantined" and reason == f"no shipment {shipment['id']} was sent to this shop"
    # The same answer as for an id no shop has: nothing says that B has it.
    assert results(unknown)[0] == ("quarantined", reason.replace(shipment["id"], nobodys))

    untouched = delivery_of(served, b.code, shipment["id"])
    assert untouched["status"] == "shipped" and all(line["received"] is None for line in untouched["lines"])

    assert results(served.push(b, [event("delivery.received", count_of(shipment, {"A1": 4}))])) == [("accepted", None)]
    counted = delivery_of(served, b.code, shipment["id"])
    assert counted["status"] == "received"
    assert {line["sku"]: line["received"] for line in counted["lines"]} == {"A1": 4, "B2": 2}
    assert served.admin("GET", "/deliveries", params={"shop": a.code}).json() == []


def test_another_shops_event_id_never_pre_empts_or_reveals_ours(served):
    a, b = served.new_till("Shop A"), served.new_till("Shop B")
    b_sale = event("sale.completed", sale())  # queued at B's till, not pushed yet
    # A learns the id and pushes first, with its own payload: an ordinary new event for A.
    assert results(served.push(a, [dict(b_sale, payload=sale())])) == [("accepted", None)]
    # B's push of its own event is accepted, not answered "duplicate" (which would drop it).
    assert results(served.push(b, [b_sale])) == [("accepted", None)]
    # And A, pushing B's id again after B, hears of its own event only: a conflict with A's own.
    [(status, reason)] = results(served.push(a, [dict(b_sale, payload=sale())]))
    assert status == "quarantined" and "conflicts with an event already received" in reason
    b_sales = served.admin("GET", f"/shops/{b.code}/sales").json()
    assert [row["id"] for row in b_sales["sales"]] == [b_sale["payload"]["id"]]
    with served.db.connect() as conn:
        events = conn.execute(select(EventRow.shop_id, EventRow.status).where(EventRow.id == uuid.UUID(b_sale["id"])))
        assert sorted((str(shop), st) for shop, st in events) == sorted(
            [(a.shop_id, "accepted"), (b.shop_id, "accepted")])


def test_record_ids_are_per_shop_and_answers_say_nothing_of_other_shops(served):
    a, b = served.new_till("Shop A"), served.new_till("Shop B")
    cid = uid()
    b_sale = sale()
    served.push(b, [event("customer.upserted", customer(cid, HLC, name="Eva")), event("sale.completed", b_sale)])

    answer = served.push(a, [
        event("customer.upserted", customer(cid, "1800000000000:00000:m", name="Mallory")),
        event("sale.completed", sale(sale_id=b_sale["id"])),
    ])
    assert results(answer) == [("accepted", None), ("accepted", None)]  # A's own records, nothing said of B
    with served.db.connect() as conn:
        eva = conn.execute(select(Customer.fields).where(
            Customer.shop_id == uuid.UUID(b.shop_id), Customer.id == uuid.UUID(cid))).scalar_one()
        b_token = conn.execute(select(Sale.receipt_token).where(
            Sale.shop_id == uuid.UUID(b.shop_id), Sale.id == uuid.UUID(b_sale["id"]))).scalar_one()
    assert eva == {"name": "Eva"} and b_token == b_sale["receipt_token"]
    b_feed = [c["payload"]["fields"] for c in served.pull_all(b) if c["kind"] == "customer.upserted"]
    assert b_feed == [{"name": "Eva"}]
    a_feed = [c["payload"]["fields"] for c in served.pull_all(a) if c["kind"] == "customer.upserted"]
    assert a_feed == [{"name": "Mallory"}]


def test_a_refund_resolves_within_its_own_shop_only(served):
    a, b = served.new_till("Shop A"), served.new_till("Shop B")
    b_sale = sale()
    served.push(b, [event("sale.completed", b_sale)])

    # A refunds B's sale line: it never touches B's sale; to A it is a refund whose sale is not
    # here, listed for the central team (the same as a refund that arrived before its sale).
    assert results(served.push(a, [event("refund.completed", refund(b_sale))])) == [("accepted", None)]
    with served.db.connect() as conn:
        b_refunds = conn.execute(select(func.count()).select_from(Refund).where(
            Refund.shop_id == uuid.UUID(b.shop_id))).scalar()
    assert b_refunds == 0
    unmatched = served.admin("GET", "/refunds/unmatched", params={"limit": 1000}).json()
    assert [(u["shop_code"], u["sale_id"]) for u in unmatched if u["shop_code"] in (a.code, b.code)] == [
        (a.code, b_sale["id"])]
    # B's own refund of the line is not pre-empted by A's.
    assert results(served.push(b, [event("refund.completed", refund(b_sale))])) == [("accepted", None)]

    # A refund naming one of the shop's sales but a line of another of its sales is refused.
    one, other = sale(), sale()
    served.push(a, [event("sale.completed", one), event("sale.completed", other)])
    crossed = refund(one)
    crossed["lines"][0]["sale_line_id"] = other["lines"][0]["id"]
    [(status, reason)] = results(served.push(a, [event("refund.completed", crossed)]))
    assert status == "quarantined" and f"not on sale {one['id']}" in reason


def test_sales_and_loyalty_name_the_shops_own_customers_only(served):
    a, b = served.new_till("Shop A"), served.new_till("Shop B")
    cid = uid()
    served.push(b, [event("customer.upserted", customer(cid, HLC, name="Eva"))])
    loyalty = {"id": uid(), "customer_id": cid, "points": 50, "reason": "sale", "created_at": now()}
    answer = served.push(a, [event("sale.completed", sale(customer_id=cid)), event("loyalty.entry", loyalty)])
    assert [s for s, _ in results(answer)] == ["quarantined", "quarantined"]
    assert all(f"customer {cid} is not a customer of this shop" in r for _, r in results(answer))
    # The same answer for a customer no shop has.
    stranger = uid()
    [(_, reason)] = results(served.push(a, [event("sale.completed", sale(customer_id=stranger))]))
    assert reason.replace(stranger, cid) == results(answer)[0][1]
    with served.db.connect() as conn:
        entries = conn.execute(select(func.count()).select_from(LoyaltyEntry).where(
            LoyaltyEntry.shop_id.in_([uuid.UUID(a.shop_id), uuid.UUID(b.shop_id)]))).scalar()
    assert entries == 0
    # A's own customer is fine.
    mine = uid()
    own = served.push(a, [event("customer.upserted", customer(mine, HLC, name="Ana")),
                          event("sale.completed", sale(customer_id=mine)),
                          event("loyalty.entry", dict(loyalty, id=uid(), customer_id=mine))])
    assert [s for s, _ in results(own)] == ["accepted"] * 3


def test_the_same_id_with_another_payload_is_a_conflict_not_a_duplicate(served):
    a = served.new_till("Shop A")
    first = event("sale.completed", sale())
    assert results(served.push(a, [first])) == [("accepted", None)]
    assert results(served.push(a, [first])) == [("duplicate", None)]  # a retry of the same event
    changed = dict(first, payload=dict(first["payload"], staff_name="Mallory"))
    [(status, reason)] = results(served.push(a, [changed]))
    assert status == "quarantined" and "conflicts with an event already received" in reason
    # The central team sees it in the server's log (a warning naming the shop and the event).
    assert served.log_lines(a.shop_id, first["id"], "conflicts"), "".join(served.log[-20:])
    # Twice in one batch, differently: the first is applied, the second is the conflict.
    twin = event("sale.completed", sale())
    other = dict(twin, payload=sale())
    assert [s for s, _ in results(served.push(a, [twin, other]))] == ["accepted", "quarantined"]
    kept = served.admin("GET", f"/shops/{a.code}/sales").json()
    assert sorted(row["id"] for row in kept["sales"]) == sorted([first["payload"]["id"], twin["payload"]["id"]])
    with served.db.connect() as conn:
        staff = conn.execute(select(Sale.staff_name).where(
            Sale.shop_id == uuid.UUID(a.shop_id), Sale.id == uuid.UUID(first["payload"]["id"]))).scalar_one()
    assert staff == "Ana"


def test_a_conflicting_payload_is_listed_for_the_central_team(served):
    a = served.new_till("Shop A")
    first = event("sale.completed", sale())
    served.push(a, [first])
    [(status, reason)] = results(served.push(a, [dict(first, payload=dict(first["payload"], staff_name="Mallory"))]))
    assert status == "quarantined"
    held = [q for q in served.admin("GET", "/quarantine", params={"shop": a.code}).json() if q["id"] == first["id"]]
    assert [(q["reason"], q["payload"]["staff_name"]) for q in held] == [(reason, "Mallory")]
    # sent again (a till retrying), the same conflicting event is held once, not twice
    served.push(a, [dict(first, payload=dict(first["payload"], staff_name="Mallory"))])
    again = [q for q in served.admin("GET", "/quarantine", params={"shop": a.code}).json() if q["id"] == first["id"]]
    assert len(again) == 1


def test_a_real_tills_queued_sale_reaches_the_platform_though_another_shop_sent_its_event_id_first(served, tmp_path):
    """End to end with B's real till (the sync client, its outbox): the issue's attack. Before the
    fix B's push was answered ``duplicate``, B's till marked its sale sent, and the sale never
    reached the platform."""
    from app import syncing
    from app.core import demo
    from app.core.sales import Tender
    from app.core.till import Till as RealTill

    served.admin("POST", "/catalog/import", json={"format": "csv", "content": demo.platform_catalog_csv(),
                                                  "publish": True})
    created = served.admin("POST", "/shops", expect=201, json={"name": "Shop B"}).json()
    till = RealTill(tmp_path / "shop-b")
    try:
        syncing.enroll(till, served.url, created["enrollment"]["code"], "till-1")
        syncing.sync_once(till)
        demo.seed(till, catalog=False)
        till.login(demo.CASHIER_PIN)
        cart = till.new_cart()
        till.add_to_cart(cart, "P0001", 2)
        sold = till.pay(cart, [Tender("cash", 100000)])
        [(event_id, queued)] = [(eid, p) for eid, kind, p in till.iter_outbox() if kind == "sale.completed"]

        a = served.new_till("Shop A")  # A learns the event id and pushes it first, with its own sale
        assert results(served.push(a, [event("sale.completed", sale(), event_id=event_id)])) == [("accepted", None)]

        syncing.sync_once(till)
        assert till.pending_events() == 0
        held = served.admin("GET", f"/shops/{created['shop']['code']}/sales").json()
        assert [(s["id"], s["receipt_no"], s["total"]) for s in held["sales"]] == [
            (queued["id"], sold.receipt_no, sold.total)]
        a_sales = served.admin("GET", f"/shops/{a.code}/sales").json()["sales"]
        assert queued["id"] not in [s["id"] for s in a_sales] and len(a_sales) == 1
    finally:
        till.close()

"""Issue 12, part 2: the server judges the facts it can check.

Each test is an attack by a shop's till (its own device token, real HTTP) against a real server
process (``corner-server run``) on SQLite and on PostgreSQL: one process per database for the
module, new shops per test. Goods received are valued at the platform's shipment cost; refunds are
bounded by their sale (which may arrive after them); amounts, quantities and rates are
range-checked at the door, so that no sum overflows. What the server kept is read back through the
admin API and, where no API shows it, the server's database (rows of the test's own shop only).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from sync.server.models import EventRow, Refund, RefundLine, Sale

from ..server.factories import event, movement, now, refund, sale, uid
from .helpers import Served, Till

CATALOG = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,\n"
    "B2,Bread,Bakery,each,900,250,,,100,\n"
    "C3,Cheese,Dairy,kg,900,1800,,,1100,\n"
)
PERIOD = {"start": "2000-01-01", "end": "2100-01-01"}


def results(answer: dict) -> list[tuple[str, str | None]]:
    return [(r["status"], r["reason"]) for r in answer["results"]]


def products(s: Served) -> dict[str, dict]:
    s.admin("POST", "/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True})
    return {p["sku"]: p for p in s.admin("GET", "/products").json()}


def ship_order(s: Served, till: Till, catalog: dict) -> dict:
    """``till``'s shop orders (its own push) and the platform ships: the shipment as the API gives it."""
    order_id = uid()
    lines = [{"product_id": catalog[sku]["id"], "sku": sku, "qty": q} for sku, q in (("A1", 5), ("B2", 2))]
    assert results(s.push(till, [event("order.placed", {"id": order_id, "created_at": now(), "note": "",
                                                          "lines": lines})])) == [("accepted", None)]
    return s.admin("POST", f"/orders/{order_id}/ship", expect=201, json=None).json()


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


def delivery_of(s: Served, shop_code: str, shipment_id: str) -> dict:
    return {d["id"]: d for d in s.admin("GET", "/deliveries", params={"shop": shop_code}).json()}[shipment_id]


def test_goods_received_are_valued_at_the_shipments_cost(served):
    b = served.new_till("Shop B")
    shipment = ship_order(served, b, products(served))  # A1 x5 at 80, B2 x2 at 100
    assert results(served.push(b, [event("delivery.received", count_of(shipment, {}, unit_cost=0))])) == [
        ("accepted", None)]
    statement = served.admin("GET", f"/shops/{b.code}/settlement", params=PERIOD).json()
    assert statement["goods_received"] == 5 * 80 + 2 * 100
    counted = delivery_of(served, b.code, shipment["id"])
    assert [(line["sku"], line["counted_unit_cost"], line["cost_mismatch"]) for line in counted["lines"]] == [
        ("A1", 0, True), ("B2", 0, True)]


def test_a_count_of_goods_that_were_not_shipped_is_refused(served):
    b = served.new_till("Shop B")
    catalog = products(served)
    shipment = ship_order(served, b, catalog)
    count = count_of(shipment, {})
    count["movements"].append(dict(count["movements"][0], id=str(uuid.uuid4()), sku="C3",
                                   product_id=catalog["C3"]["id"]))
    [(status, reason)] = results(served.push(b, [event("delivery.received", count)]))
    assert status == "quarantined" and "C3 was not on shipment" in reason
    untouched = delivery_of(served, b.code, shipment["id"])
    assert untouched["status"] == "shipped" and all(line["received"] is None for line in untouched["lines"])


def refunds_of(s: Served, till: Till, sale_id: str) -> int:
    with s.db.connect() as conn:
        return conn.execute(select(func.count()).select_from(Refund).where(
            Refund.shop_id == uuid.UUID(till.shop_id), Refund.sale_id == uuid.UUID(sale_id))).scalar()


def test_refunds_are_bounded_by_what_was_sold(served):
    a = served.new_till("Shop A")
    s = sale(lines=1)
    assert results(served.push(a, [event("sale.completed", s)])) == [("accepted", None)]
    answers = [results(served.push(a, [event("refund.completed", refund(s))]))[0] for _ in range(5)]
    assert answers[0] == ("accepted", None)
    assert all(status == "quarantined" and "which sold 1" in reason for status, reason in answers[1:])
    assert refunds_of(served, a, s["id"]) == 1

    # More money back than the line sold for, in one refund of a sale with two lines.
    two = sale(lines=2)
    greedy = refund(two)
    greedy["lines"][0]["amount"] = greedy["total"] = 10**10
    greedy["payments"][0]["amount"] = -(10**10)
    assert results(served.push(a, [event("sale.completed", two)])) == [("accepted", None)]
    [(status, reason)] = results(served.push(a, [event("refund.completed", greedy)]))
    assert status == "quarantined" and "which sold for 250" in reason
    # 10^12 is refused at the door.
    huge = dict(refund(two), total=10**12)
    [(status, reason)] = results(served.push(a, [event("refund.completed", huge)]))
    assert status == "quarantined" and "total" in reason
    assert refunds_of(served, a, two["id"]) == 0


def test_a_refund_may_come_before_its_sale_and_is_bounded_when_the_sale_comes(served):
    a = served.new_till("Shop A")
    s = sale(lines=1)
    early = [event("refund.completed", refund(s)) for _ in range(3)]  # offline: pushed before the sale

    def unmatched() -> list[str]:
        rows = served.admin("GET", "/refunds/unmatched", params={"limit": 1000}).json()
        return sorted(u["id"] for u in rows if u["shop_code"] == a.code)

    assert [st for st, _ in results(served.push(a, early))] == ["accepted"] * 3
    assert unmatched() == sorted(e["payload"]["id"] for e in early)

    assert results(served.push(a, [event("sale.completed", s)])) == [("accepted", None)]
    assert unmatched() == []
    assert refunds_of(served, a, s["id"]) == 1  # one unit was sold: the first refund stands
    shop_id = uuid.UUID(a.shop_id)
    with served.db.connect() as conn:
        quarantined = conn.execute(select(EventRow.id, EventRow.reason).where(
            EventRow.shop_id == shop_id, EventRow.status == "quarantined")).all()
        lines = conn.execute(select(func.count()).select_from(RefundLine).where(RefundLine.shop_id == shop_id)).scalar()
    assert {str(q.id) for q in quarantined} == {e["id"] for e in early[1:]}
    assert all("which sold 1" in q.reason for q in quarantined) and lines == 1
    admin_list = served.admin("GET", "/quarantine", params={"shop": a.code, "limit": 1000}).json()
    assert {q["id"] for q in admin_list} == {e["id"] for e in early[1:]}


def bad_sales() -> dict[str, dict]:
    cases = {}
    s = sale(lines=1)
    s["total"] = -250
    cases["negative total"] = s
    s = sale(lines=1)
    s["lines"][0]["qty"] = 0
    cases["zero quantity"] = s
    s = sale(lines=1)
    s["lines"][0]["unit_price"] = -1
    cases["negative price"] = s
    s = sale(lines=1)
    s["lines"][0]["vat_rate_bp"] = 10_001
    cases["VAT above 100 %"] = s
    s = sale(lines=1)
    s["total"] = s["subtotal"] = 999
    s["payments"][0]["amount"] = 999
    cases["total is not its lines"] = s
    s = sale(lines=1)
    s["payments"][0]["amount"] = 1
    cases["tenders are not the total"] = s
    s = sale(lines=1)
    s["movements"][0]["qty"] = 0
    cases["zero movement"] = s
    return cases


def test_values_that_cannot_be_real_are_refused_at_the_door(served):
    a = served.new_till("Shop A")
    cases = bad_sales()
    answer = served.push(a, [event("sale.completed", s) for s in cases.values()])
    assert [st for st, _ in results(answer)] == ["quarantined"] * len(cases), dict(zip(cases, results(answer)))
    assert all(reason.startswith("invalid payload") for _, reason in results(answer))
    with served.db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Sale).where(
            Sale.shop_id == uuid.UUID(a.shop_id))).scalar() == 0
    assert served.admin("GET", f"/shops/{a.code}/sales").json()["total"] == 0


def test_huge_totals_cannot_make_the_sums_overflow(served):
    a = served.new_till("Shop A")
    sales = []
    for _ in range(2):
        s = sale(lines=1)
        s["total"] = s["subtotal"] = s["lines"][0]["total"] = s["lines"][0]["unit_price"] = 2**62
        s["payments"][0]["amount"] = 2**62
        sales.append(s)
    answer = served.push(a, [event("sale.completed", s) for s in sales])
    assert [st for st, _ in results(answer)] == ["quarantined", "quarantined"]
    assert results(served.push(a, [event("sale.completed", sale())])) == [("accepted", None)]  # an ordinary sale
    served.admin("POST", "/insights/publish", json={})
    assert served.admin("GET", f"/shops/{a.code}/sales").json()["total"] == 500

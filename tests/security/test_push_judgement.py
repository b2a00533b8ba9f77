"""Issue 12, part 2: the server judges the facts it can check (SQLite and PostgreSQL).

Goods received are valued at the platform's shipment cost; refunds are bounded by their sale (which
may arrive after them); amounts, quantities and rates are range-checked at the door, so that no sum
overflows.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from sync.server.models import EventRow, Refund, RefundLine, Sale

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
from tests.server.factories import event, movement, now, refund, sale
from tests.server.test_s2b2c import place_order, products  # noqa: F401 - the catalog fixture

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


PERIOD = {"start": "2000-01-01", "end": "2100-01-01"}


def test_goods_received_are_valued_at_the_shipments_cost(client, admin, make_till, products):
    b = make_till("Shop B")
    shipment = ship_order(client, admin, b, products)  # A1 x5 at 80, B2 x2 at 100
    assert results(b.push([event("delivery.received", count_of(shipment, {}, unit_cost=0))])) == [("accepted", None)]
    statement = client.get(f"/admin/shops/{b.shop_code}/settlement", params=PERIOD, headers=admin).json()
    assert statement["goods_received"] == 5 * 80 + 2 * 100
    counted = delivery_of(client, admin, b.shop_code, shipment["id"])
    assert [(line["sku"], line["counted_unit_cost"], line["cost_mismatch"]) for line in counted["lines"]] == [
        ("A1", 0, True), ("B2", 0, True)]


def test_a_count_of_goods_that_were_not_shipped_is_refused(client, admin, make_till, products):
    b = make_till("Shop B")
    shipment = ship_order(client, admin, b, products)
    count = count_of(shipment, {})
    count["movements"].append(dict(count["movements"][0], id=str(uuid.uuid4()), sku="C3",
                                   product_id=products["C3"]["id"]))
    [(status, reason)] = results(b.push([event("delivery.received", count)]))
    assert status == "quarantined" and "C3 was not on shipment" in reason


def refunds_of(engine, sale_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Refund).where(Refund.sale_id == uuid.UUID(sale_id))).scalar()


def test_refunds_are_bounded_by_what_was_sold(make_till, engine):
    a = make_till("Shop A")
    s = sale(lines=1)
    a.push([event("sale.completed", s)])
    answers = [results(a.push([event("refund.completed", refund(s))]))[0] for _ in range(5)]
    assert answers[0] == ("accepted", None)
    assert all(status == "quarantined" and "which sold 1" in reason for status, reason in answers[1:])
    assert refunds_of(engine, s["id"]) == 1

    # More money back than the line sold for, in one refund of a sale with two lines.
    two = sale(lines=2)
    greedy = refund(two)
    greedy["lines"][0]["amount"] = greedy["total"] = 10**10
    greedy["payments"][0]["amount"] = -(10**10)
    a.push([event("sale.completed", two)])
    [(status, reason)] = results(a.push([event("refund.completed", greedy)]))
    assert status == "quarantined" and "which sold for 250" in reason
    # 10^12 is refused at the door.
    huge = dict(refund(two), total=10**12)
    [(status, reason)] = results(a.push([event("refund.completed", huge)]))
    assert status == "quarantined" and "total" in reason


def test_a_refund_may_come_before_its_sale_and_is_bounded_when_the_sale_comes(client, admin, make_till, engine):
    a = make_till("Shop A")
    s = sale(lines=1)
    early = [event("refund.completed", refund(s)) for _ in range(3)]  # offline: pushed before the sale
    assert [st for st, _ in results(a.push(early))] == ["accepted"] * 3
    listed = client.get("/admin/refunds/unmatched", headers=admin).json()
    assert sorted(u["id"] for u in listed) == sorted(e["payload"]["id"] for e in early)

    assert results(a.push([event("sale.completed", s)])) == [("accepted", None)]
    assert client.get("/admin/refunds/unmatched", headers=admin).json() == []
    assert refunds_of(engine, s["id"]) == 1  # one unit was sold: the first refund stands
    with engine.connect() as conn:
        quarantined = conn.execute(select(EventRow.id, EventRow.reason).where(EventRow.status == "quarantined")).all()
        lines = conn.execute(select(func.count()).select_from(RefundLine)).scalar()
    assert {str(q.id) for q in quarantined} == {e["id"] for e in early[1:]}
    assert all("which sold 1" in q.reason for q in quarantined) and lines == 1
    admin_list = client.get("/admin/quarantine", headers=admin).json()
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


def test_values_that_cannot_be_real_are_refused_at_the_door(make_till, engine):
    a = make_till("Shop A")
    cases = bad_sales()
    answer = a.push([event("sale.completed", s) for s in cases.values()])
    assert [st for st, _ in results(answer)] == ["quarantined"] * len(cases), dict(zip(cases, results(answer)))
    assert all(reason.startswith("invalid payload") for _, reason in results(answer))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Sale)).scalar() == 0


def test_huge_totals_cannot_make_the_sums_overflow(client, admin, make_till):
    a = make_till("Shop A")
    sales = []
    for _ in range(2):
        s = sale(lines=1)
        s["total"] = s["subtotal"] = s["lines"][0]["total"] = s["lines"][0]["unit_price"] = 2**62
        s["payments"][0]["amount"] = 2**62
        sales.append(s)
    answer = a.push([event("sale.completed", s) for s in sales])
    assert [st for st, _ in results(answer)] == ["quarantined", "quarantined"]
    a.push([event("sale.completed", sale())])  # an ordinary sale beside them
    assert client.post("/admin/insights/publish", json={}, headers=admin).status_code == 200
    r = client.get(f"/admin/shops/{a.shop_code}/sales", headers=admin)
    assert r.status_code == 200 and r.json()["total"] == 500

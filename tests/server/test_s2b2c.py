"""The platform's side of the s2b2c loop through its API (SQLite and PostgreSQL): orders and
shipments, deliveries beside the shops' counts, settlement input, network insights, the CLI."""

from __future__ import annotations

import json
import secrets

import pytest

from sync.server.cli import main

from .factories import event, movement, now, uid

CATALOG = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,\n"
    "B2,Bread,Bakery,each,900,250,,,100,\n"
    "C3,Cheese,Dairy,kg,900,1800,,,1100,\n"
)


@pytest.fixture
def products(client, admin) -> dict[str, dict]:
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": CATALOG, "publish": True}, headers=admin)
    assert r.status_code == 200, r.text
    return {p["sku"]: p for p in client.get("/admin/products", headers=admin).json()}


def sale_of(products: dict, *items: tuple[str, int], token: str | None = None) -> dict:
    """A sale.completed payload selling ``(sku, qty)`` at the catalog price."""
    lines, moves = [], []
    for n, (sku, qty) in enumerate(items, start=1):
        p = products[sku]
        total = p["price"] * qty // (1000 if p["unit"] == "kg" else 1)
        lines.append({"id": uid(), "line_no": n, "product_id": p["id"], "sku": sku, "name": p["name"], "qty": qty,
                      "unit": p["unit"], "unit_price": p["price"], "discount": 0, "total": total,
                      "vat_rate_bp": 900, "tax": total * 9 // 109, "unit_cost": p["cost"]})
        moves.append(movement(p["id"], -qty, "sale", sku))
    total = sum(line["total"] for line in lines)
    return {"id": uid(), "receipt_no": "S-1-1", "receipt_token": token or secrets.token_urlsafe(16),
            "created_at": now(), "staff_id": uid(), "subtotal": total, "discount": 0, "total": total,
            "tax": sum(line["tax"] for line in lines), "lines": lines,
            "payments": [{"id": uid(), "method": "card", "amount": total}], "movements": moves}


def place_order(till, products: dict, **qty: int) -> str:
    order_id = uid()
    lines = [{"product_id": products[sku]["id"], "sku": sku, "qty": q} for sku, q in qty.items()]
    till.push([event("order.placed", {"id": order_id, "created_at": now(), "note": "", "lines": lines})])
    return order_id


def test_an_order_ships_in_parts_and_only_its_shop_hears_of_it(client, admin, make_till, products):
    a, b = make_till("Shop A"), make_till("Shop B")
    _, b_cursor = b.pull_all()
    order_id = place_order(a, products, A1=10, B2=4)

    assert [o["id"] for o in client.get("/admin/orders", params={"status": "placed"}, headers=admin).json()] == [order_id]
    assert client.get("/admin/orders", params={"shop": b.shop_code}, headers=admin).json() == []

    def ship(body=None):
        return client.post(f"/admin/orders/{order_id}/ship", json=body, headers=admin)

    first = ship({"lines": [{"sku": "A1", "qty": 6}]})
    assert first.status_code == 201, first.text
    assert first.json()["lines"] == [{"product_id": products["A1"]["id"], "sku": "A1", "qty": 6, "unit_cost": 80}]
    too_many = ship({"lines": [{"sku": "A1", "qty": 5}]})
    assert too_many.status_code == 400 and "4 still to ship" in too_many.json()["detail"]
    assert "not on order" in ship({"lines": [{"sku": "C3", "qty": 1}]}).json()["detail"]
    assert ship({"lines": [{"sku": "A1", "qty": 0}]}).status_code == 422
    rest = ship()  # what is still open
    assert rest.status_code == 201
    assert {line["sku"]: line["qty"] for line in rest.json()["lines"]} == {"A1": 4, "B2": 4}
    assert "shipped in full" in ship().json()["detail"]
    assert client.post(f"/admin/orders/{uid()}/ship", headers=admin).status_code == 404

    [order] = client.get("/admin/orders", params={"shop": a.shop_code}, headers=admin).json()
    assert order["status"] == "shipped"
    assert {line["sku"]: line["shipped"] for line in order["lines"]} == {"A1": 10, "B2": 4}

    changes, _ = a.pull_all()
    mine = [(c["kind"], c["payload"]) for c in changes if c["kind"] in ("delivery.shipped", "order.updated")]
    assert mine == [
        ("delivery.shipped", {"id": first.json()["id"], "order_id": order_id, "lines": first.json()["lines"]}),
        ("order.updated", {"id": order_id, "status": "shipped"}),
        ("delivery.shipped", {"id": rest.json()["id"], "order_id": order_id, "lines": rest.json()["lines"]}),
        ("order.updated", {"id": order_id, "status": "shipped"}),
    ]
    others, _ = b.pull_all(after=b_cursor)
    assert not [c for c in others if c["kind"] in ("delivery.shipped", "order.updated")]

    # Shop A counts the second shipment: one bread short, one damaged.
    received = [
        {"product_id": products["A1"]["id"], "sku": "A1", "shipped": 4, "received": 4, "damaged": 0, "unit_cost": 80},
        {"product_id": products["B2"]["id"], "sku": "B2", "shipped": 4, "received": 3, "damaged": 1, "unit_cost": 100},
    ]
    a.push([event("delivery.received", {
        "id": rest.json()["id"], "order_id": order_id, "received_at": now(), "lines": received,
        "movements": [movement(products["A1"]["id"], 4, "delivery", "A1"), movement(products["B2"]["id"], 2, "delivery", "B2")],
    })])
    deliveries = client.get("/admin/deliveries", params={"shop": a.shop_code}, headers=admin).json()
    by_id = {d["id"]: d for d in deliveries}
    counted, waiting = by_id[rest.json()["id"]], by_id[first.json()["id"]]
    assert counted["status"] == "received" and counted["discrepancy"] is True
    assert [(x["sku"], x["shipped"], x["received"], x["damaged"], x["discrepancy"]) for x in counted["lines"]] == [
        ("A1", 4, 4, 0, False), ("B2", 4, 3, 1, True)]
    assert waiting["status"] == "shipped" and waiting["discrepancy"] is False
    assert waiting["lines"][0]["received"] is None
    assert client.get("/admin/deliveries", params={"shop": b.shop_code}, headers=admin).json() == []
    assert client.get("/admin/orders", params={"status": "received"}, headers=admin).json()[0]["id"] == order_id


def test_settlement_refuses_a_bad_period_and_serves_each_till_its_own_shop(client, admin, make_till, products):
    a, b = make_till("Shop A"), make_till("Shop B")
    a.push([event("sale.completed", sale_of(products, ("A1", 2), ("C3", 500)))])
    b.push([event("sale.completed", sale_of(products, ("B2", 1)))])
    period = {"start": "2000-01-01", "end": "2100-01-01"}
    for bad, why in (({"start": "yesterday", "end": "2026-01-01"}, "not a date"),
                     ({"start": "2026-02-01", "end": "2026-01-01"}, "must end after")):
        r = client.get(f"/admin/shops/{a.shop_code}/settlement", params=bad, headers=admin)
        assert r.status_code == 400 and why in r.json()["detail"]
        assert client.get("/v1/settlement", params=bad, headers=a.headers).status_code == 400
    assert client.get("/admin/shops/NOPE/settlement", params=period, headers=admin).status_code == 404
    assert client.get("/v1/settlement", params=period, headers={"Authorization": a.headers["Authorization"]}).status_code == 426

    mine = client.get("/v1/settlement", params=period, headers=a.headers).json()
    central = client.get(f"/admin/shops/{a.shop_code}/settlement", params=period, headers=admin).json()
    assert mine == central and mine["shop_code"] == a.shop_code
    # 2 apples at 1.20 and 500 g of cheese at 18.00/kg; cost 2 x 0.80 + 0.5 x 11.00; commission 5 % by default
    assert mine["platform_sales"] == 240 + 900 and mine["cost_of_platform_goods_sold"] == 160 + 550
    assert mine["commission_bp"] == 500 and mine["commission"] == 57
    assert client.get("/v1/settlement", params=period, headers=b.headers).json()["platform_sales"] == 250
    csv = client.get(f"/admin/shops/{a.shop_code}/settlement", params={**period, "format": "csv"}, headers=admin)
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "item,amount" and "platform_sales,1140" in csv.text


def test_insights_measure_each_shop_against_the_network(client, admin, make_till, products):
    a, b, c = make_till("Shop A"), make_till("Shop B"), make_till("Shop C")
    a.push([event("sale.completed", sale_of(products, ("A1", 3))),
            event("price.local_set", {"product_id": products["A1"]["id"], "sku": "A1", "price": 130, "created_at": now()})])
    b.push([event("sale.completed", sale_of(products, ("A1", 1), ("B2", 1)))])
    r = client.post("/admin/insights/publish", json={"days": 7}, headers=admin)
    assert r.status_code == 200 and r.json()["shops"] == 3

    def insight(till) -> dict:
        changes, _ = till.pull_all()
        [payload] = [ch["payload"] for ch in changes if ch["kind"] == "insights.published"]
        return payload

    ia, ib, ic = insight(a), insight(b), insight(c)
    assert ia["key"] == "network" and ia["period_days"] == 7
    # A: all fruit. B: 1.20 fruit, 2.50 bread of 3.70. Network = mean of the shops that sold.
    assert ia["category_mix"] == [
        {"category": "Bakery", "shop_share_bp": 0, "network_share_bp": 3379},
        {"category": "Fruit", "shop_share_bp": 10000, "network_share_bp": 6622},
    ]
    assert [m["shop_share_bp"] for m in ib["category_mix"]] == [6757, 3243]
    assert ia["missing_best_sellers"] == [{"sku": "B2", "name": "Bread", "network_units": 1}]
    assert ib["missing_best_sellers"] == []
    assert [m["sku"] for m in ic["missing_best_sellers"]] == ["A1", "B2"]  # by units: 4 apples, 1 bread
    assert ia["price_position"] == [{"sku": "A1", "name": "Apple", "local_price": 130, "recommended": 120}]
    assert ib["price_position"] == [] and ic["category_mix"][0]["shop_share_bp"] == 0


def test_the_s2b2c_commands(db_url, client, admin, make_till, products, capsys, tmp_path):
    def cli(*argv: str) -> tuple[int, str, str]:
        code = main([*argv, "--database-url", db_url])
        out, err = capsys.readouterr()
        return code, out, err

    till = make_till("Shop A")
    order_id = place_order(till, products, A1=5, B2=2)
    code, out, _ = cli("orders", "list", "--status", "placed", "--json")
    assert code == 0 and [o["id"] for o in json.loads(out)] == [order_id]
    assert cli("orders", "ship", order_id, "--lines", "A1")[2].startswith("corner-server: 'A1': write each line as SKU=QTY")
    assert "more than the 5" in cli("orders", "ship", order_id, "--lines", "A1=9")[2]
    assert "not an order id" in cli("orders", "ship", "nope")[2]
    code, out, _ = cli("orders", "ship", order_id, "--lines", "A1=3", "B2=2", "--json")
    assert code == 0 and {line["sku"]: line["qty"] for line in json.loads(out)["lines"]} == {"A1": 3, "B2": 2}
    code, out, _ = cli("orders", "list")
    assert "A1 x5 (3 shipped)" in out and "shipped" in out
    code, out, _ = cli("deliveries", "list")
    assert code == 0 and "not counted yet" in out
    code, out, _ = cli("insights", "publish", "--json")
    assert code == 0 and json.loads(out)["shops"] == 1
    code, _, err = cli("settlement", till.shop_code, "--start", "2026-13-01", "--end", "2027-01-01")
    assert code == 2 and "not a date" in err
    code, out, _ = cli("settlement", till.shop_code, "--start", "2000-01-01", "--end", "2100-01-01",
                       "--csv", str(tmp_path / "s.csv"))
    assert code == 0 and "amount_due" in out and (tmp_path / "s.csv").read_text().startswith("item,amount")

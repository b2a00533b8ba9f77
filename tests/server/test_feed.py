"""Pull and snapshot: paging, cursors, scoping, catalog and policies as of a cursor."""

from __future__ import annotations

from .factories import customer, event, movement, sale, uid

CSV = (
    "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"
    "A1,Apple,Fruit,each,900,120,100,150,80,4006381333931\n"
    "B2,Bread,Bakery,each,900,250,,,100,96385074|036000291452\n"
    "C3,Cheese,Dairy,kg,900,1890,1500,2500,1200,\n"
)


def import_csv(client, admin, text=CSV, publish=True):
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": text, "publish": publish}, headers=admin)
    assert r.status_code == 200, r.text
    return r.json()


def test_pull_pages_in_seq_order_until_no_more(client, admin, till):
    import_csv(client, admin)
    till.push([event("stock.movement", movement()) for _ in range(4)])
    seen, after = [], 0
    pages = 0
    while True:
        body = client.get("/v1/sync/pull", params={"after": after, "limit": 2}, headers=till.headers).json()
        seen += body["changes"]
        after = body["cursor"]
        pages += 1
        if not body["more"]:
            break
    assert [c["seq"] for c in seen] == list(range(1, 8))
    assert pages == 4 and after == 7
    assert client.get("/v1/sync/pull", params={"after": after}, headers=till.headers).json() == {
        "changes": [], "cursor": 7, "more": False,
    }


def test_cursor_moves_past_other_shops_rows(make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    a.push([event("stock.movement", movement()) for _ in range(3)])
    changes, cursor = b.pull_all()
    assert changes == [] and cursor == 3


def test_shop_sees_global_rows_and_its_own_only(client, admin, make_till):
    a, b = make_till("Shop A"), make_till("Shop B")
    import_csv(client, admin)
    a.push([event("sale.completed", sale()), event("customer.upserted", customer(uid(), "1700000000000:00000:a", name="Eva"))])
    b.push([event("stock.movement", movement())])
    a_kinds = [c["kind"] for c in a.pull_all()[0]]
    b_kinds = [c["kind"] for c in b.pull_all()[0]]
    assert a_kinds == ["product.upserted"] * 3 + ["stock.movement"] * 2 + ["customer.upserted"]
    assert b_kinds == ["product.upserted"] * 3 + ["stock.movement"]


def test_snapshot_holds_published_catalog_and_policies_as_of_its_cursor(client, admin, till):
    import_csv(client, admin)
    assert client.put("/admin/policies/return_window_days", json={"value": "30"}, headers=admin).status_code == 200
    snap = client.get("/v1/sync/snapshot", headers=till.headers).json()
    assert snap["cursor"] == 4
    assert [p["sku"] for p in snap["products"]] == ["A1", "B2", "C3"]
    assert snap["products"][1]["barcodes"] == ["96385074", "036000291452"]
    assert snap["policies"] == {"return_window_days": "30"}
    # An unpublished edit is not in the snapshot; after publishing, it arrives by pull after the cursor.
    r = client.put("/admin/products/A1/price", json={"price": 130, "min_price": 100, "max_price": 150}, headers=admin)
    assert r.status_code == 200 and r.json()["dirty"] is True
    assert client.get("/v1/sync/snapshot", headers=till.headers).json()["products"][0]["price"] == 120
    assert client.post("/admin/catalog/publish", headers=admin).json() == {"published": 1, "cursor": 5}
    changes, _ = till.pull_all(after=snap["cursor"])
    assert [(c["kind"], c["payload"]["sku"], c["payload"]["price"]) for c in changes] == [("product.upserted", "A1", 130)]
    snap2 = client.get("/v1/sync/snapshot", headers=till.headers).json()
    assert snap2["cursor"] == 5 and snap2["products"][0]["price"] == 130


def test_pull_rejects_bad_cursors_and_limits(client, till):
    for params in ({"after": -1}, {"after": 2**63}, {"limit": 0}, {"limit": 5001}, {"after": "x"}):
        r = client.get("/v1/sync/pull", params=params, headers=till.headers)
        assert r.status_code == 422, params

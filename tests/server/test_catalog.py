"""Catalog import (all or nothing, line numbers), edits, price bounds, policies."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from sync.server.models import ChangeLog, Product

from .test_feed import CSV, import_csv

HEADER = "sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes\n"


def products(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Product))


def test_csv_import_creates_then_updates_by_sku(client, admin, engine):
    assert import_csv(client, admin, publish=False) == {"created": 3, "updated": 0, "unchanged": 0, "published": 0, "cursor": None}
    changed = CSV.replace("Apple,Fruit,each,900,120", "Apple,Fruit,each,900,125")
    assert import_csv(client, admin, changed, publish=True) == {"created": 0, "updated": 1, "unchanged": 2, "published": 3, "cursor": 3}
    assert products(engine) == 3


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(client, admin, engine):
    text = HEADER + (
        "A1,Apple,,each,900,120,,,,4006381333931\n"      # line 2: fine
        "A2,Pear,,each,900,12.50,,,,\n"                  # line 3: price not minor units
        "A3,Plum,,box,900,100,,,,\n"                     # line 4: unit
        "A4,Fig,,each,900,100,,,,4006381333932\n"        # line 5: check digit
        "A1,Apple again,,each,900,100,,,,\n"             # line 6: duplicate sku
        "A5,Kiwi,,each,900,100,120,150,,\n"              # line 7: below min
        ",,,,,,,,,\n"                                    # blank row: skipped
        "A6,Lime,,each,900,100,,,,96385074|96385074\n"   # line 9: barcode twice
        "A7,Lemon,,each,900,100,,,\n"                    # line 10: too few fields
    )
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": text}, headers=admin)
    assert r.status_code == 400
    errors = {e["line"]: e["reason"] for e in r.json()["detail"]["errors"]}
    assert sorted(errors) == [3, 4, 5, 6, 7, 9, 10]
    assert "whole number" in errors[3] and "unit" in errors[4] and "check digit" in errors[5]
    assert "already on line 2" in errors[6] and "below min_price" in errors[7] and "twice" in errors[9]
    assert products(engine) == 0


def test_quoted_multiline_csv_counts_physical_lines(client, admin):
    text = HEADER + 'A1,"Apple\nred",,each,900,120,,,,\nA2,Pear,,each,900,x,,,,\n'
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": text}, headers=admin)
    assert [e["line"] for e in r.json()["detail"]["errors"]] == [4]


def test_bad_header_is_line_1(client, admin):
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": "sku,name,colour\n"}, headers=admin)
    assert r.status_code == 400
    [error] = r.json()["detail"]["errors"]
    assert error["line"] == 1 and "missing column" in error["reason"] and "colour" in error["reason"]


def test_json_import_reports_lines_of_bad_objects(client, admin, engine):
    text = (
        "[\n"
        '  {"sku": "A1", "name": "Apple", "vat_rate_bp": 900, "price": 120, "barcodes": ["4006381333931"]},\n'
        '  {"sku": "A2", "name": "Pear", "vat_rate_bp": 900, "price": -1},\n'
        '  {"sku": "A3", "name": "Plum", "vat_rate_bp": 900, "price": 100,\n'
        '   "colour": "red"}\n'
        "]\n"
    )
    r = client.post("/admin/catalog/import", json={"format": "json", "content": text}, headers=admin)
    assert r.status_code == 400
    assert [e["line"] for e in r.json()["detail"]["errors"]] == [3, 4]
    assert products(engine) == 0
    good = json.dumps([{"sku": "A1", "name": "Apple", "vat_rate_bp": 900, "price": 120}])
    r = client.post("/admin/catalog/import", json={"format": "json", "content": good, "publish": True}, headers=admin)
    assert r.status_code == 200 and r.json()["published"] == 1
    bad_json = client.post("/admin/catalog/import", json={"format": "json", "content": "[{]"}, headers=admin)
    assert bad_json.status_code == 400 and bad_json.json()["detail"]["errors"][0]["line"] == 1


def test_barcode_owned_by_another_product_is_refused(client, admin):
    import_csv(client, admin)
    text = HEADER + "Z9,Other,,each,900,100,,,,4006381333931\n"
    r = client.post("/admin/catalog/import", json={"format": "csv", "content": text}, headers=admin)
    assert r.status_code == 400 and "belongs to product A1" in r.json()["detail"]["errors"][0]["reason"]
    r = client.patch("/admin/products/B2", json={"barcodes": ["4006381333931"]}, headers=admin)
    assert r.status_code == 400


def test_price_outside_bounds_is_refused_and_edits_wait_for_publish(client, admin, engine):
    import_csv(client, admin)
    r = client.put("/admin/products/A1/price", json={"price": 200, "min_price": 100, "max_price": 150}, headers=admin)
    assert r.status_code == 400 and "above max_price" in r.json()["detail"]["message"]
    r = client.patch("/admin/products/C3", json={"name": "Aged cheese", "active": False}, headers=admin)
    assert r.status_code == 200 and r.json()["dirty"] and not r.json()["active"]
    assert client.patch("/admin/products/NOPE", json={"name": "x"}, headers=admin).status_code == 400
    with engine.connect() as conn:
        before = conn.scalar(select(func.count()).select_from(ChangeLog))
    assert client.post("/admin/catalog/publish", headers=admin).json()["published"] == 1
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(ChangeLog)) == before + 1


def test_policies_are_checked_and_published(client, admin, till):
    put = lambda k, v: client.put(f"/admin/policies/{k}", json={"value": v}, headers=admin)  # noqa: E731
    assert put("feedback_qr", "yes").json()["value"] == "true"
    assert put("cashier_discount_limit_bp", "1500").status_code == 200
    assert put("loyalty_earn_per_100", "1").status_code == 200
    assert put("commission_bp", "20000").status_code == 400
    assert put("return_window_days", "a week").status_code == 400
    assert put("Bad Key", "1").status_code == 400
    assert client.get("/admin/policies", headers=admin).json() == {
        "cashier_discount_limit_bp": "1500", "feedback_qr": "true", "loyalty_earn_per_100": "1",
    }
    changes, _ = till.pull_all()
    assert [c["payload"] for c in changes] == [
        {"key": "feedback_qr", "value": "true"},
        {"key": "cashier_discount_limit_bp", "value": "1500"},
        {"key": "loyalty_earn_per_100", "value": "1"},
    ]

"""The first sync's fast path (protocol.parse_snapshot + a bulk load into an empty catalog) leaves
exactly the till state the plain path leaves, and a malformed snapshot changes nothing."""

from __future__ import annotations

import gc
import json
import sqlite3
import typing
import uuid

import pytest
from pydantic import TypeAdapter, ValidationError

from app.core import syncport
from app.core.barcodes import with_check_digit
from app.core.syncport import TillSyncPort
from app.core.till import Till
from sync.client import RoundResult, SyncClient
from sync.protocol import PullResponse, ProductData, Snapshot, SnapshotProduct, parse_snapshot


def product(i: int, **over) -> dict:
    p = {
        "id": str(uuid.uuid4()), "sku": f"S{i:05d}", "name": f"  Thé  Vert {i:05d} ", "category": f"Aisle {i % 7}",
        "brand": "Acme" if i % 3 else None, "unit": "kg" if i % 11 == 0 else "each", "vat_rate_bp": 550 if i % 2 else 2000,
        "price": 100 + i, "min_price": 90 + i if i % 5 == 0 else None, "max_price": 200 + i if i % 5 == 0 else None,
        "cost": 40 + i % 9, "barcodes": [with_check_digit(f"40{i:010d}")], "image": None, "active": i % 13 != 0,
    }
    p.update(over)
    return p


def catalog(n: int = 60) -> dict:
    products = [product(i) for i in range(n)]
    products[3]["barcodes"].append("4000000000000")  # a wrong check digit: skipped with a warning
    products[4]["barcodes"] = []
    products[5]["barcodes"] = products[6]["barcodes"] + [with_check_digit("401234567890")]  # shared code: the last wins
    for key in ("category", "brand", "unit", "min_price", "max_price", "cost", "barcodes", "image", "active"):
        products[7].pop(key)  # left out: ProductData's defaults
    products[8]["id"] = products[8]["id"].upper()  # a spelling uuid.UUID accepts, written canonically
    products[12]["sku"] = products[11]["sku"]  # one SKU twice: the first row's id, the last row's fields
    return {"cursor": 41, "products": products, "policies": {"max_discount_bp": "1500", "returns_days": "30"}}


def till_state(till: Till) -> dict:
    conn = sqlite3.connect(till.store.path)
    try:
        state = {
            "product": conn.execute("SELECT id, sku, name, name_key, category, brand, unit, vat_rate_bp, price, min_price, "
                                    "max_price, local_price, cost, plu, is_local, active, favourite, reorder_point, "
                                    "pack_size, image FROM product ORDER BY sku").fetchall(),
            "barcode": conn.execute("SELECT code, product_id FROM barcode ORDER BY code").fetchall(),
            "stock_level": conn.execute("SELECT product_id, qty FROM stock_level ORDER BY product_id").fetchall(),
            "policy": conn.execute("SELECT key, value FROM policy ORDER BY key").fetchall(),
            "schema": conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall(),
        }
    finally:
        conn.close()
    state["cursor"] = till.meta("sync_cursor")
    state["search"] = [(p.sku, p.sell_price) for p in till.search("thé vert 0001")]
    state["found"] = [(p.sku, p.price) for p in till.search("vert")]
    return state


@pytest.fixture
def fresh(tmp_path):
    tills = []

    def make(name: str) -> Till:
        t = Till(tmp_path / name)
        tills.append(t)
        return t

    yield make
    for t in tills:
        t.close()


def test_snapshot_product_keeps_step_with_product_data():
    fields = ProductData.model_fields
    hints = typing.get_type_hints(SnapshotProduct)
    assert set(hints) == set(fields)
    required = set(TypeAdapter(SnapshotProduct).json_schema()["required"])  # as pydantic reads it
    assert required == {k for k, f in fields.items() if f.is_required()}


def test_the_bulk_load_leaves_the_state_the_plain_paths_leave(fresh, monkeypatch):
    body = json.dumps(catalog()).encode()
    monkeypatch.setattr(syncport, "BULK_ROWS", 10)  # the drop-and-rebuild path at test size

    fast = fresh("fast")
    TillSyncPort(fast).apply_snapshot(parse_snapshot(body))

    model = fresh("model")  # the Snapshot model, as the client applied it before
    TillSyncPort(model).apply_snapshot(Snapshot.model_validate_json(body))

    paged = fresh("paged")  # the feed's path: small pages into a catalog that is no longer empty
    doc = json.loads(body)
    canonical = [dict(p, id=str(uuid.UUID(p["id"]))) for p in doc["products"]]
    for start in range(0, len(canonical), 7):
        changes = [{"seq": start + k + 1, "kind": "product.upserted", "payload": p}
                   for k, p in enumerate(canonical[start:start + 7])]
        TillSyncPort(paged).apply_page(PullResponse.model_validate({"changes": changes, "cursor": start + 7, "more": True}))
    changes = [{"seq": 100 + k, "kind": "policy.set", "payload": {"key": key, "value": value}}
               for k, (key, value) in enumerate(doc["policies"].items())]
    TillSyncPort(paged).apply_page(PullResponse.model_validate({"changes": changes, "cursor": 41, "more": False}))

    expected = till_state(fast)
    assert len(expected["product"]) == 59 and expected["cursor"] == "41" and expected["search"]
    assert str(uuid.UUID(doc["products"][8]["id"])) in {row[0] for row in expected["product"]}
    assert ("4000000000000",) not in {(row[0],) for row in expected["barcode"]}
    assert till_state(model) == expected
    assert till_state(paged) == expected


@pytest.mark.parametrize("breakage", [
    lambda d: d["products"][10].update(price=1.5),
    lambda d: d["products"][10].update(unit="box"),
    lambda d: d["products"][10].update(sku=""),
    lambda d: d["products"][10].update(colour="red"),
    lambda d: d["products"][10].pop("name"),
    lambda d: d["products"][10].update(id="not-a-uuid"),
    lambda d: d.update(cursor="soon"),
    lambda d: d["products"][10].update(barcodes="4012345678901"),
])
def test_a_malformed_snapshot_is_refused_and_changes_nothing(fresh, breakage):
    doc = catalog()
    breakage(doc)
    body = json.dumps(doc).encode()
    with pytest.raises(ValidationError):
        Snapshot.model_validate_json(body)  # refused before too
    with pytest.raises(ValidationError):
        parse_snapshot(body)

    till = fresh("till")
    before = till_state(till)

    class Answer:
        content = body

    client = SyncClient("http://platform.invalid", "token")
    client._request = lambda method, path, **kw: Answer()  # the platform answers with the malformed snapshot
    with pytest.raises(ValidationError):
        client.pull_all(TillSyncPort(till), RoundResult())
    assert till_state(till) == before and till.meta("sync_cursor") is None
    assert gc.isenabled()  # the collector paused for the snapshot runs again


def test_a_bulk_load_that_fails_half_way_leaves_nothing_behind(fresh, monkeypatch):
    monkeypatch.setattr(syncport, "BULK_ROWS", 10)
    doc = catalog()
    doc["products"][40]["id"] = doc["products"][20]["id"]  # two SKUs, one id: the insert fails mid-way
    till = fresh("till")
    before = till_state(till)
    with pytest.raises(Exception):
        TillSyncPort(till).apply_snapshot(parse_snapshot(json.dumps(doc).encode()))
    assert till_state(till) == before  # no product, and every index is still there
    TillSyncPort(till).apply_snapshot(parse_snapshot(json.dumps(catalog()).encode()))
    assert len(till_state(till)["product"]) == 59

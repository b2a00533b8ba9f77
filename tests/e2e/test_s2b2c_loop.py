"""The s2b2c loop end to end: a real till and a real corner-server process on loopback.

Order placed offline -> synced -> shipped centrally -> pulled -> received with a shortage; the
settlement both ends compute; consent holding across the wire; a central policy reaching the till.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from app import syncing
from app.core import demo
from app.core.errors import TillError
from app.core.sales import Tender
from sync.server import testing

OWNER = demo.OWNER_PIN


def sell(till, *items, customer_id=None):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    if customer_id:
        till.attach_customer(cart, customer_id)
    return till.pay(cart, [Tender("cash", 10**6)])


def server_cli(platform, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sync.server.cli", *args, "--database-url", platform.database_url],
        capture_output=True, text=True, timeout=60,
    )


def test_an_order_placed_offline_is_shipped_pulled_and_received_with_a_shortage(platform, tmp_path):  # noqa: F811
    till = platform.new_till(tmp_path / "t1")
    syncing.sync_once(till)
    milk, oil = till.level("P0001"), till.level("P0049")

    platform.server.stop()  # the shop is offline when it orders
    order = till.place_order({"P0001": 12, "P0049": 6}, note="weekly", approver_pin=OWNER)
    with pytest.raises(TillError, match="Sync failed"):
        syncing.sync_once(till)
    platform.server.start().wait_ready()
    syncing.sync_once(till)

    placed = platform.admin("GET", "/orders", params={"status": "placed", "shop": platform.shop.code}).json()
    assert [o["id"] for o in placed] == [order.id]
    assert {line["sku"]: line["qty"] for line in placed[0]["lines"]} == {"P0001": 12, "P0049": 6}

    shipment = platform.admin("POST", f"/orders/{order.id}/ship").json()  # as ordered
    costs = {p["sku"]: p["cost"] for p in platform.admin("GET", "/products", params={"limit": 1000}).json()}
    assert {line["sku"]: (line["qty"], line["unit_cost"]) for line in shipment["lines"]} == {
        "P0001": (12, costs["P0001"]), "P0049": (6, costs["P0049"])}

    syncing.sync_once(till)
    assert [d.id for d in till.deliveries()] == [shipment["id"]]
    assert till.orders()[0].status == "shipped"

    till.receive_delivery(shipment["id"], {"P0001": (10, 0)})  # two cartons of milk missing
    syncing.sync_once(till)
    assert till.level("P0001") == milk + 10 and till.level("P0049") == oil + 6

    # The platform's ledger agrees with the till's.
    central = platform.stock()
    assert {sku: central[sku] for sku in ("P0001", "P0049")} == {"P0001": milk + 10, "P0049": oil + 6}
    # The shortage is visible centrally, on the line it concerns.
    [delivery] = platform.admin("GET", "/deliveries", params={"shop": platform.shop.code}).json()
    assert delivery["status"] == "received" and delivery["discrepancy"] is True
    lines = {line["sku"]: line for line in delivery["lines"]}
    assert (lines["P0001"]["shipped"], lines["P0001"]["received"], lines["P0001"]["damaged"]) == (12, 10, 0)
    assert lines["P0001"]["discrepancy"] is True and lines["P0049"]["discrepancy"] is False
    assert platform.admin("GET", "/orders", params={"status": "received"}).json()[0]["id"] == order.id

    # The same through the command line.
    listed = server_cli(platform, "deliveries", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["lines"] == delivery["lines"]
    text = server_cli(platform, "deliveries", "list")
    assert "DISCREPANCY" in text.stdout and "received 10, damaged 0" in text.stdout
    again = server_cli(platform, "orders", "ship", order.id)
    assert again.returncode == 2 and "shipped in full" in again.stderr


def test_settlement_is_the_same_to_the_cent_on_the_till_and_on_the_platform(platform, tmp_path):  # noqa: F811
    platform.admin("PUT", "/policies/commission_bp", json={"value": "750"})
    till = platform.new_till(tmp_path / "t1")
    start = datetime.now(timezone.utc) - timedelta(hours=1)

    order = till.place_order({"P0002": 24}, approver_pin=OWNER)
    syncing.sync_once(till)
    shipment = platform.admin("POST", f"/orders/{order.id}/ship", json={"lines": [{"sku": "P0002", "qty": 20}]}).json()
    syncing.sync_once(till)
    till.receive_delivery(shipment["id"], {"P0002": (20, 2)})  # two damaged: 18 go on the shelf

    first = sell(till, ("P0001", 3), ("P0049", 1), ("L001", 2))  # platform and local goods
    sell(till, ("W0101", 1250), ("P0002", 5))  # weighed goods: 1.25 kg
    till.refund(first.receipt_no, {"P0001": 1, "L001": 1}, restock=True, approver_pin=OWNER)
    later = sell(till, ("P0003", 2))
    syncing.sync_once(till)
    end = datetime.now(timezone.utc) + timedelta(hours=1)

    def both(a: str, b: str) -> tuple[dict, dict, dict]:
        mine = till.settlement(a, b).as_dict()
        central = platform.admin("GET", f"/shops/{platform.shop.code}/settlement", params={"start": a, "end": b}).json()
        own = httpx.get(platform.url + "/v1/settlement", params={"start": a, "end": b},
                        headers=syncing.client_for(till).http.headers, timeout=30)
        assert own.status_code == 200, own.text
        assert central.pop("shop_code") == own.json().pop("shop_code") == platform.shop.code
        return mine, central, {k: v for k, v in own.json().items() if k != "shop_code"}

    mine, central, own = both(start.isoformat(), end.isoformat())
    assert mine == central == own
    assert mine["commission_bp"] == 750
    assert mine["goods_received"] == 18 * shipment["lines"][0]["unit_cost"]
    assert mine["local_sales"] > 0 and mine["platform_sales"] > 0 and mine["commission"] > 0
    # A period that ends as the last sale is made leaves that sale out on both ends alike.
    cut = till.sale(later.receipt_no).created_at
    mine_cut, central_cut, _ = both(start.isoformat(), cut)
    assert mine_cut == central_cut and mine_cut["platform_sales"] == mine["platform_sales"] - later.total

    csv = platform.admin("GET", f"/shops/{platform.shop.code}/settlement",
                         params={"start": start.isoformat(), "end": end.isoformat(), "format": "csv"}).text
    assert csv.splitlines() == [",".join(row) for row in till.settlement(start.isoformat(), end.isoformat()).csv_rows()]
    out = tmp_path / "s.csv"
    run = server_cli(platform, "settlement", platform.shop.code, "--start", start.isoformat(),
                     "--end", end.isoformat(), "--csv", str(out), "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["amount_due"] == mine["amount_due"]
    assert out.read_text().splitlines() == csv.splitlines()


def _dump_every_table(path) -> str:
    """Every row of every table of the server's SQLite database (the event store too), as text."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert {"events", "change_log", "customers", "sales"} <= set(tables)
        parts = []
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                parts.append(f"{table}: " + " | ".join(
                    v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in row))
        return "\n".join(parts)
    finally:
        db.close()


def test_a_customer_who_did_not_consent_never_reaches_the_server(platform, tmp_path):  # noqa: F811
    till = platform.new_till(tmp_path / "t1")
    private = till.save_customer({"name": "Zebedee Quillfeather", "phone": "+44 7700 900461",
                                  "email": "zebedee@example.org", "consent_share": False})
    shared = till.save_customer({"name": "Carla Consentino", "phone": "+44 7700 900777", "consent_share": True})
    sell(till, ("P0001", 1), customer_id=private.id)
    sell(till, ("P0001", 1), customer_id=shared.id)
    till.save_customer({"phone": "+44 7700 900462"}, private.id)  # an edit is not sent either
    syncing.sync_once(till)
    assert till.pending_events() == 0

    dump = _dump_every_table(platform.database_url.removeprefix("sqlite:///"))
    assert "Carla Consentino" in dump  # the dump does see customers who agreed
    for secret in ("Zebedee", "Quillfeather", "900461", "900462", "zebedee@example.org", private.id):
        assert secret not in dump, f"{secret!r} reached the server"


def test_central_policies_change_what_the_till_allows_after_one_sync(platform, tmp_path):  # noqa: F811
    till = platform.new_till(tmp_path / "t1")
    sale = sell(till, ("P0001", 2))
    assert till.policy_bool("feedback_qr") is True
    platform.admin("PUT", "/policies/return_window_days", json={"value": "0"})
    platform.admin("PUT", "/policies/feedback_qr", json={"value": "off"})
    syncing.sync_once(till)
    with pytest.raises(TillError, match="0-day return window"):
        till.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=OWNER)
    assert till.policy_bool("feedback_qr") is False  # the printed receipt leaves the QR code out
    platform.admin("PUT", "/policies/return_window_days", json={"value": "30"})
    syncing.sync_once(till)
    till.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=OWNER)


def test_network_insights_computed_centrally_reach_the_till(platform, tmp_path):  # noqa: F811
    a = platform.new_till(tmp_path / "a")
    a.set_local_price("P0001", 125, approver_pin=OWNER)
    sell(a, ("P0001", 3))
    syncing.sync_once(a)
    other = platform.admin("POST", "/shops", json={"name": "Other corner"}).json()  # a second shop's sales
    enrolled = testing.enroll(platform.url, other["enrollment"]["code"])
    product = {p["sku"]: p for p in platform.admin("GET", "/products", params={"limit": 1000}).json()}["P0049"]
    sale = {"id": str(uuid.uuid4()), "receipt_no": "X-1-1", "receipt_token": "t" * 22,
            "created_at": datetime.now(timezone.utc).isoformat(), "staff_id": str(uuid.uuid4()), "subtotal": 5990,
            "discount": 0, "total": 5990, "tax": 0, "movements": [],
            "payments": [{"id": str(uuid.uuid4()), "method": "card", "amount": 5990, "reference": "ok"}],
            "lines": [{"id": str(uuid.uuid4()), "line_no": 1, "product_id": product["id"], "sku": "P0049",
                       "name": product["name"], "qty": 10, "unit": "each", "unit_price": 599, "discount": 0,
                       "total": 5990, "vat_rate_bp": product["vat_rate_bp"], "tax": 0}]}
    pushed = httpx.post(platform.url + "/v1/sync/push", headers=testing.protocol_headers(enrolled.token), json={
        "events": [{"id": sale["id"], "kind": "sale.completed", "created_at": sale["created_at"], "payload": sale}]})
    assert pushed.json()["results"][0]["status"] == "accepted"

    run = server_cli(platform, "insights", "publish", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["shops"] == 2
    syncing.sync_once(a)
    insight = a.network_insights()["network"]
    assert [m["sku"] for m in insight["missing_best_sellers"]] == ["P0049"]  # the other shop's 10 bottles
    assert {"sku": "P0001", "name": a.product("P0001").name, "local_price": 125,
            "recommended": a.product("P0001").price} in insight["price_position"]
    mix = {m["category"]: m for m in insight["category_mix"]}
    assert mix[a.product("P0001").category]["shop_share_bp"] == 10_000

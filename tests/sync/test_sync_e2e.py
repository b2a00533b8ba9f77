"""A till and a real server process on loopback: exactly once, prices, convergence, versions."""

import pytest
from sqlalchemy import update

from app import syncing
from app.core import demo
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.store.models import Outbox
from sync.client import NotAuthorised, UpdateRequired
from app.core.syncport import TillSyncPort


def sell(till, *items, tenders=None):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    return till.pay(cart, tenders or [Tender("cash", 100000)])


def test_a_new_till_starts_from_the_snapshot(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    assert till.status()["products"] == len([s for s, local in demo.demo_specs()])
    assert till.product("P0001").price == 119
    assert till.status()["events_waiting"] > 0  # opening stock, customers: not yet pushed
    syncing.sync_once(till)
    assert till.status()["events_waiting"] == 0


def test_sales_reach_the_platform_exactly_once_even_when_resent(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    sales = [sell(till, ("P0001", 2), ("P0049", 1)) for _ in range(3)]
    first = syncing.sync_once(till)
    assert first["waiting"] == 0
    # the answer was lost: the till sends everything again
    with till.write() as s:
        s.execute(update(Outbox).values(sent_at=None, status=None))
    again = syncing.sync_once(till)
    assert again["pushed"] == 0 and again["duplicates"] > 0
    held = platform.sales()
    assert held["count"] == 3
    assert sorted(s["receipt_no"] for s in held["sales"]) == sorted(s.receipt_no for s in sales)
    assert held["total"] == sum(s.total for s in sales)


def test_a_price_published_while_offline_applies_after_the_next_sync(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    platform.set_price("P0001", 149, 100, 200)  # the till has not synced since
    old = sell(till, ("P0001", 1))
    assert old.total == 119
    syncing.sync_once(till)
    assert till.product("P0001").price == 149
    new = sell(till, ("P0001", 1))
    assert new.total == 149
    syncing.sync_once(till)
    by_receipt = {s["receipt_no"]: s["total"] for s in platform.sales()["sales"]}
    assert by_receipt[old.receipt_no] == 119 and by_receipt[new.receipt_no] == 149


def test_a_cart_keeps_its_price_when_an_update_arrives_mid_sale(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    platform.set_price("P0001", 139)
    syncing.sync_once(till)
    notes = till.reprice(cart)
    assert notes and cart.lines[0].unit_price == 119
    assert till.pay(cart, [Tender("cash", 500)]).total == 119


def test_two_tills_of_one_shop_converge_on_the_same_stock(platform, tmp_path):
    a = platform.new_till(tmp_path / "a")
    b = platform.new_till(tmp_path / "b", seed=False)
    b.add_staff("Lee", "cashier", "2222")
    b.login("2222")
    b.open_session(5000)
    for t in (a, b):
        syncing.sync_once(t)
    for _ in range(3):
        sell(a, ("P0001", 1), ("P0002", 2))
        sell(b, ("P0001", 2), ("P0003", 1))
    for _ in range(2):  # each sees the other's movements after pushing and pulling
        for t in (a, b):
            syncing.sync_once(t)
    skus = ["P0001", "P0002", "P0003", "P0049"]
    assert {s: a.level(s) for s in skus} == {s: b.level(s) for s in skus}
    server = platform.stock()
    assert {s: server.get(s, 0) for s in skus} == {s: a.level(s) for s in skus}
    assert a.doctor() == [] and b.doctor() == []


def test_a_policy_changed_centrally_changes_what_the_till_allows(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    cart = till.new_cart()
    till.add_to_cart(cart, "P0049")
    till.set_sale_discount(cart, 59)  # under 10 %
    platform.admin("PUT", "/policies/cashier_discount_limit_bp", json={"value": "500"})
    syncing.sync_once(till)
    from app.core.errors import ApprovalRequired
    with pytest.raises(ApprovalRequired):
        till.set_sale_discount(cart, 59)


def test_an_unsupported_protocol_is_update_required_and_keeps_the_queue(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    sell(till, ("P0001", 1))
    waiting = till.pending_events()
    client = syncing.client_for(till)
    client.http.headers["X-Corner-Protocol"] = "99"
    with pytest.raises(UpdateRequired):
        client.sync_once(TillSyncPort(till))
    assert till.pending_events() == waiting


def test_a_revoked_till_is_told_and_keeps_its_sales(platform, tmp_path):
    till = platform.new_till(tmp_path / "t1")
    platform.admin("POST", f"/devices/{till.meta('device_id')}/revoke")
    sell(till, ("P0001", 1))
    with pytest.raises(TillError, match="Sync failed"):
        syncing.sync_once(till)
    assert till.pending_events() > 0
    with pytest.raises(NotAuthorised):
        syncing.client_for(till).sync_once(TillSyncPort(till))


def test_enrolling_with_a_used_code_is_refused(platform, tmp_path):
    platform.new_till(tmp_path / "t1")
    from app.core.till import Till
    other = Till(tmp_path / "t2")
    with pytest.raises(TillError, match="refused"):
        syncing.enroll(other, platform.url, platform.shop.enrollment_code)
    other.close()


def test_an_unreachable_platform_is_offline_not_an_error_for_selling(tmp_path, platform):
    till = platform.new_till(tmp_path / "t1")
    platform.server.stop()
    sale = sell(till, ("P0001", 1))
    with pytest.raises(TillError, match="Sync failed"):
        syncing.sync_once(till)
    assert till.sale(sale.receipt_no).total == 119
    assert till.meta("sync_online") == "0"

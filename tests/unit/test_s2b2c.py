"""The shop's side of the s2b2c loop, without a server: orders, deliveries, feedback, settlement."""

import uuid

import pytest

from app.core import demo
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.syncport import TillSyncPort
from sync.protocol import Change, PullResponse


def ship(till, lines, order_id=None):
    """What a pulled ``delivery.shipped`` change does to the till."""
    delivery_id = str(uuid.uuid4())
    payload = {"id": delivery_id, "order_id": order_id, "lines": [
        {"product_id": till.product(sku).id, "sku": sku, "qty": qty, "unit_cost": cost} for sku, qty, cost in lines]}
    TillSyncPort(till).apply_page(PullResponse(changes=[Change(seq=1, kind="delivery.shipped", payload=payload)],
                                               cursor=1, more=False))
    return delivery_id


def test_suggestions_follow_sales_velocity_and_round_to_packs(till):
    level = till.level("P0001")
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", level + 28)  # sold a lot: 28 more than on hand
    till.pay(cart, [Tender("cash", 10**6)])
    suggestion = {s.sku: s for s in till.suggest_order()}["P0001"]
    assert suggestion.on_hand == -28
    assert suggestion.suggested % suggestion.pack_size == 0
    # demand over 2 + 7 + 2 days of (level + 28) units sold in 28 days, plus the 28 missing
    assert suggestion.suggested >= 28 + (level + 28) * 11 // 28


def test_an_order_is_queued_and_counts_as_on_order(till):
    with pytest.raises(TillError):
        till.place_order({"P0001": 12})  # a cashier needs an owner
    order = till.place_order({"P0001": 12}, approver_pin=demo.OWNER_PIN)
    events = [p for _, k, p in till.iter_outbox() if k == "order.placed"]
    assert events[-1]["id"] == order.id and events[-1]["lines"][0]["qty"] == 12
    with pytest.raises(TillError, match="own product"):
        till.place_order({"L001": 1}, approver_pin=demo.OWNER_PIN)


def test_receiving_a_delivery_with_a_shortage_and_damage(till):
    milk, oil = till.level("P0001"), till.level("P0049")
    delivery = ship(till, [("P0001", 12, 79), ("P0049", 6, 420)])
    assert [d.id for d in till.deliveries()] == [delivery]
    till.receive_delivery(delivery, {"P0001": (10, 1)})  # 2 short, 1 damaged; oil arrived in full
    assert till.level("P0001") == milk + 9 and till.level("P0049") == oil + 6
    sent = [p for _, k, p in till.iter_outbox() if k == "delivery.received"][-1]
    assert {l["sku"]: (l["shipped"], l["received"], l["damaged"]) for l in sent["lines"]} == {
        "P0001": (12, 10, 1), "P0049": (6, 6, 0)}
    with pytest.raises(TillError, match="already"):
        till.receive_delivery(delivery)
    with pytest.raises(TillError, match="Not on this delivery"):
        till.receive_delivery(ship(till, [("P0001", 1, 79)]), {"P0002": (1, 0)})


def test_counter_feedback_is_recorded_and_queued(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    sale = till.pay(cart, [Tender("cash", 500)])
    with pytest.raises(TillError):
        till.record_feedback(6)
    till.record_feedback(5, "lovely shop", sale.receipt_no)
    assert till.feedback_inbox()[0].comment == "lovely shop"
    assert [p["rating"] for _, k, p in till.iter_outbox() if k == "feedback.created"] == [5]


def test_settlement_adds_goods_received_and_commission(till):
    till.set_policy("commission_bp", "500")
    delivery = ship(till, [("P0001", 10, 79)])
    till.receive_delivery(delivery)
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 2)  # 2.38 platform goods
    till.add_to_cart(cart, "L001", 1)  # 2.50 the shop's own
    till.pay(cart, [Tender("cash", 1000)])
    st = till.settlement("2000-01-01", "2100-01-01")
    assert st.goods_received == 790
    assert st.platform_sales == 238 and st.local_sales == 250
    assert st.commission == 12  # 5 % of 2.38
    assert st.amount_due == 790 + 12
    assert st.cost_of_platform_goods_sold == 158
    with pytest.raises(TillError):
        till.settlement("2026-02-01", "2026-01-01")

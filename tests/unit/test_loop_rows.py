"""The facade's rows for the back office's s2b2c pages: orders, deliveries, feedback."""

import uuid

from app.core import demo
from app.core.sales import Tender
from app.core.syncport import TillSyncPort
from sync.protocol import Change, PullResponse


def pull(till, *changes):
    TillSyncPort(till).apply_page(PullResponse(
        changes=[Change(seq=n + 1, kind=kind, payload=payload) for n, (kind, payload) in enumerate(changes)],
        cursor=len(changes), more=False))


def test_order_history_names_its_lines_and_who_placed_it(till):
    order = till.place_order({"P0049": 6, "P0001": 12}, "before the weekend", approver_pin=demo.OWNER_PIN)
    (row,) = till.order_history()
    oid, _created, status, note, who, lines = row
    assert (oid, status, note) == (order.id, "placed", "before the weekend")
    assert who == till.staff_name(order.staff_id) and who
    assert [(sku, qty) for sku, _name, qty in lines] == [("P0001", 12), ("P0049", 6)]
    assert lines[0][1] == till.product("P0001").name


def test_delivery_rows_show_shipped_lines_then_what_went_on_the_shelf(till):
    delivery = str(uuid.uuid4())
    pull(till, ("delivery.shipped", {"id": delivery, "order_id": None, "lines": [
        {"product_id": till.product("P0001").id, "sku": "P0001", "qty": 12, "unit_cost": 79},
        {"product_id": till.product("P0049").id, "sku": "P0049", "qty": 6, "unit_cost": 420}]}))
    (waiting,) = till.delivery_rows("shipped")
    assert waiting[0] == delivery and waiting[2] == "shipped" and waiting[6] == 0
    assert [(sku, qty, cost) for sku, _n, _u, qty, cost in waiting[5]] == [("P0001", 12, 79), ("P0049", 6, 420)]
    till.receive_delivery(delivery, {"P0001": (10, 1)})
    assert till.delivery_rows("shipped") == []
    (done,) = till.delivery_rows("received")
    assert done[6] == 9 + 6 and done[4]


def test_feedback_rows_carry_the_receipt_number_and_read_flag(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    sale = till.pay(cart, [Tender("cash", 500)])
    pull(till, ("feedback.created", {"id": str(uuid.uuid4()), "sale_id": sale.id, "receipt_token": sale.receipt_token,
                                     "rating": 2, "comment": "queue too long", "created_at": "2026-01-02T10:00:00+00:00"}))
    till.record_feedback(5, "lovely shop")
    rows = till.feedback_rows()
    assert [(r[2], r[4], r[5], r[6]) for r in rows] == [(5, "counter", None, True),
                                                       (2, "receipt_page", sale.receipt_no, False)]

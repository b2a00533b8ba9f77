from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from app.core import demo
from app.core.errors import ApprovalRequired, TillError
from app.core.sales import Tender


def sell(till, items, tenders):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    return till.pay(cart, tenders)


def test_a_refund_needs_an_owner_and_goes_back_on_the_shelf(till):
    sale = sell(till, [("P0001", 3)], [Tender("cash", 1000)])
    level = till.level("P0001")
    with pytest.raises(ApprovalRequired):
        till.refund(sale.receipt_no, {"P0001": 1}, restock=True)
    refund = till.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    assert refund.total == 119
    assert till.level("P0001") == level + 1


def test_damaged_returns_do_not_go_back_on_the_shelf(till):
    sale = sell(till, [("P0001", 3)], [Tender("cash", 1000)])
    level = till.level("P0001")
    till.refund(sale.receipt_no, {"P0001": 1}, restock=False, approver_pin=demo.OWNER_PIN)
    assert till.level("P0001") == level


def test_never_more_than_was_sold(till):
    sale = sell(till, [("P0001", 2)], [Tender("cash", 1000)])
    till.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    with pytest.raises(TillError, match="Only 1"):
        till.refund(sale.receipt_no, {"P0001": 2}, restock=True, approver_pin=demo.OWNER_PIN)
    with pytest.raises(TillError, match="not on receipt"):
        till.refund(sale.receipt_no, {"P0002": 1}, restock=True, approver_pin=demo.OWNER_PIN)


def test_past_the_return_window_is_refused(till):
    sale = sell(till, [("P0001", 1)], [Tender("cash", 1000)])
    with till.write() as s:
        from app.core.store.models import Sale
        s.get(Sale, sale.id).created_at = (datetime.now(timezone.utc) - timedelta(days=31)).isoformat()
    with pytest.raises(TillError, match="return window"):
        till.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)


def test_money_goes_back_to_the_original_tenders(till):
    sale = sell(till, [("P0049", 2)], [Tender("card", 600, "C1"), Tender("cash", 1000)])
    refund = till.refund(sale.receipt_no, {"P0049": 2}, restock=True, approver_pin=demo.OWNER_PIN)
    back = [p for _, k, p in till.iter_outbox() if k == "refund.completed"][0]["payments"]
    assert {p["method"]: p["amount"] for p in back} == {"card": -600, "cash": -(sale.total - 600)}
    assert refund.total == sale.total


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    qtys=st.lists(st.integers(1, 7), min_size=1, max_size=4),
    discount_pct=st.integers(0, 10),
    splits=st.lists(st.integers(1, 3), min_size=1, max_size=4),
    rounding=st.sampled_from(["1", "5"]),
)
def test_partial_refunds_of_everything_return_exactly_what_was_paid(till, qtys, discount_pct, splits, rounding):
    till.set_policy("cash_rounding", rounding)
    codes = ["P0001", "P0049", "P0076", "P0120"]
    cart = till.new_cart()
    for code, qty in zip(codes, qtys):
        till.add_to_cart(cart, code, qty)
    till.set_sale_discount(cart, cart.totals().total * discount_pct // 100)
    sale = till.pay(cart, [Tender("card", 100, "C"), Tender("cash", 10**6)])
    sale = till.sale(sale.id)
    refunded = 0
    for line in sale.lines:
        left = line.qty
        for piece in splits:
            take = min(piece, left)
            if take:
                refunded += till.refund(sale.receipt_no, {line.id: take}, restock=True, approver_pin=demo.OWNER_PIN).total
                left -= take
        if left:
            refunded += till.refund(sale.receipt_no, {line.id: left}, restock=True, approver_pin=demo.OWNER_PIN).total
    assert refunded == sale.total
    assert all(v == 0 for v in till.refundable(sale.receipt_no).values())

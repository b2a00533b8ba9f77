import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from app.core import demo
from app.core.errors import ApprovalRequired, TillError
from app.core.sales import Tender
from app.core.store.models import StockMovement

SKUS = ["P0001", "P0002", "P0003"]

actions = st.lists(
    st.tuples(st.sampled_from(["sell", "refund", "receive", "write_off", "adjust", "count"]),
              st.sampled_from(SKUS), st.integers(1, 9)),
    min_size=1, max_size=12,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_stock_level_always_equals_the_sum_of_movements(till, steps):
    till.login(demo.OWNER_PIN)
    last_sale = None
    for action, sku, qty in steps:
        if action == "sell":
            cart = till.new_cart()
            till.add_to_cart(cart, sku, qty)
            last_sale = till.pay(cart, [Tender("cash", 10**6)])
        elif action == "refund" and last_sale is not None:
            left = till.refundable(last_sale.receipt_no)
            line_id = next((k for k, v in left.items() if v), None)
            if line_id:
                till.refund(last_sale.receipt_no, {line_id: 1}, restock=True)
        elif action == "receive":
            till.receive_stock(sku, qty)
        elif action == "write_off":
            till.write_off(sku, qty, "damage")
        elif action == "adjust":
            till.adjust_stock(sku, qty - 5 or 1, "found behind the shelf")
        elif action == "count":
            till.post_count({sku: qty})
    with till.read() as s:
        for sku in SKUS:
            product = till.product(sku)
            total = s.scalar(select(func.sum(StockMovement.qty)).where(StockMovement.product_id == product.id))
            assert till.level(sku) == total
    assert till.doctor() == []


def test_a_partial_count_adjusts_only_what_was_counted(till):
    till.login(demo.OWNER_PIN)
    untouched = till.level("P0003")
    before = till.level("P0001")
    lines = till.review_count({"P0001": before + 2, "P0002": till.level("P0002")})
    assert [(line.sku, line.difference) for line in lines] == [("P0001", 2), ("P0002", 0)]
    moves = till.post_count({"P0001": before + 2, "P0002": till.level("P0002")})
    assert len(moves) == 1 and moves[0].qty == 2 and moves[0].kind == "count"
    assert till.level("P0001") == before + 2 and till.level("P0003") == untouched


def test_cashiers_need_an_owner_for_counts_and_write_offs(till):
    with pytest.raises(ApprovalRequired):
        till.post_count({"P0001": 1})
    with pytest.raises(ApprovalRequired):
        till.write_off("P0001", 1, "damage")
    till.write_off("P0001", 1, "damage", approver_pin=demo.OWNER_PIN)


def test_write_off_reasons_are_checked(till):
    till.login(demo.OWNER_PIN)
    with pytest.raises(TillError, match="Reason"):
        till.write_off("P0001", 1, "bored")
    with pytest.raises(TillError):
        till.write_off("P0001", 0, "damage")


def test_remote_movements_apply_once(till):
    from app.core import stock
    product = till.product("P0001")
    level = till.level("P0001")
    payload = {"id": "01a20f40-985b-7eeb-a760-df34895ce9a8", "product_id": product.id, "sku": "P0001",
               "kind": "sale", "qty": -2, "created_at": "2026-11-24T10:00:00+00:00"}
    with till.write() as s:
        assert stock.apply_remote(s, payload)
    with till.write() as s:
        assert not stock.apply_remote(s, payload)
    assert till.level("P0001") == level - 2

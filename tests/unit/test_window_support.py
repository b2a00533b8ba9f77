"""The facade's window-support methods: role checks, indexed search, void, tender state."""

import pytest

from app.core import demo
from app.core.errors import ApprovalRequired, AuthError
from app.core.sales import Tender


def test_cashier_is_not_offered_owner_only_actions(till):
    assert till.allowed("refund")  # with approval, at the counter
    assert not till.allowed("backoffice")
    assert not till.allowed("settings")
    with pytest.raises(AuthError):
        till.require("backoffice")
    till.login(demo.OWNER_PIN)
    assert till.allowed("backoffice") and till.require("settings").is_owner
    till.lock()
    assert not till.allowed("refund")


def test_quick_search_finds_by_name_substring_sku_and_barcode_prefix(till):
    names = [p.name for p in till.quick_search("milk")]
    assert "Whole milk 1 l" in names and "Semi-skimmed milk 1 l" in names
    assert names == sorted(names, key=str.casefold)
    assert [p.sku for p in till.quick_search("p0001")][0] == "P0001"
    hits = till.quick_search("50123450000")
    assert hits and all(p.sku.startswith("P") for p in hits)
    assert till.quick_search("   ") == []
    assert till.quick_search("no such thing anywhere") == []
    assert len(till.quick_search("e", limit=7)) == 7


def test_quick_search_agrees_with_the_catalog_search_on_names(till):
    for text in ("tea", "Oat", "chips", "x4"):
        assert {p.sku for p in till.quick_search(text)} == {p.sku for p in till.search(text)}


def test_void_needs_an_owner_and_is_audited(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    with pytest.raises(ApprovalRequired):
        till.void_cart(cart)
    assert cart.lines
    with pytest.raises(AuthError):
        till.void_cart(cart, approver_pin=demo.CASHIER_PIN)
    till.void_cart(cart, approver_pin=demo.OWNER_PIN)
    assert cart.is_empty
    assert any(kind == "audit.entry" and p["action"] == "void" for _, kind, p in till.iter_outbox())


def test_tender_state_follows_a_split_payment_to_its_change(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 3)  # 3 x 1.19
    state = till.tender_state(cart, [])
    assert (state.total, state.remaining, state.complete) == (357, 357, False)
    state = till.tender_state(cart, [Tender("card", 200, "AUTH1")])
    assert (state.remaining, state.change, state.complete) == (157, 0, False)
    state = till.tender_state(cart, [Tender("card", 200, "AUTH1"), Tender("cash", 500)])
    assert (state.remaining, state.change, state.complete) == (0, 343, True)
    state = till.tender_state(cart, [Tender("card", 400, "AUTH1")])
    assert not state.complete and "no change" in state.problem


def test_tender_state_uses_cash_rounding(till):
    till.login(demo.OWNER_PIN)
    till.set_policy("cash_rounding", "5")
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")  # 1.19 -> 1.20 in cash
    state = till.tender_state(cart, [Tender("cash", 200)])
    assert (state.cash_due, state.change, state.complete) == (120, 80, True)


def test_quick_cash_amounts_round_up_to_notes(till):
    assert till.quick_cash_amounts(357) == [357, 400, 500, 1000]
    assert till.quick_cash_amounts(2000) == [2000, 5000, 10000]
    assert till.quick_cash_amounts(0) == []


def test_staff_name(till):
    assert till.staff_name(till.user.id) == "Sam Patel"
    assert till.staff_name("nobody") == ""


def test_sale_discount_in_percent_needs_approval_above_the_limit(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 10)  # 11.90
    till.set_sale_discount_percent(cart, 1000)  # 10 %: the cashier's limit
    assert cart.sale_discount == 119
    with pytest.raises(ApprovalRequired):
        till.set_sale_discount_percent(cart, 2000)
    till.set_sale_discount_percent(cart, 2000, approver_pin=demo.OWNER_PIN)
    assert cart.sale_discount == 238 and cart.approvals[-1]["action"] == "sale_discount"


def test_refund_payments_go_back_per_original_tender(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 2)  # 2.38
    sale = till.pay(cart, [Tender("card", 100, "AUTH1"), Tender("cash", 200)])
    refund = till.refund(sale.receipt_no, {"P0001": 2}, restock=True, approver_pin=demo.OWNER_PIN)
    back = till.refund_payments(refund.id)
    assert sorted((p.method, p.amount, p.reference) for p in back) == [("card", -100, "AUTH1"), ("cash", -138, None)]
    assert till.refund_payments("nothing") == []

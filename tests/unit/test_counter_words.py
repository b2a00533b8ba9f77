"""The core's words at the counter: money with its currency and the locale's format, refund
refusals that say why, CODE*QTY as the scan field and the CLI take it."""

import pytest

from app.core import demo
from app.core.errors import InputError, TillError
from app.core.money import fmt
from app.core.sales import Tender, parse_item, plan_payments


@pytest.mark.parametrize("text,parsed", [
    ("P0001", ("P0001", None)), (" W0101*350 ", ("W0101", 350)), ("5012345000022 * 2", ("5012345000022", 2)),
])
def test_parse_item_reads_code_and_quantity(text, parsed):
    assert parse_item(text) == parsed


@pytest.mark.parametrize("text,words", [
    ("P0001*x", "must be a whole number"), ("P0001*", "must be a whole number"), ("P0001*-2", "whole number"),
    ("P0001*0", "above zero"), ("*3", "put the barcode or SKU before the *"),
])
def test_parse_item_refuses_in_the_users_words(text, words):
    with pytest.raises(InputError, match=words):
        parse_item(text)


def test_not_enough_cash_is_money_with_its_currency():
    with pytest.raises(TillError) as info:
        plan_payments(119, [Tender("cash", 50)])
    assert str(info.value) == "Not enough: €0.69 short."
    dollars = lambda amount: fmt(amount, "USD", "en_US")  # noqa: E731
    with pytest.raises(TillError) as info:
        plan_payments(119, [Tender("cash", 50)], money=dollars)
    assert str(info.value) == "Not enough: $0.69 short."
    with pytest.raises(TillError) as info:
        plan_payments(119, [Tender("card", 50, "A1")], money=dollars)
    assert str(info.value) == "Not enough: $0.69 still to pay."


def test_a_price_outside_the_bounds_names_the_bounds_in_money(till):
    product = till.product("P0001")
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    with pytest.raises(TillError) as info:
        till.override_price(cart, 0, product.max_price + 1, demo.OWNER_PIN)
    assert str(info.value) == (f"{till.money(product.max_price + 1)} is above the platform's maximum of "
                               f"{till.money(product.max_price)} for Whole milk 1 l.")
    assert "€" in str(info.value)
    with pytest.raises(TillError, match=f"below the platform's minimum of {till.money(product.min_price)}"):
        till.set_local_price("P0001", 1, approver_pin=demo.OWNER_PIN)


def test_refund_refusals_say_what_was_already_refunded(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 3)
    till.add_to_cart(cart, "W0101", 450)
    sale = till.pay(cart, [Tender("cash", 10000)])
    no = sale.receipt_no
    with pytest.raises(TillError) as info:
        till.refund(no, {"P0001": 5}, restock=True, approver_pin=demo.OWNER_PIN)
    assert str(info.value) == f"Only 3 of Whole milk 1 l can still be refunded on {no}."
    till.refund(no, {"P0001": 1, "W0101": 200}, restock=True, approver_pin=demo.OWNER_PIN)
    with pytest.raises(TillError) as info:
        till.refund(no, {"P0001": 3}, restock=True, approver_pin=demo.OWNER_PIN)
    assert str(info.value) == f"Only 2 of Whole milk 1 l can still be refunded on {no}: 1 already refunded."
    with pytest.raises(TillError) as info:
        till.refund(no, {"W0101": 300}, restock=True, approver_pin=demo.OWNER_PIN)
    assert str(info.value) == (f"Only 0.250 kg of Apples Gala (per kg) can still be refunded on {no}: "
                               "0.200 kg already refunded.")
    till.refund(no, {"P0001": 2}, restock=True, approver_pin=demo.OWNER_PIN)
    with pytest.raises(TillError) as info:
        till.refund(no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
    assert str(info.value) == f"Whole milk 1 l on {no} has already been refunded in full."


def test_a_csv_in_another_encoding_is_refused_in_words(tmp_path):
    from app.core.csvfile import read_csv

    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffsku,name\nP1,Café\n".encode("utf-8"))
    assert read_csv(good) == "sku,name\nP1,Café\n"  # the BOM a spreadsheet writes is dropped
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("sku,name\nP1,Café\n".encode("latin-1"))
    with pytest.raises(TillError) as info:
        read_csv(latin1)
    assert str(info.value) == f"{latin1} is not a UTF-8 text file; save it as CSV (UTF-8) and try again."
    with pytest.raises(TillError, match="No such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(TillError, match="is a folder"):
        read_csv(tmp_path)

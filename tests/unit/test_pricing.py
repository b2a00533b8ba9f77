"""The pricing engine (sync/pricing.py): worked examples, the numbers docs/promotions.md quotes."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest

from sync.pricing import Item, Pricer, SoldItem, allocate, refund
from sync.promotions import CouponData, PromotionData

START = datetime(2026, 11, 1)
END = datetime(2026, 12, 31)
AT = datetime(2026, 12, 2, 12, 0)  # a Wednesday


def pid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def promo(n: int, kind: str, name: str | None = None, **kw) -> PromotionData:
    kw.setdefault("starts_at", START)
    kw.setdefault("ends_at", END)
    return PromotionData(id=pid(n), name=name or f"promo {n}", kind=kind, **kw)


def item(key: str, sku: str, price: int, qty: int = 1, category: str = "", brand: str = "", unit: str = "each",
         **kw) -> Item:
    return Item(key=key, sku=sku, category=category, brand=brand, unit=unit, qty=qty, unit_price=price, **kw)


def discounts(priced) -> dict[str, int]:
    return {line.key: line.discount for line in priced.lines}


# -- kinds -------------------------------------------------------------------------------------


def test_three_for_two_counts_across_lines_and_applies_as_often_as_the_quantity_allows():
    pricer = Pricer([promo(1, "multi_buy", skus=["A"], buy_qty=3, pay_qty=2)], "S1")
    for lines, saving in (([2, 2], 100), ([1, 1, 1, 1, 1, 1], 200), ([7], 200), ([2], 0)):
        cart = [item(f"l{n}", "A", 100, q) for n, q in enumerate(lines)]
        assert pricer.price(cart, AT).discount == saving


def test_n_for_a_fixed_amount():
    pricer = Pricer([promo(1, "multi_buy", skus=["A"], buy_qty=3, bundle_price=250)], "S1")
    assert pricer.price([item("a", "A", 100, 7)], AT).discount == 100  # two sets of 3: 300 -> 250 each


def test_mix_and_match_bundle_takes_the_dearest_pair():
    pricer = Pricer([promo(1, "bundle", brands=["X"], buy_qty=2, bundle_price=500)], "S1")
    cart = [item("1", "X1", 300, brand="X"), item("2", "X2", 350, brand="X"), item("3", "X3", 200, brand="X")]
    priced = pricer.price(cart, AT)
    assert priced.discount == 150
    assert discounts(priced) == {"1": 69, "2": 81, "3": 0}  # 150 split 300:350


def test_percent_and_amount_off_per_unit_and_never_below_zero():
    pricer = Pricer([promo(1, "percent_off", categories=["fruit"], percent_bp=1000),
                     promo(2, "amount_off", skus=["C"], amount=500)], "S1")
    cart = [item("a", "A", 99, 3, category="fruit"), item("c", "C", 300, 2)]
    priced = pricer.price(cart, AT)
    assert discounts(priced) == {"a": 30, "c": 600}  # 10 % of 0.99 = 0.10 a unit; 5.00 off a 3.00 unit: 3.00
    assert priced.total == 267


def test_weighed_goods_take_percent_and_amount_off_only():
    pricer = Pricer([promo(1, "percent_off", skus=["K"], percent_bp=1000),
                     promo(2, "amount_off", skus=["L"], amount=50),
                     promo(3, "multi_buy", skus=["K", "L"], buy_qty=2, pay_qty=1)], "S1")
    cart = [item("k", "K", 300, 1500, unit="kg"), item("l", "L", 300, 1500, unit="kg")]
    priced = pricer.price(cart, AT)
    assert [line.gross for line in priced.lines] == [450, 450]
    assert discounts(priced) == {"k": 45, "l": 75}  # 10 % of 4.50; 0.50 a kg over 1.5 kg


def test_local_and_fixed_lines_never_get_platform_promotions():
    pricer = Pricer([promo(1, "percent_off", percent_bp=5000), promo(2, "basket", threshold=100, amount=100)], "S1")
    cart = [item("own", "A", 1000, is_local=True), item("manual", "B", 1000, fixed=True), item("p", "C", 1000)]
    priced = pricer.price(cart, AT)
    assert discounts(priced) == {"own": 0, "manual": 0, "p": 600}  # 50 % then the basket on the 5.00 left


# -- the combination rule ----------------------------------------------------------------------


def test_each_unit_takes_one_item_promotion_the_best_assignment():
    pricer = Pricer([promo(1, "multi_buy", skus=["A"], buy_qty=3, pay_qty=2),
                     promo(2, "percent_off", skus=["A"], percent_bp=3000)], "S1")
    three = pricer.price([item("a", "A", 100, 3)], AT)
    assert three.discount == 100  # 3 for 2 (1.00) beats 30 % (0.90)
    four = pricer.price([item("a", "A", 100, 4)], AT)
    assert four.discount == 130  # one set of 3 and 30 % off the fourth
    assert {s.promotion_id: s.amount for s in four.savings} == {str(pid(1)): 100, str(pid(2)): 30}


def test_basket_threshold_is_measured_after_item_savings():
    promos = [promo(1, "percent_off", skus=["B"], percent_bp=1000), promo(2, "basket", threshold=2000, amount=200)]
    pricer = Pricer(promos, "S1")
    assert pricer.price([item("b", "B", 2500)], AT).discount == 250 + 200
    assert pricer.price([item("b", "B", 2200)], AT).discount == 220  # 19.80 after 10 %: below 20.00


def test_single_best_basket_promotion_wins():
    pricer = Pricer([promo(1, "basket", threshold=2000, amount=200),
                     promo(2, "basket", threshold=3000, percent_bp=1000)], "S1")
    priced = pricer.price([item("a", "A", 1000), item("b", "B", 1000), item("c", "C", 1500)], AT)
    assert priced.discount == 350
    assert [s.promotion_id for s in priced.savings] == [str(pid(2))]
    assert discounts(priced) == {"a": 100, "b": 100, "c": 150}


def test_ties_go_to_the_lower_promotion_id():
    pricer = Pricer([promo(7, "percent_off", skus=["A"], percent_bp=1000),
                     promo(3, "amount_off", skus=["A"], amount=10)], "S1")
    priced = pricer.price([item("a", "A", 100)], AT)
    assert [a.promotion_id for a in priced.lines[0].applied] == [str(pid(3))]


def test_basket_allocation_is_exact_largest_remainder():
    pricer = Pricer([promo(1, "basket", threshold=1000, amount=200, platform_share_bp=5000)], "S1")
    priced = pricer.price([item("z", "C", 1000), item("y", "B", 1000), item("x", "A", 1000)], AT)
    # 200 over three equal lines: 67, 67, 66, the extra cents to the earlier goods (sku order)
    assert discounts(priced) == {"x": 67, "y": 67, "z": 66}
    # platform half of each line, rounded half up per line: 34 + 34 + 33
    assert [line.applied[0].platform_amount for line in priced.lines] == [33, 34, 34]
    assert priced.savings[0].platform_amount == 101


def test_scanning_order_does_not_change_lines():
    pricer = Pricer([promo(1, "bundle", categories=["snacks"], buy_qty=3, bundle_price=500),
                     promo(2, "percent_off", brands=["Y"], percent_bp=2000),
                     promo(3, "basket", threshold=1000, amount=150)], "S1")
    cart = [item("1", "A", 250, 2, category="snacks", brand="Y"), item("2", "B", 199, 1, category="snacks"),
            item("3", "A", 250, 1, category="snacks", brand="Y"), item("4", "C", 1200, 1, brand="Y")]
    first = pricer.price(cart, AT)
    again = pricer.price(list(reversed(cart)), AT)
    assert {line.key: line for line in first.lines} == {line.key: line for line in again.lines}


def test_allocate_is_exact():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(5, [0, 0]) == [5, 0]


# -- when a promotion runs ---------------------------------------------------------------------


def test_window_weekdays_hours_and_shops():
    p = promo(1, "percent_off", skus=["A"], percent_bp=1000, starts_at=datetime(2026, 12, 1, 8),
              ends_at=datetime(2026, 12, 8, 8), weekdays=[1, 2, 3], hours_from=time(8), hours_to=time(12),
              shops=["S1"])
    pricer = Pricer([p], "S1")
    cart = [item("a", "A", 1000)]
    assert pricer.price(cart, datetime(2026, 12, 2, 9)).discount == 100  # Wednesday 9:00
    assert pricer.price(cart, datetime(2026, 12, 2, 12)).discount == 0  # hours_to is excluded
    assert pricer.price(cart, datetime(2026, 12, 3, 9)).discount == 0  # Thursday
    assert pricer.price(cart, datetime(2026, 12, 8, 8)).discount == 0  # ends_at is excluded
    assert pricer.price(cart, datetime(2026, 12, 1, 7, 59)).discount == 0  # before starts_at
    assert Pricer([p], "S2").price(cart, datetime(2026, 12, 2, 9)).discount == 0
    withdrawn = p.model_copy(update={"active": False})
    assert Pricer([p, withdrawn], "S1").price(cart, datetime(2026, 12, 2, 9)).discount == 0  # last version wins


def test_active_and_upcoming():
    now = promo(1, "percent_off", percent_bp=1000)
    later = promo(2, "percent_off", percent_bp=1000, starts_at=AT + timedelta(hours=3), ends_at=END)
    saturday = promo(3, "percent_off", percent_bp=1000, weekdays=[6])
    pricer = Pricer([now, later, saturday], "S1")
    assert [p.id for p in pricer.active(AT)] == [pid(1)]
    assert [p.id for p in pricer.upcoming(AT, timedelta(days=1))] == [pid(2)]
    assert [p.id for p in pricer.upcoming(AT, timedelta(days=4))] == [pid(2), pid(3)]
    assert pricer.starts(saturday, AT, timedelta(days=7)) == datetime(2026, 12, 5)


# -- coupons -----------------------------------------------------------------------------------

CUSTOMER = uuid.UUID(int=99)


def coupon_pricer() -> Pricer:
    promos = [promo(1, "amount_off", skus=["A"], amount=100, coupon_required=True),
              promo(2, "basket", threshold=1000, amount=300, coupon_required=True)]
    coupons = [CouponData(code="WELCOME-1", promotion_id=pid(1)),
               CouponData(code="THANKS-7", promotion_id=pid(2), customer_id=CUSTOMER),
               CouponData(code="OLD-1", promotion_id=pid(1), expires_at=datetime(2026, 12, 1)),
               CouponData(code="GONE-1", promotion_id=pid(1), active=False),
               CouponData(code="SPRING-1", promotion_id=pid(1), single_use=False)]
    return Pricer(promos, "S1", {c.code: c for c in coupons})


def test_coupon_promotions_need_a_valid_coupon():
    pricer = coupon_pricer()
    cart = [item("a", "A", 1000)]
    assert pricer.price(cart, AT).discount == 0
    priced = pricer.price(cart, AT, coupons=["welcome-1"])
    assert priced.discount == 100 and priced.redeemed == ("WELCOME-1",)


@pytest.mark.parametrize("code, kwargs, reason", [
    ("NOPE-1", {}, "not known"),
    ("OLD-1", {}, "expired"),
    ("GONE-1", {}, "withdrawn"),
    ("WELCOME-1", {"used_coupons": {"WELCOME-1"}}, "already been used"),
    ("THANKS-7", {}, "choose the customer"),
    ("THANKS-7", {"customer_id": str(uuid.UUID(int=5))}, "another customer"),
])
def test_refused_coupons_say_why(code, kwargs, reason):
    priced = coupon_pricer().price([item("a", "A", 1000)], AT, coupons=[code], **kwargs)
    assert priced.discount == 0
    (result,) = priced.coupons
    assert not result.accepted and reason in result.reason


def test_coupon_of_the_customer_and_reusable_coupon():
    pricer = coupon_pricer()
    cart = [item("a", "A", 1000)]
    mine = pricer.price(cart, AT, coupons=["THANKS-7"], customer_id=str(CUSTOMER))
    assert mine.discount == 300 and mine.coupons[0].accepted
    assert pricer.price(cart, AT, coupons=["SPRING-1"], used_coupons={"SPRING-1"}).discount == 100


def test_two_coupons_for_one_promotion_and_a_coupon_that_saves_nothing():
    pricer = coupon_pricer()
    priced = pricer.price([item("a", "A", 1000)], AT, coupons=["WELCOME-1", "SPRING-1"])
    assert priced.discount == 100
    assert [c.accepted for c in priced.coupons] == [True, False]
    nothing = pricer.price([item("b", "B", 1000)], AT, coupons=["WELCOME-1"])
    assert not nothing.coupons[0].accepted and "nothing on the sale" in nothing.coupons[0].reason



def test_a_basket_coupon_below_its_threshold_says_how_far_the_basket_is():
    # the cashier sees what the basket comes to and what the coupon needs, not "a better promotion"
    priced = coupon_pricer().price([item("b", "B", 347)], AT, coupons=["THANKS-7"], customer_id=str(CUSTOMER))
    (result,) = priced.coupons
    assert priced.discount == 0 and not result.accepted
    assert result.reason == "the goods it applies to come to 3.47, below the 10.00 this coupon needs"

# -- refunds -----------------------------------------------------------------------------------


def sell(pricer: Pricer, cart: list[Item], at: datetime = AT, coupons=()) -> list[SoldItem]:
    priced = pricer.price(cart, at, coupons=coupons)
    return [SoldItem(it, line.total, line.applied) for it, line in zip(cart, priced.lines)]


def test_a_broken_three_for_two_is_repriced():
    pricer = Pricer([promo(1, "multi_buy", skus=["A"], buy_qty=3, pay_qty=2)], "S1")
    sold = sell(pricer, [item("a", "A", 100, 3)])
    assert sold[0].paid == 200
    first = refund(sold, {}, {"a": 1}, pricer, AT)
    assert [(p.qty, p.amount) for p in first] == [(1, 0)]  # two kept cost 2.00: nothing back
    # the deal is gone: its whole saving (and platform part) goes back with this refund line
    assert [(a.amount, a.platform_amount) for a in first[0].promotions] == [(100, 100)]
    second = refund(sold, {"a": 1}, {"a": 1}, pricer, AT)
    third = refund(sold, {"a": 2}, {"a": 1}, pricer, AT)
    assert second[0].amount == 100 and third[0].amount == 100
    assert second[0].promotions == () and third[0].promotions == ()


def test_a_return_that_breaks_the_basket_threshold():
    pricer = Pricer([promo(1, "basket", threshold=2000, amount=200)], "S1")
    sold = sell(pricer, [item("x", "X", 1000), item("y", "Y", 1000), item("z", "Z", 500)])
    assert sum(s.paid for s in sold) == 2300
    z = refund(sold, {}, {"z": 1}, pricer, AT)
    assert z[0].amount == 500  # 20.00 kept still saves 2.00
    assert z[0].promotions == ()  # ... all of it: no saving goes back
    y = refund(sold, {"z": 1}, {"y": 1}, pricer, AT)
    assert y[0].amount == 800  # 10.00 kept: the 2.00 saving comes back out of this refund
    assert [a.amount for a in y[0].promotions] == [200]
    x = refund(sold, {"z": 1, "y": 1}, {"x": 1}, pricer, AT)
    assert x[0].amount == 1000
    assert z[0].amount + y[0].amount + x[0].amount == 2300


def test_refund_re_prices_under_the_promotions_of_the_sale_time():
    p = promo(1, "percent_off", skus=["A"], percent_bp=5000, ends_at=AT + timedelta(hours=1))
    pricer = Pricer([p], "S1")
    sold = sell(pricer, [item("a", "A", 1000, 2)])
    back = refund(sold, {}, {"a": 1}, pricer, AT)  # refunded a day later: at = the sale's time
    assert back[0].amount == 500


def test_refund_refuses_more_than_was_sold():
    pricer = Pricer([], "S1")
    sold = sell(pricer, [item("a", "A", 100, 2)])
    with pytest.raises(ValueError):
        refund(sold, {"a": 2}, {"a": 1}, pricer, AT)


def test_a_large_basket_sale_still_claws_back_a_broken_threshold():
    # 14 lines: too many for every smaller basket, so the baskets near the sale (up to 3 lines
    # returned) are re-priced, and never valued below what the kept units were paid.
    pricer = Pricer([promo(1, "basket", threshold=2000, amount=200)], "S1")
    sold = sell(pricer, [item(f"l{n:02d}", f"S{n:02d}", 150) for n in range(14)])
    assert sum(s.paid for s in sold) == 1900
    first = refund(sold, {}, {"l00": 1}, pricer, AT)
    assert first[0].amount == 0  # the 13 kept cost 19.50 without the basket: more than was paid
    second = refund(sold, {"l00": 1}, {"l01": 1}, pricer, AT)
    assert second[0].amount == 100  # 12 kept cost 18.00
    rest = {f"l{n:02d}": 1 for n in range(2, 14)}
    last = refund(sold, {"l00": 1, "l01": 1}, rest, pricer, AT)
    assert sum(p.amount for p in last) == 1800


def test_scheduled_price_in_effect_switches_at_its_instant():
    from datetime import timezone

    from sync.pricing import next_price_change, scheduled_prices
    from sync.promotions import ScheduledPrice

    t0 = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)
    product = uuid.uuid4()
    old = ScheduledPrice(id=pid(1), product_id=product, sku="A", price=120, effective_at=t0 - timedelta(days=1))
    new = ScheduledPrice(id=pid(2), product_id=product, sku="A", price=99, effective_at=t0)
    assert scheduled_prices([new, old], t0 - timedelta(seconds=1))["A"].price == 120
    assert scheduled_prices([new, old], t0)["A"].price == 99
    assert scheduled_prices([new], t0 - timedelta(seconds=1)) == {}
    assert next_price_change([new, old], t0 - timedelta(hours=1)) == t0
    with pytest.raises(ValueError):
        scheduled_prices([new], datetime(2026, 12, 2))


def test_negative_lines_are_refused():
    with pytest.raises(ValueError):
        Pricer([], "S1").price([item("a", "A", 100, -1)], AT)


def test_every_reason_the_engine_gives_for_a_coupon_is_a_message_the_till_translates():
    # the cashier reads a refusal in the till's language: a new reason in sync/pricing.py needs a template
    import ast
    import inspect

    import sync.pricing
    from app.core.errors import Message
    from app.core.promotions import coupon_reason

    tree = ast.parse(inspect.getsource(sync.pricing))
    formatted = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    texts = {node.value for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in formatted
             and "coupon" in node.value and node.value[:1].islower() and " " in node.value
             and not node.value.startswith("coupon")}
    assert "this coupon has already been used" in texts  # the scan finds the engine's reasons
    texts |= {"a better promotion already applies to these goods", "this coupon expired on 2026-12-01 10:00",
              "the goods it applies to come to 3.47, below the 10.00 this coupon needs"}
    plain = [t for t in texts if not isinstance(coupon_reason(t), Message)]
    assert not plain, f"engine reasons without a translatable template in app/core/promotions.py: {plain}"

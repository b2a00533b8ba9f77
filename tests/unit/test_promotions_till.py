"""Promotions at the till (issue 17): the feed, scheduled prices, the cart priced at every scan by
the till's own clock (offline), coupons, refunds re-priced by the engine, settlement credits."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import datetime

import pytest

from app.core import demo
from app.core.clock import SettableClock
from app.core.errors import NotFound, TillError
from app.core.sales import Tender
from app.core.syncport import TillSyncPort
from app.core.till import Till
from sync.protocol import Change, PullResponse, SalePayload, RefundPayload

PARIS = "Europe/Paris"
MILK, SEMI, CRISPS, CHOC, HONEY = "P0001", "P0002", "P0073", "P0078", "L002"  # 1.19, 1.09, 1.79, 1.29, local


@pytest.fixture
def clock():
    return SettableClock("2026-12-05T17:00:00+01:00")  # a Saturday, 17:00 in Paris


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The demo shop seeded once per module (seeding costs seconds); each test works on a copy."""
    path = tmp_path_factory.mktemp("seeded") / "till"
    t = Till(path, clock=SettableClock("2026-12-05T09:00:00+01:00"))
    demo.seed(t)
    t.set_time_zone(PARIS)
    t.close()
    return path


@pytest.fixture
def till(tmp_path, clock, seeded):
    shutil.copytree(seeded, tmp_path / "till")
    t = Till(tmp_path / "till", clock=clock)
    t.login(demo.CASHIER_PIN)
    yield t
    t.close()


_seq = [0]


def feed(till, *changes: tuple[str, dict]) -> None:
    """Pull a page of the platform's feed into the till, as the sync engine would."""
    rows = []
    for kind, payload in changes:
        _seq[0] += 1
        rows.append(Change(seq=_seq[0], kind=kind, payload=json.loads(json.dumps(payload, default=str))))
    TillSyncPort(till).apply_page(PullResponse(changes=rows, cursor=_seq[0], more=False))


def promo(name: str, kind: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "name": name, "kind": kind, "starts_at": "2026-12-01T00:00:00",
            "ends_at": "2026-12-31T00:00:00", **fields}


def test_a_promotion_that_ends_while_the_till_is_offline_stops_at_its_end(till, clock):
    dairy = promo("Dairy week", "percent_off", percent_bp=2000, categories=["Dairy"], ends_at="2026-12-05T18:00:00")
    feed(till, ("promotion.upserted", dairy))
    cart = till.new_cart()
    till.add_to_cart(cart, MILK)
    till.add_to_cart(cart, CRISPS)  # not dairy
    milk, crisps = cart.lines
    assert milk.promo_discount > 0 and crisps.promo_discount == 0
    assert [p["promotion_id"] for p in milk.promotions] == [dairy["id"]]
    assert cart.totals().total == 119 + 179 - milk.promo_discount
    assert cart.savings[0]["name"] == "Dairy week"
    # 18:00 in Paris is 17:00 UTC: the till's own clock ends it, with no server to say so
    clock.set("2026-12-05T17:59:59+01:00")
    assert till.pay(cart, [Tender("cash", 500)]).discount == milk.promo_discount
    clock.set("2026-12-05T18:00:00+01:00")
    late = till.new_cart()
    till.add_to_cart(late, MILK)
    assert late.lines[0].promo_discount == 0 and late.totals().total == 119 and late.savings == []
    # a cart scanned before the end and paid after it pays the price without the promotion
    clock.set("2026-12-05T17:30:00+01:00")
    cart = till.new_cart()
    till.add_to_cart(cart, MILK)
    assert cart.lines[0].promo_discount > 0
    clock.set("2026-12-05T18:00:01+01:00")
    sale = till.pay(cart, [Tender("cash", 500)])
    assert sale.total == 119 and sale.discount == 0


def test_the_sale_carries_its_promotions_and_writes_them_with_the_sale(till):
    three_for_two = promo("Crisps 3 for 2", "multi_buy", buy_qty=3, pay_qty=2, skus=[CRISPS], platform_share_bp=5000)
    feed(till, ("promotion.upserted", three_for_two))
    cart = till.new_cart()
    for _ in range(3):  # scanned one by one: the third scan completes the offer
        till.add_to_cart(cart, CRISPS)
    till.add_to_cart(cart, MILK)
    assert cart.promo_savings == 179
    totals = cart.totals()
    # VAT per rate is the tax of the lines as paid: 2 x 1.79 at 19 %, 1.19 at 7 %
    assert totals.tax_by_rate[1900][0] == 2 * 179 and totals.tax_by_rate[700][0] == 119
    sale = till.pay(cart, [Tender("cash", 1000)])
    event = [p for _, k, p in till.iter_outbox() if k == "sale.completed"][-1]
    payload = SalePayload.model_validate(event)
    line = payload.lines[0]
    # half funded by the platform, rounded half up per line
    assert [(str(p.promotion_id), p.amount, p.platform_amount) for p in line.promotions] == [
        (three_for_two["id"], 179, 90)]
    rows = till.promotions.list()
    row = next(r for r in rows if r.id == three_for_two["id"])
    assert (row.status, row.qty, row.sales, row.savings) == ("running", 3, 1, 179)
    assert sale.total == 2 * 179 + 119


def test_a_scheduled_price_switches_at_its_time_by_the_tills_own_clock(till, clock):
    product = till.product(MILK)
    feed(till, ("price.scheduled", {"id": str(uuid.uuid4()), "product_id": product.id, "sku": MILK, "price": 99,
                                    "effective_at": "2026-12-05T19:00:00+01:00"}))
    assert till.product(MILK).sell_price == 119
    cart = till.new_cart()
    till.add_to_cart(cart, MILK)
    assert cart.lines[0].unit_price == 119
    clock.set("2026-12-05T19:00:00+01:00")  # offline: nobody tells the till, its clock does
    assert till.product(MILK).sell_price == 99
    till.add_to_cart(cart, MILK)  # a new line at the new price; the first keeps the one it was scanned at
    assert [line.unit_price for line in cart.lines] == [119, 99]
    assert till.promotions.apply_due_prices() == 0  # applied once
    assert till.promotions.scheduled_prices()[0][2:] == (99, "2026-12-05T18:00:00.000000+00:00", True)


def test_a_scheduled_price_received_late_applies_at_once(till):
    product = till.product(SEMI)
    feed(till, ("price.scheduled", {"id": str(uuid.uuid4()), "product_id": product.id, "sku": SEMI, "price": 105,
                                    "effective_at": "2026-12-01T08:00:00+01:00"}))
    assert till.product(SEMI).sell_price == 105


def test_a_single_use_coupon_is_refused_the_second_time_at_this_till(till):
    feedback_promo = promo("Thank you for your feedback", "amount_off", amount=50, skus=[CHOC], coupon_required=True)
    feed(till, ("promotion.upserted", feedback_promo),
         ("coupon.issued", {"code": "THANKS-0001", "promotion_id": feedback_promo["id"]}))
    cart = till.new_cart()
    till.add_to_cart(cart, CHOC)
    assert cart.lines[0].promo_discount == 0  # needs its coupon
    assert till.promotions.is_coupon("thanks-0001") and not till.promotions.is_coupon(CHOC)
    till.promotions.add_coupon(cart, " thanks-0001 ")
    assert cart.coupons == ["THANKS-0001"] and cart.lines[0].promo_discount == 50
    with pytest.raises(TillError, match="already on this sale"):
        till.promotions.add_coupon(cart, "THANKS-0001")
    sale = till.pay(cart, [Tender("cash", 200)])
    assert sale.total == 129 - 50
    event = [p for _, k, p in till.iter_outbox() if k == "sale.completed"][-1]
    assert event["coupons"] == ["THANKS-0001"]
    for _ in range(2):  # refused, and refused again: the till remembers it was used here
        again = till.new_cart()
        till.add_to_cart(again, CHOC)
        with pytest.raises(TillError, match=f"already been used, on receipt {sale.receipt_no}"):
            till.promotions.add_coupon(again, "THANKS-0001")
        assert again.coupons == [] and again.totals().total == 129
    check = till.promotions.check_coupon(again, "THANKS-0001")
    assert not check.accepted and "already been used" in check.reason
    with pytest.raises(NotFound, match="not known on this till"):
        till.promotions.add_coupon(again, "NOPE-1234")
    with pytest.raises(TillError, match="not a coupon code"):
        till.promotions.add_coupon(again, "a!")


def test_a_refund_of_a_broken_three_for_two_returns_what_the_goods_kept_did_not_cost(till):
    three_for_two = promo("Crisps 3 for 2", "multi_buy", buy_qty=3, pay_qty=2, skus=[CRISPS])
    feed(till, ("promotion.upserted", three_for_two))
    cart = till.new_cart()
    till.add_to_cart(cart, CRISPS, 3)
    sale = till.pay(cart, [Tender("cash", 1000)])
    assert sale.total == 2 * 179
    line_id = till.sale(sale.receipt_no).lines[0].id
    # one bag back: the two kept cost 2 x 1.79 without the offer, so nothing comes back
    first = till.refund(sale.receipt_no, {line_id: 1}, restock=True, approver_pin=demo.OWNER_PIN)
    assert first.total == 0
    # the other two: all that was paid
    second = till.refund(sale.receipt_no, {line_id: 2}, restock=True, approver_pin=demo.OWNER_PIN)
    assert first.total + second.total == sale.total
    events = [RefundPayload.model_validate(p) for _, k, p in till.iter_outbox() if k == "refund.completed"]
    assert sum(e.total for e in events) == sale.total
    # the broken deal gives its whole saving (and the platform's part) back with the first bag
    given_back = [[(str(p.promotion_id), p.amount, p.platform_amount) for line in e.lines for p in line.promotions]
                  for e in events]
    assert given_back == [[(three_for_two["id"], 179, 179)], []]
    assert till.settlement("2026-12-01", "2026-12-06").promotion_credits == 0


def test_settlement_credits_the_platform_funded_part_per_promotion(till):
    half = promo("Snacks half funded", "percent_off", percent_bp=1000, categories=["Snacks"], platform_share_bp=5000)
    shop_funded = promo("Shop's own dairy deal", "percent_off", percent_bp=1000, categories=["Dairy"],
                        platform_share_bp=0)
    feed(till, ("promotion.upserted", half), ("promotion.upserted", shop_funded))
    cart = till.new_cart()
    till.add_to_cart(cart, CRISPS, 4)
    till.add_to_cart(cart, MILK, 2)
    sale = till.pay(cart, [Tender("cash", 2000)])
    line_promos = {p["promotion_id"]: p for line in cart.lines for p in line.promotions}
    credit = line_promos[half["id"]]["platform_amount"]
    assert credit > 0 and line_promos[shop_funded["id"]]["platform_amount"] == 0
    statement = till.settlement("2026-12-01", "2026-12-06")
    assert statement.credits == ((half["id"], credit),)
    assert statement.promotion_credits == credit
    assert statement.amount_due == statement.goods_received + statement.commission - credit
    # a refund of everything gives the credit back (what the refund lines carry)
    crisps_line = till.sale(sale.receipt_no).lines[0]
    till.refund(sale.receipt_no, {crisps_line.id: 4}, restock=True, approver_pin=demo.OWNER_PIN)
    events = [RefundPayload.model_validate(p) for _, k, p in till.iter_outbox() if k == "refund.completed"]
    back = sum(p.platform_amount for e in events for line in e.lines for p in line.promotions)
    assert back == credit  # all the crisps came back, and with them all of the platform's part
    after = till.settlement("2026-12-01", "2026-12-06")
    assert after.promotion_credits == 0 and after.credits == ()


def test_local_products_and_manual_discounts_take_no_platform_promotion(till):
    everything = promo("Everything 10 %", "percent_off", percent_bp=1000)
    feed(till, ("promotion.upserted", everything))
    cart = till.new_cart()
    till.add_to_cart(cart, HONEY)
    till.add_to_cart(cart, MILK)
    assert cart.lines[0].promo_discount == 0 and cart.lines[1].promo_discount > 0
    till.set_line_discount(cart, 1, 10)
    assert cart.lines[1].promo_discount == 0 and cart.totals().discount == 10


def test_a_withdrawn_promotion_stops_and_the_owner_sees_what_runs_and_what_is_next(till):
    now_p = promo("Running", "percent_off", percent_bp=500, skus=[MILK])
    next_p = promo("Next week", "percent_off", percent_bp=500, skus=[MILK], starts_at="2026-12-08T00:00:00")
    feed(till, ("promotion.upserted", now_p), ("promotion.upserted", next_p))
    statuses = {r.name: r.status for r in till.promotions.list()}
    assert statuses == {"Running": "running", "Next week": "next"}
    feed(till, ("promotion.upserted", {**now_p, "active": False}))
    cart = till.new_cart()
    till.add_to_cart(cart, MILK)
    assert cart.lines[0].promo_discount == 0
    assert {r.name: r.status for r in till.promotions.list(include_ended=True)}["Running"] == "withdrawn"


def test_corner_promo_list_and_sell_with_a_coupon(till, capsys):
    from app.cli import main

    always = dict(starts_at="2020-01-01T00:00:00", ends_at="2099-01-01T00:00:00")
    crisps = promo("Crisps 3 for 2", "multi_buy", buy_qty=3, pay_qty=2, skus=[CRISPS], **always)
    thanks = promo("Thank you", "amount_off", amount=50, skus=[CHOC], coupon_required=True, **always)
    feed(till, ("promotion.upserted", crisps), ("promotion.upserted", thanks),
         ("coupon.issued", {"code": "THANKS-0002", "promotion_id": thanks["id"]}))
    data_dir = str(till.data_dir)
    till.close()
    run = lambda *args: (main(["--data-dir", data_dir, *args]), capsys.readouterr())  # noqa: E731
    code, out = run("sell", "--pin", demo.CASHIER_PIN, f"{CRISPS}*3", CHOC, "--coupon", "thanks-0002", "--json")
    assert code == 0, out.err
    assert json.loads(out.out)["total"] == 2 * 179 + 129 - 50
    code, out = run("sell", "--pin", demo.CASHIER_PIN, CHOC, "--coupon", "THANKS-0002")
    assert code == 2 and "already been used" in out.err and out.err.count("\n") == 1
    code, out = run("promo", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out.out)}
    assert code == 0 and rows["Crisps 3 for 2"]["status"] == "running"
    assert (rows["Crisps 3 for 2"]["qty"], rows["Crisps 3 for 2"]["savings"]) == (3, 179)
    assert rows["Thank you"]["savings"] == 50 and rows["Thank you"]["platform_part"] == 50
    code, out = run("promo", "list")
    assert code == 0 and "Crisps 3 for 2 — 3 for the price of 2: running now" in out.out


def test_the_receipt_shows_each_saving_and_what_was_saved(till):
    from app.devices.receipt import receipt_for, text_lines

    feed(till, ("promotion.upserted", promo("Crisps 3 for 2", "multi_buy", buy_qty=3, pay_qty=2, skus=[CRISPS])))
    cart = till.new_cart()
    till.add_to_cart(cart, CRISPS, 3)
    till.add_to_cart(cart, MILK)
    till.set_line_discount(cart, 1, 10)  # the cashier's own discount stays a "Discount" line
    sale = till.pay(cart, [Tender("cash", 1000)])
    lines = text_lines(receipt_for(till, till.sale(sale.receipt_no)), 42)
    assert any(line.startswith("  Crisps 3 for 2") and line.endswith(till.money(-179)) for line in lines)
    assert any(line.startswith("  Discount") and line.endswith(till.money(-10)) for line in lines)
    assert any(line.strip() == f"You saved {till.money(179)}" for line in lines)


def test_the_refund_screen_previews_what_the_engine_gives_back(till):
    feed(till, ("promotion.upserted", promo("Crisps 3 for 2", "multi_buy", buy_qty=3, pay_qty=2, skus=[CRISPS])))
    cart = till.new_cart()
    till.add_to_cart(cart, CRISPS, 3)
    sale = till.pay(cart, [Tender("cash", 1000)])
    line_id = till.sale(sale.receipt_no).lines[0].id
    assert till.promotions.refund_preview(sale.id, {line_id: 1}) == {line_id: 0}
    assert till.promotions.refund_preview(sale.id, {line_id: 3}) == {line_id: 2 * 179}
    plain = till.new_cart()
    till.add_to_cart(plain, MILK)
    assert till.promotions.refund_preview(till.pay(plain, [Tender("cash", 500)]).id, {"x": 1}) is None


def test_a_snapshot_that_carries_promotions_applies_them(till):
    from types import SimpleNamespace

    from sync.promotions import CouponData, PromotionData, ScheduledPrice

    p = PromotionData.model_validate(promo("Snapshot deal", "percent_off", percent_bp=1000, skus=[MILK]))
    snap = SimpleNamespace(cursor=7, products=[], policies={}, promotions=[p],
                           coupons=[CouponData(code="SNAP-0001", promotion_id=p.id)],
                           scheduled_prices=[ScheduledPrice(id=uuid.uuid4(), product_id=uuid.uuid4(), sku=SEMI,
                                                            price=100, effective_at="2026-12-01T00:00:00+00:00")])
    TillSyncPort(till).apply_snapshot(snap)
    cart = till.new_cart()
    till.add_to_cart(cart, MILK)
    assert cart.lines[0].promo_discount > 0 and till.promotions.is_coupon("SNAP-0001")
    assert till.product(SEMI).sell_price == 100 and till.meta("sync_cursor") == "7"

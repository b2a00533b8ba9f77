"""Promotions on the sell screen (issue 17): a scanner's burst rings items up, the cart prices
itself at every scan and shows each saving under its line and the savings in the totals; a coupon
scanned into the same field is taken (or refused, saying why); the receipt shows the savings;
the settlement page lists the promotions and credits the platform's part."""

import json
import uuid

import pytest

from app.core import demo
from app.core.syncport import TillSyncPort
from app.devices.receipt import receipt_for, text_lines
from sync.protocol import Change, PullResponse

from .helpers import login, press, scanner, type_enter

CRISPS = "5012345000732"  # Sea salt crisps 150 g (P0073), 1.79
CHOC = "P0078"  # Milk chocolate 100 g, 1.29


def feed(till, *changes):
    rows = [Change(seq=n, kind=kind, payload=json.loads(json.dumps(payload)))
            for n, (kind, payload) in enumerate(changes, start=1)]
    TillSyncPort(till).apply_page(PullResponse(changes=rows, cursor=len(rows), more=False))


@pytest.fixture
def promos(till):
    three = {"id": str(uuid.uuid4()), "name": "Crisps 3 for 2", "kind": "multi_buy", "buy_qty": 3, "pay_qty": 2,
             "skus": ["P0073"], "starts_at": "2020-01-01T00:00:00", "ends_at": "2099-01-01T00:00:00"}
    thanks = {"id": str(uuid.uuid4()), "name": "Thank you", "kind": "amount_off", "amount": 50, "skus": [CHOC],
              "coupon_required": True, "starts_at": "2020-01-01T00:00:00", "ends_at": "2099-01-01T00:00:00"}
    feed(till, ("promotion.upserted", three), ("promotion.upserted", thanks),
         ("coupon.issued", {"code": "THANKS-0001", "promotion_id": thanks["id"]}))
    return three, thanks


def test_a_scanner_burst_of_three_crisps_shows_the_saving_on_the_cart(qtbot, window, till, promos):
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    for _ in range(3):
        scanner(qtbot, sell.scan, CRISPS)
    assert [(line.sku, line.qty) for line in sell.cart.lines] == [("P0073", 3)]
    model = sell.model
    item = model.index(0, model.ITEM).data()
    assert "Crisps 3 for 2" in item and till.money(-179) in item  # the saving under its line
    table = sell.table  # ... and the row is high enough to show both lines, not "Crisps…"
    qtbot.waitUntil(lambda: table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing(), timeout=2000)
    assert model.index(0, model.DISCOUNT).data() == till.money(-179)
    assert model.index(0, model.TOTAL).data() == till.money(2 * 179)
    assert sell.total.text() == till.money(2 * 179)
    assert f"You save {till.money(179)}" in sell.totals_box.text()
    # the coupon, scanned like a barcode, takes 0.50 off the chocolate
    sell.add_code(CHOC)
    scanner(qtbot, sell.scan, "THANKS-0001")
    assert sell.cart.coupons == ["THANKS-0001"] and "Coupon THANKS-0001 accepted" in sell.banner.text()
    assert sell.total.text() == till.money(2 * 179 + 129 - 50)
    assert "Coupon THANKS-0001" in sell.totals_box.text()
    # the same code again is refused, in plain words
    scanner(qtbot, sell.scan, "THANKS-0001")
    assert "already on this sale" in sell.banner.text()
    from app.core.sales import Tender

    sale = till.pay(sell.cart, [Tender("cash", 1000)])
    lines = "\n".join(text_lines(receipt_for(till, till.sale(sale.receipt_no))))
    assert "Crisps 3 for 2" in lines and "Thank you" in lines
    assert f"You saved {till.money(179 + 50)}" in lines and "THANKS-0001" in lines


def test_the_coupon_button_takes_a_typed_code_and_says_why_one_is_refused(qtbot, window, till, promos, dialogs):
    from PySide6.QtCore import Qt

    from app.ui.sell.coupon import CouponDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    assert sell.buttons["coupon"].text() == "Coupon\nCtrl+K" and sell.buttons["coupon"].isVisible()
    sell.add_code(CHOC)
    refused = []

    def refuse_then_take(dialog):
        type_enter(qtbot, dialog.edit, "NOPE-0000")  # not synced here: refused, the dialog stays open
        refused.append((dialog.isVisible(), dialog.error.text()))
        # all of the reason is shown, below the field: the dialog grew (no window manager does it)
        qtbot.waitUntil(lambda: dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width()), timeout=2000)
        assert dialog.error.geometry().top() >= dialog.edit.geometry().bottom()
        dialog.edit.clear()
        type_enter(qtbot, dialog.edit, "thanks-0001")  # typed in lower case, as people do

    dialogs.expect(CouponDialog, refuse_then_take)
    qtbot.keyClicks(sell.scan, "half")
    press(qtbot, sell.scan, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # whatever the scan field holds
    assert refused == [(True, "Coupon NOPE-0000 is not known on this till (it may not have synced yet).")]
    assert sell.cart.coupons == ["THANKS-0001"] and "Coupon THANKS-0001 accepted" in sell.banner.text()
    assert sell.total.text() == till.money(129 - 50)
    assert window.focusWidget() is sell.scan
    # the same code again, through the button: refused in the dialog, the cart as it was
    reasons = []
    dialogs.expect(CouponDialog, lambda d: (type_enter(qtbot, d.edit, "THANKS-0001"), reasons.append(d.error.text())))
    sell.buttons["coupon"].click()
    assert reasons == ["Coupon THANKS-0001 is already on this sale."] and sell.cart.coupons == ["THANKS-0001"]
    # giving up changes nothing
    dialogs.expect(CouponDialog, lambda d: press(qtbot, d.edit, Qt.Key.Key_Escape))
    sell.buttons["coupon"].click()
    assert sell.cart.coupons == ["THANKS-0001"] and sell.total.text() == till.money(129 - 50)




def test_the_coupon_button_and_its_refusal_speak_chinese(qtbot, chinese, window, till, promos, dialogs):
    from app.ui.sell.coupon import CouponDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    assert sell.buttons["coupon"].text() == "优惠券\nCtrl+K"
    seen = []

    def look(dialog):
        type_enter(qtbot, dialog.edit, "NOPE-0000")
        seen.append((dialog.windowTitle(), dialog.error.text()))

    dialogs.expect(CouponDialog, look)
    sell.buttons["coupon"].click()
    assert seen == [("优惠券", "本收银机不认识优惠券 NOPE-0000（可能尚未同步）。")]
    assert sell.cart.coupons == []


def test_the_settlement_page_lists_the_promotions_and_credits_the_platform(qtbot, till, promos):
    from app.core.sales import Tender
    from app.ui.backoffice.settlement_page import SettlementPage

    till.login(demo.OWNER_PIN)
    cart = till.new_cart()
    till.add_to_cart(cart, "P0073", 3)
    till.pay(cart, [Tender("cash", 1000)])
    page = SettlementPage(till)
    qtbot.addWidget(page)
    page.preset.setCurrentIndex(page.preset.findData("this_month"))
    page.refresh()
    qtbot.waitUntil(lambda: page.statement is not None and not page.jobs.busy, timeout=10000)
    shown = page.figures()
    assert shown["promotion_credits"] == -179  # all of it funded by the platform
    assert shown["amount_due"] == page.statement.goods_received + page.statement.commission - 179
    rows = {row[0]: row for row in page.promo_model.rows}
    assert rows["Crisps 3 for 2"][2] == "running now" and rows["Crisps 3 for 2"][5:] == (3, 179, 179)
    assert not page.promo_view.isHidden()

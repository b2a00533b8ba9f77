"""Selling at the counter, driven by keys as a cashier would."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import demo
from app.core.barcodes import make_scale_label
from app.ui.sell.cart_model import CartModel
from app.ui.tender.dialog import TenderDialog

from .helpers import login, press, type_enter


def barcode(till, sku):
    from sqlalchemy import select

    from app.core.store.models import Barcode, Product

    with till.read() as s:
        return s.scalar(select(Barcode.code).join(Product).where(Product.sku == sku))


def test_cart_model_passes_the_model_tester(qtmodeltester, till):
    till.login(demo.CASHIER_PIN)
    cart = till.new_cart()
    model = CartModel(till, cart)
    till.add_to_cart(cart, "P0001", 2)
    till.add_to_cart(cart, make_scale_label("101", grams=450))
    model.refresh()
    qtmodeltester.check(model)
    assert model.data(model.index(1, CartModel.QTY)) == "0.450 kg"
    assert model.setData(model.index(0, CartModel.QTY), 5)
    assert cart.lines[0].qty == 5
    refused = []
    model.refused.connect(refused.append)
    assert not model.setData(model.index(0, CartModel.QTY), 0)
    assert cart.lines[0].qty == 5 and refused


def test_scan_three_items_with_a_weighed_label_then_split_tender_prints_escpos(qtbot, window, till, dummy, dialogs):
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    assert window.focusWidget() is sell.scan
    label = make_scale_label("101", grams=1234)  # apples, 2.99/kg
    for code in (barcode(till, "P0001"), barcode(till, "P0028"), label):
        type_enter(qtbot, sell.scan, code)  # a scanner's burst ending in Enter
    assert [line.sku for line in sell.cart.lines] == ["P0001", "P0028", "W0101"]
    assert sell.cart.lines[2].qty == 1234
    total = sell.cart.totals().total
    assert sell.total.text() == till.money(total)

    def pay_card_then_cash(dialog):
        type_enter(qtbot, dialog.amount, "2.00")  # Enter moves on to the reference
        assert dialog.focusWidget() is dialog.reference
        type_enter(qtbot, dialog.reference, "AUTH42")
        assert dialog.method == "cash" and dialog.left.text() == till.money(total - 200)
        press(qtbot, dialog.amount, Qt.Key.Key_F1)  # the first quick amount: exact cash
        assert not dialog.isVisible()

    dialogs.expect(TenderDialog, pay_card_then_cash)
    press(qtbot, sell.scan, Qt.Key.Key_F6)
    assert sell.cart.is_empty
    sale = till.recent_sales(1)[0]
    sale = till.sale(sale.receipt_no)
    assert sorted((p.method, p.amount, p.reference) for p in sale.payments) == [
        ("card", 200, "AUTH42"), ("cash", total - 200, None)]
    qtbot.waitUntil(lambda: b"TOTAL" in dummy.output)
    out = dummy.output
    for text in (b"Whole milk 1 l", b"Apples Gala (per kg)", b"1.234 kg", sale.receipt_no.encode(),
                 till.money(total).replace("\u20ac", "").encode(), b"AUTH42", b"VAT 7%"):
        assert text in out, text
    assert b"\x1bp" in out  # the drawer kick (ESC p) for the cash part
    assert sale.receipt_no in sell.last.text()


def test_search_as_you_type_then_arrow_and_enter_adds_the_product(qtbot, window, till):
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    qtbot.keyClicks(sell.scan, "yogh")
    qtbot.waitUntil(lambda: sell.side.currentIndex() == 1 and sell.results_model.rowCount() == 2)
    names = [p.name for p in sell.results_model.products]
    assert names == ["Greek yoghurt 400 g", "Natural yoghurt 500 g"]
    press(qtbot, sell.scan, Qt.Key.Key_Down)
    press(qtbot, sell.scan, Qt.Key.Key_Down)
    press(qtbot, sell.scan, Qt.Key.Key_Return)
    assert [line.name for line in sell.cart.lines] == ["Natural yoghurt 500 g"]
    assert sell.scan.text() == "" and sell.side.currentIndex() == 0


def test_unknown_code_says_so_and_keys_edit_the_selected_line(qtbot, window, till):
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "4006381333931")  # a valid EAN the shop does not sell
    assert "Unknown barcode" in sell.banner.text()
    sell.scan.clear()
    type_enter(qtbot, sell.scan, "P0001")
    type_enter(qtbot, sell.scan, "P0010")
    press(qtbot, sell.scan, Qt.Key.Key_Up)  # select the milk
    qtbot.keyClicks(sell.scan, "++")
    assert sell.cart.lines[0].qty == 3
    qtbot.keyClicks(sell.scan, "-")
    assert sell.cart.lines[0].qty == 2
    press(qtbot, sell.scan, Qt.Key.Key_Delete)
    assert [line.sku for line in sell.cart.lines] == ["P0010"]
    assert sell.total.text() == till.money(sell.cart.totals().total)


def test_discount_over_the_limit_needs_the_owner_and_within_it_does_not(qtbot, window, till, dialogs, approvals):
    from app.ui.common import AmountDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "P0031")
    line = sell.cart.lines[0]
    dialogs.expect(AmountDialog, lambda d: type_enter(qtbot, d.edit, "5%"))
    press(qtbot, sell.scan, Qt.Key.Key_F3)
    assert approvals == [] and line.discount == line.gross * 5 // 100
    dialogs.expect(AmountDialog, lambda d: type_enter(qtbot, d.edit, "50%"))
    press(qtbot, sell.scan, Qt.Key.Key_F3)
    assert len(approvals) == 1 and "line discount above 10%" in approvals[0]
    assert line.discount == line.gross // 2
    assert sell.cart.approvals[-1]["action"] == "line_discount"
    # the owner says no: nothing changes
    approvals.pin[0] = None
    dialogs.expect(AmountDialog, lambda d: type_enter(qtbot, d.edit, "0.20"))
    press(qtbot, sell.scan, Qt.Key.Key_F4)
    assert sell.cart.sale_discount == 0 and "no owner approved" in sell.banner.text()


def test_park_and_resume_keeps_the_lines_and_shows_price_changes(qtbot, window, till, dialogs):
    from app.ui.sell.parked import ParkedDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "P0001")
    type_enter(qtbot, sell.scan, "P0002")
    press(qtbot, sell.scan, Qt.Key.Key_F8)
    assert sell.cart.is_empty and len(till.parked()) == 1
    till.set_local_price("P0001", 129, approver_pin=demo.OWNER_PIN)  # the price goes up meanwhile
    dialogs.expect(ParkedDialog, lambda d: press(qtbot, d.list, Qt.Key.Key_Return))
    press(qtbot, sell.scan, Qt.Key.Key_F9)
    assert [line.sku for line in sell.cart.lines] == ["P0001", "P0002"]
    assert sell.cart.lines[0].unit_price == 119  # the line keeps its scanned price
    assert sell.notice.isVisible() and "Whole milk 1 l" in sell.notice.text()


def test_a_catalog_change_during_a_sale_shows_the_notice(qtbot, window, till):
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "P0001")
    till.set_local_price("P0001", 109, approver_pin=demo.OWNER_PIN)  # notifies "catalog"
    assert sell.notice.isVisible() and "€1.09" in sell.notice.text()
    assert sell.cart.lines[0].unit_price == 119


def test_attach_a_customer_by_phone(qtbot, window, till, dialogs):
    from app.ui.sell.customer import CustomerDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    type_enter(qtbot, sell.scan, "P0001")
    dialogs.expect(CustomerDialog, lambda d: type_enter(qtbot, d.find, "900002"))
    press(qtbot, sell.scan, Qt.Key.Key_F11)
    assert till.customer(sell.cart.customer_id).name == "Bao Nguyen"
    assert "Bao Nguyen" in sell.customer.text()


def test_add_a_new_customer_offline(qtbot, window, till, dialogs):
    from app.ui.sell.customer import CustomerDialog

    login(qtbot, window, demo.CASHIER_PIN)

    def add(d):
        qtbot.keyClicks(d.find, "+44 7700 900099")
        assert d.model.rowCount() == 0
        qtbot.keyClicks(d.name, "Eve Example")
        d.share.setChecked(True)
        d._add()

    dialogs.expect(CustomerDialog, add)
    press(qtbot, window.sell.scan, Qt.Key.Key_F11)
    customer = till.customer(window.sell.cart.customer_id)
    assert (customer.name, customer.phone, customer.consent_share) == ("Eve Example", "+44 7700 900099", True)


def test_cash_tender_needs_an_open_session(qtbot, window, till):
    till.login(demo.CASHIER_PIN)
    till.close_session(10000)
    window.build()
    sell = window.sell
    type_enter(qtbot, sell.scan, "P0001")
    press(qtbot, sell.scan, Qt.Key.Key_F5)  # no dialog opens (the dialogs fixture is not even armed)
    assert "No cash session" in sell.banner.text()


def test_a_long_product_name_wraps_in_its_tile_not_clipped(qtbot, till):
    from app.ui import theme
    from app.ui.sell.grid import ProductButton

    app = QApplication.instance()
    before = app.styleSheet()
    theme.apply(app, "light")  # the theme's padding is what the name must fit in

    name = "Olives mixed, green and black, in brine with herbs (per kg)"
    button = ProductButton(name, "€14.90/kg", "P0042")
    qtbot.addWidget(button)
    button.resize(180, 80)
    button.show()
    qtbot.waitExposed(button)
    *lines, price = button.text().split("\n")
    assert len(lines) == ProductButton.MAX_LINES and price == "€14.90/kg"
    assert name.startswith(" ".join(lines[:2]) + " ")  # whole words, line by line
    rest = name[len(" ".join(lines[:2])) + 1:]
    assert lines[2].endswith("…") and rest.startswith(lines[2][:-1])  # only past three lines is it cut
    assert all(button.fontMetrics().horizontalAdvance(line) <= button.room() < button.width() - 20 for line in lines)
    assert button.minimumHeight() >= 4 * button.fontMetrics().height()  # every line shows
    assert button.toolTip() == f"{name}\nP0042"
    button = ProductButton("Olives mixed (per kg)", "€14.90/kg", "P0042")  # the demo's: no "Olives mixed (pe…"
    qtbot.addWidget(button)
    button.resize(180, 80)
    button.show()
    assert "…" not in button.text() and button.text().replace("\n", " ") == "Olives mixed (per kg) €14.90/kg"
    button.resize(2000, 80)  # room for all of it: one line
    assert button.text().split("\n")[0] == "Olives mixed (per kg)"
    app.setStyleSheet(before)

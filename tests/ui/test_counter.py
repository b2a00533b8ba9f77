"""Refunds, receipts, the cash session, roles and lock, status and languages, by keys."""

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import demo
from app.core.sales import Tender

from .helpers import login, person, press, scanner, type_enter


def events_waiting(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'} waiting to sync"


def a_sale(till, *codes, tenders=None):
    till.login(demo.CASHIER_PIN)
    cart = till.new_cart()
    for code in codes:
        till.add_to_cart(cart, code)
    total = cart.totals().total
    sale = till.pay(cart, tenders or [Tender("cash", total)])
    till.lock()
    return till.sale(sale.receipt_no)


def test_refund_one_line_with_owner_approval_shows_money_back_per_tender(qtbot, window, till, dialogs, approvals, dummy):
    from app.ui.refund.dialog import RefundDialog

    sale = a_sale(till, "P0001", "P0010", tenders=[Tender("card", 100, "AUTH7"), Tender("cash", 1000)])
    milk_before = till.level("P0001")
    milk = next(line for line in sale.lines if line.sku == "P0001")
    login(qtbot, window, demo.CASHIER_PIN)
    seen = {}

    def refund_milk(d):
        type_enter(qtbot, d.find, sale.receipt_no)  # as a scanner would read the receipt
        assert d.model.rowCount() == 2
        d.table.setCurrentIndex(d.model.index(0, d.model.REFUND))
        qtbot.keyClicks(d.table, "1")  # typing starts editing the quantity

        qtbot.keyClick(d.table.focusWidget(), Qt.Key.Key_Tab)  # commits the quantity
        assert d.model.chosen() == {milk.id: 1}
        press(qtbot, d.find, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        seen["result"] = d.outcome.text()
        seen["refund"] = d.refund
        press(qtbot, d.find, Qt.Key.Key_Escape)

    dialogs.expect(RefundDialog, refund_milk)
    press(qtbot, window.sell.scan, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    refund = seen["refund"]
    assert refund is not None and refund.total == 119
    assert approvals == ["An owner must approve: a refund."]
    assert "Card AUTH7" in seen["result"] and "Cash" in seen["result"]
    assert till.refundable(sale.receipt_no)[milk.id] == 0
    assert till.level("P0001") == milk_before + 1  # restocked (the default)


def test_reprint_a_past_receipt_and_save_it_as_pdf(qtbot, window, till, dialogs, dummy, monkeypatch, tmp_path):
    from app.ui.printing import PdfTarget
    from app.ui.receipts.view import ReceiptsDialog

    first = a_sale(till, "P0001")
    a_sale(till, "P0002")
    login(qtbot, window, demo.CASHIER_PIN)
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(PdfTarget, "ask", classmethod(lambda cls, parent, suggested: str(target)))

    def reprint(d):
        type_enter(qtbot, d.find, first.receipt_no)
        text = d.view.plain_text()
        assert first.receipt_no in text and "COPY" in text and "Whole milk 1 l" in text
        press(qtbot, d.find, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        press(qtbot, d.find, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    dialogs.expect(ReceiptsDialog, reprint)
    press(qtbot, window.sell.scan, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: first.receipt_no.encode() in dummy.output)
    assert b"COPY" in dummy.output
    assert target.read_bytes().startswith(b"%PDF")


def test_receipt_has_the_feedback_qr_when_the_till_knows_its_server(qtbot, till):
    from app.devices.receipt import receipt_for

    till.set_meta(server_url="https://platform.example/")
    sale = a_sale(till, "P0001")
    receipt = receipt_for(till, sale)
    assert receipt.qr_url == f"https://platform.example/r/{till.shop().code}/{sale.receipt_token}"
    assert receipt.footer == "Thank you for shopping locally!"
    till.login(demo.OWNER_PIN)
    till.set_policy("feedback_qr", "false")
    assert receipt_for(till, sale).qr_url is None


def test_close_the_cash_session_with_a_count_shows_over_short_and_the_z_report(qtbot, window, till, dialogs, dummy):
    from app.ui.cash.dialog import CashDialog
    from app.ui.receipts.view import DocDialog

    a_sale(till, "P0001")  # 1.19 in cash on a 100.00 float
    login(qtbot, window, demo.CASHIER_PIN)
    seen = {}

    def z_report(d):
        seen["z"] = d.view.plain_text()
        press(qtbot, d, Qt.Key.Key_Escape)

    def close_day(d):
        assert "101.19" in d.state.text()
        type_enter(qtbot, d.counted, "101.00")  # the count and its Return: the verdict, nothing closed
        assert d.confirm_box.isVisible() and "short by €0.19" in d.verdict.text()
        assert till.cash_session() is not None
        press(qtbot, d.close_button, Qt.Key.Key_Return)  # a stray Return on the button: still nothing
        assert till.cash_session() is not None
        dialogs.expect(DocDialog, z_report)
        qtbot.mouseClick(d.close_button, Qt.MouseButton.LeftButton)
        seen["result"] = d.outcome.text()
        assert d.open_box.isVisible() and not d.close_box.isVisible()

    dialogs.expect(CashDialog, close_day)
    press(qtbot, window.sell.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "short by €0.19" in seen["result"]
    assert "Z report" in seen["z"] and "Short" in seen["z"] and "-€0.19" in seen["z"]
    assert till.cash_session() is None
    qtbot.waitUntil(lambda: b"Z report" in dummy.output)


def test_open_a_session_and_pay_out(qtbot, window, till, dialogs):
    from app.ui.cash.dialog import CashDialog

    till.login(demo.OWNER_PIN)
    till.close_session(10000)
    window.build()

    def open_drawer(d):
        type_enter(qtbot, d.float_amount, "50")
        assert not d.isVisible()  # straight back to selling

    def pay_out(d):
        qtbot.keyClicks(d.amount, "5.50")
        type_enter(qtbot, d.reason, "milk for the staff tea")
        assert "44.50" in d.state.text()

    dialogs.expect(CashDialog, open_drawer)
    press(qtbot, window.sell.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "Drawer opened with a float of €50.00" in window.sell.banner.text()
    dialogs.expect(CashDialog, pay_out)
    press(qtbot, window.sell.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert till.expected_cash() == 4450


def test_a_scan_right_after_opening_the_drawer_rings_the_item_up(qtbot, window, till, dialogs):
    """The drawer opened with a float and its Return: the window is selling again, and the
    scanner's next burst is an item, not a count that closes the day (seen at a real till)."""
    from app.ui.cash.dialog import CashDialog

    till.login(demo.OWNER_PIN)
    till.close_session(10000)
    window.build()

    def open_drawer(d):
        person(qtbot, d.float_amount, "150", enter=True)
        assert not d.isVisible()

    dialogs.expect(CashDialog, open_drawer)
    press(qtbot, window.sell.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.sell.scan
    scanner(qtbot, QApplication.focusWidget(), "P0001")
    assert [line.sku for line in window.sell.cart.lines] == ["P0001"]
    assert till.cash_session() is not None and till.expected_cash() == 15000


@pytest.mark.parametrize("burst", ["4006381333931", "96385074"])
def test_a_scanner_burst_into_the_count_closes_nothing(qtbot, window, till, dialogs, burst):
    from app.ui.cash.dialog import CashDialog

    login(qtbot, window, demo.OWNER_PIN)

    def scanned_into_the_count(d):
        d.counted.setFocus()
        scanner(qtbot, d.counted, burst)  # digits and Return, as fast as a scanner
        scanner(qtbot, QApplication.focusWidget() or d, burst)  # and again, wherever the focus went
        assert till.cash_session() is not None

    dialogs.expect(CashDialog, scanned_into_the_count)
    press(qtbot, window.sell.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert till.cash_session() is not None


def test_a_cashier_cannot_reach_owner_only_actions(qtbot, window, till, monkeypatch, dialogs):
    from app.ui.window import Notice

    notices = []
    monkeypatch.setattr(Notice, "show", classmethod(lambda cls, parent, title, text: notices.append(text)))
    monkeypatch.setitem(sys.modules, "app.ui.backoffice", None)  # the back office is not there: ImportError
    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    assert not sell.buttons["backoffice"].isVisible() and not sell.buttons["settings"].isVisible()
    press(qtbot, sell.scan, Qt.Key.Key_F10)
    press(qtbot, sell.scan, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert notices == [] and dialogs.seen == []  # nothing opened
    window.open_backoffice()  # even if reached some other way, the core refuses
    assert "Only an owner" in sell.banner.text()
    window.open_settings()
    assert dialogs.seen == []

    press(qtbot, sell.scan, Qt.Key.Key_F12)  # lock; the owner switches user with their PIN
    assert window.stack.currentWidget() is window.login
    assert "Sam Patel" in window.login.prompt.text()
    login(qtbot, window, demo.OWNER_PIN)
    assert "Mei Chen" in window.user_label.text()
    assert sell.buttons["backoffice"].isVisible() and sell.buttons["settings"].isVisible()
    press(qtbot, sell.scan, Qt.Key.Key_F10)
    assert notices == ["The back office is not available in this version."]


def test_wrong_pin_stays_locked(qtbot, window):
    type_enter(qtbot, window.login.pad.field, "9999")
    assert window.stack.currentWidget() is window.login
    assert "Wrong PIN" in window.login.error.text()


def test_status_bar_shows_not_connected_and_the_waiting_events(qtbot, window, till):
    status = window.sync_status
    assert status.state.text() == "Not connected"
    assert status.waiting.text() == events_waiting(till.pending_events())
    before = till.pending_events()
    a_sale(till, "P0001")
    assert status.waiting.text() == events_waiting(before + 1)  # the sale notice refreshed it
    status.show_state(True, 0, "2026-11-24 12:00")
    assert (status.state.text(), status.last.text(), status.dot.property("state")) == (
        "Online", "Last sync: 2026-11-24 12:00", "online")
    status.show_state(False, 3, None, "update required")
    assert status.state.text() == "Offline" and status.note.text() == "update required"


def test_switch_to_chinese_in_settings_and_back(qtbot, window, till, dialogs):
    from app.ui import i18n, theme
    from app.ui.settings import SettingsDialog

    login(qtbot, window, demo.OWNER_PIN)

    def choose(language, theme_name):
        def script(d):
            d.language.setCurrentIndex(d.language.findData(language))
            d.theme.setCurrentIndex(d.theme.findData(theme_name))
            press(qtbot, d.language, Qt.Key.Key_Return)
        return script

    try:
        dialogs.expect(SettingsDialog, choose("zh_CN", "dark"))
        press(qtbot, window.sell.scan, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        assert window.settings.language == "zh_CN" and window.settings.theme == "dark"
        assert window.sell.buttons["cash"].text().startswith("现金")
        assert QApplication.instance().property("corner_theme") == "dark"
        type_enter(qtbot, window.sell.scan, "P0001")  # still selling, in Chinese
        assert len(window.sell.cart.lines) == 1
        dialogs.expect(SettingsDialog, choose("en", "light"))
        press(qtbot, window.sell.scan, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
        assert window.sell.buttons["cash"].text().startswith("Cash")
        assert len(window.sell.cart.lines) == 1  # the cart survived both switches
    finally:
        i18n.install(QApplication.instance(), "en")
        theme.apply(QApplication.instance(), "light")


def test_an_owner_opens_the_back_office_with_f10_as_a_page_of_the_window(qtbot, window, till):
    from app.ui import tasks
    from app.ui.backoffice import BackOffice

    login(qtbot, window, demo.OWNER_PIN)
    press(qtbot, window.sell.scan, Qt.Key.Key_F10)
    office = window.stack.currentWidget()
    assert isinstance(office, BackOffice) and not office.isWindow()  # no second window for a kiosk
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    assert office.back_button.isVisible() and "Esc" in office.back_button.text()
    assert office.isAncestorOf(QApplication.focusWidget())  # the keyboard is in the page
    qtbot.waitUntil(lambda: not tasks._live, timeout=10000)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Escape)  # Esc: back to the till
    assert window.stack.currentWidget() is window.sell
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sell.scan)
    type_enter(qtbot, window.sell.scan, "P0001")  # selling again at once
    assert len(window.sell.cart.lines) == 1

    press(qtbot, window.sell.scan, Qt.Key.Key_F10)  # F10 opens and F10 closes
    assert window.stack.currentWidget() is office  # the same page, where the owner left it
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_F10)
    assert window.stack.currentWidget() is window.sell
    press(qtbot, window.sell.scan, Qt.Key.Key_F10)
    qtbot.mouseClick(office.back_button, Qt.MouseButton.LeftButton)  # the visible way back
    assert window.stack.currentWidget() is window.sell
    press(qtbot, window.sell.scan, Qt.Key.Key_F10)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.sell
    qtbot.waitUntil(lambda: not tasks._live, timeout=10000)
    window.lock()  # the next person starts at the till, and their back office afresh
    assert window.backoffice is None and window.stack.indexOf(office) == -1

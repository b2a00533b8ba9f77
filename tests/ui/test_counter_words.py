"""What the cashier reads at the counter: the change due shown large, a refund quantity refused
with its reason, an approval asked once, and a status bar that follows a language switch."""

from PySide6.QtWidgets import QApplication, QLabel

from app.core import demo
from app.core.sales import Tender

from .helpers import login, press, scanner, type_enter
from .test_counter import a_sale


def test_the_change_due_shows_large_until_the_next_scan(qtbot, window, till, dialogs):
    from PySide6.QtCore import Qt

    from app.ui import theme
    from app.ui.tender.dialog import TenderDialog

    app = QApplication.instance()
    before = app.styleSheet()
    theme.apply(app, "light")
    try:
        login(qtbot, window, demo.CASHIER_PIN)
        sell = window.sell
        scanner(qtbot, sell.scan, "P0001")
        scanner(qtbot, sell.scan, "P0010")
        total = sell.cart.totals().total
        assert not sell.change_box.isVisible()
        dialogs.expect(TenderDialog, lambda d: type_enter(qtbot, d.amount, "20"))
        press(qtbot, sell.scan, Qt.Key.Key_F5)
        assert sell.cart.is_empty
        assert sell.change_box.isVisible()
        assert sell.change_due.text() == till.money(2000 - total)
        assert sell.change_caption.text() == "Change due"
        assert sell.change_due.fontInfo().pointSizeF() >= 2 * sell.total.fontInfo().pointSizeF() * 0.9
        assert sell.change_due.fontInfo().pointSizeF() >= 3 * sell.last.fontInfo().pointSizeF()
        scanner(qtbot, sell.scan, "P0001")  # the next customer
        assert not sell.change_box.isVisible() and len(sell.cart.lines) == 1
    finally:
        app.setStyleSheet(before)


def test_a_card_sale_shows_no_change_box(qtbot, window, till, dialogs):
    from PySide6.QtCore import Qt

    from app.ui.tender.dialog import TenderDialog

    login(qtbot, window, demo.CASHIER_PIN)
    sell = window.sell
    scanner(qtbot, sell.scan, "P0001")

    def card(d):
        type_enter(qtbot, d.amount, "1.19")
        type_enter(qtbot, d.reference, "AUTH1")

    dialogs.expect(TenderDialog, card)
    press(qtbot, sell.scan, Qt.Key.Key_F6)
    assert sell.cart.is_empty and not sell.change_box.isVisible()


def test_too_many_to_refund_says_why(qtbot, window, till, dialogs, approvals):
    from PySide6.QtCore import Qt

    from app.ui.refund.dialog import RefundDialog

    sale = a_sale(till, "P0001", "P0001", "P0001", "P0010")  # 3 milk on one line
    milk = next(line for line in sale.lines if line.sku == "P0001")
    login(qtbot, window, demo.CASHIER_PIN)
    seen = {}

    def type_quantity(d, qty: str) -> None:
        d.table.setFocus()
        d.table.setCurrentIndex(d.model.index(0, d.model.REFUND))
        qtbot.keyClicks(d.table, qty)  # typing starts editing the quantity
        qtbot.keyClick(d.table.focusWidget(), Qt.Key.Key_Tab)  # commits it

    def refund(d):
        type_enter(qtbot, d.find, sale.receipt_no)
        type_quantity(d, "5")
        seen["five"] = d.error.text()
        seen["chosen"] = d.model.chosen()
        type_quantity(d, "1")
        seen["cleared"] = d.error.text()
        press(qtbot, d.find, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # refund 1
        type_quantity(d, "3")
        seen["three"] = d.error.text()
        press(qtbot, d.find, Qt.Key.Key_Escape)

    dialogs.expect(RefundDialog, refund)
    press(qtbot, window.sell.scan, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert seen["five"] == f"Only 3 of Whole milk 1 l can still be refunded on {sale.receipt_no}."
    assert seen["chosen"] == {}  # nothing taken
    assert seen["cleared"] == ""
    assert seen["three"] == f"Only 2 of Whole milk 1 l can still be refunded on {sale.receipt_no}: 1 already refunded."
    assert till.refundable(sale.receipt_no)[milk.id] == 2


def test_the_approval_dialog_says_what_to_approve_once(qtbot):
    from app.core.errors import QT_TRANSLATE_NOOP, ApprovalRequired
    from app.ui.approval import ApprovalDialog

    exc = ApprovalRequired(QT_TRANSLATE_NOOP("CoreError", "An owner must approve: {action}."), "a refund")
    dialog = ApprovalDialog(None, str(exc))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert texts == ["An owner must approve: a refund.", "Owner PIN:"]


def test_the_status_bar_speaks_the_new_language_at_once(qtbot, window, till):
    from app.ui import i18n

    status = window.sync_status
    window.sync_engine_attached = True  # an engine feeds it: no refresh until its next report
    status.show_state(True, 1, "12:00:00", "Update required — sales stay queued")
    assert (status.state.text(), status.waiting.text()) == ("Online", "1 event waiting to sync")
    try:
        i18n.install(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: status.state.text() == "在线")  # on Qt's LanguageChange, not a sync
        assert "12:00:00" in status.last.text() and "Last sync" not in status.last.text()
        assert "Update required" not in status.note.text() and status.note.text()
        assert "waiting" not in status.waiting.text()
    finally:
        i18n.install(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: status.state.text() == "Online")
    assert status.note.text() == "Update required — sales stay queued"
    assert status.waiting.text() == "1 event waiting to sync"


def test_tender_state_says_what_is_short_in_money(till):
    till.login(demo.CASHIER_PIN)
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")  # 1.19
    state = till.tender_state(cart, [Tender("cash", 50)])
    assert state.problem == "Not enough: €0.69 short."


def test_counts_on_the_dashboard_have_their_plural_forms_in_both_languages(qapp):
    from PySide6.QtCore import QCoreApplication

    from app.ui import i18n

    def say(text, n):
        return QCoreApplication.translate("DashboardPage", text, "", n)

    assert [say("%n refund(s)", n) for n in (1, 2)] == ["1 refund", "2 refunds"]
    assert [say("%n day(s)", n) for n in (1, 30)] == ["1 day", "30 days"]
    assert say("%Ln item(s)", 1) == "1 item"
    try:
        i18n.install(qapp, "zh_CN")
        assert say("%n refund(s)", 1) == "1 笔退款" and say("%n refund(s)", 2) == "2 笔退款"
    finally:
        i18n.install(qapp, "en")

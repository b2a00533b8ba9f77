"""An audit of the window in Simplified Chinese: every screen and dialog a person reaches is opened,
and every text it shows (labels, buttons, group titles, tabs, table headers, placeholders, combo
items, window titles, widget and table-cell tooltips) is either Chinese or one of a few words that
stay as they are (product and shop names, SKUs, codes like PIN or CSV). An English text that slipped past ``tr()`` fails here."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QLineEdit, QTabBar, QWidget,
)

from app.core import demo

from .helpers import login, type_enter

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]+>")
# words that are the same in every language: codes, units, formats, the product's own name
KEEP = ["PIN", "SKU", "EAN", "CSV", "PDF", "ESC/POS", "Corner", "USB", "EUR", "UTC", "PLU", "English",
        "https://platform.example", "ABCD-EFGH-JKLM"]  # the enrollment's examples of an address and a code
CODE = re.compile(r"\b(?:[PWL]\d{3,4}|DEMO-\d+-\d+|\d+(?:[.,]\d+)?\s?(?:kg|g|ml|cl|L))\b")


def _allowed_words(till) -> list[str]:
    """The shop's own data, which a translation does not touch: its name, its products, its staff
    and customers; longest first so a name is taken out before a shorter one inside it."""
    with till.read() as s:
        from sqlalchemy import select

        from app.core.store.models import Customer, Product, Staff
        names = [*s.scalars(select(Product.name)), *s.scalars(select(Product.category)),
                 *s.scalars(select(Staff.name)), *s.scalars(select(Customer.name))]
    names.append(till.meta("shop_name", "") or "")
    return sorted({n for n in names if n}, key=len, reverse=True)


def _english_left(text: str, allowed: list[str]) -> bool:
    """True when ``text`` still shows English once the shop's data and the kept words are taken out."""
    text = TAG.sub(" ", re.sub(r"&(&?)", r"\1", text))  # "&Stock" -> "Stock", "Fruit && veg" -> "Fruit & veg"
    text = text.replace("-\n", "-").replace("\n", " ")  # a product tile wraps its name over lines
    if CJK.search(text):
        return False
    for word in allowed:
        text = text.replace(word, " ")
    text = CODE.sub(" ", text)
    for word in KEEP:
        text = re.sub(rf"\b{re.escape(word)}\b", " ", text)
    return bool(LATIN_WORD.search(text))


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a person sees in ``root`` and its visible children."""
    out = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible():
            continue
        where = f"{type(w.window()).__name__}/{type(w).__name__}:{w.objectName() or ''}"
        if w.isWindow() and w.windowTitle():
            out.append((where + " title", w.windowTitle()))
        if w.toolTip():  # product tiles show the product's name and SKU: shop data, allowed
            out.append((where + " tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QTabBar):
            out.extend((where + " tab", w.tabText(i)) for i in range(w.count()))
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), QComboBox):
            out.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out.extend((where + " item", w.itemText(i)) for i in range(w.count()))
        elif hasattr(w, "chart") and callable(w.chart) and w.chart() is not None:  # a QChartView
            out.append((where + " chart", w.chart().title()))
        elif isinstance(w, QAbstractItemView) and w.model() is not None and hasattr(w, "horizontalHeader"):
            header, model = w.horizontalHeader(), w.model()
            out.extend((where + " header", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                       for c in range(model.columnCount()) if not header.isSectionHidden(c))
        if isinstance(w, QAbstractItemView) and w.model() is not None:  # the cells' tooltips, first rows
            model = w.model()
            columns = model.columnCount() if hasattr(w, "horizontalHeader") else 1  # a list: one column
            out.extend((where + " cell tooltip", str(model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) or ""))
                       for r in range(min(model.rowCount(), 30)) for c in range(columns))
    return [(where, text) for where, text in out if text and text.strip()]


class Audit:
    def __init__(self, qtbot, till) -> None:
        self.qtbot = qtbot
        self.allowed = _allowed_words(till)
        self.leaks: dict[str, str] = {}
        self.seen = 0

    def look(self, root: QWidget, what: str) -> None:
        for where, text in shown_texts(root):
            self.seen += 1
            if _english_left(text, self.allowed):
                self.leaks.setdefault(text, f"{what}: {where}")

    def dialog(self, dialog: QWidget, what: str) -> None:
        """Show a dialog without its modal loop, look at it, close it."""
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        self.look(dialog, what)
        dialog.close()




def test_every_screen_and_dialog_shows_chinese(qtbot, chinese, window, till, monkeypatch):
    from app.ui.approval import ApprovalDialog
    from app.ui.backoffice import BackOffice
    from app.ui.backoffice.dialogs import LocalProductDialog, PriceDialog, WriteOffDialog
    from app.ui.cash.dialog import CashDialog
    from app.ui.common import AmountDialog
    from app.ui.enroll import EnrollDialog
    from app.ui.receipts.view import ReceiptsDialog
    from app.ui.refund.dialog import RefundDialog
    from app.ui.sell.customer import CustomerDialog
    from app.ui.sell.parked import ParkedDialog
    from app.ui.settings import SettingsDialog
    from app.ui.tender.dialog import TenderDialog

    audit = Audit(qtbot, till)
    audit.look(window, "PIN pad")
    login(qtbot, window, demo.OWNER_PIN)
    type_enter(qtbot, window.sell.scan, "P0001")
    type_enter(qtbot, window.sell.scan, "P0002")
    audit.look(window, "sell screen")

    cart = window.sell.cart
    for method in ("cash", "card"):
        audit.dialog(TenderDialog(window, till, cart, method), f"tender ({method})")
    audit.dialog(RefundDialog(window, till, window.printing), "refund")
    audit.dialog(CashDialog(window, till, window.printing), "cash session")
    closing = CashDialog(window, till, window.printing)
    closing.counted.setText("12.34")
    closing.check_count()  # the last step of closing the day: the verdict and its two buttons
    assert closing.confirm_box.isVisibleTo(closing)
    audit.dialog(closing, "cash session, closing the day")
    audit.dialog(SettingsDialog(window, window.settings), "settings")
    audit.dialog(CustomerDialog(window, till), "customer")
    audit.dialog(ParkedDialog(window, []), "parked carts")
    audit.dialog(ReceiptsDialog(window, till, window.printing), "receipts")
    audit.dialog(AmountDialog(window, "x", "y"), "amount")
    audit.dialog(ApprovalDialog(window, "z"), "approval")
    audit.dialog(EnrollDialog(till, window), "enrollment")

    office = BackOffice(till, window)
    office.setWindowFlag(Qt.WindowType.Window, True)
    qtbot.addWidget(office)
    office.show()
    qtbot.waitExposed(office)
    pages = [office.stock, office.count, office.customers, office.dashboard, office.data, office.orders,
             office.deliveries, office.settlement, office.feedback, office.reports]
    for index in range(office.tabs.count()):
        office.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not any(getattr(p, "jobs", None) and p.jobs.busy for p in pages), timeout=10000)
        audit.look(office, f"back office tab {index}")
    product = till.product("P0001")
    audit.dialog(WriteOffDialog(office, product.name, product.unit), "write-off")
    audit.dialog(PriceDialog(office, product, till.money), "local price")
    audit.dialog(LocalProductDialog(office, ["Local"]), "new local product")
    office.close()

    window.lock()
    audit.look(window, "locked")
    assert audit.seen > 400, f"only {audit.seen} texts looked at"
    assert not audit.leaks, "English in the Chinese window:\n" + "\n".join(
        f"  {text!r}  ({where})" for text, where in sorted(audit.leaks.items(), key=lambda kv: kv[1]))

"""A layout audit of the window at the screen sizes tills have (1024x768, 1366x768), in English
and in Chinese: every screen, dialog and back-office page a person reaches is opened the way the
Chinese audit opens them (``test_chinese_audit.py``), and every header, button, tab, label and
table cell is measured against the room it has. It fails on

- a button, tab, label, group title or table header whose text does not fit (no elision there:
  "eorder a" for "Reorder at" says nothing);
- a table or list cell whose text is cut short without a tooltip that shows it whole;
- a widget cut off by the window's edge, a window that cannot shrink to the screen, and a
  dialog larger than the screen.

Measuring uses Qt's own numbers (size hints, the style's content rects, the delegate's size hint
for a cell), so what fails here is what a person sees clipped.
"""

from __future__ import annotations

import re
import uuid

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTabWidget,
    QToolButton,
    QWidget,
)

from app.core import demo
from app.ui import i18n

from .helpers import login, type_enter

SIZES = {"1024x768": (1024, 768), "1366x768": (1366, 768)}
TAG = re.compile(r"<[^>]+>")
SLACK = 1  # px: rounding in the style's arithmetic
CELL_ROWS = 40  # rows of a table looked at (a column is sized from its first rows anyway)


def _plain(text: str) -> str:
    """The text as drawn: no mnemonic ampersands ("&Stock", "Fruit && veg")."""
    return re.sub(r"&(&?)", r"\1", text)


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}{':' + w.objectName() if w.objectName() else ''}"


def _in_scroll_area(w: QWidget, top: QWidget) -> bool:
    """A widget inside a scroll area's viewport may be scrolled out of sight: that is not clipping."""
    p = w.parentWidget()
    while p is not None and p is not top:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():
            return True
        p = p.parentWidget()
    return False


def _button_problem(w: QAbstractButton) -> str | None:
    text = _plain(w.text())
    if not text.strip():
        return None
    if "…" in text and not text.rstrip().endswith("…"):  # "Write off…" opens a dialog; "Olives mi… €2" is cut
        return "elided"
    if isinstance(w, QPushButton):
        option = QStyleOptionButton()
        w.initStyleOption(option)
        room = w.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, w)
        fm = w.fontMetrics()
        lines = text.split("\n")
        need = max(fm.horizontalAdvance(line) for line in lines)
        if not w.icon().isNull():
            need += w.iconSize().width() + 4
        if need > room.width() + SLACK:
            return f"needs {need} px, has {room.width()}"
        if len(lines) * fm.height() > room.height() + 2 * SLACK + 4:
            return f"needs {len(lines) * fm.height()} px high, has {room.height()}"
        return None
    if isinstance(w, (QCheckBox, QRadioButton, QToolButton)):
        hint = w.sizeHint()
        if hint.width() > w.width() + SLACK or hint.height() > w.height() + SLACK:
            return f"needs {hint.width()}x{hint.height()}, has {w.width()}x{w.height()}"
    return None


def _label_problem(w: QLabel) -> str | None:
    text = w.text()
    if not TAG.sub("", text).strip() or (w.pixmap() is not None and not w.pixmap().isNull()):
        return None
    if "…" in text and not w.toolTip() and not text.rstrip().endswith("…"):
        return "elided without a tooltip"
    if w.wordWrap():
        need = w.heightForWidth(w.width())
        if need > w.height() + SLACK:
            return f"needs {need} px high at {w.width()} px wide, has {w.height()}"
        return None
    hint = w.sizeHint()
    if hint.width() > w.width() + SLACK:
        return f"needs {hint.width()} px, has {w.width()}"
    if w.fontMetrics().height() > w.height() + SLACK:
        return f"needs {w.fontMetrics().height()} px high, has {w.height()}"
    return None


def _combo_problem(w: QComboBox) -> str | None:
    if w.isEditable() or not w.currentText():
        return None
    option = QStyleOptionComboBox()
    w.initStyleOption(option)
    field = w.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                     QStyle.SubControl.SC_ComboBoxEditField, w)
    need = w.fontMetrics().horizontalAdvance(w.currentText())
    if not w.itemIcon(w.currentIndex()).isNull():
        need += w.iconSize().width() + 4
    if need > field.width() + SLACK:
        return f"needs {need} px, has {field.width()}"
    return None


def _tab_problems(w: QTabBar) -> list[tuple[str, str]]:
    out = []
    for i in range(w.count()):
        if not w.isTabVisible(i):
            continue
        rect, need = w.tabRect(i), w.tabSizeHint(i)
        text = _plain(w.tabText(i))
        if rect.width() + SLACK < need.width():
            out.append((text, f"tab needs {need.width()} px, has {rect.width()}"))
        elif not w.rect().contains(rect):
            out.append((text, "tab out of sight (scroll arrows)"))
    return out


def _tooltip(view: QAbstractItemView, index) -> str:
    """The cell's tooltip: the model's, or the one the view's delegate shows for a cut text."""
    delegate = view.itemDelegateForIndex(index) if hasattr(view, "itemDelegateForIndex") else view.itemDelegate()
    if hasattr(delegate, "tooltip_for"):
        return delegate.tooltip_for(view, index).strip()
    return str(index.data(Qt.ItemDataRole.ToolTipRole) or "").strip()


def _view_problems(w: QAbstractItemView) -> list[tuple[str, str]]:
    model = w.model()
    if model is None:
        return []
    out = []
    if isinstance(w, QTableView) and not w.horizontalHeader().isHidden():
        header = w.horizontalHeader()
        scrolls = w.horizontalScrollBar().isVisible()
        for c in range(model.columnCount()):
            if header.isSectionHidden(c) or header.sectionSize(c) == 0:
                continue
            text = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            if not text.strip():
                continue
            need, have = header.sectionSizeFromContents(c).width(), header.sectionSize(c)
            if need > have + SLACK:
                out.append((text, f"header needs {need} px, has {have}"))
            elif not scrolls and header.sectionViewportPosition(c) + have > header.viewport().width() + SLACK:
                out.append((text, "header cut by the table's edge"))
    fitted = set()  # columns a back-office Table sizes to their text (common.Table.fit_columns)
    if isinstance(w, QTableView):
        header = w.horizontalHeader()
        columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c) and w.columnWidth(c) > 0]
        if hasattr(w, "TEXT_COLUMN_MAX"):
            last = header.logicalIndex(header.count() - 1) if header.stretchLastSection() else -1
            fitted = {c for c in columns if c != last
                      and header.sectionResizeMode(c) == header.ResizeMode.Interactive}

        def width(c: int) -> int:
            return w.visualRect(model.index(0, c)).width() or w.columnWidth(c) - 1  # less the grid line
    elif isinstance(w, QListView):
        columns, width = [w.modelColumn()], (lambda c: w.viewport().width())
    else:
        return out
    for r in range(min(model.rowCount(), CELL_ROWS)):
        for c in columns:
            index = model.index(r, c)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not text.strip() or w.indexWidget(index) is not None:
                continue
            if isinstance(w, QTableView) and (w.rowSpan(r, c) > 1 or w.columnSpan(r, c) > 1):
                continue
            need = w.sizeHintForIndex(index).width()
            if need <= width(c):
                continue
            if c in fitted and need <= w.TEXT_COLUMN_MAX:  # short enough to show whole: no excuse
                out.append((text, f"cell cut though short (needs {need} px, has {width(c)})"))
            elif not _tooltip(w, index):
                out.append((text, f"cell elided without a tooltip (needs {need} px, has {width(c)})"))
    return out


def problems(root: QWidget) -> list[tuple[str, str, str]]:
    """(widget, text, what is wrong) for every text in ``root`` that does not fit its room."""
    out: list[tuple[str, str, str]] = []
    top = root.window()
    bounds = top.rect()
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.isWindow() and w is not top:
            continue
        found: list[tuple[str, str]] = []
        if isinstance(w, QAbstractButton):
            why = _button_problem(w)
            found += [(_plain(w.text()), why)] if why else []
        elif isinstance(w, QLabel):
            why = _label_problem(w)
            found += [(w.text(), why)] if why else []
        elif isinstance(w, QComboBox):
            why = _combo_problem(w)
            found += [(w.currentText(), why)] if why else []
        elif isinstance(w, QGroupBox) and w.title():
            if w.minimumSizeHint().width() > w.width() + SLACK:
                found.append((w.title(), f"title needs {w.minimumSizeHint().width()} px, has {w.width()}"))
        elif isinstance(w, QTabBar):
            found += _tab_problems(w)
        elif isinstance(w, QAbstractItemView):
            found += _view_problems(w)
        texty = isinstance(w, (QAbstractButton, QLabel, QComboBox, QTabBar, QAbstractItemView, QGroupBox))
        if texty and w is not top and not _in_scroll_area(w, top):
            rect = QRect(w.mapTo(top, QPoint(0, 0)), w.size())
            if not bounds.contains(rect):
                text = getattr(w, "text", lambda: "")() if isinstance(w, (QAbstractButton, QLabel)) else ""
                where = f"{rect.right()},{rect.bottom()} outside {bounds.width()}x{bounds.height()}"
                found.append((_plain(str(text)), f"cut off by the window's edge ({where})"))
        out += [(_name(w), text, why) for text, why in found]
    return out


class LayoutAudit:
    def __init__(self, qtbot, size: tuple[int, int]) -> None:
        self.qtbot, self.size = qtbot, size
        self.found: dict[tuple[str, str], str] = {}
        self.looked = 0

    def look(self, root: QWidget, what: str) -> None:
        self.looked += 1
        for _ in range(3):  # the layout requests a text change posted
            QApplication.processEvents()
        for where, text, why in problems(root):
            self.found.setdefault((text, why), f"{what}: {where}")

    def dialog(self, dialog: QWidget, what: str) -> None:
        """Show a dialog at its own size without its modal loop, as exec() would, look, close."""
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        QApplication.processEvents()
        width, height = self.size
        size = QWidget.size(dialog)  # (a dialog may have a field called "width")
        if size.width() > width or size.height() > height:
            self.found.setdefault(("", f"dialog {size.width()}x{size.height()} larger than the screen"), what)
        self.look(dialog, what)
        dialog.close()

    def report(self) -> str:
        return "\n".join(f"  {text[:70]!r}: {why}  ({where})"
                         for (text, why), where in sorted(self.found.items(), key=lambda kv: kv[1]))


def _loop_state(till) -> None:
    """A delivery waiting, an order placed, feedback unread: the s2b2c pages with their sheets full."""
    from app.core.syncport import TillSyncPort
    from sync.protocol import Change, PullResponse

    order = till.place_order({"P0001": 12, "P0049": 6, "P0016": 10}, "Before Saturday, please",
                             approver_pin=demo.OWNER_PIN)
    changes = [("delivery.shipped", {"id": str(uuid.uuid4()), "order_id": order.id, "lines": [
        {"product_id": till.product(sku).id, "sku": sku, "qty": qty, "unit_cost": cost}
        for sku, qty, cost in (("P0001", 12, 79), ("P0049", 6, 420), ("P0016", 10, 130))]}),
        ("order.updated", {"id": order.id, "status": "shipped"})]
    sale = till.recent_sales(1)[0]
    changes.append(("feedback.created", {"id": str(uuid.uuid4()), "sale_id": sale.id,
                                         "receipt_token": sale.receipt_token, "rating": 2, "source": "receipt_page",
                                         "comment": "Waited ten minutes at the till, only one person serving."}))
    TillSyncPort(till).apply_page(PullResponse(
        changes=[Change(seq=n + 1, kind=k, payload=p) for n, (k, p) in enumerate(changes)], cursor=len(changes),
        more=False))


def _peer_conflicts(till) -> None:
    """A conflict of each kind between tills, for the Data page's list (docs/peers.md)."""
    import json

    from app.core.store.models import PeerConflict

    customer = till.save_customer({"name": "Ana Lima", "consent_share": True})
    with till.write() as s:
        s.add(PeerConflict(id=str(uuid.uuid4()), kind="over_refund", ref_id=str(uuid.uuid4()),
                           created_at="2026-12-01T09:00:00+00:00",
                           detail=json.dumps({"receipt_no": "DEMO-12-000123", "sku": "P0073",
                                              "name": "Sea salt crisps 150 g", "sold": 3, "refunded": 6})))
        s.add(PeerConflict(id=str(uuid.uuid4()), kind="points_overspent", ref_id=customer.id,
                           created_at="2026-12-01T10:00:00+00:00", detail=json.dumps({"balance": -120})))


def tour(qtbot, window, till, audit: LayoutAudit) -> None:
    """Every screen, dialog and page, as test_chinese_audit opens them, at the audit's size."""
    from app.core.sales import Tender
    from app.ui import tasks
    from app.ui.approval import ApprovalDialog
    from app.ui.backoffice.dialogs import (
        LocalProductDialog,
        PriceDialog,
        WriteOffDialog,
    )
    from app.ui.backoffice.peer_conflicts_page import SettleDialog
    from app.ui.cash.dialog import CashDialog
    from app.ui.common import AmountDialog
    from app.ui.enroll import EnrollDialog
    from app.ui.receipts.view import ReceiptsDialog
    from app.ui.refund.dialog import RefundDialog
    from app.ui.sell.coupon import CouponDialog
    from app.ui.sell.customer import CustomerDialog
    from app.ui.sell.parked import ParkedDialog
    from app.ui.settings import SettingsDialog
    from app.ui.tender.dialog import TenderDialog

    window.resize(*audit.size)
    QApplication.processEvents()
    if (window.width(), window.height()) != audit.size:
        audit.found[("", f"the window cannot be {audit.size}: it is {window.width()}x{window.height()}")] = "window"
    audit.look(window, "PIN pad")
    login(qtbot, window, demo.OWNER_PIN)
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    till.pay(cart, [Tender("cash", 10_000)])  # a sale to refund and to get feedback on
    _loop_state(till)
    _peer_conflicts(till)
    for code in ("P0001", "P0002", "P0028", "P0142"):
        type_enter(qtbot, window.sell.scan, code)
    audit.look(window, "sell screen")
    for n, button in enumerate(window.sell.grid.group.buttons()[:3]):  # favourites and two categories
        button.click()
        audit.look(window, f"sell screen, category {n}")
    window.sell.grid.group.buttons()[0].click()
    qtbot.keyClicks(window.sell.scan, "mi")
    window.sell.search_now("mi")
    audit.look(window, "sell screen, search results")
    window.sell.back_out()

    sale_cart = window.sell.cart
    for method in ("cash", "card"):
        audit.dialog(TenderDialog(window, till, sale_cart, method), f"tender ({method})")
    refund = RefundDialog(window, till, window.printing)
    audit.dialog(refund, "refund")
    refund = RefundDialog(window, till, window.printing)
    if hasattr(refund, "receipt"):
        refund.receipt.setText(till.recent_sales(1)[0].receipt_no)
        refund.receipt.returnPressed.emit()
    audit.dialog(refund, "refund of a sale")
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
    audit.dialog(AmountDialog(window, "Quantity", "Quantity of Whole milk 1 l:"), "amount")
    coupon = CouponDialog(window, lambda text: till.promotions.add_coupon(window.sell.cart, text))
    type_enter(qtbot, coupon.edit, "NOPE-0000")  # with its refusal shown, the longest it gets
    assert "NOPE-0000" in coupon.error.text()
    audit.dialog(coupon, "coupon")
    audit.dialog(ApprovalDialog(window, "An owner must approve: a refund."), "approval")
    audit.dialog(EnrollDialog(till, window), "enrollment")

    window.open_backoffice()
    office = window.backoffice
    assert office is not None and window.stack.currentWidget() is office

    def settled() -> None:
        qtbot.waitUntil(lambda: not tasks._live, timeout=20000)
        QApplication.processEvents()

    for index in range(office.tabs.count()):
        office.tabs.setCurrentIndex(index)
        settled()
        page = office.tabs.currentWidget()
        if page is office.count:
            office.count.start_sheet()
            for sku in ("P0001", "P0002"):
                office.count.count(sku, 3)
            office.count.review()
        elif page is office.stock and office.stock.model.rowCount():
            office.stock.view.selectRow(0)
        elif page is office.customers:
            customers = till.find_customers("")
            if customers and hasattr(office.customers, "select"):
                office.customers.select(customers[0].id)
        elif page is office.feedback:
            office.feedback.view.selectRow(0)
        settled()
        name = _plain(office.tabs.tabText(index))
        audit.look(window, f"back office: {name}")
        for inner in page.findChildren(QTabWidget):  # the dashboard's reports
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                settled()
                audit.look(window, f"back office: {name}: {_plain(inner.tabText(sub))}")
    product = till.product("P0001")
    audit.dialog(WriteOffDialog(office, product.name, product.unit), "write-off")
    audit.dialog(PriceDialog(office, product, till.money), "local price")
    audit.dialog(LocalProductDialog(office, ["Local"]), "new local product")
    box = office.data.conflicts
    settle = SettleDialog(office, box.describe(till.peers.conflicts()[0]))
    settle.fail(settle.tr("Say what was done about it."))
    audit.dialog(settle, "settle a conflict between tills")
    office.leave()
    settled()
    window.lock()
    audit.look(window, "locked")


@pytest.fixture(params=[("en", "light"), ("zh_CN", "dark")], ids=["en-light", "zh_CN-dark"])
def language(request, qapp):
    """A language and a theme (the theme's borders and paddings take room too)."""
    from app.ui import theme

    locale = QLocale()
    language, theme_name = request.param
    assert i18n.install(qapp, language) == language
    theme.apply(qapp, theme_name)
    yield language
    i18n.install(qapp, "en")
    QLocale.setDefault(locale)
    qapp.setStyleSheet("")  # the other UI tests run unthemed, as before
    qapp.setProperty("corner_theme", None)


@pytest.mark.parametrize("size", SIZES)
def test_every_text_fits_its_room(qtbot, language, size, window, till):
    audit = LayoutAudit(qtbot, SIZES[size])
    tour(qtbot, window, till, audit)
    assert audit.looked > 25, f"only {audit.looked} screens looked at"
    assert not audit.found, f"Texts that do not fit at {size} ({language}):\n" + audit.report()


def test_the_audit_sees_a_clipped_header_a_clipped_button_and_an_elided_cell(qtbot):
    """The audit itself can fail: a narrow column, a narrow button, a long cell without tooltip."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    view = QTableView()
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Reorder at", "Name"])
    model.setItem(0, 1, QStandardItem("Olives mixed (per 100 g), a long name for a narrow column"))
    view.setModel(model)
    view.horizontalHeader().resizeSection(0, 30)
    view.horizontalHeader().resizeSection(1, 60)
    view.horizontalHeader().setStretchLastSection(False)
    button = QPushButton("Amount due to the platform")
    button.setFixedWidth(60)
    layout = QVBoxLayout(root)
    layout.addWidget(view)
    layout.addWidget(button)
    root.resize(400, 300)
    root.show()
    qtbot.waitExposed(root)
    found = {(text, why.split(" ")[0]) for _, text, why in problems(root)}
    assert ("Reorder at", "header") in found
    assert ("Amount due to the platform", "needs") in found
    assert ("Olives mixed (per 100 g), a long name for a narrow column", "cell") in found
    model.item(0, 1).setToolTip(model.item(0, 1).text())  # an elided cell with its tooltip is fine
    assert not any(text.startswith("Olives") for _, text, _ in problems(root))


def test_the_approval_dialog_says_what_needs_approving_once(qtbot):
    from app.ui.approval import ApprovalDialog

    dialog = ApprovalDialog(None, "An owner must approve: a refund.")
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert sum("An owner must approve" in text for text in texts) == 1, texts

"""The sell screen: scan field (always focused), search results, favourites, cart, totals, actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListView, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget)

from app.core.errors import NotFound, TillError, WeightRequired
from app.core.money import fmt_plain
from app.core.sales import parse_item
from app.devices.receipt import rate_name, receipt_for

from .. import shortcuts
from ..approval import Declined, with_approval
from ..common import AmountDialog, Banner, action_button, key_below
from ..receipts.view import ReceiptsDialog
from ..tender.dialog import TenderDialog
from .cart_model import CartModel
from .coupon import CouponDialog
from .customer import CustomerDialog
from .grid import ProductGrid
from .parked import ParkedDialog
from .scanner import KeyBursts
from .search import ProductListModel, Searcher


class SellScreen(QWidget):
    """Everything at the counter. ``host`` is the window: it owns the printer, the lock,
    and the screens reached from here (refunds, cash, back office, settings)."""

    def __init__(self, till, host, cart=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till, self.host = till, host
        self.cart = cart if cart is not None else till.new_cart()
        self.last_sale = None
        shortcuts.install()  # the advertised keys work whatever has focus (the scan field keeps none)

        # -- left: scan field, banner, cart, totals
        self.scan = QLineEdit(objectName="scan")
        self.scan.setPlaceholderText(self.tr("Scan a barcode, or type a name, SKU or barcode to search"))
        self.scan.textEdited.connect(self._typed)
        self.scan.installEventFilter(self)  # Enter, arrows, Esc, +/-; and it times the keys
        self.bursts = KeyBursts()
        self.results_for: str | None = None  # the text the search list shows results for
        self.banner = Banner()
        self.notice = QLabel(wordWrap=True)
        self.notice.setProperty("tone", "notice")
        self.notice.hide()
        self.model = CartModel(till, self.cart, self)
        self.model.refused.connect(self.error)
        self.model.changed.connect(self._show_totals)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setAlternatingRowColors(True)
        # Each row as high as its text: a line with a promotion shows its saving on a second line.
        # (A fixed two lines measured with this widget's font at construction was shorter than the
        # table's font once styled: the saving was cut to "Village bread…".) A cart has few rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CartModel.ITEM, QHeaderView.ResizeMode.Stretch)
        for col in (CartModel.QTY, CartModel.PRICE, CartModel.DISCOUNT, CartModel.TOTAL):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.customer = QLabel(objectName="hint")
        self.totals_box = QLabel(objectName="hint")
        self.totals_box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.total = QLabel(objectName="total", alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.last = QLabel(wordWrap=True)  # a long receipt number wraps rather than widening the cart side
        self.last.setProperty("tone", "ok")
        # after a cash sale the change is shown large until the next scan (Square, Loyverse)
        self.change_box = QFrame(objectName="changeBox")
        self.change_caption = QLabel(objectName="changeCaption", alignment=Qt.AlignmentFlag.AlignCenter)
        self.change_due = QLabel(objectName="changeDue", alignment=Qt.AlignmentFlag.AlignCenter)
        change_layout = QVBoxLayout(self.change_box)
        change_layout.addWidget(self.change_caption)
        change_layout.addWidget(self.change_due)
        self.change_box.hide()
        totals = QFrame(objectName="panel")
        info = QVBoxLayout()
        info.addWidget(self.customer)
        info.addStretch(1)
        info.addWidget(self.last)
        figures = QVBoxLayout()
        figures.addWidget(self.totals_box)
        figures.addWidget(self.total)
        row = QHBoxLayout(totals)
        row.addLayout(info, 1)
        row.addLayout(figures)
        self.line_actions = QWidget()
        line_actions = QGridLayout(self.line_actions)
        line_actions.setContentsMargins(0, 0, 0, 0)
        line_actions.setSpacing(6)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.scan)
        lv.addWidget(self.banner)
        lv.addWidget(self.notice)
        lv.addWidget(self.change_box)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.line_actions)
        lv.addWidget(totals)

        # -- right: favourites grid or search results, then the actions
        self.grid = ProductGrid(till)
        self.grid.chosen.connect(self.add_code)
        self.results_model = ProductListModel(till, self)
        self.results = QListView()
        self.results.setModel(self.results_model)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setUniformItemSizes(True)  # one line each: laid out from one row, not fifty
        self.results.clicked.connect(self._result_clicked)
        self.results_title = QLabel(objectName="hint")
        results_page = QWidget()
        rv = QVBoxLayout(results_page)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.results_title)
        rv.addWidget(self.results, 1)
        self.side = QStackedWidget()
        self.side.addWidget(self.grid)
        self.side.addWidget(results_page)
        self.searcher = Searcher(till, self)
        self.searcher.found.connect(self._show_results)

        b = lambda text, key, slot, role=None, two=False: action_button(text, key, slot, self, role=role,  # noqa: E731
                                                                         two_lines=two)
        self.buttons = {
            "cash": b(self.tr("Cash"), "F5", lambda: self.tender("cash"), "tender", True),
            "card": b(self.tr("Card"), "F6", lambda: self.tender("card"), "tender", True),
            "mobile": b(self.tr("Mobile"), "F7", lambda: self.tender("mobile"), "tender", True),
            "qty": b(self.tr("Quantity"), "F2", self.ask_quantity),
            "line_discount": b(self.tr("Line discount"), "F3", self.ask_line_discount),
            "sale_discount": b(self.tr("Sale discount"), "F4", self.ask_sale_discount),
            "coupon": b(self.tr("Coupon"), "Ctrl+K", self.ask_coupon),
            "price": b(self.tr("Price override"), "Ctrl+O", self.ask_price),
            "remove": b(self.tr("Remove line"), "Del", self.remove_line, "danger"),
            "void": b(self.tr("Void sale"), "Ctrl+Del", self.void, "danger"),
            "customer": b(self.tr("Customer"), "F11", self.ask_customer),
            "park": b(self.tr("Park"), "F8", self.park),
            "resume": b(self.tr("Resume"), "F9", self.resume),
            "refund": b(self.tr("Refund"), "Ctrl+R", host.open_refund),
            "receipts": b(self.tr("Receipts"), "Ctrl+P", self.open_receipts),
            "cash_session": b(self.tr("Cash session"), "Ctrl+E", host.open_cash),
            "backoffice": b(self.tr("Back office"), "F10", host.open_backoffice),
            "settings": b(self.tr("Settings"), "Ctrl+,", host.open_settings),
            "lock": b(self.tr("Lock"), "F12", host.lock),
        }
        for button in self.buttons.values():  # labels over keys: the rows fit 1024 px (tests/ui/test_layout_audit.py)
            key_below(button)
        # Delete only removes a line when the scan field is empty (handled in eventFilter).
        self.buttons["remove"].shortcut_object.setEnabled(False)
        for i, key in enumerate(("qty", "line_discount", "sale_discount", "coupon", "remove", "price", "void")):
            line_actions.addWidget(self.buttons[key], i // 4, i % 4)
        tenders = QHBoxLayout()
        for key in ("cash", "card", "mobile"):
            tenders.addWidget(self.buttons[key])
        self.bottom = QWidget()
        bottom = QHBoxLayout(self.bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(6)
        for key in ("customer", "park", "resume", "refund", "receipts", "cash_session"):
            bottom.addWidget(self.buttons[key])
        bottom.addStretch(1)
        for key in ("backoffice", "settings", "lock"):
            bottom.addWidget(self.buttons[key])
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.side, 1)
        rl.addLayout(tenders)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([550, 450])  # 11:9 of whatever the window has: at 1024 px, three category columns
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.bottom)
        self._show_totals()
        self.apply_role()

    # -- focus and keys -------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.focus_scan()

    def focus_scan(self) -> None:
        """The keyboard in the scan field, now and once the events queued have run; never while
        another page (the back office) is shown: a focus taken from there lost an owner's scans."""
        QTimer.singleShot(0, self._take_focus)
        if self.isVisible():
            self.scan.setFocus()

    def _take_focus(self) -> None:
        if not self.isVisible():  # the back office came up meanwhile: its page keeps the keyboard
            return
        window = self.window()
        if window.isVisible() and not window.isActiveWindow():
            # Without a window manager (a kiosk till) nothing activates the window again after a
            # dialog, and the F-keys, which are window shortcuts, would stop working.
            window.activateWindow()
        self.scan.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.scan and event.type() == event.Type.KeyPress:
            key, empty = event.key(), not self.scan.text()
            at = event.timestamp() or None  # when the key was pressed (0: not known)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.enter(self.bursts.enter(at))
                return True
            if event.text().isprintable() and event.text() and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
                self.bursts.typed(event.text(), at)
            else:
                self.bursts.other()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.back_out()
                return True
            if empty and key == Qt.Key.Key_Delete and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.remove_line()
                return True
            if empty and event.text() in ("+", "-"):
                self.step_quantity(1 if event.text() == "+" else -1)
                return True
        return super().eventFilter(obj, event)

    def _move(self, step: int) -> None:
        if self.side.currentIndex() == 1 and self.results_model.rowCount():
            row = self.results.currentIndex().row() + step
            row = max(0, min(self.results_model.rowCount() - 1, row))
            self.results.setCurrentIndex(self.results_model.index(row))
            return
        if not self.cart.lines:
            return
        row = self.current_row()
        row = len(self.cart.lines) - 1 if row is None else max(0, min(len(self.cart.lines) - 1, row + step))
        self.select_row(row)

    def back_out(self) -> None:
        self.bursts.other()
        self.scan.clear()
        self.searcher.cancel()
        self.side.setCurrentIndex(0)
        self.banner.hide()

    # -- role -------------------------------------------------------------------------------

    def apply_role(self) -> None:
        """Hide what this person may not do (the core refuses it anyway)."""
        for action in ("backoffice", "settings"):
            allowed = self.till.allowed(action)
            self.buttons[action].setVisible(allowed)
            self.buttons[action].setEnabled(allowed)

    # -- adding -------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self.searcher.text_changed(text)

    def search_now(self, text: str) -> list:
        return self.searcher.search_now(text)

    def _show_results(self, text: str, products: list) -> None:
        if not text or text != self.scan.text().strip():
            if not self.scan.text().strip():
                self.side.setCurrentIndex(0)
            if text != self.scan.text().strip() and self.scan.text().strip():
                return
        self.results_model.set_products(products)
        self.results_for = text or None
        if text:
            self.results_title.setText(self.tr("%n match(es) for “{text}” · ↑/↓ to choose, Enter to add", "",
                                               len(products)).format(text=text))
            self.side.setCurrentIndex(1)
        # one match is the one Enter adds, so it shows highlighted; with several the cashier chooses
        self.results.setCurrentIndex(self.results_model.index(0) if len(products) == 1 else QModelIndex())

    def _result_clicked(self, index) -> None:
        self.add_code(self.results_model.data(index, Qt.ItemDataRole.UserRole))

    def enter(self, scanned: str | None = None) -> None:
        """Enter in the scan field. ``scanned``: the code a scanner's burst just typed (see
        ``KeyBursts``); that code and nothing else is rung up, whatever the field or the search
        list show. A person's Enter adds, in this order: the text as a barcode, scale label or
        SKU (``CODE*QTY`` for a quantity); the result chosen in the list shown for this very
        text; the only match of the text."""
        self.searcher.cancel()
        if scanned is not None:
            self._scanned(scanned)
            return
        text = self.scan.text().strip()
        if not text:
            return
        if self._coupon(text):
            return
        try:
            code, qty = parse_item(text)
            self._add(code, qty)
            return
        except NotFound as exc:
            if qty is not None:  # CODE*QTY names a code: no search for it
                self._refuse(str(exc))
                return
            unknown = exc
        except TillError as exc:
            self._refuse(str(exc))
            return
        chosen = self.results.currentIndex()
        if self.side.currentIndex() == 1 and self.results_for == text and chosen.isValid():
            self.add_code(self.results_model.data(chosen, Qt.ItemDataRole.UserRole))
            return
        products = self.search_now(text)
        if len(products) == 1:
            self.add_code(products[0].sku)
        elif products:
            self.error(self.tr("No barcode or SKU {code}: choose from the matches with ↑/↓ and Enter.").format(code=text))
        else:
            self._refuse(str(unknown))

    def _scanned(self, code: str) -> None:
        """A scanner's code: ring it up; what a person had typed before it is dropped."""
        if self._coupon(code):
            return
        try:
            self._add(*parse_item(code))
        except TillError as exc:
            self.back_out()
            self.error(str(exc))

    def _coupon(self, text: str) -> bool:
        """A coupon code synced from the platform, typed or scanned: put it on the sale (or say
        in plain words why not). False when ``text`` is no coupon code."""
        if not self.till.promotions.is_coupon(text):
            return False
        before = self.cart.promo_savings
        try:
            code = self.till.promotions.add_coupon(self.cart, text)
        except TillError as exc:
            self.back_out()
            self.error(str(exc))
            return True
        self.scan.clear()
        self._coupon_accepted(code, before)
        return True

    def ask_coupon(self) -> None:
        """The Coupon button (Ctrl+K): a code typed in a dialog, put on the sale by the same facade
        call as a code in the scan field; a refusal's reason is shown in the dialog."""
        before = self.cart.promo_savings
        code = CouponDialog.ask(self, lambda text: self.till.promotions.add_coupon(self.cart, text))
        if code is not None:
            self._coupon_accepted(code, before)
        self.focus_scan()

    def _coupon_accepted(self, code: str, savings_before: int) -> None:
        self.model.lines_changed()
        self.show_info(self.tr("Coupon {code} accepted: saves {amount}.").format(
            code=code, amount=self.till.money(self.cart.promo_savings - savings_before)))

    def _refuse(self, message: str) -> None:
        self.error(message)
        self.scan.selectAll()

    def add_code(self, code: str | None) -> None:
        if not code:
            return
        try:
            self._add(code)
        except TillError as exc:
            self.error(str(exc))
        self.focus_scan()

    def _add(self, code: str, qty: int | None = None) -> None:
        try:
            line = self.till.add_to_cart(self.cart, code, qty)
        except WeightRequired as exc:
            if qty is not None:
                raise
            grams = AmountDialog.ask(self, self.tr("Weight"), self.tr("{what}: type the weight in grams.").format(what=exc.params["name"]),
                                     money=False)
            if not grams:
                return
            line = self.till.add_to_cart(self.cart, code, grams)
        self.scan.clear()
        self.side.setCurrentIndex(0)
        self.banner.hide()
        self.last.clear()
        self.change_box.hide()
        self.model.refresh()
        self.select_row(self.cart.lines.index(line))

    # -- the selected line --------------------------------------------------------------------

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _need_row(self) -> int | None:
        row = self.current_row()
        if row is None:
            self.error(self.tr("Choose a line first (↑/↓)."))
        return row

    def step_quantity(self, step: int) -> None:
        row = self._need_row()
        if row is None:
            return
        line = self.cart.lines[row]
        if line.unit == "kg":
            self.error(self.tr("Weighed goods: set the weight with F2."))
            return
        if line.qty + step <= 0:
            self.remove_line()
            return
        self._guard(lambda: self.till.set_quantity(self.cart, row, line.qty + step))
        self.model.lines_changed()

    def ask_quantity(self) -> None:
        row = self._need_row()
        if row is None:
            return
        line = self.cart.lines[row]
        prompt = self.tr("Weight of {name} in grams:") if line.unit == "kg" else self.tr("Quantity of {name}:")
        qty = AmountDialog.ask(self, self.tr("Quantity"), prompt.format(name=line.name), str(line.qty), money=False)
        if qty is not None:
            self.model.setData(self.model.index(row, CartModel.QTY), qty)
        self.focus_scan()

    def remove_line(self) -> None:
        row = self._need_row()
        if row is None:
            return
        self.till.remove_line(self.cart, row)
        self.model.refresh()
        if self.cart.lines:
            self.select_row(min(row, len(self.cart.lines) - 1))

    # -- discounts and prices --------------------------------------------------------------------

    def _guard(self, fn) -> bool:
        """Run a facade call; owner approval when asked for; errors on the banner."""
        try:
            with_approval(self, lambda pin: fn() if pin is None else fn(pin))
        except Declined:
            self.error(self.tr("Not done: no owner approved."))
            return False
        except TillError as exc:
            self.error(str(exc))
            return False
        return True

    def ask_line_discount(self) -> None:
        row = self._need_row()
        if row is None:
            return
        value = AmountDialog.ask(self, self.tr("Line discount"),
                                 self.tr("Discount on {name}: an amount (0.50) or a percentage (10%).").format(
                                     name=self.cart.lines[row].name), percent_ok=True)
        if value is not None:
            if isinstance(value, tuple):
                self._guard(lambda pin=None: self.till.set_line_discount_percent(self.cart, row, value[1], pin))
            else:
                self._guard(lambda pin=None: self.till.set_line_discount(self.cart, row, value, pin))
            self.model.lines_changed()
        self.focus_scan()

    def ask_sale_discount(self) -> None:
        if self.cart.is_empty:
            self.error(self.tr("The cart is empty."))
            return
        value = AmountDialog.ask(self, self.tr("Sale discount"),
                                 self.tr("Discount on the whole sale: an amount (2.00) or a percentage (10%)."),
                                 percent_ok=True)
        if value is not None:
            if isinstance(value, tuple):
                self._guard(lambda pin=None: self.till.set_sale_discount_percent(self.cart, value[1], pin))
            else:
                self._guard(lambda pin=None: self.till.set_sale_discount(self.cart, value, pin))
            self.model.lines_changed()
        self.focus_scan()

    def ask_price(self) -> None:
        row = self._need_row()
        if row is None:
            return
        line = self.cart.lines[row]
        value = AmountDialog.ask(self, self.tr("Price override"),
                                 self.tr("New price of {name} (an owner approves):").format(name=line.name),
                                 fmt_plain(line.unit_price))
        if value is not None:
            self._guard(lambda pin=None: self.till.override_price(self.cart, row, value, pin))
            self.model.lines_changed()
        self.focus_scan()

    def void(self) -> None:
        if self.cart.is_empty:
            return
        if self._guard(lambda pin=None: self.till.void_cart(self.cart, pin)):
            self.model.refresh()
            self.show_info(self.tr("Sale voided."))

    # -- customer, park, resume -------------------------------------------------------------------

    def ask_customer(self) -> None:
        chosen = CustomerDialog.ask(self, self.till, self.cart.customer_id)
        if chosen is not None:
            self._guard(lambda: self.till.attach_customer(self.cart, chosen or None))
            self._show_totals()
        self.focus_scan()

    def park(self) -> None:
        label = ""
        if self.cart.customer_id:
            label = self.till.customer(self.cart.customer_id).name
        try:
            self.till.park(self.cart, label)
        except TillError as exc:
            self.error(str(exc))
            return
        self.set_cart(self.till.new_cart())
        self.show_info(self.tr("Sale parked. F9 resumes it."))

    def resume(self) -> None:
        if not self.cart.is_empty:
            self.error(self.tr("Finish or park this sale before resuming another."))
            return
        parked = self.till.parked()
        if not parked:
            self.error(self.tr("No sale is parked."), error=False)
            return
        chosen = ParkedDialog.ask(self, parked)
        if chosen:
            try:
                self.set_cart(self.till.resume(chosen))
            except TillError as exc:
                self.error(str(exc))
        self.focus_scan()

    def set_cart(self, cart) -> None:
        self.cart = cart
        self.model.set_cart(cart)
        self.show_notices()
        if cart.lines:
            self.change_box.hide()
            self.select_row(len(cart.lines) - 1)

    def reprice(self) -> None:
        """The catalog changed: say which lines now cost something else (they keep their price)."""
        if self.cart.lines:
            self.till.reprice(self.cart)
            self.show_notices()
            self.model.lines_changed()  # promotions may have changed its savings

    def show_notices(self) -> None:
        notes = self.cart.notices
        self.notice.setText(self.tr("Price changed since scanned — this sale keeps the scanned price:") + "\n"
                            + "\n".join(notes) if notes else "")
        self.notice.setVisible(bool(notes))

    # -- paying --------------------------------------------------------------------------------------

    def tender(self, method: str) -> None:
        if self.cart.is_empty:
            self.error(self.tr("The cart is empty: scan something first."))
            return
        if self.till.cash_session() is None:
            self.error(self.tr("No cash session is open: open one with a float (Ctrl+E) before selling."))
            return
        tenders = TenderDialog.ask(self, self.till, self.cart, method)
        self.focus_scan()
        if not tenders:
            return
        try:
            sale = self.till.pay(self.cart, tenders)
        except TillError as exc:
            self.error(str(exc))
            return
        self.last_sale = self.till.sale(sale.receipt_no)
        change = sum(p.change for p in self.last_sale.payments)
        printing = self.host.printing
        if any(t.method == "cash" for t in tenders):
            printing.open_drawer()
        printing.print_doc(receipt_for(self.till, self.last_sale), self.last_sale.receipt_no)
        self.set_cart(self.till.new_cart())
        self.last.setText(self.tr("Change {change} · receipt {no} (Ctrl+P shows it)").format(
            change=self.till.money(change), no=self.last_sale.receipt_no))
        if any(t.method == "cash" for t in tenders):
            self.show_change(change)

    def show_change(self, change: int) -> None:
        """The change to hand back, large, until the next scan."""
        self.change_caption.setText(self.tr("Change due") if change else self.tr("No change due"))
        self.change_due.setText(self.till.money(change))
        self.change_box.show()

    def open_receipts(self) -> None:
        ReceiptsDialog.ask(self, self.till, self.host.printing,
                           self.last_sale.receipt_no if self.last_sale and self.cart.is_empty else None)
        self.focus_scan()

    # -- showing ---------------------------------------------------------------------------------------

    def error(self, message: str, error: bool = True) -> None:
        self.banner.show_message(message, error=error)

    def show_info(self, message: str) -> None:
        self.banner.show_message(message, error=False, seconds=4)

    def _show_totals(self) -> None:
        totals = self.model.totals()
        money = self.till.money
        rows = [self.tr("Subtotal {amount}").format(amount=money(totals.subtotal))]
        if totals.discount:
            rows.append(self.tr("Discounts {amount}").format(amount=money(-totals.discount)))
        for saving in self.cart.savings:  # each promotion's saving over the cart, then what they save in all
            rows.append(f"{saving['name']} {money(-saving['amount'])}")
        if self.cart.savings:
            rows.append(self.tr("You save {amount}").format(amount=money(self.cart.promo_savings)))
        for code in self.cart.coupons:
            rows.append(self.tr("Coupon {code}").format(code=code))
        for rate, (gross, tax) in sorted(totals.tax_by_rate.items()):
            rows.append(self.tr("{rate}: {tax} of {gross}").format(rate=rate_name(rate), tax=money(tax), gross=money(gross)))
        self.totals_box.setText("\n".join(rows))
        self.total.setText(money(totals.total))
        name = ""
        if self.cart.customer_id:
            try:
                c = self.till.customer(self.cart.customer_id)
                name = self.tr("Customer: {name} · {points} points").format(
                    name=c.name or c.phone, points=self.till.loyalty_points(c.id))
            except TillError:
                name = ""
        self.customer.setText(name or self.tr("No customer (F11 to add one)"))

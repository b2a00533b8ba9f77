"""Orders to the platform: the suggested order to edit (quantities, products added by scan or
search, lines removed, a note), placing it (an owner approves for a cashier; it waits in the
outbox until the next sync), and the orders placed so far with their status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, QStringListModel, Qt
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.core.errors import TillError
from app.ui.approval import Declined, with_approval

from .common import Page, error_text, table_view, tone, work_over_history
from .models import Col, Index, RawRole, RowsModel, SheetModel, translate



@dataclass
class OrderLine:
    sku: str
    name: str
    on_hand: int
    on_order: int
    daily_sales: float
    suggested: int  # 0 for a product added by hand
    pack_size: int
    qty: int

    @property
    def off_pack(self) -> bool:
        return self.pack_size > 1 and self.qty % self.pack_size != 0

    def packs_around(self) -> tuple[int, int]:
        """The whole-pack quantities below and above ``qty``."""
        down = self.qty // self.pack_size * self.pack_size
        return down, down + self.pack_size


class OrderModel(SheetModel):
    """The order being prepared. Only "Order" is editable; a quantity that is not whole packs
    is allowed (the platform may split packs) but shown amber with the packs around it."""

    SKU, NAME, ON_HAND, ON_ORDER, DAILY, SUGGESTED, PACK, QTY = range(8)
    EDITABLE = (QTY,)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[OrderLine] = []
        self._titles = [translate("OrderModel", "SKU"), translate("OrderModel", "Name"),
                        translate("OrderModel", "On hand"), translate("OrderModel", "On order"),
                        translate("OrderModel", "Sold a day"), translate("OrderModel", "Suggested"),
                        translate("OrderModel", "Pack"), translate("OrderModel", "Order")]

    def set_suggestions(self, suggestions: list) -> None:
        self.beginResetModel()
        self.lines = [OrderLine(s.sku, s.name, s.on_hand, s.on_order, s.daily_sales, s.suggested, s.pack_size,
                                s.suggested) for s in suggestions]
        self.endResetModel()

    def add_line(self, line: OrderLine) -> int:
        n = len(self.lines)
        self.beginInsertRows(QModelIndex(), n, n)
        self.lines.append(line)
        self.endInsertRows()
        return n

    def remove_line(self, row: int) -> OrderLine:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self.lines.pop(row)
        self.endRemoveRows()
        return line

    def set_qty(self, row: int, qty: int) -> None:
        if qty < 0:
            raise ValueError("negative quantity")
        self.lines[row].qty = qty
        self.dataChanged.emit(self.index(row, self.QTY), self.index(row, self.QTY))

    def round_to_packs(self) -> int:
        """Round every quantity up to whole packs; returns how many lines changed."""
        changed = 0
        for row, line in enumerate(self.lines):
            if line.off_pack:
                self.set_qty(row, line.packs_around()[1])
                changed += 1
        return changed

    def quantities(self) -> dict[str, int]:
        return {line.sku: line.qty for line in self.lines if line.qty > 0}

    def _raw(self, line: OrderLine, col: int) -> Any:
        return (line.sku, line.name, line.on_hand, line.on_order, line.daily_sales, line.suggested, line.pack_size,
                line.qty)[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.DAILY:
                return f"{line.daily_sales:.2f}"
            if col == self.SUGGESTED and not line.suggested:
                return "–"
            if col == self.PACK:
                return "" if line.pack_size <= 1 else str(line.pack_size)
            return str(self._raw(line, col))
        if role == Qt.ItemDataRole.EditRole:
            return str(line.qty) if col == self.QTY else self.data(index)
        if role == RawRole:
            return self._raw(line, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.ON_HAND:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == self.QTY:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.QTY and line.off_pack:
                return QBrush(tone("warn"))
            if col == self.ON_HAND and line.on_hand < 0:
                return QBrush(tone("error"))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.QTY and line.pack_size > 1:
            if line.off_pack:
                down, up = line.packs_around()
                return translate("OrderModel", "Comes in packs of {pack}: {down} or {up}.").format(
                    pack=line.pack_size, down=down, up=up)
            return translate("OrderModel", "Comes in packs of {pack}.").format(pack=line.pack_size)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.QTY:
            return False
        try:
            qty = int(str(value).strip() or "0")
        except ValueError:
            return False
        if qty < 0:
            return False
        self.set_qty(index.row(), qty)
        return True


def order_ref(order_id: str | None) -> str:
    """A short reference people can say aloud: the random tail of the order's UUIDv7 (its head
    is the time it was made, the same for orders made together)."""
    return order_id[-6:].upper() if order_id else ""


def sorting_proxy(model, parent) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(RawRole)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


class OrdersPage(Page):
    LONG_JOBS = True

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)

        self.model = OrderModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.view = table_view()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as suggested until a header is clicked
        header = self.view.horizontalHeader()
        for col, width in ((0, 80), (2, 80), (3, 80), (4, 90), (5, 90), (6, 60), (7, 90)):
            header.resizeSection(col, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(OrderModel.NAME, header.ResizeMode.Stretch)

        self.add = QLineEdit()
        self.add.setPlaceholderText(self.tr("Scan a barcode, or type a SKU or name, then Enter: adds the product"))
        self._matches = QStringListModel(self)
        self._found: dict[str, str] = {}  # completion text -> sku
        completer = QCompleter(self._matches, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated.connect(self._picked)
        self.add.setCompleter(completer)
        self.suggest_button = QPushButton(self.tr("Suggest again"))
        self.round_button = QPushButton(self.tr("Round up to packs"))
        self.remove_button = QPushButton(self.tr("Remove line"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note for the platform, e.g. “deliver before 9”"))
        self.place_button = QPushButton(self.tr("Place order…"))
        self.place_button.setDefault(True)
        self.summary = QLabel()

        self.history_model = RowsModel([Col(self.tr("Placed"), "date"), Col(self.tr("Ref")), Col(self.tr("Status")),
                                        Col(self.tr("Lines"), "int"), Col(self.tr("Units"), "int"),
                                        Col(self.tr("By")), Col(self.tr("Note")), Col(self.tr("Products"))],
                                       self.money, self)
        self.history_proxy = sorting_proxy(self.history_model, self)
        self.history = table_view()
        self.history.setModel(self.history_proxy)
        self.history.setSortingEnabled(True)
        self.history.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for col, width in ((0, 140), (1, 70), (2, 150), (3, 60), (4, 60), (5, 110), (6, 200)):
            self.history.horizontalHeader().resizeSection(col, width)

        draft = QGroupBox(self.tr("Next order"))
        dl = QVBoxLayout(draft)
        row = QHBoxLayout()
        row.addWidget(self.add, 1)
        row.addWidget(self.suggest_button)
        dl.addLayout(row)
        dl.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.round_button)
        row.addWidget(self.remove_button)
        dl.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.place_button)
        dl.addLayout(row)
        work_over_history(self, draft, self.tr("Orders placed"), self.history, self.jobs, self.status)

        self.add.returnPressed.connect(self._entered)
        self.add.textEdited.connect(self._search)
        self.suggest_button.clicked.connect(self.suggest)
        self.round_button.clicked.connect(self._round)
        self.remove_button.clicked.connect(self.remove_selected)
        self.place_button.clicked.connect(self.place)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, activated=self.remove_selected)
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.modelReset):
            signal.connect(self._changed)
        self._changed()

    def keyboard_home(self) -> QWidget:
        return self.add  # a scan first

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """The orders placed; the draft is suggested the first time only (edits are kept)."""
        self.reload_history()
        if not self.model.lines and not self.jobs.busy:
            self.suggest()

    def reload_history(self) -> None:
        statuses = {"placed": self.tr("placed, not shipped yet"), "shipped": self.tr("shipped"),
                    "received": self.tr("received")}
        rows = []
        for order_id, created, status, note, who, lines in self.till.order_history():
            items = ", ".join(f"{qty} × {name}" for _sku, name, qty in lines)
            rows.append((created, order_ref(order_id), statuses.get(status, status), len(lines), sum(q for *_, q in lines), who, note,
                         items))
        self.history_model.set_rows(rows)

    def suggest(self):
        """Replace the draft with a fresh suggestion (worked out off the UI thread)."""
        def done(suggestions: list) -> None:
            self.model.set_suggestions(suggestions)
            self.status.note(self.tr("{n} products suggested from the last four weeks of sales and what is on "
                                     "the shelf. Change any quantity; 0 leaves the line out.").format(n=len(suggestions))
                             if suggestions else self.tr("Nothing needs ordering now. Add products by scanning "
                                                         "or searching."))

        return self.jobs.start(self.tr("Working out the suggested order…"), lambda task: self.till.suggest_order(),
                               done, cancellable=False)

    # -- editing ------------------------------------------------------------------------------

    def _changed(self, *args) -> None:
        qty = self.model.quantities()
        off = sum(1 for line in self.model.lines if line.off_pack and line.qty)
        text = self.tr("{lines} lines, {units} units to order.").format(lines=len(qty), units=sum(qty.values()))
        if off:
            text += " " + self.tr("{n} not in whole packs.").format(n=off)
        self.summary.setText(text)
        self.place_button.setEnabled(bool(qty))
        self.round_button.setEnabled(bool(off))

    def _search(self, text: str) -> None:
        text = text.strip()
        if len(text) < 2 or text.isdigit():
            self._matches.setStringList([])
            return
        self._found = {f"{p.name} · {p.sku}": p.sku for p in self.till.quick_search(text, 20) if not p.is_local}
        self._matches.setStringList(list(self._found))

    def _picked(self, text: str) -> None:
        sku = self._found.get(text)
        if sku:
            self.add_product(sku)
        self.add.clear()

    def _entered(self) -> None:
        text = self.add.text().strip()
        if not text or self.add.completer().popup().isVisible():
            return
        self.add.clear()
        try:
            self.add_product(text)
            return
        except TillError:
            pass
        hits = [p for p in self.till.quick_search(text, 2) if not p.is_local]
        if len(hits) == 1:
            self.add_product(hits[0].sku)
        elif hits:
            self.status.fail(self.tr("Several products match “{text}”: pick one from the list as you type.").format(
                text=text))
        else:
            self.status.fail(self.tr("No platform product matches “{text}”.").format(text=text))

    def add_product(self, code: str, qty: int | None = None) -> int:
        """Add a product by barcode or SKU (one pack, or ``qty``); again adds another pack.
        Raises TillError for a code that is not known."""
        product = self.till.product(code)
        if product.is_local:
            self.status.fail(self.tr("{name} is the shop's own product; the platform does not supply it.").format(
                name=product.name))
            return -1
        pack = max(product.pack_size, 1)
        row = self.model.row_of(product.sku)
        if row is None:
            level = self.till.level(product.sku)
            row = self.model.add_line(OrderLine(product.sku, product.name, level, 0, 0.0, 0, pack, 0))
        line = self.model.lines[row]
        self.model.set_qty(row, qty if qty is not None else line.qty + pack)
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self.status.note(self.tr("{name}: {qty} to order.").format(name=line.name, qty=line.qty))
        return row

    def _selected_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()},
                      reverse=True)

    def remove_selected(self) -> None:
        rows = self._selected_rows()
        if not rows:
            self.status.fail(self.tr("Choose the line to remove in the list."))
            return
        for row in rows:
            line = self.model.remove_line(row)
            self.status.note(self.tr("Removed {name} from the order.").format(name=line.name))

    def _round(self) -> None:
        n = self.model.round_to_packs()
        self.status.note(self.tr("{n} lines rounded up to whole packs.").format(n=n))

    # -- placing ------------------------------------------------------------------------------

    def place(self):
        """Place the order as it stands. Returns the order, or None."""
        quantities = self.model.quantities()
        if not quantities:
            self.status.fail(self.tr("The order is empty: set a quantity above 0 on at least one line."))
            return None
        note = self.note.text().strip()
        try:
            order = with_approval(self, lambda pin: self.till.place_order(quantities, note, pin))
        except Declined:
            self.status.note(self.tr("Not placed: no owner approved."))
            return None
        except TillError as exc:
            self.status.fail(error_text(exc))
            return None
        self.status.ok(self.tr("Order placed: {lines} lines, {units} units. It goes to the platform with the next "
                               "sync; while the till is offline it waits, nothing is lost.").format(
            lines=len(quantities), units=sum(quantities.values())))
        self.note.clear()
        self.model.set_suggestions([])
        self.reload_history()
        return order

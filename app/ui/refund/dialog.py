"""Refund lines of a receipt: find it, choose quantities, restock or not, an owner approves,
and see the money going back per original tender."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from app.core.errors import TillError
from app.core.money import div_round
from app.core.refunds import too_many
from app.devices.receipt import method_name, qty_text

from ..approval import Declined, with_approval
from ..common import key_text, no_default_buttons


class RefundLinesModel(QAbstractTableModel):
    """Lines of one receipt; the last column (how many to refund) is editable. A quantity it
    cannot take is refused with ``refused(message)`` saying why."""

    ITEM, SOLD, LEFT, REFUND, AMOUNT = range(5)
    refused = Signal(str)

    def __init__(self, till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.receipt_no = ""
        self.lines: list = []
        self.left: dict[str, int] = {}
        self.qty: dict[str, int] = {}
        self.sale_id = ""
        self.preview: dict[str, int] | None = None  # a sale priced by promotions: the engine's amounts

    def _repreview(self) -> None:
        try:
            self.preview = self.till.promotions.refund_preview(self.sale_id, self.qty) if self.sale_id else None
        except Exception:  # an estimate only: the core works out the exact amount when refunding
            self.preview = None

    def load(self, sale, refundable: dict[str, int]) -> None:
        self.beginResetModel()
        self.receipt_no = sale.receipt_no
        self.lines = sorted(sale.lines, key=lambda line: line.line_no)
        self.left = dict(refundable)
        self.qty = {line.id: 0 for line in self.lines}
        self.sale_id = sale.id
        self.preview = None
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Item"), self.tr("Sold"), self.tr("Can refund"), self.tr("Refund"), self.tr("Amount")][section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [line.name, qty_text(line.qty, line.unit), qty_text(self.left.get(line.id, 0), line.unit),
                    qty_text(self.qty[line.id], line.unit) if self.qty[line.id] else "",
                    self.till.money(self.amount(line)) if self.qty[line.id] else ""][col]
        if role == Qt.ItemDataRole.EditRole and col == self.REFUND:
            return self.qty[line.id]
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.ITEM:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def amount(self, line) -> int:
        """An estimate for the screen; the core works out the exact amount."""
        if self.preview is not None:
            return self.preview.get(line.id, 0)
        return div_round(line.total * self.qty[line.id], line.qty)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.REFUND and self.left.get(self.lines[index.row()].id, 0) > 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 (Qt)
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.REFUND:
            return False
        line = self.lines[index.row()]
        try:
            qty = int(value)
        except (TypeError, ValueError):
            qty = -1
        if qty < 0:
            self.refused.emit(self.tr("Type how many to refund as a whole number (grams for weighed goods)."))
            return False
        left = self.left.get(line.id, 0)
        if qty > left:
            self.refused.emit(str(too_many(line, left, self.receipt_no)))
            return False
        self.qty[line.id] = qty
        self._repreview()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, 4))
        return True

    def refund_all(self) -> None:
        for line in self.lines:
            self.qty[line.id] = self.left.get(line.id, 0)
        self._repreview()
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, 4))

    def chosen(self) -> dict[str, int]:
        return {line_id: qty for line_id, qty in self.qty.items() if qty > 0}


class RefundDialog(QDialog):
    """Keys: Enter in the receipt field finds it; digits in the table set quantities;
    Ctrl+A refunds everything left; Ctrl+Enter refunds; Esc closes."""

    def __init__(self, parent: QWidget | None, till, printing=None) -> None:
        super().__init__(parent)
        self.till, self.printing = till, printing
        self.receipt_no: str | None = None
        self.refund = None
        self.setWindowTitle(self.tr("Refund"))
        self.find = QLineEdit(placeholderText=self.tr("Scan the receipt or type its number"), objectName="scan")
        self.find.returnPressed.connect(self.load)
        self.model = RefundLinesModel(till, self)
        self.model.refused.connect(self._refused)
        self.model.dataChanged.connect(lambda *_: self.error.clear())  # a quantity it took: no old refusal
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):  # "Can refund" whole, not "an refund"
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.restock = QCheckBox(self.tr("&Goods go back on the shelf (restock)"), checked=True)
        self.reason = QLineEdit(placeholderText=self.tr("Reason (optional)"))
        self.error = QLabel(objectName="error", wordWrap=True)
        self.outcome = QLabel(wordWrap=True)
        self.outcome.setProperty("tone", "ok")
        all_button = QPushButton(self.tr("Refund everything") + f"  {key_text('Ctrl+A')}")
        all_button.clicked.connect(self.model.refund_all)
        self.go = QPushButton(self.tr("Refund") + f"  {key_text('Ctrl+Return')}")
        self.go.setProperty("role", "primary")
        self.go.clicked.connect(self.do_refund)
        close = QPushButton(self.tr("Close") + "  Esc")
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+A"), self, activated=all_button.click)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.go.click)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.go.click)
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addStretch(1)
        row.addWidget(self.go)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.find)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.restock)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addLayout(row)
        self.resize(760, 560)
        no_default_buttons(self)

    def _refused(self, message: str) -> None:
        self.outcome.clear()
        self.error.setText(message)

    def load(self) -> bool:
        text = self.find.text().strip()
        if not text:
            return False
        try:
            sale = self.till.sale(text)
            left = self.till.refundable(sale.receipt_no)
        except TillError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self.outcome.clear()
        self.receipt_no = sale.receipt_no
        self.model.load(sale, left)
        if not any(left.values()):
            self.error.setText(self.tr("Everything on {no} was already refunded.").format(no=sale.receipt_no))
        self.table.setFocus()
        self.table.setCurrentIndex(self.model.index(0, RefundLinesModel.REFUND))
        return True

    def do_refund(self) -> None:
        chosen = self.model.chosen()
        if not self.receipt_no or not chosen:
            self.error.setText(self.tr("Choose what comes back: type a quantity in the Refund column, or Ctrl+A for everything."))
            return
        try:
            self.refund = with_approval(self, lambda pin: self.till.refund(
                self.receipt_no, chosen, restock=self.restock.isChecked(), approver_pin=pin,
                reason=self.reason.text().strip() or None))
        except Declined:
            self.error.setText(self.tr("Not refunded: no owner approved."))
            return
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        sale = self.till.sale(self.receipt_no)
        back = self.till.refund_payments(self.refund.id)
        parts = [f"{method_name(p.method)}{' ' + p.reference if p.reference else ''}: {self.till.money(-p.amount)}"
                 for p in back]
        self.outcome.setText(self.tr("Refunded {total}. Give back: {parts}").format(
            total=self.till.money(self.refund.total), parts="; ".join(parts)))
        if self.printing and any(p.method == "cash" for p in back):
            self.printing.open_drawer()
        self.model.load(sale, self.till.refundable(self.receipt_no))
        self.find.setFocus()
        self.find.selectAll()

    @classmethod
    def ask(cls, parent, till, printing=None):
        dialog = cls(parent, till, printing)
        dialog.exec()
        return dialog.refund

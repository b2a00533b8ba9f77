"""The cart as a Qt table model over ``app.core.sales.Cart``; edits go through the facade."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.core.errors import TillError
from app.core.reports import fmt_qty

Index = QModelIndex | QPersistentModelIndex


class CartModel(QAbstractTableModel):
    """Rows are cart lines. Columns: item, quantity (editable), price, discount, total.

    ``setData`` on the quantity runs ``till.set_quantity``; a refusal is reported through
    ``refused(message)`` and changes nothing. Call ``refresh()`` after changing the cart
    through the facade; ``set_cart`` for another cart.
    """

    ITEM, QTY, PRICE, DISCOUNT, TOTAL = range(5)
    refused = Signal(str)
    changed = Signal()

    def __init__(self, till, cart, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.cart = cart
        self._totals = cart.totals()

    def set_cart(self, cart) -> None:
        self.beginResetModel()
        self.cart = cart
        self._totals = cart.totals()
        self.endResetModel()
        self.changed.emit()

    def refresh(self) -> None:
        """The cart changed underneath: rows may have come or gone."""
        self.set_cart(self.cart)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Discount"), self.tr("Total")][section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section != self.ITEM:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def qty_text(self, line) -> str:
        return fmt_qty(line.qty, line.unit)  # grams as kg with three decimals, in integers

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.cart.lines)):
            return None
        line = self.cart.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            money = self.till.money
            totals = self._totals.lines[index.row()] if index.row() < len(self._totals.lines) else None
            if col == self.ITEM:
                text = line.name + (" *" if line.list_price is not None else "")
                if line.promotions:  # each saving shows under its line (rows are two lines high)
                    text += "\n  " + " · ".join(f"{p['name']} {money(-p['amount'])}" for p in line.promotions)
                return text
            if col == self.QTY:
                return self.qty_text(line)
            if col == self.PRICE:
                return money(line.unit_price) + (self.tr("/kg") if line.unit == "kg" else "")
            if col == self.DISCOUNT:
                off = line.discount + line.promo_discount
                return money(-off) if off else ""
            if col == self.TOTAL:
                return money(line.gross - line.discount - line.promo_discount) if totals else ""
        if role == Qt.ItemDataRole.EditRole and col == self.QTY:
            return line.qty
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.ITEM:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{line.sku} · {line.name}"
            if line.list_price is not None:
                tip += " · " + self.tr("price overridden (was {price})").format(price=self.till.money(line.list_price))
            for p in line.promotions:
                tip += "\n" + self.tr("{promotion}: saves {amount}").format(promotion=p["name"],
                                                                           amount=self.till.money(p["amount"]))
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and col == self.DISCOUNT and line.promo_discount:
            from PySide6.QtGui import QColor

            return QColor("#2e7d32")  # a saving from a promotion
        if role == Qt.ItemDataRole.UserRole:
            return line.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.QTY:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != self.QTY:
            return False
        try:
            qty = int(value)
            self.till.set_quantity(self.cart, index.row(), qty)
        except (TypeError, ValueError):
            self.refused.emit(self.tr("Type the quantity as a whole number (grams for weighed goods)."))
            return False
        except TillError as exc:
            self.refused.emit(str(exc))
            return False
        self.lines_changed()
        return True

    def lines_changed(self) -> None:
        """Values of existing lines changed (quantities, discounts, prices): repaint them."""
        self._totals = self.cart.totals()
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, self.columnCount() - 1))
        self.changed.emit()

    def totals(self):
        return self._totals

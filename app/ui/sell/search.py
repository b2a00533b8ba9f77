"""Search as you type over the whole catalog: debounced, run off the UI thread, newest wins."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

from app.ui.tasks import run_task

Index = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 150  # a scanner's burst is over long before this; a person's next key often is not
MIN_CHARS = 2


class ProductListModel(QAbstractListModel):
    """Products found (detached ``Product`` rows): name, price and SKU on one line."""

    def __init__(self, till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.products: list = []

    def set_products(self, products: list) -> None:
        self.beginResetModel()
        self.products = list(products)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.products)):
            return None
        product = self.products[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            price = self.till.money(product.sell_price) + (self.tr("/kg") if product.unit == "kg" else "")
            return f"{product.name}    {price}    {product.sku}"
        if role == Qt.ItemDataRole.UserRole:
            return product.sku
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{product.sku} · {product.category}"
        return None


class Searcher(QObject):
    """Feed it every change of the text; it searches once the typing pauses and emits
    ``found(text, products)`` for the latest text only (older answers are dropped)."""

    found = Signal(str, list)

    def __init__(self, till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self._text = ""
        self._generation = 0
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self._run)

    def text_changed(self, text: str) -> None:
        self._text = text.strip()
        self._generation += 1
        if len(self._text) < MIN_CHARS:
            self._timer.stop()
            self.found.emit(self._text, [])
        else:
            self._timer.start()

    def cancel(self) -> None:
        """Forget what is pending (the text was scanned or cleared)."""
        self._generation += 1
        self._timer.stop()

    def _run(self) -> None:
        text, generation = self._text, self._generation
        run_task(lambda: self.till.quick_search(text),
                 lambda products: self._deliver(generation, text, products),
                 lambda exc: self._deliver(generation, text, []))

    def _deliver(self, generation: int, text: str, products: list) -> None:
        if generation == self._generation and shiboken6.isValid(self):  # the screen may be gone meanwhile
            self.found.emit(text, products)

    def search_now(self, text: str) -> list:
        """Search synchronously (the benchmark and tests measure this path)."""
        self.cancel()
        products = self.till.quick_search(text.strip()) if len(text.strip()) >= MIN_CHARS else []
        self.found.emit(text.strip(), products)
        return products

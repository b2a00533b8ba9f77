"""Search as you type over the whole catalog: debounced, run off the UI thread, newest wins."""

from __future__ import annotations

from functools import lru_cache

import shiboken6
from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

from app.core.money import fmt
from app.ui.tasks import run_task

Index = QModelIndex | QPersistentModelIndex
DEBOUNCE_MS = 150  # a scanner's burst is over long before this; a person's next key often is not
MIN_CHARS = 2


class ProductListModel(QAbstractListModel):
    """Products found (detached ``Product`` rows): name, price and SKU on one line.

    Each line is written once, when the results arrive (the shop's currency read once per
    search): the view asks ``data`` for every row on every paint and layout, and formatting
    the price there read the shop from the database each time (~100 queries a paint)."""

    def __init__(self, till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.products: list = []
        self._lines: list[str] = []
        self._tips: list[str] = []

    def set_products(self, products: list) -> None:
        products = list(products)
        shop = self.till.shop() if products else None
        per_kg = self.tr("/kg")
        lines = [f"{p.name}    {_money(p.sell_price, shop.currency, shop.locale)}{per_kg if p.unit == 'kg' else ''}"
                 f"    {p.sku}" for p in products]
        self.beginResetModel()
        self.products = products
        self._lines = lines
        self._tips = [f"{p.sku} · {p.category}" for p in products]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or not (0 <= index.row() < len(self.products)):
            return None
        if role == _DISPLAY:
            return self._lines[index.row()]
        if role == _USER:
            return self.products[index.row()].sku
        return self._tips[index.row()]


@lru_cache(maxsize=4096)
def _money(amount: int, currency: str, locale: str) -> str:
    """An amount as the shop writes it (Babel takes ~0.1 ms an amount; a keystroke shows fifty)."""
    return fmt(amount, currency, locale)


_DISPLAY, _USER = int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.UserRole.value)
_ROLES = frozenset((_DISPLAY, _USER, int(Qt.ItemDataRole.ToolTipRole.value)))


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

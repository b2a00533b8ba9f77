"""Favourite and category buttons, big enough for a finger."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.ui.tasks import run_task

COLUMNS = 3
CATEGORY_COLUMNS = 5


class ProductButton(QPushButton):
    """A product tile: the name wrapped to the tile's real width (never clipped at its edges,
    never cut to "Olives mixed (pe…"), the price under it; the name and the SKU in the tooltip."""

    MAX_LINES = 3

    def __init__(self, name: str, price: str, sku: str) -> None:
        super().__init__()
        self.full_name, self.price = name, price
        self.setToolTip(f"{name}\n{sku}")
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def room(self) -> int:
        """The width the style leaves for text inside the tile's border and padding."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        return max(contents.width() - 4, 40)

    def _fit(self) -> None:
        room, metrics = self.room(), self.fontMetrics()
        lines: list[str] = []
        for word in self.full_name.replace("-", "- ").split():  # "Multi-surface" may break after its hyphen
            joined = f"{lines[-1]}{word}" if lines and lines[-1].endswith("-") else f"{lines[-1]} {word}" if lines else word
            if lines and metrics.horizontalAdvance(joined) <= room:
                lines[-1] = joined
            else:
                lines.append(word)
        if len(lines) > self.MAX_LINES:  # a very long name: its end is in the tooltip
            lines = lines[:self.MAX_LINES - 1] + [" ".join(lines[self.MAX_LINES - 1:])]
        lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room) for line in lines]
        text = "\n".join([*lines, self.price]).replace("&", "&&")
        if text != self.text():
            self.setText(text)
            option = QStyleOptionButton()
            self.initStyleOption(option)
            frame = self.height() - self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                                                 self).height()
            self.setMinimumHeight((len(lines) + 1) * metrics.height() + max(frame, 0) + 4)  # every line shows


class ProductGrid(QWidget):
    """A row of categories (favourites first) over a grid of product buttons.
    Emits ``chosen(sku)`` when a product is touched."""

    chosen = Signal(str)

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.categories = QWidget()
        self.category_layout = QGridLayout(self.categories)
        self.category_layout.setContentsMargins(0, 0, 0, 0)
        self.category_layout.setSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.products = QWidget()
        self.product_layout = QGridLayout(self.products)
        self.product_layout.setSpacing(6)
        self.product_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.products)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.categories)
        layout.addWidget(scroll, 1)
        self._loading = False  # a refresh is running off the UI thread
        self._stale = False  # another notice came while it ran
        self.reload()

    def refresh(self) -> None:
        """The catalog or the policies changed: read the tiles off the UI thread, then show them.
        Notices that come while a read runs are coalesced into one more read."""
        if self._loading:
            self._stale = True
            return
        self._loading, self._stale = True, False
        till = self.till
        run_task(lambda: (till.categories(), till.favourites()), self._refreshed, self._refresh_failed)

    def _refreshed(self, result) -> None:
        if not isValid(self):  # the screen was rebuilt (a language change) while the read ran
            return
        self._loading = False
        if self._stale:
            self.refresh()
            return
        self.reload(*result)

    def _refresh_failed(self, exc: Exception) -> None:
        if isValid(self):
            self._loading = False
            if self._stale:
                self.refresh()

    def reload(self, names: list[str] | None = None, favourites: list | None = None) -> None:
        """Rebuild the category row and show the favourites (read now unless given)."""
        if names is None:
            names = self.till.categories()
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        names = [None] + names
        for i, name in enumerate(names):
            button = QPushButton(self.tr("Favourites") if name is None else name.replace("&", "&&"))
            button.setProperty("role", "category")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # columns follow the width
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.show_category(n))
            self.group.addButton(button)
            self.category_layout.addWidget(button, i // CATEGORY_COLUMNS, i % CATEGORY_COLUMNS)
        self.group.buttons()[0].setChecked(True)
        self._columns = None
        self._flow_categories()
        self.show_category(None, favourites)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._flow_categories()

    def _flow_categories(self) -> None:
        """As many category columns as the widest name leaves room for (five at most)."""
        buttons = self.group.buttons()
        if not buttons:
            return
        spacing = self.category_layout.spacing()
        widest = max(b.sizeHint().width() for b in buttons)
        width = self.width()
        columns = max(2, min(CATEGORY_COLUMNS, (width + spacing) // (widest + spacing)))
        if columns == getattr(self, "_columns", None):
            return
        self._columns = columns
        for button in buttons:
            self.category_layout.removeWidget(button)
        for i, button in enumerate(buttons):
            self.category_layout.addWidget(button, i // columns, i % columns)

    def show_category(self, name: str | None, products: list | None = None) -> None:
        while self.product_layout.count():
            item = self.product_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if products is None:
            products = self.till.favourites() if name is None else self.till.products_in(name)
        if not products:  # a new shop's Favourites, or an empty category: say so, never a blank pane
            hint = QLabel(self.tr("Your best sellers appear here as the shop sells. Until then, choose a "
                                  "category above, or scan.") if name is None else
                          self.tr("Nothing for sale in this category."), wordWrap=True)
            self.product_layout.addWidget(hint, 0, 0, 1, COLUMNS)
            return
        money = self.till.money_formatter()  # the shop's currency read once, not once a tile
        for i, product in enumerate(products):
            price = money(product.sell_price) + (self.tr("/kg") if product.unit == "kg" else "")
            button = ProductButton(product.name, price, product.sku)
            button.setProperty("role", "product")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("sku", product.sku)
            button.clicked.connect(lambda _=False, sku=product.sku: self.chosen.emit(sku))
            self.product_layout.addWidget(button, i // COLUMNS, i % COLUMNS)

    def buttons(self) -> list[QPushButton]:
        widgets = (self.product_layout.itemAt(i).widget() for i in range(self.product_layout.count()))
        return [w for w in widgets if isinstance(w, QPushButton)]



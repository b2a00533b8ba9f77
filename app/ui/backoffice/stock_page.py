"""Stock: levels with search and filters, a product's ledger, write-offs, local prices and products."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from app.core import stock
from app.core.errors import TillError
from app.core.reports import fmt_qty

from .common import Page, error_text, table_view, with_approval
from .dialogs import CANCEL, LocalProductDialog, PriceDialog, WriteOffDialog
from .models import STATUSES, Col, RawRole, RowsModel, StockModel


class StockPage(Page):
    LONG_JOBS = True

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or SKU"))
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        labels = {"all": self.tr("All products"), "low": self.tr("Low stock"), "out": self.tr("Out of stock"),
                  "negative": self.tr("Negative (count needed)")}
        for status in STATUSES:
            self.filter.addItem(labels[status], status)
        self.shown = QLabel()
        self.refresh_button = QPushButton(self.tr("Refresh"))

        self.model = StockModel(self.money, self)
        self.view = table_view()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(StockModel.NAME, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        for col, width in ((StockModel.SKU, 72), (StockModel.NAME, 230), (StockModel.CATEGORY, 105),
                           (StockModel.LEVEL, 80), (StockModel.REORDER, 78), (StockModel.PRICE, 82)):
            header.resizeSection(col, width)

        self.title = QLabel(self.tr("Choose a product to see its movements."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold")
        self.ledger = RowsModel([
            Col(self.tr("When"), "date"), Col(self.tr("What")), Col(self.tr("Qty"), "qty", unit_col=6),
            Col(self.tr("Why")), Col(self.tr("Who")), Col(self.tr("From")),
        ], self.money, self)
        ledger_proxy = QSortFilterProxyModel(self)
        ledger_proxy.setSourceModel(self.ledger)
        ledger_proxy.setSortRole(RawRole)
        self.ledger_view = table_view()
        self.ledger_view.setModel(ledger_proxy)
        self.ledger_view.setSortingEnabled(True)
        self.ledger_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.ledger_view.horizontalHeader().resizeSection(0, 130)
        self.ledger_view.horizontalHeader().resizeSection(1, 90)
        self.ledger_view.horizontalHeader().resizeSection(2, 70)
        self.ledger_view.horizontalHeader().resizeSection(3, 150)

        self.write_off_button = QPushButton(self.tr("Write off…"))
        self.price_button = QPushButton(self.tr("Local price…"))
        self.new_button = QPushButton(self.tr("New local product…"))
        for b in (self.write_off_button, self.price_button):
            b.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.filter, 1)
        top.addWidget(self.shown)
        top.addWidget(self.refresh_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_off_button)
        buttons.addWidget(self.price_button)
        buttons.addStretch()
        rl.addLayout(buttons)
        rl.addWidget(QLabel(self.tr("Movements (newest first)")))
        rl.addWidget(self.ledger_view)
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([730, 470])
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.jobs)
        bottom.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self.apply_filter)
        self.filter.currentIndexChanged.connect(self.apply_filter)
        self.refresh_button.clicked.connect(self.reload)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.write_off_button.clicked.connect(self.write_off)
        self.price_button.clicked.connect(self.local_price)
        self.new_button.clicked.connect(self.new_local_product)
        self.loaded = False
        self._again = False
        self.current_sku: str | None = None

    # -- loading and filtering ----------------------------------------------------------

    def reload(self) -> None:
        """Fetch every product's level in one query, off the UI thread (a reload asked for
        while one runs follows it, once)."""
        if self.jobs.busy:
            self._again = True
            return
        self._again = False
        self.jobs.start(self.tr("Loading stock…"), lambda task: self.till.stock_table(), self._loaded,
                        cancellable=False)

    def _loaded(self, rows: list[tuple]) -> None:
        if self._again:
            self._again = False
            self.reload()
            return
        keep = self.current_sku
        self.model.set_rows(rows)
        self.model.set_filter(self.search.text(), self.filter.currentData())
        self.loaded = True
        self._count()
        if keep:
            self.select(keep)

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text(), self.filter.currentData())
        self._count()

    def _count(self) -> None:
        self.shown.setText(self.tr("{shown} of {total}").format(shown=self.model.rowCount(), total=self.model.total))

    def select(self, sku: str) -> bool:
        row = self.model.row_of(sku)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        self.current_sku = self.model.sku_at(rows[0].row()) if rows else None
        self.write_off_button.setEnabled(self.current_sku is not None)
        self.price_button.setEnabled(self.current_sku is not None)
        self.show_ledger()

    def show_ledger(self) -> None:
        if self.current_sku is None:
            self.ledger.set_rows([])
            self.title.setText(self.tr("Choose a product to see its movements."))
            return
        try:
            product = self.till.product(self.current_sku)
            rows = self.till.stock_ledger(self.current_sku)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        kinds = {"sale": self.tr("sale"), "refund": self.tr("refund"), "delivery": self.tr("delivery"),
                 "write_off": self.tr("write-off"), "adjustment": self.tr("adjustment"), "count": self.tr("count")}
        origin = {"local": self.tr("this till"), "remote": self.tr("other till / platform")}
        self.ledger.set_rows([(when, kinds.get(kind, kind), qty, str(stock.shown_reason(reason)), who or "", origin.get(o, o),
                               product.unit) for when, kind, qty, reason, who, o in rows])
        self.ledger_view.resizeColumnsToContents()
        self.title.setText(self.tr("{name} ({sku}): {level} in stock").format(
            name=product.name, sku=product.sku, level=fmt_qty(self.till.level(product.sku), product.unit)))

    # -- actions -------------------------------------------------------------------------

    def write_off(self) -> None:
        if self.current_sku is None:
            return
        product = self.till.product(self.current_sku)
        answer = WriteOffDialog.ask(self, product.name, product.unit)
        if answer is None:
            return
        qty, reason, note = answer
        try:
            done = with_approval(self, lambda pin: self.till.write_off(product.sku, qty, reason, note, pin))
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        if done is not None:
            self.status.ok(self.tr("Wrote off {qty} of {name} ({reason}).").format(
                qty=qty, name=product.name, reason=stock.reason_label(reason)))
            self.reload()

    def local_price(self) -> None:
        if self.current_sku is None:
            return
        product = self.till.product(self.current_sku)
        price = PriceDialog.ask(self, product, self.money)
        if price is CANCEL:
            return
        try:
            with_approval(self, lambda pin: self.till.set_local_price(product.sku, price, pin) or True)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        self.status.ok(self.tr("{name} now sells at {price}.").format(
            name=product.name, price=self.money(price if price is not None else product.price)))
        self.reload()

    def new_local_product(self) -> None:
        spec = LocalProductDialog.ask(self, self.till.categories())
        if spec is None:
            return
        try:
            self.till.upsert_product(spec, local=True)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        self.status.ok(self.tr("Added {name} as a product of your own.").format(name=spec.name))
        self.current_sku = spec.sku
        self.search.setText(spec.sku)
        self.reload()

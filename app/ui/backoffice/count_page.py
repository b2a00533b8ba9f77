"""Stock count: a count sheet (one shelf, one category, or scan as you go), review the
differences, post them as count adjustments with an owner's approval."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.core.errors import TillError
from app.core.reports import fmt_qty

from .common import Page, error_text, table_view, with_approval
from .dialogs import Confirm
from .models import CountModel

_ANY = "\x00any"


class CountPage(Page):
    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.scope = QComboBox()
        self.load_button = QPushButton(self.tr("Start sheet"))
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(self.tr("Scan or type a barcode / SKU, then Enter: adds one"))
        self.only_counted = QCheckBox(self.tr("Show only what was counted"))
        self.model = CountModel(self)
        self.view = table_view()
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        for col, width in ((0, 90), (1, 320), (2, 110), (3, 90)):
            header.resizeSection(col, width)
        self.summary = QLabel()
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note for the ledger, e.g. “shelf 3 after delivery”"))
        self.review_button = QPushButton(self.tr("Review differences"))
        self.post_button = QPushButton(self.tr("Post count…"))
        self.clear_button = QPushButton(self.tr("Clear sheet"))
        self.post_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Count")))
        top.addWidget(self.scope, 1)
        top.addWidget(self.load_button)
        top.addWidget(self.only_counted)
        actions = QHBoxLayout()
        actions.addWidget(self.note, 2)
        actions.addWidget(self.review_button)
        actions.addWidget(self.post_button)
        actions.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scan)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.status)

        self.load_button.clicked.connect(self.start_sheet)
        self.scan.returnPressed.connect(self._scanned)
        self.review_button.clicked.connect(self.review)
        self.post_button.clicked.connect(self.post)
        self.clear_button.clicked.connect(self.clear)
        self.only_counted.toggled.connect(self._filter_rows)
        self.model.dataChanged.connect(self._changed)
        self.model.rowsInserted.connect(self._changed)
        self.model.modelReset.connect(self._changed)
        self.fill_scopes()
        self._changed()

    def keyboard_home(self) -> QWidget:
        return self.scan  # a scan first

    def fill_scopes(self) -> None:
        current = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem(self.tr("Scan as you go (any product)"), _ANY)
        for category in self.till.categories():
            self.scope.addItem(self.tr("Category: {name}").format(name=category), category)
        if current is not None and self.scope.findData(current) >= 0:
            self.scope.setCurrentIndex(self.scope.findData(current))

    def start_sheet(self, category: str | None = None) -> None:
        """A fresh sheet: a category's products, or empty for scanning as you go."""
        scope = category if isinstance(category, str) else self.scope.currentData()
        rows = [] if scope == _ANY else self.till.count_sheet(scope)
        self.model.set_sheet(rows)
        self.post_button.setEnabled(False)
        self.status.note(self.tr("{n} products on the sheet. Only the lines you count are posted.").format(
            n=len(rows)) if rows else self.tr("Scan products to count them."))
        self.scan.setFocus()

    def count(self, code: str, qty: int | None = None) -> int | None:
        """Scan ``code``: add one (or set ``qty``). Products not on the sheet join it."""
        product = self.scanned_product(code)
        if product is None:
            return None
        row = self.model.row_of(product.sku)
        if row is None:
            row = self.model.add_line(product.sku, product.name, product.unit, self.till.level(product.sku))
        if qty is None:
            self.model.bump(row)
        else:
            self.model.set_counted(row, qty)
        self.view.selectRow(row)
        line = self.model.lines[row]
        self.status.note(self.tr("{name}: {qty} counted").format(name=line.name, qty=fmt_qty(line.counted or 0,
                                                                                           line.unit)))
        self.post_button.setEnabled(False)
        return row

    def _scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if code:
            self.count(code)

    def _changed(self, *args) -> None:
        counted = self.model.counted()
        differ = [line for line in self.model.lines if line.counted is not None and line.difference]
        self.summary.setText(self.tr("{counted} of {total} lines counted; {differ} differ from the books.").format(
            counted=len(counted), total=len(self.model.lines), differ=len(differ)))
        self._filter_rows()

    def _filter_rows(self) -> None:
        only = self.only_counted.isChecked()
        for row, line in enumerate(self.model.lines):
            self.view.setRowHidden(row, only and line.counted is None)

    def review(self) -> list:
        """Compare with the books as they are now (sales go on while counting)."""
        counted = self.model.counted()
        if not counted:
            self.status.fail(self.tr("Nothing is counted yet: type or scan quantities first."))
            return []
        try:
            lines = self.till.review_count(counted)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return []
        by_sku = {line.sku: line.expected for line in lines}
        self.model.set_expected(by_sku)
        differ = [line for line in lines if line.difference]
        self.post_button.setEnabled(True)
        self.status.note(self.tr("{n} of {m} counted lines differ. Post the count to correct the books.").format(
            n=len(differ), m=len(lines)) if differ else self.tr("Every counted line matches the books."))
        return lines

    def post(self) -> bool:
        lines = self.review()
        if not lines:
            return False
        differ = [line for line in lines if line.difference]
        text = self.tr("Post a count of {m} products? {n} stock levels change:").format(m=len(lines), n=len(differ))
        text += "".join(f"\n• {line.name}: {'+' if line.difference > 0 else ''}{line.difference}"
                        for line in differ[:12])
        if len(differ) > 12:
            text += "\n" + self.tr("…and {n} more.").format(n=len(differ) - 12)
        if not Confirm.ask(self, self.tr("Post stock count"), text, self.tr("Post count")):
            return False
        counted = self.model.counted()
        note = self.note.text().strip()
        try:
            moves = with_approval(self, lambda pin: self.till.post_count(counted, pin, note))
        except TillError as exc:
            self.status.fail(error_text(exc))
            return False
        if moves is None:
            return False
        self.status.ok(self.tr("Count posted: {n} adjustments.").format(n=len(moves)))
        self.model.set_sheet([])
        self.post_button.setEnabled(False)
        return True

    def clear(self) -> None:
        self.model.set_sheet([])
        self.post_button.setEnabled(False)
        self.status.note("")

"""Receiving the platform's deliveries: the shipments waiting, a count sheet for the chosen one
(shipped, received, damaged per line; a scan adds one received), the differences shown before
confirming, then ``receive_delivery``; and the deliveries received so far."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from app.core.errors import TillError
from app.core.reports import fmt_qty

from ..i18n import short_when_text, table_time
from .common import Page, error_text, table_view, tone, work_over_history
from .dialogs import Confirm
from .models import Col, Index, RawRole, RowsModel, SheetModel, translate
from .orders_page import order_ref, sorting_proxy



@dataclass
class ReceiveLine:
    sku: str
    name: str
    unit: str
    shipped: int
    unit_cost: int
    received: int
    damaged: int = 0

    @property
    def short(self) -> int:
        """Units missing (negative when more arrived than shipped)."""
        return self.shipped - self.received

    @property
    def good(self) -> int:
        return self.received - self.damaged

    @property
    def differs(self) -> bool:
        return self.received != self.shipped or self.damaged > 0


class ReceiveModel(SheetModel):
    """A delivery's count sheet. "Received" starts at what was shipped; "Received" and
    "Damaged" are typed into (damaged at most received)."""

    SKU, NAME, SHIPPED, RECEIVED, DAMAGED, GOOD, DIFF = range(7)
    EDITABLE = (RECEIVED, DAMAGED)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[ReceiveLine] = []
        self._titles = [translate("ReceiveModel", "SKU"), translate("ReceiveModel", "Name"),
                        translate("ReceiveModel", "Shipped"), translate("ReceiveModel", "Received"),
                        translate("ReceiveModel", "Damaged"), translate("ReceiveModel", "To the shelf"),
                        translate("ReceiveModel", "Difference")]

    def set_lines(self, lines: list[tuple]) -> None:
        """lines: (sku, name, unit, shipped, unit_cost) as in ``Till.delivery_rows``."""
        self.beginResetModel()
        self.lines = [ReceiveLine(sku, name, unit, qty, cost, qty) for sku, name, unit, qty, cost in lines]
        self.endResetModel()

    def set_counts(self, row: int, received: int | None = None, damaged: int | None = None) -> None:
        line = self.lines[row]
        received = line.received if received is None else received
        damaged = line.damaged if damaged is None else damaged
        if received < 0 or damaged < 0 or damaged > received:
            raise ValueError("received and damaged must be zero or more, damaged at most received")
        line.received, line.damaged = received, damaged
        self.dataChanged.emit(self.index(row, self.RECEIVED), self.index(row, self.DIFF))

    def clear_received(self) -> None:
        """Every line to 0 received, to count the delivery by scanning."""
        for line in self.lines:
            line.received, line.damaged = 0, 0
        if self.lines:
            self.dataChanged.emit(self.index(0, self.RECEIVED), self.index(len(self.lines) - 1, self.DIFF))

    def counts(self) -> dict[str, tuple[int, int]]:
        return {line.sku: (line.received, line.damaged) for line in self.lines}

    def _raw(self, line: ReceiveLine, col: int) -> Any:
        return (line.sku, line.name, line.shipped, line.received, line.damaged, line.good, -line.short)[col]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col in (self.SKU, self.NAME):
                return self._raw(line, col)
            if col == self.DIFF:
                parts = []
                if line.short > 0:
                    parts.append(translate("ReceiveModel", "{n} short").format(n=line.short))
                elif line.short < 0:
                    parts.append(translate("ReceiveModel", "{n} extra").format(n=-line.short))
                if line.damaged:
                    parts.append(translate("ReceiveModel", "{n} damaged").format(n=line.damaged))
                return ", ".join(parts)
            return fmt_qty(self._raw(line, col), line.unit)
        if role == Qt.ItemDataRole.EditRole:
            if col in (self.RECEIVED, self.DAMAGED):
                return str(self._raw(line, col))
            return self.data(index)
        if role == RawRole:
            return self._raw(line, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.SHIPPED <= col <= self.GOOD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.DIFF and line.differs:
            return QBrush(tone("error") if line.short > 0 else tone("warn"))
        if role == Qt.ItemDataRole.BackgroundRole and line.differs:
            return QBrush(tone("warn_bg"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in (self.RECEIVED,
                                                                                             self.DAMAGED):
            return False
        try:
            qty = int(str(value).strip() or "0")
        except ValueError:
            return False
        try:
            if index.column() == self.RECEIVED:
                line = self.lines[index.row()]
                self.set_counts(index.row(), received=qty, damaged=min(line.damaged, max(qty, 0)))
            else:
                self.set_counts(index.row(), damaged=qty)
        except ValueError:
            return False
        return True


def _day(iso: str | None) -> str:
    return table_time(iso)


def _short(iso: str | None) -> str:
    """“24 Nov 21:57” (“11月24日 21:57”) in the machine's time."""
    try:
        return short_when_text(iso) if iso else ""
    except ValueError:
        return _day(iso)


class DeliveriesPage(Page):
    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.waiting: list[tuple] = []
        self.current: tuple | None = None

        self.waiting_model = RowsModel([Col(self.tr("Shipped")), Col(self.tr("Order")),
                                        Col(self.tr("Lines"), "int"), Col(self.tr("Units"), "int"),
                                        Col(self.tr("Value at cost"), "money")], self.money, self)
        self.waiting_view = table_view()
        self.waiting_view.setModel(self.waiting_model)
        for col, width in ((0, 100), (1, 64), (2, 46), (3, 46)):
            self.waiting_view.horizontalHeader().resizeSection(col, width)
        self.waiting_view.setMinimumWidth(280)

        self.model = ReceiveModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.view = table_view()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        for col, width in ((0, 70), (ReceiveModel.NAME, 170), (2, 70), (3, 75), (4, 75), (5, 85)):
            header.resizeSection(col, width)  # the notes stretch; a narrow screen scrolls, never cuts "Name"
        self.title = QLabel(self.tr("Choose a delivery on the left."), wordWrap=True)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(self.tr("Scan a product, then Enter: one more received"))
        self.zero_button = QPushButton(self.tr("Count from zero"))
        self.zero_button.setToolTip(self.tr("Set every line to 0 received, then scan each item as you unpack."))
        self.differences = QLabel()
        self.differences.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm receipt…"))

        self.history_model = RowsModel([Col(self.tr("Received"), "date"), Col(self.tr("Shipped"), "date"),
                                        Col(self.tr("Order")), Col(self.tr("Lines"), "int"),
                                        Col(self.tr("Units shipped"), "int"), Col(self.tr("Put on the shelf"), "int"),
                                        Col(self.tr("Value at cost"), "money")], self.money, self)
        self.history_proxy = sorting_proxy(self.history_model, self)
        self.history = table_view()
        self.history.setModel(self.history_proxy)
        self.history.setSortingEnabled(True)
        self.history.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for col, width in ((0, 130), (1, 130), (2, 70), (3, 60), (4, 110), (5, 120)):
            self.history.horizontalHeader().resizeSection(col, width)

        left = QGroupBox(self.tr("Waiting to be received"))
        ll = QVBoxLayout(left)
        ll.addWidget(self.waiting_view)
        sheet = QGroupBox(self.tr("Count sheet"))
        sl = QVBoxLayout(sheet)
        sl.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.scan, 1)
        row.addWidget(self.zero_button)
        sl.addLayout(row)
        sl.addWidget(self.view, 1)
        sl.addWidget(self.differences)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.confirm_button)
        sl.addLayout(row)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(sheet)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 5)
        work_over_history(self, top, self.tr("Received"), self.history, self.status)

        self.waiting_view.selectionModel().selectionChanged.connect(self._picked)
        self.scan.returnPressed.connect(self._scanned)
        self.zero_button.clicked.connect(self._zero)
        self.confirm_button.clicked.connect(self.confirm)
        for signal in (self.model.dataChanged, self.model.modelReset):
            signal.connect(self._changed)
        self._changed()

    # -- loading ------------------------------------------------------------------------------

    def keyboard_home(self) -> QWidget:
        """With a delivery open, its scan field (the boxes are being unpacked); else the list."""
        return self.scan if self.current is not None else self.waiting_view

    def reload(self) -> None:
        keep = self.current[0] if self.current else None
        rows = self.till.delivery_rows()
        self.waiting = [r for r in rows if r[2] == "shipped"]
        received = [r for r in rows if r[2] == "received"]

        def summary(r: tuple) -> tuple:
            lines = r[5]
            return len(lines), sum(line[3] for line in lines), sum(line[3] * line[4] for line in lines)

        self.waiting_model.set_rows([(_short(r[3]), order_ref(r[1]) or "–", *summary(r)) for r in self.waiting])
        self.history_model.set_rows([(r[4], r[3], order_ref(r[1]) or "–", *summary(r)[:2], r[6],
                                      summary(r)[2]) for r in received])
        ids = [r[0] for r in self.waiting]
        if keep in ids:
            self.waiting_view.selectRow(ids.index(keep))
        elif self.waiting:
            self.waiting_view.selectRow(0)
        else:
            self.open(None)
            self.status.note(self.tr("No deliveries are waiting. Shipments from the platform appear here after "
                                     "a sync."))

    def _picked(self, *args) -> None:
        rows = self.waiting_view.selectionModel().selectedRows()
        self.open(self.waiting[rows[0].row()][0] if rows else None)

    def open(self, delivery_id: str | None) -> None:
        """Show the count sheet of a waiting delivery (None: no sheet)."""
        if self.current and self.current[0] == delivery_id:
            return
        self.current = next((r for r in self.waiting if r[0] == delivery_id), None)
        self.model.set_lines(self.current[5] if self.current else [])
        if self.current:
            self.title.setText(self.tr("<b>Delivery shipped {when}</b> — {n} lines. Received starts at what was "
                                       "shipped; correct what differs.").format(when=_short(self.current[3]),
                                                                               n=len(self.current[5])))
            self.scan.setFocus()
        else:
            self.title.setText(self.tr("Choose a delivery on the left."))

    # -- counting -----------------------------------------------------------------------------

    def receive_one(self, code: str) -> int | None:
        """A scan: one more of that product received."""
        if self.current is None:
            self.status.fail(self.tr("Choose the delivery you are unpacking first."))
            return None
        product = self.scanned_product(code)
        if product is None:
            return None
        row = self.model.row_of(product.sku)
        if row is None:
            self.status.fail(self.tr("{name} is not on this delivery. Put it aside and tell the platform.").format(
                name=product.name))
            return None
        line = self.model.lines[row]
        self.model.set_counts(row, received=line.received + 1)
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        self.status.note(self.tr("{name}: {received} of {shipped} received.").format(
            name=line.name, received=line.received, shipped=line.shipped))
        return row

    def _scanned(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if code:
            self.receive_one(code)

    def _zero(self) -> None:
        self.model.clear_received()
        self.status.note(self.tr("Every line is at 0: scan each item as you unpack it."))
        self.scan.setFocus()

    def difference_lines(self) -> list[str]:
        """One text per line that differs, e.g. “Whole milk 1 l: 2 short, 1 damaged”."""
        out = []
        for line in self.model.lines:
            parts = []
            if line.short > 0:
                parts.append(self.tr("{n} short").format(n=fmt_qty(line.short, line.unit)))
            elif line.short < 0:
                parts.append(self.tr("{n} more than shipped").format(n=fmt_qty(-line.short, line.unit)))
            if line.damaged:
                parts.append(self.tr("{n} damaged").format(n=fmt_qty(line.damaged, line.unit)))
            if parts:
                out.append(f"{line.name}: {', '.join(parts)}")
        return out

    def _changed(self, *args) -> None:
        self.confirm_button.setEnabled(self.current is not None)
        self.zero_button.setEnabled(self.current is not None)
        self.scan.setEnabled(self.current is not None)
        if self.current is None:
            self.differences.setText("")
            return
        good = sum(line.good for line in self.model.lines)
        diffs = self.difference_lines()
        if diffs:
            self.differences.setStyleSheet(f"color: {tone('error').name()}")
            self.differences.setText(self.tr("Differences: {list}. {good} units go on the shelf.").format(
                list="; ".join(diffs), good=good))
        else:
            self.differences.setStyleSheet(f"color: {tone('ok').name()}")
            self.differences.setText(self.tr("Everything arrived as shipped: {good} units go on the shelf.").format(
                good=good))

    def confirm(self) -> bool:
        """Confirm the sheet as it stands (differences are shown first)."""
        if self.current is None:
            self.status.fail(self.tr("Choose the delivery you are unpacking first."))
            return False
        diffs = self.difference_lines()
        good = sum(line.good for line in self.model.lines)
        text = self.tr("Receive this delivery? {good} units go on the shelf at wholesale cost.").format(good=good)
        if diffs:
            text += "\n\n" + self.tr("These differences are reported to the platform:") + "".join(
                f"\n• {d}" for d in diffs)
        if not Confirm.ask(self, self.tr("Receive delivery"), text, self.tr("Receive")):
            return False
        try:
            self.till.receive_delivery(self.current[0], self.model.counts())
        except TillError as exc:
            self.status.fail(error_text(exc))
            return False
        self.current = None
        self.status.ok(self.tr("Received: {good} units are on the shelf. The counts go to the platform with the "
                               "next sync.").format(good=good) + (
            " " + self.tr("{n} differences reported.").format(n=len(diffs)) if diffs else ""))
        message = self.status.text()
        self.reload()
        self.status.ok(message)
        return True

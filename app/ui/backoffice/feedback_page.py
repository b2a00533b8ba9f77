"""The feedback inbox: what customers said on their digital receipt page (arrives with a sync)
and at the counter. Unread feedback is highlighted until marked read; counter feedback is
recorded here too."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from app.core.errors import TillError

from ..i18n import table_time
from .common import Page, error_text, table_view
from .dialogs import _Form
from .models import Index, RawRole, TitledModel, translate

_UNREAD_BG = QColor("#fff4d6")


def plain_html(text: str) -> str:
    """``text`` (a customer's words) as rich text that shows exactly those characters: Qt renders a
    tooltip or label that looks like HTML as HTML, so a customer's markup must never reach one raw."""
    return "<span style='white-space:pre-wrap'>" + html.escape(text, quote=True) + "</span>"


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


class FeedbackModel(TitledModel):
    """Rows of ``Till.feedback_rows``: (id, created_at, rating, comment, source, receipt no, read)."""

    WHEN, RATING, COMMENT, RECEIPT, SOURCE = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple] = []
        self._titles = [translate("FeedbackModel", "When"), translate("FeedbackModel", "Rating"),
                        translate("FeedbackModel", "Comment"), translate("FeedbackModel", "Receipt"),
                        translate("FeedbackModel", "From")]
        self._sources = {"counter": translate("FeedbackModel", "at the counter"),
                         "receipt_page": translate("FeedbackModel", "receipt page")}

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def id_at(self, row: int) -> str:
        return self.rows[row][0]

    def is_unread(self, row: int) -> bool:
        return not self.rows[row][6]

    @property
    def unread(self) -> int:
        return sum(1 for r in self.rows if not r[6])

    def _size(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        _id, created, rating, comment, source, receipt, read = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.WHEN:
                return table_time(created)
            if col == self.RATING:
                return stars(rating)
            if col == self.COMMENT:
                return " ".join((comment or "").split()) or "–"
            if col == self.RECEIPT:
                return receipt or ""
            if col == self.SOURCE:
                return self._sources.get(source, source)
        if role == RawRole:
            return (created, rating, comment or "", receipt or "", source)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COMMENT and comment:
            return plain_html(comment)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == self.RATING:
            return translate("FeedbackModel", "{n} of 5 stars").format(n=rating)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.RATING:
            return QBrush(QColor("#b3261e") if rating <= 2 else QColor("#c77700"))
        if role == Qt.ItemDataRole.FontRole and (col == self.RATING or not read):
            font = QFont()
            font.setBold(not read)
            if col == self.RATING:
                font.setPointSizeF(font.pointSizeF() * 1.3)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and not read:
            return QBrush(_UNREAD_BG)
        return None


class FeedbackFilter(QSortFilterProxyModel):
    """Sorts by the raw values; can show unread feedback only."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(RawRole)
        self.unread_only = False

    def set_unread_only(self, on: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self.unread_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.unread_only = on
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self.unread_only or self.sourceModel().is_unread(source_row)


class CounterFeedbackDialog(_Form):
    """What a customer said at the counter: 1–5 stars, a comment, optionally their receipt."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, self.tr("Record counter feedback"))
        self.rating = QComboBox()
        for n in range(5, 0, -1):
            self.rating.addItem(f"{stars(n)}  " + self.tr("{n} of 5").format(n=n), n)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("What the customer said, in their words"))
        self.comment.setTabChangesFocus(True)
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText(self.tr("optional, e.g. S001-1-000123"))
        self.form.addRow(self.tr("Rating"), self.rating)
        self.form.addRow(self.tr("Comment"), self.comment)
        self.form.addRow(self.tr("Receipt number"), self.receipt)
        self.resize(440, 300)

    def answer(self) -> tuple[int, str, str | None]:
        return self.rating.currentData(), self.comment.toPlainText().strip(), self.receipt.text().strip() or None

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[int, str, str | None] | None:
        """(rating, comment, receipt number or None), or None when cancelled."""
        dialog = cls(parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


class FeedbackPage(Page):
    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.model = FeedbackModel(self)
        self.proxy = FeedbackFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = table_view()
        self.view.setModel(self.proxy)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FeedbackModel.WHEN, Qt.SortOrder.DescendingOrder)
        for col, width in ((0, 130), (1, 90), (2, 520), (3, 140)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.summary = QLabel()
        self.unread_only = QCheckBox(self.tr("Unread only"))
        self.read_button = QPushButton(self.tr("Mark selected read"))
        self.all_read_button = QPushButton(self.tr("Mark all read"))
        self.record_button = QPushButton(self.tr("Record counter feedback…"))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(40)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.unread_only)
        top.addWidget(self.read_button)
        top.addWidget(self.all_read_button)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.status)

        self.unread_only.toggled.connect(self.proxy.set_unread_only)
        self.read_button.clicked.connect(self.mark_selected_read)
        self.all_read_button.clicked.connect(self.mark_all_read)
        self.record_button.clicked.connect(self.record)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.view.doubleClicked.connect(lambda _index: self.mark_selected_read())

    def reload(self) -> None:
        keep = set(self.selected_ids())
        self.model.set_rows(self.till.feedback_rows())
        for row in range(self.proxy.rowCount()):
            if self.model.id_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row()) in keep:
                self.view.selectionModel().select(self.proxy.index(row, 0),
                                                  self.view.selectionModel().SelectionFlag.Select
                                                  | self.view.selectionModel().SelectionFlag.Rows)
        rows = self.model.rows
        if rows:
            average = sum(r[2] for r in rows) / len(rows)
            self.summary.setText(self.tr("{unread} unread · {n} in all · average {avg:.1f} ★").format(
                unread=self.model.unread, n=len(rows), avg=average))
        else:
            self.summary.setText(self.tr("No feedback yet. Customers can leave it on their digital receipt, or "
                                         "tell you at the counter."))
        self.all_read_button.setEnabled(self.model.unread > 0)
        self._selected()

    def selected_ids(self) -> list[str]:
        return [self.model.id_at(self.proxy.mapToSource(i).row()) for i in self.view.selectionModel().selectedRows()]

    def _selected(self, *args) -> None:
        rows = [self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()]
        self.read_button.setEnabled(any(self.model.is_unread(r) for r in rows))
        if len(rows) == 1:
            _id, created, rating, comment, source, receipt, _read = self.model.rows[rows[0]]
            where = self.tr("receipt {no}").format(no=receipt) if receipt else self.tr("no receipt")
            self.detail.setText(f"<b>{stars(rating)}</b> · {plain_html(where)}<br>"
                                + (plain_html(comment) if comment else self.tr("(no comment)")))
        else:
            self.detail.setText("")

    def mark_selected_read(self) -> int:
        rows = [self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()]
        ids = [self.model.id_at(r) for r in rows if self.model.is_unread(r)]
        if not ids:
            return 0
        self.till.mark_feedback_read(ids)  # the till's "feedback" notice reloads the page
        self.reload()
        self.status.note(self.tr("{n} marked read.").format(n=len(ids)))
        return len(ids)

    def mark_all_read(self) -> None:
        self.till.mark_feedback_read(None)
        self.reload()
        self.status.note(self.tr("All feedback is marked read."))

    def record(self) -> bool:
        answer = CounterFeedbackDialog.ask(self)
        if answer is None:
            return False
        rating, comment, receipt = answer
        try:
            self.till.record_feedback(rating, comment, receipt)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return False
        self.reload()
        self.status.ok(self.tr("Feedback recorded: {stars}. It goes to the platform with the next sync.").format(
            stars=stars(rating)))
        return True

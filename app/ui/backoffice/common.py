"""Pieces every back-office page uses: a status line, a job bar for long work, owner approval."""

from __future__ import annotations

import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSplitter, QStyledItemDelegate, QTableView, QToolTip,
                               QVBoxLayout, QWidget)

from app.core.errors import TillError
from app.core.insights import Cancelled
from app.ui import approval
from app.ui.tasks import Task, run_task

log = logging.getLogger("corner.ui.backoffice")


_TONES = {  # text colours for table cells, per theme (QSS cannot reach a model's ForegroundRole)
    "light": {"error": "#b3261e", "warn": "#8a5a00", "ok": "#1b6e20", "muted": "#6b6b6b", "warn_bg": "#fdf3e1"},
    "dark": {"error": "#ff8a80", "warn": "#ffd54f", "ok": "#69f0ae", "muted": "#bdbdbd", "warn_bg": "#3d3000"},
}


def tone(name: str):
    """A QColor for ``name`` (error, warn, ok, muted, warn_bg) in the theme in use, so a red
    figure stays readable on the dark theme's black."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    theme = app.property("corner_theme") if app is not None else None
    return QColor(_TONES.get(theme or "light", _TONES["light"])[name])


class StatusLine(QLabel):
    """What just happened, or what went wrong and what to do, under a page (never a pop-up)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(22)

    def _tone(self, tone: str | None, text: str) -> None:
        """The theme's colours (resources/themes/*.qss, QLabel[tone=...]), light or dark."""
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)

    def ok(self, text: str) -> None:
        self._tone("ok", text)

    def fail(self, text: str) -> None:
        self._tone("error", text)

    def note(self, text: str) -> None:
        self._tone(None, text)


def money_formatter(till) -> Callable[[int], str]:
    """``till.money`` without a database read per amount (tables format thousands of cells):
    the shop's currency and locale are read once, formatted amounts are remembered."""
    from functools import lru_cache

    from app.core.money import fmt

    info = till.shop()

    @lru_cache(maxsize=8192)
    def money(amount: int) -> str:
        return fmt(amount, info.currency, info.locale)

    return money


def error_text(exc: BaseException) -> str:
    """What to show a person: the core's own words for a refused request, a hint otherwise."""
    if isinstance(exc, TillError):
        return str(exc)
    if isinstance(exc, OSError):
        return QCoreApplication.translate("BackOffice", "The file could not be used: {error}").format(error=exc.strerror or exc)
    log.error("back office job failed", exc_info=exc)
    return QCoreApplication.translate("BackOffice", "Something went wrong ({error}); the details are in the log.").format(error=type(exc).__name__)


def with_approval(parent: QWidget, action: Callable[[str | None], Any]) -> Any:
    """The window's owner approval (``app.ui.approval``: the same dialog, a wrong PIN asks again);
    returns None when the person gives up."""
    try:
        return approval.with_approval(parent, action)
    except approval.Declined:
        return None


def work_over_history(page: QWidget, work: QWidget, title: str, history: QWidget, *below: QWidget) -> None:
    """Lay out a page as the work in hand above, what was done before (in a titled box) under
    it in a resizable split, and status lines at the bottom."""
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(history)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(work)
    split.addWidget(box)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    layout = QVBoxLayout(page)
    layout.addWidget(split, 1)
    for widget in below:
        layout.addWidget(widget)


class TipDelegate(QStyledItemDelegate):
    """Cells as usual; a text cut short to "…" shows itself whole in a tooltip."""

    def tooltip_for(self, view: QAbstractItemView, index) -> str:
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        if own:
            return str(own)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or view.sizeHintForIndex(index).width() <= view.visualRect(index).width():
            return ""
        return str(text)

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 (Qt)
        if event.type() == event.Type.ToolTip and index.isValid():
            tip = self.tooltip_for(view, index)
            if tip:
                QToolTip.showText(event.globalPos(), tip, view)
                return True
        return super().helpEvent(event, view, option, index)


class Table(QTableView):
    """A back-office table whose headers are never cut ("eorder a") and whose figures are never
    elided ("€21.90 …"): each interactive column grows to its header's text and to its cells
    (figures, right-aligned, whole; text up to TEXT_COLUMN_MAX px: a longer name is cut, with the
    whole name as tooltip)."""

    TEXT_COLUMN_MAX = 220
    FIT_ROWS = 50  # at most this many rows are measured at a time

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TipDelegate(self))
        self._fit_timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit_columns)

    def setModel(self, model) -> None:  # noqa: N802 (Qt)
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.headerDataChanged):
                signal.connect(self._fit_timer.start)
            # rows scrolled into view are measured too (only the rows on screen are, see fit_columns)
            self.verticalScrollBar().valueChanged.connect(self._fit_timer.start)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.fit_columns()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if event.size().height() > event.oldSize().height():
            self._fit_timer.start()  # more rows on screen

    def rows_on_screen(self) -> range:
        """The rows the viewport shows (at most FIT_ROWS of them)."""
        model = self.model()
        count = model.rowCount() if model is not None else 0
        if not count:
            return range(0)
        first = max(self.rowAt(0), 0)
        last = self.rowAt(max(self.viewport().height() - 1, 0))
        last = count - 1 if last < 0 else last
        return range(first, min(last + 1, first + self.FIT_ROWS))

    def fit_columns(self) -> None:
        """Grow each column to its header and to the cells on screen. Only the rows shown are
        measured (each cell's size hint asks the model for half a dozen roles): at 100,000
        products, measuring 50 rows after every filter of the Stock page cost ~10 ms of its
        50 ms budget, and rows scrolled into view are measured as they come."""
        model, header = self.model(), self.horizontalHeader()
        if model is None or not self.isVisible():
            return
        rows = self.rows_on_screen()
        last = header.count() - 1 if header.stretchLastSection() else -1
        for c in range(model.columnCount()):
            if header.isSectionHidden(c) or header.sectionResizeMode(c) != QHeaderView.ResizeMode.Interactive:
                continue
            need = header.sectionSizeFromContents(c).width()
            if c != header.logicalIndex(last) and rows:
                figures = any(int(model.index(r, c).data(Qt.ItemDataRole.TextAlignmentRole) or 0)
                              & Qt.AlignmentFlag.AlignRight for r in rows)
                # a text column is never grown past TEXT_COLUMN_MAX: one that wide needs no measuring
                if figures or header.sectionSize(c) < self.TEXT_COLUMN_MAX:
                    cells = max(self.sizeHintForIndex(model.index(r, c)).width() for r in rows)
                    # a few pixels over the size hint: the grid line takes one, and fractional glyph
                    # widths elided "€21.90 /kg" and "+44 7700 900001" at exactly their hint
                    need = max(need, cells + 4 if figures else min(cells + 4, self.TEXT_COLUMN_MAX))
            if header.sectionSize(c) < need:
                header.resizeSection(c, need)


def table_view(parent: QWidget | None = None) -> QTableView:
    view = Table(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row sizing at 100,000 rows
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.horizontalHeader().setResizeContentsPrecision(200)  # size columns from the first rows only
    return view


class Page(QWidget):
    """A back-office page over the till: its money formatter, a status line for the page's
    messages and, on pages with long jobs (``LONG_JOBS``), a progress bar with Cancel (``jobs``)."""

    LONG_JOBS = False

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.money = money_formatter(till)
        self.status = StatusLine()
        if self.LONG_JOBS:
            self.jobs = JobBar(self.status)

    def keyboard_home(self) -> QWidget | None:
        """Where the keyboard goes when the page is shown: a page with a scan field names it (a scan
        is the first thing typed there); else the first field or table."""
        return next((w for w in self.findChildren(QWidget)
                     if isinstance(w, (QLineEdit, QAbstractItemView)) and w.isVisibleTo(self) and w.isEnabled()), None)

    def scanned_product(self, code: str):
        """The product of a scanned or typed code; None, with the reason on the status line, when
        there is none."""
        try:
            return self.till.product(code)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return None


class JobBar(QWidget):
    """A long job's progress with a Cancel button; hidden when nothing runs.

    ``start(label, fn, on_done)`` runs ``fn(task)`` off the UI thread through ``run_task``;
    ``fn`` reports ``task.progress(done, total)`` and checks ``task.cancelled``.
    """

    finished = Signal(bool)  # True when the job finished, False when it failed or was cancelled

    def __init__(self, status: StatusLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.task: Task | None = None
        self.hide()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, label: str, fn: Callable[[Task], Any], on_done: Callable[[Any], None], *,
              cancellable: bool = True, on_error: Callable[[BaseException], None] | None = None) -> Task | None:
        if self.task is not None:
            self.status.fail(self.tr("Wait for “{job}” to finish, or cancel it.").format(job=self.label.text()))
            return None
        self.label.setText(label)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setToolTip("" if cancellable else
                                      self.tr("This job is one transaction: it finishes or changes nothing."))
        self.show()

        def done(result: Any) -> None:
            if not shiboken6.isValid(self):  # the page was closed while the job ran: nobody to tell
                return
            self.task = None
            self.hide()
            on_done(result)
            self.finished.emit(True)

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self):
                log.info("job %r ended after its page closed: %s", label, exc)
                return
            self.task = None
            self.hide()
            if isinstance(exc, Cancelled):
                self.status.note(self.tr("Cancelled: {job}.").format(job=label))
            elif on_error is not None:
                on_error(exc)
            else:
                self.status.fail(error_text(exc))
            self.finished.emit(False)

        self.task = run_task(fn, done, failed, self._progress, wants_task=True)
        return self.task

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))

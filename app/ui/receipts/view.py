"""A receipt or report on screen, with Print and Save as PDF."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QLineEdit, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.core.errors import TillError
from app.devices.paper import cell_width, draw_cells, mono_font, qr_image, save_pdf
from app.devices.receipt import local_time, receipt_for, text_lines

from ..common import key_text, no_default_buttons
from ..printing import PdfTarget


class CellText(QPlainTextEdit):
    """Read-only fixed-width text drawn on the printer's cell grid (``paper.draw_cells``), so a
    Chinese label, two cells wide on the printer, keeps the amounts in their column on screen too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, readOnly=True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        painter.setPen(self.palette().text().color())
        cell = cell_width(QFontMetricsF(self.font()))
        offset = self.contentOffset()
        x = offset.x() + self.document().documentMargin()
        block = self.firstVisibleBlock()
        bottom = event.rect().bottom()
        while block.isValid():
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.top() > bottom:
                break
            draw_cells(painter, block.text(), x, rect.top(), cell, rect.height())
            block = block.next()
        painter.end()


class DocView(QWidget):
    """The same fixed-width lines the printer gets, and the QR code under them."""

    def __init__(self, parent: QWidget | None = None, width: int = 42) -> None:
        super().__init__(parent)
        self.width_chars = width
        self.doc = None
        self.text = CellText()
        self.text.setFont(mono_font(10))
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.qr = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True, objectName="hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.qr)
        layout.addWidget(self.caption)
        metrics = self.text.fontMetrics()
        self.text.setMinimumWidth(metrics.horizontalAdvance("M" * (width + 2)) + 24)

    def show_doc(self, doc) -> None:
        self.doc = doc
        self.text.setPlainText("\n".join(text_lines(doc, self.width_chars)) if doc else "")
        if doc is not None and doc.qr_url:
            self.qr.setPixmap(QPixmap.fromImage(qr_image(doc.qr_url, 4)))
            self.qr.setToolTip(doc.qr_url)
            self.caption.setText(doc.qr_caption)
        else:
            self.qr.clear()
            self.caption.clear()
        self.qr.setVisible(bool(doc and doc.qr_url))
        self.caption.setVisible(bool(doc and doc.qr_url))

    def plain_text(self) -> str:
        return self.text.toPlainText()


class DocDialog(QDialog):
    """Show one document with Print (Ctrl+P) and Save as PDF (Ctrl+S); Esc closes."""

    def __init__(self, parent: QWidget | None, doc, name: str, printing, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or doc.title or self.tr("Receipt"))
        self.name, self.printing = name, printing
        self.view = DocView(self, printing.printer.config.width if printing else 42)
        self.view.show_doc(doc)
        self.note = QLabel(objectName="hint", wordWrap=True)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print") + f"  {key_text('Ctrl+P')}")
        self.print_button.clicked.connect(self.print_doc)
        self.print_button.setEnabled(bool(printing and printing.printer.prints))
        pdf = QPushButton(self.tr("Save as PDF") + f"  {key_text('Ctrl+S')}")
        pdf.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Close") + "  Esc")
        close.clicked.connect(self.reject)
        for button in (self.print_button, pdf, close):
            row.addWidget(button)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_button.click)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=pdf.click)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.resize(520, 720)
        owner = parent.window() if parent is not None else None
        if isinstance(owner, QDialog) and owner.isVisible():
            # Over the dialog it came from (the cash session's Z report): cover it whole, or with no
            # window manager to shade it, that dialog shows around the report's edges.
            self.resize(max(self.width(), owner.width()), max(self.height(), owner.height()))
        no_default_buttons(self)

    def print_doc(self) -> None:
        if self.printing:
            self.printing.print_doc(self.view.doc, self.name)
            self.note.setText(self.tr("Sent to the printer."))

    def save_pdf(self) -> None:
        path = PdfTarget.ask(self, f"{self.name}.pdf")
        if path:
            try:
                save_pdf(self.view.doc, path, self.view.width_chars)
                self.note.setText(self.tr("Saved {path}").format(path=path))
            except OSError as exc:
                self.note.setText(self.tr("Could not save: {error}").format(error=exc))

    @classmethod
    def ask(cls, parent, doc, name: str, printing, title: str = "") -> None:
        cls(parent, doc, name, printing, title).exec()


class ReceiptsDialog(QDialog):
    """Find any past receipt (scan it, type its number, or pick a recent one), see it, reprint it."""

    def __init__(self, parent: QWidget | None, till, printing, receipt_no: str | None = None) -> None:
        super().__init__(parent)
        self.till, self.printing = till, printing
        self.setWindowTitle(self.tr("Receipts"))
        self.find = QLineEdit(placeholderText=self.tr("Scan or type a receipt number"), objectName="scan")
        self.find.returnPressed.connect(self._find)
        self.recent = QListWidget()
        self.recent.currentItemChanged.connect(self._picked)
        for sale in till.recent_sales(100):
            item = QListWidgetItem(f"{sale.receipt_no}   {local_time(sale.created_at)}   {till.money(sale.total)}")
            item.setData(Qt.ItemDataRole.UserRole, sale.receipt_no)
            self.recent.addItem(item)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.view = DocView(self, printing.printer.config.width if printing else 42)
        self.note = QLabel(objectName="hint", wordWrap=True)
        self.reprint = QPushButton(self.tr("Reprint") + f"  {key_text('Ctrl+P')}")
        self.reprint.setProperty("role", "primary")
        self.reprint.clicked.connect(self.print_copy)
        self.reprint.setEnabled(bool(printing and printing.printer.prints))
        pdf = QPushButton(self.tr("Save as PDF") + f"  {key_text('Ctrl+S')}")
        pdf.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Close") + "  Esc")
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.reprint.click)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=pdf.click)
        self.find.installEventFilter(self)

        left = QVBoxLayout()
        left.addWidget(self.find)
        left.addWidget(self.error)
        left.addWidget(self.recent, 1)
        right = QVBoxLayout()
        right.addWidget(self.view, 1)
        right.addWidget(self.note)
        row = QHBoxLayout()
        for button in (self.reprint, pdf, close):
            row.addWidget(button)
        right.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.resize(980, 680)
        no_default_buttons(self)
        self.sale = None
        if receipt_no:
            self.show_receipt(receipt_no)
        elif self.recent.count():
            self.recent.setCurrentRow(0)
        self.find.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.find and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.recent.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.recent.count():
                self.recent.setCurrentRow(row)
            return True
        return super().eventFilter(obj, event)

    def _picked(self, item, _previous=None) -> None:
        if item is not None:
            self.show_receipt(item.data(Qt.ItemDataRole.UserRole))

    def _find(self) -> None:
        text = self.find.text().strip()
        if text:
            self.show_receipt(text)
            self.find.selectAll()

    def show_receipt(self, receipt_no: str) -> bool:
        try:
            self.sale = self.till.sale(receipt_no)
        except TillError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self.view.show_doc(receipt_for(self.till, self.sale, copy=True))
        return True

    def print_copy(self) -> None:
        if self.sale is not None and self.printing:
            self.printing.print_doc(self.view.doc, self.sale.receipt_no)
            self.note.setText(self.tr("Copy of {no} sent to the printer.").format(no=self.sale.receipt_no))

    def save_pdf(self) -> None:
        if self.sale is None:
            return
        path = PdfTarget.ask(self, f"{self.sale.receipt_no}.pdf")
        if path:
            save_pdf(self.view.doc, path, self.view.width_chars)
            self.note.setText(self.tr("Saved {path}").format(path=path))

    @classmethod
    def ask(cls, parent, till, printing, receipt_no: str | None = None) -> None:
        cls(parent, till, printing, receipt_no).exec()

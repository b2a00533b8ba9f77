"""The window's side of the receipt printer: jobs run off the UI thread when the device may block."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.devices.printers import PrinterError, ReceiptPrinter

from .tasks import run_task

log = logging.getLogger("corner.ui.printing")


class PrintService(QObject):
    """``done(note)`` after a job, ``failed(message)`` when the device refused."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, printer: ReceiptPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.busy = 0

    def _run(self, fn, what: str) -> None:
        if not self.printer.needs_thread:
            try:
                self.done.emit(str(fn() or what))
            except PrinterError as exc:
                self.failed.emit(str(exc))
            return
        self.busy += 1

        def finished(result) -> None:
            self.busy -= 1
            self.done.emit(str(result or what))

        def error(exc: Exception) -> None:
            self.busy -= 1
            if isinstance(exc, PrinterError):
                self.failed.emit(str(exc))
            else:
                log.error("%s failed: %s", what, exc)
                self.failed.emit(self.tr("The printer did not answer. Check it is on and connected."))

        run_task(fn, finished, error)

    def print_doc(self, doc, name: str = "receipt") -> None:
        if self.printer.prints:
            self._run(lambda: self.printer.print_doc(doc, name), "printed")

    def open_drawer(self) -> None:
        if self.printer.has_drawer:
            self._run(self.printer.open_drawer, "drawer")


class PdfTarget:
    """Where to save a PDF (a file dialog; tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget | None, suggested: str) -> str | None:
        title = QCoreApplication.translate("PdfTarget", "Save as PDF")
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
        return path or None

"""The cash session dialog: open with a float, paid in/out, close with a count and see the
over/short, and the X (so far) or Z (closed) report."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from app.core.errors import TillError
from app.devices.receipt import z_report_for

from ..common import amount_or_none, no_default_buttons
from ..receipts.view import DocDialog


class CashDialog(QDialog):
    def __init__(self, parent: QWidget | None, till, printing=None) -> None:
        super().__init__(parent)
        self.till, self.printing = till, printing
        self.report = None  # the Z report once closed
        self.setWindowTitle(self.tr("Cash session"))
        self.state = QLabel(objectName="title", wordWrap=True)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.outcome = QLabel(wordWrap=True)
        self.outcome.setProperty("tone", "ok")

        self.open_box = QGroupBox(self.tr("Open the drawer for the day"))
        self.float_amount = QLineEdit("100.00", objectName="scan")
        self.float_amount.returnPressed.connect(self.open_session)
        open_button = QPushButton(self.tr("Open with this float"))
        open_button.setProperty("role", "primary")
        open_button.clicked.connect(self.open_session)
        form = QFormLayout(self.open_box)
        form.addRow(self.tr("Float"), self.float_amount)
        form.addRow("", open_button)

        self.money_box = QGroupBox(self.tr("Paid in / paid out"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Paid out (money taken from the drawer)"), "paid_out")
        self.kind.addItem(self.tr("Paid in (money put in the drawer)"), "paid_in")
        self.amount = QLineEdit()
        self.reason = QLineEdit(placeholderText=self.tr("What for, e.g. window cleaner"))
        self.reason.returnPressed.connect(self.paid)
        paid_button = QPushButton(self.tr("Record"))
        paid_button.clicked.connect(self.paid)
        form = QFormLayout(self.money_box)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", paid_button)

        self.close_box = QGroupBox(self.tr("Close the day"))
        self.counted = QLineEdit(objectName="scan", placeholderText=self.tr("Cash counted in the drawer"))
        self.counted.returnPressed.connect(self.close_session)
        close_button = QPushButton(self.tr("Close and print the Z report"))
        close_button.setProperty("role", "primary")
        close_button.clicked.connect(self.close_session)
        x_button = QPushButton(self.tr("X report (so far)"))
        x_button.clicked.connect(self.x_report)
        form = QFormLayout(self.close_box)
        form.addRow(self.tr("Counted"), self.counted)
        buttons = QHBoxLayout()
        buttons.addWidget(x_button)
        buttons.addWidget(close_button)
        form.addRow("", buttons)

        done = QPushButton(self.tr("Close") + "  Esc")
        done.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.open_box)
        layout.addWidget(self.money_box)
        layout.addWidget(self.close_box)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addWidget(done)
        self.resize(560, 520)
        no_default_buttons(self)
        self.refresh()

    def refresh(self) -> None:
        session = self.till.cash_session()
        self.open_box.setVisible(session is None)
        self.money_box.setVisible(session is not None)
        self.close_box.setVisible(session is not None)
        if session is None:
            self.state.setText(self.tr("No cash session is open."))
            self.float_amount.setFocus()
            self.float_amount.selectAll()
        else:
            self.state.setText(self.tr("Open · expected in the drawer: {amount}").format(
                amount=self.till.money(self.till.expected_cash())))
            self.counted.setFocus()

    def _amount(self, field: QLineEdit) -> int | None:
        value = amount_or_none(field.text())
        if value is None or value < 0:
            self.error.setText(self.tr("Type the amount like 12.50."))
            field.setFocus()
            field.selectAll()
            return None
        return value

    def open_session(self) -> None:
        value = self._amount(self.float_amount)
        if value is None:
            return
        try:
            self.till.open_session(value)
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.outcome.setText(self.tr("Opened with a float of {amount}.").format(amount=self.till.money(value)))
        self.refresh()

    def paid(self) -> None:
        value = self._amount(self.amount)
        if value is None:
            return
        try:
            self.till.paid_in_out(self.kind.currentData(), value, self.reason.text())
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.outcome.setText(self.tr("Recorded {amount}.").format(amount=self.till.money(value)))
        self.amount.clear()
        self.reason.clear()
        if self.printing:
            self.printing.open_drawer()
        self.refresh()

    def close_session(self) -> None:
        value = self._amount(self.counted)
        if value is None:
            return
        try:
            self.report = self.till.close_session(value)
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        over_short = self.report.over_short or 0
        verdict = (self.tr("over by {amount}") if over_short > 0 else self.tr("short by {amount}") if over_short < 0
                   else self.tr("exactly right")).format(amount=self.till.money(abs(over_short)) if over_short else "")
        self.outcome.setText(self.tr("Closed. Expected {expected}, counted {counted}: {verdict}.").format(
            expected=self.till.money(self.report.expected), counted=self.till.money(value), verdict=verdict))
        self.refresh()
        doc = z_report_for(self.till, self.report)
        if self.printing:
            self.printing.print_doc(doc, "z-report")
        DocDialog.ask(self, doc, "z-report", self.printing)

    def x_report(self) -> None:
        try:
            doc = z_report_for(self.till, self.till.z_report())
        except TillError as exc:
            self.error.setText(str(exc))
            return
        DocDialog.ask(self, doc, "x-report", self.printing)

    @classmethod
    def ask(cls, parent, till, printing=None):
        dialog = cls(parent, till, printing)
        dialog.exec()
        return dialog.report

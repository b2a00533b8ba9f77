"""The cash session dialog: open with a float, paid in/out, close with a count and see the
over/short, and the X (so far) or Z (closed) report.

Opening the drawer goes straight back to selling: the next thing a cashier does is scan. Closing
the day is never one keystroke: the count typed (and its Return) only shows what closing would
say, expected against counted; the day closes on *Close the day*, clicked or pressed with Space.
A scanner's burst that lands in the count field (digits, then Return) closes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from app.core.cash import check_amount
from app.core.errors import TillError
from app.devices.receipt import z_report_for

from ..common import amount_or_none, no_default_buttons
from ..receipts.view import DocDialog


class CashDialog(QDialog):
    def __init__(self, parent: QWidget | None, till, printing=None) -> None:
        super().__init__(parent)
        self.till, self.printing = till, printing
        self.report = None  # the Z report once closed
        self.opened: int | None = None  # the float, once opened here
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
        self.counted.returnPressed.connect(self.check_count)
        self.counted.textEdited.connect(self._count_changed)
        check_button = QPushButton(self.tr("Check the count"))
        check_button.clicked.connect(self.check_count)
        x_button = QPushButton(self.tr("X report (so far)"))
        x_button.clicked.connect(self.x_report)
        form = QFormLayout(self.close_box)
        form.addRow(self.tr("Counted"), self.counted)
        buttons = QHBoxLayout()
        buttons.addWidget(x_button)
        buttons.addWidget(check_button)
        form.addRow("", buttons)
        # The last step, shown once a count is checked: what closing will say, and the one button
        # that closes the day.
        self.confirm_box = QWidget()
        self.verdict = QLabel(wordWrap=True)
        self.close_button = QPushButton(self.tr("Close the day and print the Z report"))
        self.close_button.setProperty("role", "primary")
        self.close_button.clicked.connect(self.close_session)
        not_yet = QPushButton(self.tr("Not yet: count again"))
        not_yet.clicked.connect(self._count_again)
        confirm = QVBoxLayout(self.confirm_box)
        confirm.setContentsMargins(0, 0, 0, 0)
        confirm.addWidget(self.verdict)
        row = QHBoxLayout()
        row.addWidget(not_yet)
        row.addWidget(self.close_button)
        confirm.addLayout(row)
        form.addRow(self.confirm_box)
        self.checked: int | None = None  # the count the verdict was shown for

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
        self._count_again(focus=False)
        if session is None:
            self.state.setText(self.tr("No cash session is open."))
            self.float_amount.setFocus()
            self.float_amount.selectAll()
        else:
            self.state.setText(self.tr("Open · expected in the drawer: {amount}").format(
                amount=self.till.money(self.till.expected_cash())))
            self.amount.setFocus()  # paid in/out: the count is typed on purpose, never scanned into

    def _count_changed(self) -> None:
        if self.checked is not None:
            self._count_again(focus=False)

    def _count_again(self, focus: bool = True) -> None:
        self.checked = None
        self.confirm_box.setVisible(False)
        if focus:
            self.counted.setFocus()
            self.counted.selectAll()

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
        self.opened = value
        self.accept()  # back to selling: the next thing is a scan

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

    def _verdict(self, over_short: int) -> str:
        if not over_short:
            return self.tr("exactly right")
        words = self.tr("over by {amount}") if over_short > 0 else self.tr("short by {amount}")
        return words.format(amount=self.till.money(abs(over_short)))

    def check_count(self) -> None:
        """The count typed: show what closing the day will say; close nothing yet."""
        value = self._amount(self.counted)
        if value is None:
            return
        try:
            check_amount(value)
        except TillError as exc:
            self.error.setText(str(exc))
            self.counted.selectAll()
            return
        self.error.clear()
        expected = self.till.expected_cash()
        over_short = value - expected
        verdict = self._verdict(over_short)
        self.verdict.setText(self.tr("Expected {expected}, counted {counted}: {verdict}. Close the day?").format(
            expected=self.till.money(expected), counted=self.till.money(value), verdict=verdict))
        self.checked = value
        self.confirm_box.setVisible(True)
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))  # room for the verdict
        self.close_button.setFocus()  # Space closes; a stray Return does nothing here

    def close_session(self) -> None:
        value = self.checked
        if value is None or amount_or_none(self.counted.text()) != value:  # the count changed since
            self._count_again()
            return
        try:
            self.report = self.till.close_session(value)
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        over_short = self.report.over_short or 0
        verdict = self._verdict(over_short)
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
    def ask(cls, parent, till, printing=None) -> "CashDialog":
        """The dialog, run: ``opened`` (the float, if the drawer was opened), ``report`` (the Z report,
        if the day was closed)."""
        dialog = cls(parent, till, printing)
        dialog.exec()
        return dialog

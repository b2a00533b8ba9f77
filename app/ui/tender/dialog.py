"""The tender dialog. It only gathers tenders; the sell screen pays with ``till.pay``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPushButton, QVBoxLayout, QWidget)

from app.core.money import fmt_plain
from app.core.sales import Tender
from app.devices.receipt import method_name

from ..common import amount_or_none, key_text, no_default_buttons

METHOD_KEYS = {"cash": "F5", "card": "F6", "mobile": "F7"}
QUICK_KEYS = ("F1", "F2", "F3", "F4")


class TenderDialog(QDialog):
    """Enter adds the typed amount with the chosen method; when the sale is covered the
    dialog closes with the tenders. F5/F6/F7 switch method, F1–F4 are quick cash amounts,
    Ctrl+Backspace takes the last tender off, Esc backs out without paying."""

    def __init__(self, parent: QWidget | None, till, cart, method: str = "cash") -> None:
        super().__init__(parent)
        self.till, self.cart = till, cart
        self.tenders: list[Tender] = []
        self.setWindowTitle(self.tr("Payment"))
        money = till.money

        self.total = QLabel(money(cart.totals().total), objectName="bigAmount")
        self.left = QLabel(objectName="bigAmount")
        self.change = QLabel(objectName="change")
        figures = QGridLayout()
        figures.addWidget(QLabel(self.tr("To pay")), 0, 0)
        figures.addWidget(self.total, 1, 0)
        figures.addWidget(QLabel(self.tr("Left to pay")), 0, 1)
        figures.addWidget(self.left, 1, 1)
        figures.addWidget(QLabel(self.tr("Change")), 0, 2)
        figures.addWidget(self.change, 1, 2)

        self.methods = QButtonGroup(self)
        method_row = QHBoxLayout()
        for code in ("cash", "card", "mobile"):
            button = QPushButton(f"{method_name(code)}\n{key_text(METHOD_KEYS[code])}")
            button.setCheckable(True)
            button.setProperty("role", "method")
            button.setProperty("method", code)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=code: self.choose(c))
            self.methods.addButton(button)
            method_row.addWidget(button)
            QShortcut(QKeySequence(METHOD_KEYS[code]), self, activated=lambda c=code: self.choose(c))

        self.amount = QLineEdit(objectName="scan")
        self.amount.returnPressed.connect(self._amount_entered)
        self.reference_label = QLabel(self.tr("Reference (the terminal's approval code)"))
        self.reference = QLineEdit()
        self.reference.returnPressed.connect(self.add_tender)
        self.quick_row = QHBoxLayout()
        self.quick: list[QPushButton] = []
        for key in QUICK_KEYS:
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, b=button: self._quick(b))
            self.quick.append(button)
            self.quick_row.addWidget(button)
            QShortcut(QKeySequence(key), self, activated=lambda b=button: b.isVisible() and b.click())
        self.added = QListWidget()
        self.added.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.added.setMaximumHeight(110)
        QShortcut(QKeySequence("Ctrl+Backspace"), self, activated=self.remove_last)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.hint = QLabel(self.tr("Enter adds the amount · Ctrl+Backspace takes the last one off · Esc cancels"),
                           objectName="hint", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(method_row)
        layout.addWidget(QLabel(self.tr("Amount")))
        layout.addWidget(self.amount)
        layout.addLayout(self.quick_row)
        layout.addWidget(self.reference_label)
        layout.addWidget(self.reference)
        layout.addWidget(QLabel(self.tr("Tenders")))
        layout.addWidget(self.added)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        self.resize(620, 560)
        no_default_buttons(self)
        self.method = method
        self.choose(method)

    # -- state ----------------------------------------------------------------------------

    def state(self):
        return self.till.tender_state(self.cart, self.tenders)

    def choose(self, method: str) -> None:
        self.method = method
        for button in self.methods.buttons():
            button.setChecked(button.property("method") == method)
        is_cash = method == "cash"
        self.reference_label.setVisible(not is_cash)
        self.reference.setVisible(not is_cash)
        self.reference.clear()
        state = self.state()
        cash_given = sum(t.amount for t in self.tenders if t.method == "cash")
        due = max(0, state.cash_due - cash_given if is_cash else state.remaining)
        self.amount.setText(fmt_plain(due))
        amounts = self.till.quick_cash_amounts(due) if is_cash else []
        for button, key, value in zip(self.quick, QUICK_KEYS, amounts + [None] * len(QUICK_KEYS)):
            button.setVisible(value is not None)
            if value is not None:
                button.setText(f"{self.till.money(value)}\n{key_text(key)}")
                button.setProperty("amount", value)
        self.amount.selectAll()
        self.amount.setFocus()
        self._show()

    def _show(self) -> None:
        state = self.state()
        self.left.setText(self.till.money(state.remaining))
        self.change.setText(self.till.money(state.change))
        self.added.clear()
        for t in self.tenders:
            self.added.addItem(f"{method_name(t.method)}  {self.till.money(t.amount)}" + (f"  ({t.reference})" if t.reference else ""))

    # -- actions ----------------------------------------------------------------------------

    def _amount_entered(self) -> None:
        if self.method != "cash" and not self.reference.text().strip():
            self.reference.setFocus()
            return
        self.add_tender()

    def _quick(self, button: QPushButton) -> None:
        self.amount.setText(fmt_plain(button.property("amount")))
        self.add_tender()

    def add_tender(self) -> None:
        amount = amount_or_none(self.amount.text())
        if amount is None or amount <= 0:
            self.error.setText(self.tr("Type the amount like 12.50."))
            self.amount.selectAll()
            self.amount.setFocus()
            return
        tender = Tender(self.method, amount, self.reference.text().strip() or None)
        trial = self.tenders + [tender]
        state = self.till.tender_state(self.cart, trial)
        if state.problem and state.remaining == 0:
            self.error.setText(state.problem)  # e.g. card more than the total: nothing is added
            return
        self.error.clear()
        self.tenders = trial
        if state.complete:
            self.accept()
            return
        self.choose("cash")  # what is left is most often cash

    def remove_last(self) -> None:
        if self.tenders:
            self.tenders.pop()
            self.choose(self.method)

    @classmethod
    def ask(cls, parent: QWidget | None, till, cart, method: str = "cash") -> list[Tender] | None:
        """The tenders that cover the sale, or None when the cashier backed out."""
        dialog = cls(parent, till, cart, method)
        return dialog.tenders if dialog.exec() == QDialog.DialogCode.Accepted else None

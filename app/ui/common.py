"""Small pieces every screen uses: buttons that show their shortcut, amount entry, banners."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from app.core.money import parse_amount


def key_text(key: str | QKeySequence) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def action_button(text: str, key: str | None, slot: Callable, parent: QWidget, *, role: str | None = None,
                  two_lines: bool = False, context=Qt.ShortcutContext.WindowShortcut) -> QPushButton:
    """A button whose label shows its shortcut ("Cash  F5") and a shortcut that presses it."""
    label = text.replace("&", "&&")
    button = QPushButton(f"{label}{chr(10) if two_lines else '  '}{key_text(key)}" if key else label, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the focus
    if role:
        button.setProperty("role", role)
    button.clicked.connect(slot)
    if key:
        shortcut = QShortcut(QKeySequence(key), parent, context=context)
        shortcut.activated.connect(lambda: button.isEnabled() and button.isVisible() and button.click())
        button.shortcut_object = shortcut  # type: ignore[attr-defined]
    return button


def key_below(button: QPushButton) -> None:
    """Show an action button's shortcut under its label ("Cash session" over "Ctrl+E"): a row of
    them then fits a 1024 px screen without cutting a label."""
    button.setText(button.text().replace("  ", "\n", 1))


def no_default_buttons(dialog: QDialog) -> None:
    """Enter belongs to the fields of this dialog: no button is pressed by Enter behind their back."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def amount_or_none(text: str) -> int | None:
    """Minor units from a typed amount ("12.5", "12,50"), None when it is not one."""
    try:
        return parse_amount(text)
    except ValueError:
        return None


class Banner(QFrame):
    """A one-line message above the cart: errors in red, notices in amber; it fades after a while."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(wordWrap=True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)
        self.hide()

    def show_message(self, text: str, error: bool = True, seconds: int = 8) -> None:
        self.setObjectName("errorBanner" if error else "banner")
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.show()
        self._timer.start(seconds * 1000)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""


class AmountDialog(QDialog):
    """Ask for an amount of money (or a whole number when ``money=False``)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, initial: str = "", *, money: bool = True,
                 percent_ok: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.money, self.percent_ok = money, percent_ok
        self.value: int | tuple[str, int] | None = None
        self.edit = QLineEdit(initial, objectName="scan")
        self.edit.selectAll()
        self.error = QLabel(objectName="error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, wordWrap=True))
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.edit.returnPressed.connect(self._ok)

    def _ok(self) -> None:
        text = self.edit.text().strip()
        if self.percent_ok and text.endswith("%"):
            number = amount_or_none(text[:-1])
            if number is not None and 0 <= number <= 10000:
                self.value = ("percent", number)  # basis points
                self.accept()
                return
        elif self.money:
            number = amount_or_none(text)
            if number is not None and number >= 0:
                self.value = number
                self.accept()
                return
        elif text.isdigit():
            self.value = int(text)
            self.accept()
            return
        self.error.setText(self.tr("That is not a number I can use: write it like 12.50") if self.money
                           else self.tr("Type a whole number."))
        self.edit.selectAll()

    @classmethod
    def ask(cls, parent, title: str, prompt: str, initial: str = "", *, money: bool = True, percent_ok: bool = False):
        dialog = cls(parent, title, prompt, initial, money=money, percent_ok=percent_ok)
        return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else None

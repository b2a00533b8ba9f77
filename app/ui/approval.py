"""Owner approval: a small PIN dialog, and the one helper that retries an action with it."""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.errors import QT_TRANSLATE_NOOP, ApprovalRequired, AuthError

T = TypeVar("T")


class ApprovalDialog(QDialog):
    """An owner types their PIN. ``action`` is the whole request as the person reads it
    ("An owner must approve: a refund."), said once, above the PIN field."""

    def __init__(self, parent: QWidget | None, action: str, error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Owner approval"))
        self.pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password, maxLength=8)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Approve"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # the core's own words ("An owner must approve: a refund.") once, as the heading: a kiosk
        # shows no window title, and a second "An owner must approve" above it said it twice
        self.request = QLabel(action, objectName="title", wordWrap=True)
        layout.addWidget(self.request)
        layout.addWidget(QLabel(self.tr("Owner PIN:")))
        layout.addWidget(self.pin)
        if error:
            layout.addWidget(QLabel(error, objectName="error", wordWrap=True))
        layout.addWidget(buttons)
        self.pin.returnPressed.connect(self.accept)

    @classmethod
    def ask(cls, parent: QWidget | None, action: str, error: str = "") -> str | None:
        """The PIN typed, or None when the cashier backed out."""
        dialog = cls(parent, action, error)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.pin.text().strip() or None


class Declined(Exception):
    """Nobody approved; the action did not happen."""


def with_approval(parent: QWidget | None, action: Callable[[str | None], T], tries: int = 3) -> T:
    """Run ``action(None)``; when the core says an owner must approve, ask for a PIN and run
    ``action(pin)``. A wrong PIN asks again (up to ``tries``). Raises ``Declined`` when the
    cashier backs out; other refusals come out as the core's errors."""
    try:
        return action(None)
    except ApprovalRequired as exc:
        message, error = str(exc), ""
    refused: AuthError | None = None
    for _ in range(tries):
        pin = ApprovalDialog.ask(parent, message, error)
        if pin is None:
            raise Declined()
        try:
            return action(pin)
        except AuthError as exc:
            error, refused = str(exc), exc
    raise refused or AuthError(QT_TRANSLATE_NOOP("CoreError", "Wrong PIN."))

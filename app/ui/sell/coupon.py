"""The Coupon button's dialog: type a coupon's code (one the scanner cannot read, or one the
customer reads out) and put it on the sale through the same facade call as the scan field."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.errors import TillError

from ..common import no_default_buttons


class CouponDialog(QDialog):
    """``apply(code)`` puts the code on the sale (``till.promotions.add_coupon`` on the cart) and
    returns it as kept, or raises a ``TillError``: its reason, in the till's language, is shown
    here and the code stays in the field to be corrected."""

    def __init__(self, parent: QWidget | None, apply: Callable[[str], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coupon"))
        self.setMinimumWidth(420)  # a refusal's reason on two or three lines, in any language
        self._apply = apply
        self.code: str | None = None
        self.edit = QLineEdit(objectName="scan")
        self.edit.setMaxLength(64)
        self.error = QLabel(objectName="error", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Apply"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Type the code printed on the coupon:"), wordWrap=True))
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        no_default_buttons(self)  # Enter in the field applies once, through returnPressed
        self.edit.returnPressed.connect(self._ok)

    def _ok(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._say(self.tr("Type the coupon's code first."))
            return
        try:
            self.code = self._apply(text)
        except TillError as exc:
            self._say(str(exc))
            self.edit.selectAll()
            self.edit.setFocus()
            return
        self.accept()

    def _say(self, reason: str) -> None:
        """Show why, and grow to show all of it (without a window manager nothing else resizes
        the dialog, and the reason was cut and drawn over the field)."""
        self.error.setText(reason)
        self.adjustSize()

    @classmethod
    def ask(cls, parent: QWidget | None, apply: Callable[[str], str]) -> str | None:
        """The code put on the sale, or None when the cashier gave up."""
        dialog = cls(parent, apply)
        return dialog.code if dialog.exec() == QDialog.DialogCode.Accepted else None

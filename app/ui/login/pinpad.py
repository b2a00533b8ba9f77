"""The PIN pad: digits by keyboard or touch, Enter logs in, Esc clears."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.errors import TillError
from app.core.staff import LockedOut

from .first_run import FirstRunForm


class PinPad(QWidget):
    """Emits ``entered(pin)`` on Enter."""

    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password, maxLength=8)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.field.returnPressed.connect(self._enter)
        grid = QGridLayout()
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"]
        for i, key in enumerate(keys):
            text = {"C": self.tr("Clear"), "OK": self.tr("Enter")}.get(key, key)
            button = QPushButton(text)
            button.setProperty("role", "primary" if key == "OK" else "key")
            if key == "OK":
                button.setObjectName("pinEnter")  # primary colours, a key's size (see the themes)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addLayout(grid)

    def _press(self, key: str) -> None:
        if key == "C":
            self.field.clear()
        elif key == "OK":
            self._enter()
        else:
            self.field.insert(key)
        self.field.setFocus()

    def _enter(self) -> None:
        pin = self.field.text().strip()
        self.field.clear()
        if pin:
            self.entered.emit(pin)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape:
            self.field.clear()
        else:
            super().keyPressEvent(event)


class LoginScreen(QWidget):
    """Shown logged out and when locked. Any staff member's PIN opens the till, so a PIN
    other than the last user's switches user; the cart is kept."""

    logged_in = Signal(object)  # StaffInfo

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        shop = till.shop()
        self.title = QLabel(shop.name, objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="hint", wordWrap=True)
        self.error = QLabel(objectName="error", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.pad = PinPad()
        self.pad.entered.connect(self._login)
        panel = QFrame(objectName="panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.prompt)
        inner.addWidget(self.pad)
        inner.addWidget(self.error)
        self.first_run = FirstRunForm(till)  # shown instead of the pad while nobody works here
        self.first_run.created.connect(self.logged_in.emit)
        inner.addWidget(self.first_run)
        self._wait_timer = QTimer(self, interval=1000, timeout=self._show_wait)
        panel.setMaximumWidth(420)
        outer = QGridLayout(self)
        outer.addWidget(panel, 0, 0, Qt.AlignmentFlag.AlignCenter)
        self.show_locked(None)

    def show_locked(self, last_user: str | None) -> None:
        self.prompt.setText(self.tr("Locked by {name}. Type your PIN to go on; another PIN switches user.").format(
            name=last_user) if last_user else self.tr("Type your PIN and press Enter."))
        self.error.clear()
        self.pad.field.clear()
        first = self.till.staff.needs_owner()
        for widget in (self.title, self.prompt, self.pad, self.error):
            widget.setVisible(not first)
        self.first_run.setVisible(first)
        if first:
            self.first_run.start()
            return
        self.pad.field.setFocus()
        self._show_wait()

    def _show_wait(self) -> None:
        """After too many wrong PINs: how long before the next try, counting down."""
        seconds = self.till.staff.wait_seconds()
        if seconds:
            self.error.setText(str(LockedOut(seconds)))
            self._wait_timer.start()
        elif self._wait_timer.isActive():
            self._wait_timer.stop()
            self.error.clear()

    def _login(self, pin: str) -> None:
        try:
            user = self.till.login(pin)
        except LockedOut:
            self._show_wait()
            return
        except TillError:
            self.error.setText(self.tr("Wrong PIN. Try again."))
            return
        self.error.clear()
        self.logged_in.emit(user)

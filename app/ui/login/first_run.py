"""The first run of a shop's till: nobody works here yet, so instead of a PIN pad nobody can use,
the owner gives their name and a PIN (typed twice). They are logged in at once and add their
staff in the back office (Staff page)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.core.errors import TillError
from app.core.staff import confirm_pin


def pin_field(object_name: str) -> QLineEdit:
    field = QLineEdit(objectName=object_name, echoMode=QLineEdit.EchoMode.Password, maxLength=8)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


class FirstRunForm(QWidget):
    """Creates the shop's first owner; emits ``created(StaffInfo)`` with them logged in."""

    created = Signal(object)

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        title = QLabel(self.tr("Welcome to Corner"), objectName="title", alignment=Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(self.tr("Nobody works at this till yet. First, the owner: the person who adds the staff, "
                               "approves refunds and opens the back office."), objectName="hint", wordWrap=True)
        self.name = QLineEdit(objectName="ownerName")
        self.name.setPlaceholderText(self.tr("Your name, as receipts show it"))
        self.pin = pin_field("ownerPin")
        self.pin.setPlaceholderText(self.tr("4 to 8 digits"))
        self.again = pin_field("ownerPinAgain")
        form = QFormLayout()
        form.addRow(self.tr("Owner's name"), self.name)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("PIN again"), self.again)
        self.create_button = QPushButton(self.tr("Create the owner"), objectName="createOwner")
        self.create_button.setProperty("role", "primary")
        self.create_button.clicked.connect(self.create)
        for field in (self.name, self.pin, self.again):
            field.returnPressed.connect(self._next)
        self.error = QLabel(objectName="error", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.create_button)
        layout.addWidget(self.error)
        self.setMinimumWidth(372)  # the PIN pad's panel is at most 420 wide

    def start(self) -> None:
        self.error.clear()
        self.name.setFocus()

    def _next(self) -> None:
        """Enter moves on to the next empty field, and creates the owner from the last one."""
        for field in (self.name, self.pin, self.again):
            if not field.text().strip():
                field.setFocus()
                return
        self.create()

    def create(self) -> bool:
        name = self.name.text().strip()
        if not name:
            self.error.setText(self.tr("Type the owner's name."))
            self.name.setFocus()
            return False
        try:
            pin = confirm_pin(self.pin.text().strip(), self.again.text().strip())
            owner = self.till.staff.create_first_owner(name, pin)
        except TillError as exc:
            self.error.setText(str(exc))
            self.pin.clear()
            self.again.clear()
            self.pin.setFocus()
            return False
        self.error.clear()
        self.pin.clear()
        self.again.clear()
        self.created.emit(self.till.user or owner)
        return True

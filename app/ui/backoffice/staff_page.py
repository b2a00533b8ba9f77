"""The Staff page (owner only, like the whole back office): the shop's people. Add a cashier or an
owner, rename someone, give someone a new PIN (an owner approves), deactivate someone who left
(they can no longer log in; their past sales keep their name). Every change is in the audit log
and syncs to the platform; the rules live in ``till.staff``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from app.core.errors import TillError
from app.core.staff import StaffRow, confirm_pin

from ..i18n import table_time
from ..login.first_run import pin_field
from .common import Page, error_text, table_view, with_approval
from .dialogs import _Form
from .models import Index, RawRole, TitledModel, translate

_GREY = QColor("#808080")


class StaffModel(TitledModel):
    """Rows of ``till.staff.list()``."""

    NAME, ROLE, STATE, SINCE = range(4)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[StaffRow] = []
        self._titles = [translate("StaffModel", "Name"), translate("StaffModel", "Role"),
                        translate("StaffModel", "Status"), translate("StaffModel", "Added")]
        self._roles = {"owner": translate("StaffModel", "owner"), "cashier": translate("StaffModel", "cashier")}

    def set_rows(self, rows: list[StaffRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def _size(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return row.name
            if col == self.ROLE:
                return self._roles.get(row.role, row.role)
            if col == self.STATE:
                return translate("StaffModel", "active") if row.active else translate("StaffModel", "deactivated")
            if col == self.SINCE:
                return table_time(row.created_at)
        if role == RawRole:
            return (row.name, row.role, row.active, row.created_at)[col]
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(_GREY)
        return None


class StaffDialog(_Form):
    """A new person (name, role, PIN twice), or a new PIN for someone (PIN twice).

    ``apply`` (optional) does the change with the answers when OK is pressed; a refusal (a PIN
    someone else has, a name already here) is shown in the dialog, which stays open with what was
    typed (the PIN fields emptied), so nobody types a name twice."""

    def __init__(self, parent: QWidget | None, title: str, *, name: str | None = None,
                 role: str | None = None, ask_pin: bool = True, apply: Callable[[dict], Any] | None = None) -> None:
        super().__init__(parent, title)
        self.apply, self.applied = apply, None
        self.name = self.role = None
        self.pin = self.again = None
        if name is not None:
            self.name = QLineEdit(name, objectName="staffName")
            self.form.addRow(self.tr("Name"), self.name)
        if role is not None:
            self.role = QComboBox(objectName="staffRole")
            self.role.addItem(self.tr("Cashier"), "cashier")
            self.role.addItem(self.tr("Owner"), "owner")
            self.role.setCurrentIndex(max(0, self.role.findData(role)))
            self.form.addRow(self.tr("Role"), self.role)
        if ask_pin:
            self.pin = pin_field("staffPin")
            self.pin.setPlaceholderText(self.tr("4 to 8 digits"))
            self.again = pin_field("staffPinAgain")
            self.form.addRow(self.tr("PIN"), self.pin)
            self.form.addRow(self.tr("PIN again"), self.again)
        self.setMinimumWidth(380)

    def _accept(self) -> None:
        if self.name is not None and not self.name.text().strip():
            self.fail(self.tr("Type a name."))
            return
        if self.pin is not None:
            try:
                confirm_pin(self.pin.text().strip(), self.again.text().strip())
            except TillError as exc:
                self.fail(str(exc))
                return
        if self.apply is not None:
            try:
                self.applied = self.apply(self.answer())
            except TillError as exc:
                self.fail(error_text(exc))
                if self.pin is not None:  # a PIN is never shown again, nor kept for the next try
                    self.pin.clear()
                    self.again.clear()
                    self.pin.setFocus()
                return
        self.accept()

    def answer(self) -> dict[str, str]:
        out = {}
        if self.name is not None:
            out["name"] = self.name.text().strip()
        if self.role is not None:
            out["role"] = self.role.currentData()
        if self.pin is not None:
            out["pin"] = self.pin.text().strip()
        return out

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, **fields) -> Any:
        """The answers (name, role, pin as asked), or with ``apply``, what it returned; None when
        cancelled."""
        dialog = cls(parent, title, **fields)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.applied if dialog.apply is not None else dialog.answer()


class ConfirmDeactivate:
    """Asks before someone is deactivated (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, translate("StaffPage", "Deactivate"),
                          translate("StaffPage", "Deactivate {name}? They will no longer be able to log in; their "
                                                 "past sales keep their name.").format(name=name), parent=parent)
        yes = box.addButton(translate("StaffPage", "Deactivate"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(translate("StaffPage", "Keep"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes


class StaffPage(Page):
    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.model = StaffModel(self)
        self.view = table_view()
        self.view.setModel(self.model)
        for col, width in ((StaffModel.NAME, 260), (StaffModel.ROLE, 120), (StaffModel.STATE, 140)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.summary = QLabel(wordWrap=True)
        self.add_cashier_button = QPushButton(self.tr("Add a cashier…"))
        self.add_owner_button = QPushButton(self.tr("Add an owner…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.pin_button = QPushButton(self.tr("New PIN…"))
        self.disable_button = QPushButton(self.tr("Deactivate"))
        buttons = QHBoxLayout()
        for button in (self.add_cashier_button, self.add_owner_button, self.rename_button, self.pin_button,
                       self.disable_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self.add_cashier_button.clicked.connect(lambda: self.add("cashier"))
        self.add_owner_button.clicked.connect(lambda: self.add("owner"))
        self.rename_button.clicked.connect(self.rename)
        self.pin_button.clicked.connect(self.new_pin)
        self.disable_button.clicked.connect(self.disable)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.view.doubleClicked.connect(lambda _index: self.rename())

    def reload(self) -> None:
        chosen = self.selected()
        self.model.set_rows(self.till.staff.list())
        if chosen is not None:
            self.select(chosen.id)
        active = sum(1 for r in self.model.rows if r.active)
        self.summary.setText(self.tr("Active staff: {n}. Each has their own PIN; a PIN tells the till who "
                                     "sold, refunded or counted.").format(n=active))
        self._selected()

    def select(self, member_id: str) -> None:
        for row, member in enumerate(self.model.rows):
            if member.id == member_id:
                self.view.selectRow(row)
                return

    def selected(self) -> StaffRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selected(self, *args) -> None:
        member = self.selected()
        active = member is not None and member.active
        self.rename_button.setEnabled(member is not None)
        self.pin_button.setEnabled(active)
        me = self.till.user.id if self.till.user else None
        self.disable_button.setEnabled(active and member.id != me)

    def _done(self, member: StaffRow, text: str) -> None:
        self.reload()
        self.select(member.id)
        self.status.ok(text)

    def add(self, role: str) -> StaffRow | None:
        title = self.tr("Add an owner") if role == "owner" else self.tr("Add a cashier")
        member = StaffDialog.ask(self, title, name="", role=role,
                                 apply=lambda answer: self.till.staff.add(answer["name"], answer["role"], answer["pin"]))
        if member is None:
            return None
        self._done(member, self.tr("{name} can now log in with their PIN.").format(name=member.name))
        return member

    def rename(self) -> StaffRow | None:
        member = self.selected()
        if member is None:
            return None
        renamed = StaffDialog.ask(self, self.tr("Rename {name}").format(name=member.name), name=member.name,
                                  ask_pin=False, apply=lambda answer: self.till.staff.rename(member.id, answer["name"]))
        if renamed is None:
            return None
        self._done(renamed, self.tr("Renamed to {name}.").format(name=renamed.name))
        return renamed

    def new_pin(self) -> StaffRow | None:
        member = self.selected()
        if member is None:
            return None
        answer = StaffDialog.ask(self, self.tr("New PIN for {name}").format(name=member.name))
        if answer is None:
            return None
        try:
            changed = with_approval(self, lambda pin: self.till.staff.set_pin(member.id, answer["pin"], pin))
        except TillError as exc:
            self.status.fail(error_text(exc))
            return None
        if changed is None:
            self.status.note(self.tr("No owner approved: the PIN was not changed."))
            return None
        self._done(changed, self.tr("{name} has a new PIN.").format(name=changed.name))
        return changed

    def disable(self) -> StaffRow | None:
        member = self.selected()
        if member is None or not ConfirmDeactivate.ask(self, member.name):
            return None
        try:
            gone = self.till.staff.disable(member.id)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return None
        self._done(gone, self.tr("{name} is deactivated and can no longer log in; their past sales keep their "
                                 "name.").format(name=gone.name))
        return gone

"""Attach a customer to the sale: find by phone or name, or add one (works offline)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QPushButton, QVBoxLayout, QWidget)

from app.core.errors import TillError

from ..common import no_default_buttons

DETACH = ""  # ask() returns this to take the customer off the sale


class CustomerListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        c = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "    ".join(part for part in (c.name, c.phone, c.email) if part)
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None


class CustomerDialog(QDialog):
    def __init__(self, parent: QWidget | None, till, current_id: str | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.chosen: str | None = None
        self.setWindowTitle(self.tr("Customer"))
        self.find = QLineEdit(placeholderText=self.tr("Phone or name"), objectName="scan")
        self.model = CustomerListModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.activated.connect(self._pick)
        self.find.textChanged.connect(self._search)
        self.find.returnPressed.connect(self._enter)
        self.find.installEventFilter(self)

        new = QGroupBox(self.tr("New customer"))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.marketing = QCheckBox(self.tr("Agrees to hear about offers"))
        self.share = QCheckBox(self.tr("Agrees to share details with the platform (loyalty across the network)"))
        form = QFormLayout(new)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Email"), self.email)
        form.addRow("", self.marketing)
        form.addRow("", self.share)
        add = QPushButton(self.tr("Add and attach"))
        add.clicked.connect(self._add)
        form.addRow("", add)
        self.error = QLabel(objectName="error", wordWrap=True)

        buttons = QHBoxLayout()
        self.detach = QPushButton(self.tr("Take customer off the sale"))
        self.detach.setVisible(current_id is not None)
        self.detach.clicked.connect(self._detach)
        close = QPushButton(self.tr("Cancel (Esc)"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.detach)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Find: type a phone number or a name, ↓ to choose, Enter to attach."),
                                objectName="hint"))
        layout.addWidget(self.find)
        layout.addWidget(self.results, 1)
        layout.addWidget(new)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(560, 560)
        no_default_buttons(self)
        self._search("")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.find and event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            rows = self.model.rowCount()
            if rows:
                row = self.results.currentIndex().row()
                row = min(rows - 1, row + 1) if event.key() == Qt.Key.Key_Down else max(0, row - 1)
                self.results.setCurrentIndex(self.model.index(row))
            return True
        return super().eventFilter(obj, event)

    def _search(self, text: str) -> None:
        self.model.set_rows(self.till.find_customers(text))
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))
        text = text.strip()
        compact = text.replace(" ", "")
        phone_like = bool(compact) and (compact[0] == "+" or sum(ch.isdigit() for ch in compact) > len(compact) / 2)
        # the search text pre-fills the new-customer form, in the field it looks like
        for field, wanted in ((self.phone, phone_like), (self.name, not phone_like)):
            if field.text() == getattr(self, "_prefilled", {}).get(id(field), ""):
                field.setText(text if wanted else "")
        self._prefilled = {id(self.phone): self.phone.text(), id(self.name): self.name.text()}

    def _enter(self) -> None:
        index = self.results.currentIndex()
        if index.isValid() and self.find.text().strip():
            self._pick(index)

    def _pick(self, index) -> None:
        self.chosen = self.model.data(index, Qt.ItemDataRole.UserRole)
        self.accept()

    def _add(self) -> None:
        try:
            customer = self.till.save_customer({
                "name": self.name.text(), "phone": self.phone.text(), "email": self.email.text(),
                "consent_marketing": self.marketing.isChecked(), "consent_share": self.share.isChecked(),
            })
        except TillError as exc:
            self.error.setText(str(exc))
            return
        self.chosen = customer.id
        self.accept()

    def _detach(self) -> None:
        self.chosen = DETACH
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, till, current_id: str | None = None) -> str | None:
        """A customer id to attach, ``DETACH`` to take the customer off, None to leave it."""
        dialog = cls(parent, till, current_id)
        return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else None

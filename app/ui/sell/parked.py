"""Resume a parked sale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.devices.receipt import local_time


class ParkedDialog(QDialog):
    def __init__(self, parent: QWidget | None, parked: list) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resume a parked sale"))
        self.list = QListWidget()
        for row in parked:
            item = QListWidgetItem(f"{local_time(row.created_at)}    {row.label}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Resume"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("↑/↓ to choose, Enter to resume."), objectName="hint"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(480, 360)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    @classmethod
    def ask(cls, parent: QWidget | None, parked: list) -> str | None:
        dialog = cls(parent, parked)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

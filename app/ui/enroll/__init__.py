"""First run: join the platform with an enrollment code, or work without one for now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout,
                               QWidget)

from app import syncing
from app.core.errors import TillError
from app.ui.tasks import run_task


class EnrollDialog(QDialog):
    """Asks for the platform's address and the shop's enrollment code, then enrolls the till and
    fetches the catalog in the background."""

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.result_info: dict | None = None
        self.setWindowTitle(self.tr("Connect this till to the platform"))
        intro = QLabel(self.tr("Your platform gave you a web address and a one-time enrollment code for this "
                               "shop. The till works offline too: you can connect it later with "
                               "`corner enroll URL CODE`."))
        intro.setWordWrap(True)
        self.url = QLineEdit(placeholderText="https://platform.example")
        self.code = QLineEdit(placeholderText="ABCD-EFGH-JKLM")
        self.name = QLineEdit(placeholderText=self.tr("Till at the front counter"))
        form = QFormLayout()
        form.addRow(self.tr("Platform address"), self.url)
        form.addRow(self.tr("Enrollment code"), self.code)
        form.addRow(self.tr("Name of this till"), self.name)
        self.message = QLabel(objectName="error")
        self.message.setWordWrap(True)
        self.progress = QProgressBar(maximum=0, visible=False)
        self.buttons = QDialogButtonBox()
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Work offline for now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.enroll)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro,):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def enroll(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Enter the platform's address and the enrollment code."))
            return
        self._busy(True)
        name = self.name.text().strip() or None

        def work() -> dict:
            info = syncing.enroll(self.till, url, code, name)
            try:
                syncing.sync_once(self.till)  # the catalog, so the till is ready to sell
            except TillError as exc:
                info["warning"] = str(exc)
            return info

        run_task(work, self._done, self._failed)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.connect_button.setEnabled(not busy)
        self.message.setText(self.tr("Connecting…") if busy else "")

    def _done(self, info: dict) -> None:
        self._busy(False)
        self.result_info = info
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.message.setText(str(exc) if isinstance(exc, TillError) else self.tr("Could not connect: {error}").format(
            error=exc))

    @classmethod
    def ask(cls, parent: QWidget | None, till) -> dict | None:
        """Enrolled: what the platform said; None when the person chose to work offline."""
        dialog = cls(till, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        return dialog.result_info if dialog.exec() == QDialog.DialogCode.Accepted else None

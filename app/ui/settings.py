"""Settings of this till's window: language, theme and the receipt printer.

They are kept per till in the data directory (``window.ini``), next to the till's store,
never next to the program.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from app.devices.printers import KINDS, PrinterConfig

from .i18n import LANGUAGES
from .theme import THEMES


class WindowSettings:
    def __init__(self, data_dir: Path | str) -> None:
        self._q = QSettings(str(Path(data_dir) / "window.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str) -> str:
        return str(self._q.value(key, default))

    @property
    def language(self) -> str:
        return self._get("ui/language", "en")

    @property
    def theme(self) -> str:
        return self._get("ui/theme", "light")

    @property
    def printer(self) -> PrinterConfig:
        try:
            width = int(self._get("printer/width", "42"))
        except ValueError:
            width = 42
        return PrinterConfig(kind=self._get("printer/kind", "none"), address=self._get("printer/address", ""),
                             width=width)

    def update(self, *, language: str | None = None, theme: str | None = None,
               printer: PrinterConfig | None = None) -> None:
        if language is not None:
            self._q.setValue("ui/language", language)
        if theme is not None:
            self._q.setValue("ui/theme", theme)
        if printer is not None:
            self._q.setValue("printer/kind", printer.kind)
            self._q.setValue("printer/address", printer.address)
            self._q.setValue("printer/width", printer.width)
        self._q.sync()


class SettingsDialog(QDialog):
    """Language, theme and the receipt printer (owner only)."""

    def __init__(self, parent: QWidget | None, settings: WindowSettings) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.theme = QComboBox()
        names = {"light": self.tr("Light"), "dark": self.tr("Dark, high contrast")}
        for code in THEMES:
            self.theme.addItem(names[code], code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        printer = settings.printer
        self.kind = QComboBox()
        kinds = {"none": self.tr("No printer"), "network": self.tr("Receipt printer on the network (ESC/POS)"),
                 "usb": self.tr("Receipt printer on USB (ESC/POS)"), "serial": self.tr("Receipt printer on a serial port (ESC/POS)"),
                 "system": self.tr("System printer"), "pdf": self.tr("PDF files in a folder")}
        for code in KINDS:
            self.kind.addItem(kinds[code], code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(printer.kind)))
        self.address = QLineEdit(printer.address)
        self.width = QSpinBox(minimum=24, maximum=64, value=printer.width)
        self.hint = QLabel(objectName="hint", wordWrap=True)
        self.kind.currentIndexChanged.connect(self._hint)
        self._hint()
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Receipts"), self.kind)
        form.addRow(self.tr("Address"), self.address)
        form.addRow("", self.hint)
        form.addRow(self.tr("Characters per line"), self.width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _hint(self) -> None:
        kind = self.kind.currentData()
        self.hint.setText({
            "network": self.tr("host or host:port, e.g. 192.168.1.50:9100"),
            "usb": self.tr("vendor:product in hex, e.g. 04b8:0202"),
            "serial": self.tr("device, optionally @baud, e.g. /dev/ttyUSB0@19200"),
            "system": self.tr("printer name; empty for the default printer"),
            "pdf": self.tr("folder for the PDF files"),
        }.get(kind, ""))
        self.address.setEnabled(kind != "none")

    def values(self) -> dict:
        return {"language": self.language.currentData(), "theme": self.theme.currentData(),
                "printer": PrinterConfig(self.kind.currentData(), self.address.text().strip(), self.width.value())}

    @classmethod
    def ask(cls, parent: QWidget | None, settings: WindowSettings) -> dict | None:
        dialog = cls(parent, settings)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

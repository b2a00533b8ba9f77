"""The back office's modal questions, each a small ``ask`` classmethod tests can replace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QLineEdit, QMessageBox,
    QSpinBox, QVBoxLayout, QWidget,
)

from app.core.catalog import ProductSpec
from app.core.money import fmt_plain, parse_amount
from app.core.stock import WRITE_OFF_REASONS

CANCEL = object()  # what PriceDialog.ask returns when the owner changed their mind


class _Form(QDialog):
    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.setMinimumWidth(360)  # room for the form and both buttons in any language
        self.error = QLabel(objectName="error")  # the theme's error colour
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # A kiosk without a window manager draws no title bar: the question is said in the dialog too.
        layout.addWidget(QLabel(title, objectName="title", wordWrap=True))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        # The keyboard starts in the first field (the buttons were made first, so Qt's focus chain
        # began at OK, and a name typed at once pressed OK with its first space).
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            field = item.widget() if item is not None else None
            if field is not None and field.isEnabled() and field.focusPolicy() != Qt.FocusPolicy.NoFocus:
                field.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _accept(self) -> None:
        self.accept()


class WriteOffDialog(_Form):
    def __init__(self, parent: QWidget | None, name: str, unit: str) -> None:
        super().__init__(parent, self.tr("Write off stock"))
        self.form.addRow(QLabel(self.tr("Write off {name}").format(name=name)))
        self.qty = QSpinBox()
        self.qty.setRange(1, 1_000_000)
        self.qty.setSuffix(self.tr(" g") if unit == "kg" else "")
        self.reason = QComboBox()
        labels = {"spoilage": self.tr("Spoiled"), "damage": self.tr("Damaged"), "theft": self.tr("Stolen"),
                  "expiry": self.tr("Past its date"), "other": self.tr("Other")}
        for reason in WRITE_OFF_REASONS:
            self.reason.addItem(labels[reason], reason)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("optional: what happened"))
        self.form.addRow(self.tr("Quantity"), self.qty)
        self.form.addRow(self.tr("Reason"), self.reason)
        self.form.addRow(self.tr("Note"), self.note)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, unit: str) -> tuple[int, str, str] | None:
        """(quantity, reason, note) or None."""
        dialog = cls(parent, name, unit)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.qty.value(), dialog.reason.currentData(), dialog.note.text().strip()


class PriceDialog(_Form):
    def __init__(self, parent: QWidget | None, product, money) -> None:
        super().__init__(parent, self.tr("Local price"))
        self.product = product
        bounds = self.tr("The platform recommends {price}; your price must be between {low} and {high}.").format(
            price=money(product.price),
            low=money(product.min_price) if product.min_price is not None else self.tr("any"),
            high=money(product.max_price) if product.max_price is not None else self.tr("any"))
        info = QLabel(f"<b>{product.name}</b><br>{bounds}")
        info.setWordWrap(True)
        self.form.addRow(info)
        self.price = QLineEdit(fmt_plain(product.local_price) if product.local_price is not None else "")
        self.price.setPlaceholderText(fmt_plain(product.price))
        self.recommended = QCheckBox(self.tr("Use the platform's recommended price"))
        self.recommended.setChecked(product.local_price is None)
        self.recommended.toggled.connect(lambda on: self.price.setEnabled(not on))
        self.price.setEnabled(product.local_price is not None)
        self.form.addRow(self.recommended)
        self.form.addRow(self.tr("Your price"), self.price)
        self.value: int | None = None

    def _accept(self) -> None:
        if self.recommended.isChecked():
            self.value = None
            self.accept()
            return
        try:
            self.value = parse_amount(self.price.text())
        except ValueError:
            self.fail(self.tr("Write the price like 12.50."))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, product, money):
        """The new local price in minor units, None for the recommended price, or CANCEL."""
        dialog = cls(parent, product, money)
        return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else CANCEL


class LocalProductDialog(_Form):
    """A product of the shop's own (not from the platform)."""

    def __init__(self, parent: QWidget | None, categories: list[str]) -> None:
        super().__init__(parent, self.tr("New local product"))
        self.sku = QLineEdit()
        self.name = QLineEdit()
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(["Local", *[c for c in categories if c != "Local"]])
        self.unit = QComboBox()
        self.unit.addItem(self.tr("each"), "each")
        self.unit.addItem(self.tr("per kg"), "kg")
        self.vat = QComboBox()
        for bp in (0, 500, 700, 1000, 1900, 2000):
            self.vat.addItem(f"{bp / 100:g}%", bp)
        self.vat.setCurrentIndex(2)
        self.price = QLineEdit()
        self.price.setPlaceholderText("2.50")
        self.cost = QLineEdit()
        self.cost.setPlaceholderText("1.40")
        self.barcode = QLineEdit()
        self.barcode.setPlaceholderText(self.tr("optional EAN-13"))
        for label, widget in ((self.tr("SKU"), self.sku), (self.tr("Name"), self.name),
                              (self.tr("Category"), self.category), (self.tr("Sold"), self.unit),
                              (self.tr("VAT"), self.vat), (self.tr("Price"), self.price),
                              (self.tr("Your cost"), self.cost), (self.tr("Barcode"), self.barcode)):
            self.form.addRow(label, widget)
        self.spec: ProductSpec | None = None

    def _accept(self) -> None:
        try:
            price = parse_amount(self.price.text())
            cost = parse_amount(self.cost.text()) if self.cost.text().strip() else 0
        except ValueError:
            self.fail(self.tr("Write amounts like 2.50."))
            return
        code = self.barcode.text().strip()
        self.spec = ProductSpec(sku=self.sku.text().strip(), name=self.name.text().strip(),
                                category=self.category.currentText().strip(), unit=self.unit.currentData(),
                                vat_rate_bp=self.vat.currentData(), price=price, cost=cost,
                                barcodes=(code,) if code else ())
        try:
            self.spec.check()
        except Exception as exc:  # the core's words, shown in the dialog
            self.fail(str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, categories: list[str]) -> ProductSpec | None:
        dialog = cls(parent, categories)
        return dialog.spec if dialog.exec() == QDialog.DialogCode.Accepted else None


class Confirm:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go


class Files:
    """Where to save or what to open."""

    @classmethod
    def save(cls, parent: QWidget | None, title: str, suggested: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
        return Path(path) if path else None

    @classmethod
    def open(cls, parent: QWidget | None, title: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
        return Path(path) if path else None

    @classmethod
    def folder(cls, parent: QWidget | None, title: str) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, title)
        return Path(path) if path else None

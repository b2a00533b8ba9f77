"""Customers: list and search, edit details and consent, loyalty balance and history, purchases."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTabWidget,
    QVBoxLayout, QWidget,
)

from app.core.errors import TillError

from .common import Page, error_text, table_view
from .models import Col, RawRole, RowsModel


class CustomersPage(Page):
    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(till, parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or phone"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self.tr("New customer"))
        self.model = RowsModel([
            Col(self.tr("Name")), Col(self.tr("Phone")), Col(self.tr("Email")), Col(self.tr("Marketing"), "bool"),
            Col(self.tr("Shared"), "bool"), Col(self.tr("Points"), "int"),
        ], self.money, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(RawRole)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = table_view()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for col, width in ((0, 150), (1, 125), (2, 165), (3, 72), (4, 60)):
            self.view.horizontalHeader().resizeSection(col, width)

        # the editor
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold")
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.marketing = QCheckBox(self.tr("May receive offers and news (marketing)"))
        self.share = QCheckBox(self.tr("Share details with the platform (digital receipts, network loyalty)"))
        self.share.setToolTip(self.tr("Without this, the customer's details never leave the shop."))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Email"), self.email)
        consent = QGroupBox(self.tr("Consent"))
        cl = QVBoxLayout(consent)
        cl.addWidget(self.marketing)
        cl.addWidget(self.share)
        self.points = QLabel()
        self.points.setStyleSheet("font-size: 14px")
        self.loyalty = RowsModel([Col(self.tr("When"), "date"), Col(self.tr("Points"), "int"), Col(self.tr("Why")),
                                  Col(self.tr("Receipt"))], self.money, self)
        self.purchases = RowsModel([Col(self.tr("When"), "date"), Col(self.tr("Receipt")), Col(self.tr("Lines"), "int"),
                                    Col(self.tr("Total"), "money")], self.money, self)
        self.history = QTabWidget()
        self.history_views = []
        for model, title in ((self.purchases, self.tr("Purchases")), (self.loyalty, self.tr("Loyalty points"))):
            view = table_view()
            view.setModel(model)
            model.modelReset.connect(view.resizeColumnsToContents)
            self.history_views.append(view)
            self.history.addTab(view, title)

        editor = QWidget()
        el = QVBoxLayout(editor)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(self.heading)
        el.addLayout(form)
        el.addWidget(consent)
        row = QHBoxLayout()
        row.addWidget(self.points, 1)
        row.addWidget(self.save_button)
        el.addLayout(row)
        el.addWidget(self.history, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        ll.addLayout(top)
        ll.addWidget(self.view, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(editor)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([660, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_customer)
        self.save_button.clicked.connect(self.save)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.customer_id: str | None = None
        self.new_customer()

    def reload(self) -> None:
        """The list for the search text (the core searches names and phone digits)."""
        keep = self.customer_id
        self.model.set_rows([row[1:] + (row[0],) for row in self.till.customer_rows(self.search.text())])
        if keep:
            self.select(keep)

    def select(self, customer_id: str) -> bool:
        for n, row in enumerate(self.model.rows):
            if row[-1] == customer_id:
                index = self.proxy.mapFromSource(self.model.index(n, 0))
                self.view.selectRow(index.row())
                return True
        return False

    def _selected(self, *args) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        source = self.proxy.mapToSource(rows[0])
        self.show_customer(self.model.rows[source.row()][-1])

    def show_customer(self, customer_id: str) -> None:
        try:
            c = self.till.customer(customer_id)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return
        self.customer_id = c.id
        self.heading.setText(c.name or c.phone)
        self.name.setText(c.name)
        self.phone.setText(c.phone)
        self.email.setText(c.email)
        self.marketing.setChecked(c.consent_marketing)
        self.share.setChecked(c.consent_share)
        self.points.setText(self.tr("Loyalty balance: <b>{points}</b> points").format(
            points=self.till.loyalty_points(c.id)))
        self.loyalty.set_rows(self.till.loyalty_history(c.id))
        self.purchases.set_rows(self.till.customer_purchases(c.id))

    def new_customer(self) -> None:
        self.customer_id = None
        self.view.clearSelection()
        self.heading.setText(self.tr("New customer"))
        for field in (self.name, self.phone, self.email):
            field.clear()
        self.marketing.setChecked(False)
        self.share.setChecked(False)
        self.points.setText("")
        self.loyalty.set_rows([])
        self.purchases.set_rows([])
        self.name.setFocus()

    def save(self) -> bool:
        fields = {"name": self.name.text(), "phone": self.phone.text(), "email": self.email.text(),
                  "consent_marketing": self.marketing.isChecked(), "consent_share": self.share.isChecked()}
        try:
            customer = self.till.save_customer(fields, self.customer_id)
        except TillError as exc:
            self.status.fail(error_text(exc))
            return False
        self.status.ok(self.tr("Saved {name}.").format(name=customer.name or customer.phone))
        self.customer_id = customer.id
        self.reload()
        self.show_customer(customer.id)
        return True

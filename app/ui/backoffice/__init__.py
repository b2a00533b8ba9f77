"""The owner's back office: stock, counts, customers, the insights dashboard, data safety, and
the s2b2c loop with the platform (orders, deliveries, settlement, customer feedback).

Opened from the till window (F10, owner only) as ``BackOffice(till, parent=None)``. A thin
shell over the facade: every figure and rule comes from app/core.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from .count_page import CountPage
from .customers_page import CustomersPage
from .dashboard_page import DashboardPage
from .data_page import DataPage
from .deliveries_page import DeliveriesPage
from .feedback_page import FeedbackPage
from .orders_page import OrdersPage
from .reports_page import ReportsPage
from .settlement_page import SettlementPage
from .staff_page import StaffPage
from .stock_page import StockPage

__all__ = ["BackOffice"]

log = logging.getLogger("corner.ui.backoffice")


class _Relay(QObject):
    """Carries the till's change notices (which may come from a worker thread) to the UI thread."""

    changed = Signal(str)


class BackOffice(QWidget):
    STOCK, COUNT, CUSTOMERS, DASHBOARD, DATA, ORDERS, DELIVERIES, SETTLEMENT, FEEDBACK, REPORTS, STAFF = range(11)

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setWindowTitle(self.tr("Back office – {shop}").format(shop=till.shop().name))
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.resize(1200, 760)

        self.stock = StockPage(till)
        self.count = CountPage(till)
        self.customers = CustomersPage(till)
        self.dashboard = DashboardPage(till)
        self.data = DataPage(till)
        self.orders = OrdersPage(till)
        self.deliveries = DeliveriesPage(till)
        self.settlement = SettlementPage(till)
        self.feedback = FeedbackPage(till)
        self.reports = ReportsPage(till)
        self.staff = StaffPage(till)
        self.tabs = QTabWidget()
        for page, title in ((self.stock, self.tr("&Stock")), (self.count, self.tr("Coun&t")),
                            (self.customers, self.tr("&Customers")), (self.dashboard, self.tr("&Dashboard")),
                            (self.data, self.tr("D&ata and backups")), (self.orders, self.tr("&Orders")),
                            (self.deliveries, self.tr("Deli&veries")), (self.settlement, self.tr("Sett&lement")),
                            (self.feedback, self.tr("&Feedback")), (self.reports, self.tr("&Reports"))):
            self.tabs.addTab(page, title)
        self.tabs.addTab(self.staff, self.tr("Sta&ff"))
        user = till.user
        self.who = QLabel(self.tr("Signed in: {name}").format(name=user.name) if user else "")
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.who.setStyleSheet("color: #666")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.who)
        layout.addWidget(self.tabs, 1)

        for n in range(min(self.tabs.count(), 9)):  # Ctrl+1 .. Ctrl+9
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, activated=lambda n=n: self.tabs.setCurrentIndex(n))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, activated=self.close)

        self._stale: set[int] = set()
        self._relay = _Relay(self)
        self._relay.changed.connect(self._changed)
        relay = weakref.ref(self._relay)

        def listener(topic: str) -> None:
            r = relay()
            if r is not None:
                try:
                    r.changed.emit(topic)
                except RuntimeError:  # the window is gone
                    pass

        till.subscribe(listener)
        self.data.restored.connect(lambda: self._changed("restore"))
        self.tabs.currentChanged.connect(self._shown)
        self._loaded: set[int] = set()
        self._feedback_title()
        self._shown(self.tabs.currentIndex())

    def _changed(self, topic: str) -> None:
        pages = {"stock": {self.STOCK, self.ORDERS, self.DELIVERIES}, "catalog": {self.STOCK, self.COUNT},
                 "sale": {self.STOCK, self.CUSTOMERS, self.SETTLEMENT, self.REPORTS},
                 "refund": {self.STOCK, self.SETTLEMENT, self.REPORTS},
                 "orders": {self.ORDERS}, "deliveries": {self.DELIVERIES, self.ORDERS}, "feedback": {self.FEEDBACK},
                 "restore": {self.STOCK, self.COUNT, self.CUSTOMERS, self.DATA, self.ORDERS, self.DELIVERIES,
                             self.SETTLEMENT, self.FEEDBACK}}
        self._stale |= pages.get(topic, set())
        if topic in ("feedback", "restore"):
            self._feedback_title()
        if topic == "restore":
            self.dashboard.board = None
        self._shown(self.tabs.currentIndex())

    def _shown(self, index: int) -> None:
        """Load a page the first time it is shown, and again when the till changed underneath."""
        if index in self._loaded and index not in self._stale:
            return
        self._loaded.add(index)
        self._stale.discard(index)
        if index == self.STOCK:
            self.stock.reload()
        elif index == self.COUNT:
            self.count.fill_scopes()
        elif index == self.CUSTOMERS:
            self.customers.reload()
        elif index == self.DASHBOARD:
            self.dashboard.refresh()
        elif index == self.DATA:
            self.data.reload()
        elif index == self.ORDERS:
            self.orders.reload()
        elif index == self.DELIVERIES:
            self.deliveries.reload()
        elif index == self.SETTLEMENT:
            self.settlement.refresh()
        elif index == self.FEEDBACK:
            self.feedback.reload()
        elif index == self.REPORTS:
            self.reports.refresh()
        elif index == self.STAFF:
            self.staff.reload()

    def _feedback_title(self) -> None:
        """The Feedback tab says how much is unread."""
        unread = sum(1 for row in self.till.feedback_rows() if not row[6])
        self.tabs.setTabText(self.FEEDBACK, self.tr("&Feedback ({n})").format(n=unread) if unread
                             else self.tr("&Feedback"))

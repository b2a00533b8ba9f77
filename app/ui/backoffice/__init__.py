"""The owner's back office: stock, counts, customers, the insights dashboard, data safety, and
the s2b2c loop with the platform (orders, deliveries, settlement, customer feedback).

A page of the till window (F10, owner only): ``TillWindow.open_backoffice`` puts
``BackOffice(till, window)`` in the window's stack; "Back to till" (Esc, F10, Ctrl+W) emits
``back`` and the window shows the sell screen again. A kiosk has no window manager to move or
close a second window, so the back office never is one (``BackOffice(till)`` alone, as tests and
scripts make it, is a plain top-level widget that closes itself). A thin shell over the facade:
every figure and rule comes from app/core.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.ui.common import action_button

from .common import Page
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
    back = Signal()  # the owner goes back to the till
    STOCK, COUNT, CUSTOMERS, DASHBOARD, DATA, ORDERS, DELIVERIES, SETTLEMENT, FEEDBACK, REPORTS, STAFF = range(11)

    def __init__(self, till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.setWindowTitle(self.tr("Back office – {shop}").format(shop=till.shop().name))
        if parent is None:
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
                            (self.data, self.tr("D&ata")), (self.orders, self.tr("&Orders")),
                            (self.deliveries, self.tr("Deli&veries")), (self.settlement, self.tr("Sett&lement")),
                            (self.feedback, self.tr("&Feedback")), (self.reports, self.tr("&Reports"))):
            self.tabs.addTab(page, title)
        self.tabs.addTab(self.staff, self.tr("Sta&ff"))
        self.tabs.setTabToolTip(self.DATA, self.tr("Data and backups"))  # eleven tabs in sight at 1024 px
        self.back_button = action_button(self.tr("Back to till"), "Esc", self.leave, self)
        self.back_button.setToolTip(self.tr("Back to the sell screen (Esc or F10)"))
        self.who = QLabel(objectName="hint")
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.show_user()
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.who)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        for n in range(min(self.tabs.count(), 9)):  # Ctrl+1 .. Ctrl+9
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, activated=lambda n=n: self.tabs.setCurrentIndex(n))
        for key in ("F10", "Ctrl+W"):
            QShortcut(QKeySequence(key), self, activated=self.leave)

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
        self.tabs.currentChanged.connect(self._tab_chosen)
        self._loaded: set[int] = set()
        self._feedback_title()
        self._shown(self.tabs.currentIndex())

    def show_user(self) -> None:
        user = self.till.user
        self.who.setText(self.tr("Signed in: {name}").format(name=user.name) if user else "")

    def leave(self) -> None:
        """Back to the till: the window shows the sell screen; alone, the widget closes."""
        if self.isWindow():
            self.close()
        self.back.emit()

    def enter(self) -> None:
        """Shown as the window's page: who is signed in, and the keyboard in the page."""
        self.show_user()
        window = self.window()
        if window.isVisible() and not window.isActiveWindow():
            window.activateWindow()  # a kiosk has no window manager to do it
        self._keyboard_in_page()

    def _tab_chosen(self, index: int) -> None:
        """A tab chosen (by click, Alt+letter or Ctrl+Tab): the keyboard goes into its page too. On the
        Count page a scan then lands in the scan field; it went into the scope list, and was lost.
        Not when the tab bar itself has the keyboard: its arrow keys go on from tab to tab."""
        if self.isVisible() and not self.tabs.tabBar().hasFocus():
            self._keyboard_in_page()

    def _keyboard_in_page(self) -> None:
        """The keyboard in the current page's first field or table."""
        page = self.tabs.currentWidget()
        home = page.keyboard_home() if isinstance(page, Page) else None
        (home or self.tabs).setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._shown(self.tabs.currentIndex())  # what changed while the till was selling

    def _changed(self, topic: str) -> None:
        if topic == "peers":  # another till's events applied, or a conflict settled: only the conflicts
            if self.isVisible() and self.tabs.currentIndex() == self.DATA:
                self.data.conflicts.reload()
            else:
                self._stale.add(self.DATA)
            return
        pages = {"stock": {self.STOCK, self.ORDERS, self.DELIVERIES}, "catalog": {self.STOCK, self.COUNT},
                 "sale": {self.STOCK, self.CUSTOMERS, self.SETTLEMENT, self.REPORTS},
                 "refund": {self.STOCK, self.SETTLEMENT, self.REPORTS},
                 "orders": {self.ORDERS}, "promotions": {self.SETTLEMENT}, "deliveries": {self.DELIVERIES, self.ORDERS}, "feedback": {self.FEEDBACK},
                 "restore": {self.STOCK, self.COUNT, self.CUSTOMERS, self.DATA, self.ORDERS, self.DELIVERIES,
                             self.SETTLEMENT, self.FEEDBACK, self.REPORTS, self.STAFF}}
        self._stale |= pages.get(topic, set())
        if topic in ("feedback", "restore"):
            self._feedback_title()
        if topic == "restore":
            self.dashboard.board = None
        if self.isVisible():  # hidden behind the sell screen: reload when shown again, not at every sale
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

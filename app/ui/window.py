"""The till window: the PIN pad when locked, the sell screen when someone is logged in,
and the status bar with the sync indicator."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from app.core.errors import TillError
from app.devices.printers import ReceiptPrinter

from . import i18n, theme
from .cash.dialog import CashDialog
from .login.pinpad import LoginScreen
from .printing import PrintService
from .refund.dialog import RefundDialog
from .sell.screen import SellScreen
from .settings import SettingsDialog, WindowSettings
from .status import SyncStatusWidget

log = logging.getLogger("corner.ui")


class TillNotices(QObject):
    """The core's change notices, delivered on the main thread whatever thread sent them."""

    changed = Signal(str)


class Notice:
    """A message a person must acknowledge (tests replace ``show``)."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


class TillWindow(QMainWindow):
    def __init__(self, till, settings: WindowSettings | None = None, printer: ReceiptPrinter | None = None) -> None:
        super().__init__()
        self.till = till
        self.settings = settings or WindowSettings(till.data_dir)
        self.printing = PrintService(printer or ReceiptPrinter(self.settings.printer), self)
        self.printing.failed.connect(lambda message: self.sell.error(message))
        self.notices = TillNotices(self)
        self.notices.changed.connect(self._changed)
        till.subscribe(self.notices.changed.emit)
        self.last_user: str | None = None
        self.cart = till.new_cart()
        self.backoffice = None  # the back office page, made on the first F10 of an owner's login

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.sync_status = SyncStatusWidget()
        self.user_label = QLabel()
        self.statusBar().addWidget(self.user_label, 1)  # its share of the bar: a name is never cut
        self.statusBar().addPermanentWidget(self.sync_status)
        self._status_timer = QTimer(self, interval=15_000, timeout=self.refresh_status)
        self._status_timer.start()
        # scheduled prices switch by the till's clock, and promotions start and end by it, online or not
        self._promo_timer = QTimer(self, interval=15_000, timeout=self._promotions_tick)
        self._promo_timer.start()
        self.build()
        self.resize(1366, 768)
        self.setMinimumSize(1024, 640)
        # Without a window manager (a kiosk till) nothing gives the keyboard back to the window
        # when a dialog closes, wherever it was opened from (the back office's too): Esc, F10 and
        # the F-keys then did nothing. When a dialog hides, the till takes the keyboard back.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Hide and isinstance(obj, QDialog) and obj.isWindow():
            QTimer.singleShot(0, self, self._take_keyboard_back)  # cancelled if the window goes first
        return False

    def _take_keyboard_back(self) -> None:
        """Only when no other window of the till has (or is about to get) the keyboard: a dialog
        that opens another one as it closes (the cash session's Z report) keeps it."""
        app = QApplication.instance()
        if app is None or not self.isVisible() or app.activeModalWidget() is not None:
            return
        if any(isinstance(w, QDialog) and w.isVisible() for w in app.topLevelWidgets()):
            return
        if app.activeWindow() in (None, self):
            self.activateWindow()

    def fit_screen(self) -> None:
        """1366x768 where there is room, never larger than the screen: a kiosk without a window
        manager shows the window where it is put, so it starts at the screen's corner and inside it
        (at 1024x768 a 1366-wide window cut the status bar off)."""
        screen = self.screen() or QApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is None or room.width() <= 0:
            self.resize(1366, 768)
            return
        self.resize(min(1366, room.width()), min(768, room.height()))
        self.move(room.topLeft())

    # -- screens ------------------------------------------------------------------------

    def build(self) -> None:
        """(Re)build the screens in the current language; the cart and the user stay."""
        if self.stack.count():
            self.cart = self.sell.cart
            self.backoffice = None  # removed with the other screens below
            while self.stack.count():
                widget = self.stack.widget(0)
                self.stack.removeWidget(widget)
                widget.deleteLater()
        self.setWindowTitle(self.tr("Corner — {shop}").format(shop=self.till.shop().name))
        self.login = LoginScreen(self.till)
        self.login.logged_in.connect(self._logged_in)
        self.sell = SellScreen(self.till, self, self.cart)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.sell)
        if self.till.user is None:
            self.show_login()
        else:
            self._logged_in(self.till.user)
        self.refresh_status()

    def show_login(self) -> None:
        self.drop_backoffice()  # the next person's back office starts afresh
        self.stack.setCurrentWidget(self.login)
        self.login.show_locked(self.last_user)
        self.user_label.setText(self.tr("Locked") if self.last_user else self.tr("Logged out"))

    def _logged_in(self, user) -> None:
        self.last_user = user.name
        self.sell.apply_role()
        self.stack.setCurrentWidget(self.sell)
        role = self.tr("owner") if user.is_owner else self.tr("cashier")
        self.user_label.setText(self.tr("{name} ({role})").format(name=user.name, role=role))
        if self.till.cash_session() is None:
            self.sell.error(self.tr("No cash session is open: Ctrl+E opens one with a float."), error=False)
        self.sell.focus_scan()

    def lock(self) -> None:
        self.till.lock()
        self.show_login()

    # -- status -------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Until a sync engine feeds ``sync_status``, show "not connected" and the queue."""
        try:
            service = getattr(self, "peer_service", None)
            self.sync_status.show_peers(service.nearby() if service is not None else self.till.peers.nearby(),
                                        self.till.peers.open_conflict_count())
        except Exception:  # the indicator must never take the window down
            log.exception("could not count the tills nearby")
        if getattr(self, "sync_engine_attached", False):
            return
        try:
            waiting = self.till.pending_events()
        except Exception:  # the indicator must never take the window down
            log.exception("could not count waiting events")
            return
        self.sync_status.show_state(None, waiting, self.till.meta("last_sync_at"))

    def attach_sync(self, bridge) -> None:
        """Let a running sync engine (``app.ui.sync.SyncBridge``) feed the status bar."""
        from .sync import describe

        self.sync_bridge = bridge
        self.sync_engine_attached = True
        bridge.state_changed.connect(lambda state: self.sync_status.show_state(*describe(state)))

    def attach_peers(self, service) -> None:
        """Let the running peer service (``app.peers_net.PeerService``) feed the tills nearby."""
        self.peer_service = service
        self.refresh_status()

    def _changed(self, topic: str) -> None:
        if topic in ("catalog", "policy"):
            self.sell.grid.refresh()  # off the UI thread: a catalog pull sends a notice per page
            self.sell.reprice()
        elif topic == "promotions":
            self.sell.reprice()  # the cart on screen takes the new promotions
        self.refresh_status()

    def _promotions_tick(self) -> None:
        try:
            if not self.till.promotions.apply_due_prices() and self.sell.cart.lines:
                self.sell.reprice()  # a promotion may have started or ended since the last scan
        except Exception:  # the till must keep selling
            log.exception("could not apply scheduled prices")

    # -- reached from the sell screen ------------------------------------------------------

    def open_refund(self) -> None:
        RefundDialog.ask(self, self.till, self.printing)
        self.refresh_status()
        self.sell.focus_scan()

    def open_cash(self) -> None:
        dialog = CashDialog.ask(self, self.till, self.printing)
        self.refresh_status()
        if dialog.opened is not None:
            self.sell.show_info(self.tr("Drawer opened with a float of {amount}.").format(
                amount=self.till.money(dialog.opened)))
        self.sell.focus_scan()

    def open_backoffice(self) -> None:
        try:
            self.till.require("backoffice")
        except TillError as exc:
            self.sell.error(str(exc))
            return
        try:
            from app.ui.backoffice import BackOffice
        except ImportError:
            Notice.show(self, self.tr("Back office"), self.tr("The back office is not available in this version."))
            return
        if self.backoffice is None:
            self.backoffice = BackOffice(self.till, self)
            self.backoffice.back.connect(self.close_backoffice)
            self.stack.addWidget(self.backoffice)
        self.stack.setCurrentWidget(self.backoffice)
        self.backoffice.enter()

    def close_backoffice(self) -> None:
        """Back from the back office to the sell screen (its "Back to till" button, Esc or F10)."""
        if self.stack.currentWidget() is self.backoffice:
            self.stack.setCurrentWidget(self.sell)
            self.refresh_status()
            self.sell.focus_scan()

    def drop_backoffice(self) -> None:
        office, self.backoffice = self.backoffice, None
        if office is not None:
            self.stack.removeWidget(office)
            office.deleteLater()

    def open_settings(self) -> None:
        try:
            self.till.require("settings")
        except TillError as exc:
            self.sell.error(str(exc))
            return
        values = SettingsDialog.ask(self, self.settings)
        if values is None:
            self.sell.focus_scan()
            return
        self.settings.update(**values)
        self.printing.printer = ReceiptPrinter(values["printer"])
        app = QApplication.instance()
        theme.apply(app, values["theme"])
        if i18n.install(app, values["language"]) or True:
            self.build()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self._status_timer.stop()
        bridge = getattr(self, "sync_bridge", None)
        if bridge is not None:
            bridge.stop()
        service = getattr(self, "peer_service", None)
        if service is not None:
            service.stop()
        super().closeEvent(event)

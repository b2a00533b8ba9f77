"""Starting the till window: the application, its theme and language, and the window on a till."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.core.errors import TillError
from app.core.logs import setup_logging
from app.core.till import Till

from . import appicon, i18n, theme
from .settings import WindowSettings
from .window import TillWindow

log = logging.getLogger("corner.ui")


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Corner")
    app.setOrganizationName("Corner")
    appicon.install(app)
    return app


def _start_peers(window: TillWindow, till: Till) -> None:
    """The shop's other tills on its network (docs/peers.md), once this till is paired with them."""
    if not till.peers.secret() or os.environ.get("CORNER_PEERS", "").lower() in ("0", "off", "no"):
        return
    try:
        from app.peers_net import PeerService

        window.attach_peers(PeerService(till).start())
    except (OSError, TillError) as exc:  # the port is taken, say: the till works on alone, and says so
        log.warning("peer service not started: %s", exc)
        window.sync_status.show_peers_off(str(exc))


def _start_sync_later(window: TillWindow, till: Till, shown: bool) -> None:
    """The sync engine's modules (pydantic, requests: over a second at start-up) load off the UI
    thread while the first screen paints; the engine starts on the UI thread once they are in."""
    import importlib

    from shiboken6 import isValid

    from .tasks import run_task

    def attach(_module) -> None:
        if not isValid(window) or (shown and not window.isVisible()):
            return  # closed while the modules loaded
        from .sync import SyncBridge

        bridge = SyncBridge.for_till(till, parent=window)
        if bridge is not None:
            window.attach_sync(bridge)
            bridge.start()
        _start_peers(window, till)

    run_task(lambda: importlib.import_module("app.ui.sync"), attach)


# What the first sale needs and the first screen does not: the promotion models and the pricing
# engine (pydantic models, ~0.15 s of CPU to build), imported by the core when first used.
WARM_UP = ("sync.promotions", "sync.pricing")


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, right after ``widget``'s first paint (the event loop's next turn)."""

    def __init__(self, widget: QWidget, then) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def _warm_up_later(window: QWidget, settle: bool) -> None:
    """Once the window's first screen has painted: with ``settle``, freeze what the start made
    (see open_window), then load WARM_UP off the UI thread (a thread started before the paint
    competes with the start for the interpreter), while the cashier types a PIN. A scan that
    comes sooner imports what it needs itself, or waits for the import in progress (Python's
    import lock), and is right either way."""
    import importlib

    from .tasks import run_task

    def freeze() -> None:
        if settle:
            gc.freeze()  # the start's objects live as long as the window: later full collections skip them

    def after_first_paint() -> None:
        freeze()
        run_task(lambda: [importlib.import_module(name) for name in WARM_UP], lambda _modules: freeze())

    _AfterFirstPaint(window, after_first_paint)


def open_window(data_dir: Path | str, *, app: QApplication | None = None, till: Till | None = None,
                show: bool = True, sync: bool = True, first_run: bool = True, settle: bool = False) -> TillWindow:
    """The window on the till in ``data_dir``, themed and translated as its settings say.

    A brand-new till (no products, not enrolled) first offers to join the platform. An
    enrolled till starts its sync engine in the background (``sync=False`` for tests).
    ``settle`` (the application's ``main``): the objects the start makes (modules, the ORM's
    mappers, the screens: ~100,000) are frozen out of the cycle collector's collections, at the
    start and once the first screen has painted: a full collection walked them all, ~75 ms on
    the UI thread each time, in the middle of a sale, and the start's own collections re-walked
    the modules already imported (see _warm_up_later)."""
    app = app or make_app()
    if settle:
        gc.freeze()  # the modules just imported live as long as the process: collections skip them
    setup_logging(Path(data_dir))
    till = till or Till(data_dir)
    settings = WindowSettings(till.data_dir)
    theme.apply(app, settings.theme)
    i18n.install(app, settings.language)
    if first_run and not till.meta("device_id") and not till.status()["products"]:
        from .enroll import EnrollDialog

        EnrollDialog.ask(None, till)
    window = TillWindow(till, settings)
    if sync and till.meta("device_id"):
        _start_sync_later(window, till, show)
    if show:
        if QGuiApplication.platformName() != "offscreen":  # a real screen (offscreen's is a stand-in)
            window.fit_screen()
        window.show()
        _warm_up_later(window, settle)
        # Take the keyboard: the F-keys are window shortcuts, which work only in the active window,
        # and a kiosk till often runs without a window manager to activate it.
        window.activateWindow()
    return window


def refuse_to_start(message: str) -> None:
    """The till cannot open its data: say why and the way back (the message names the command),
    instead of a traceback or, worse, a blank new till on top of the old one's remains."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, QApplication.translate("TillWindow", "Corner cannot open this till"), message)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from app.core.errors import TillError
    from app.core.paths import default_data_dir

    parser = argparse.ArgumentParser(prog="corner-window", description="The Corner till window.")
    parser.add_argument("--data-dir", type=Path, default=None)
    args, qt_args = parser.parse_known_args(argv)
    app = make_app([sys.argv[0], *qt_args])
    try:
        window = open_window(args.data_dir or default_data_dir(), app=app, settle=True)
    except TillError as exc:  # a lost, empty or damaged till file, or a folder that is a file
        refuse_to_start(str(exc))
        return 2
    code = app.exec()
    window.till.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main())

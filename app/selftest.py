"""`corner --self-test`: prove that this build of the till works, headless, in a throwaway
data directory, and say so in one line.

It walks the path a shop takes on its first morning: the store is created by the Alembic
migrations, the demo shop is seeded, the window is rendered offscreen, the cashier (PIN 1111)
rings up two items paid in cash, the receipt goes to an ESC/POS printer in memory (with its
QR code), the owner's dashboard draws its charts (QtCharts), and ``till.doctor()`` must find
nothing wrong. Along the way it checks the files a
frozen build most easily leaves behind: the themes, both sets of translations (Corner's own
and Qt's ``qtbase_*.qm``), the icon, Babel's locale data, keyring's backend metadata and the
CA certificates that HTTPS to the platform needs.

Success prints one line and exits 0::

    self-test ok: DEMO-1-000001, 218 products, window 1366x768

Anything else prints ``self-test failed at <step>: <reason>`` and exits 1. So does any Qt
warning, except the one the offscreen platform always prints when a window is shown.

The same code runs in-process under pytest (tests/package) and frozen under
``make package-test``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

WINDOW_SIZE = (1366, 768)
CASH_ROUND_UP_TO = 500  # the customer hands over the total rounded up to 5.00
PRINTER_PROFILE = "TM-T88V"  # an 80 mm Epson with its paper width known, so the QR code centres
KNOWN_QT_NOISE = ("This plugin does not support propagateSizeHints()",)


class SelfTestFailed(Exception):
    """A check failed; the message says which and why."""


@dataclass(frozen=True)
class Result:
    receipt_no: str
    products: int
    window: tuple[int, int]

    def line(self) -> str:
        return f"self-test ok: {self.receipt_no}, {self.products} products, window {self.window[0]}x{self.window[1]}"


class QtMessages:
    """Collects Qt's warnings while installed; the known offscreen line is not one of them."""

    def __init__(self) -> None:
        self.unexpected: list[str] = []
        self._previous = None

    def __call__(self, kind, _context, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(known in message for known in KNOWN_QT_NOISE):
            return
        self.unexpected.append(f"Qt {kind.name.removeprefix('Qt').removesuffix('Msg').lower()}: {message}")
        if kind == QtMsgType.QtFatalMsg:  # Qt aborts right after this returns: say why first
            print(f"self-test failed: {self.unexpected[-1]}", file=sys.stderr, flush=True)

    def __enter__(self) -> QtMessages:
        from PySide6.QtCore import qInstallMessageHandler

        self._previous = qInstallMessageHandler(self)
        return self

    def __exit__(self, *_exc) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(self._previous)


class _Steps:
    """Names the step in progress, so a failure says where it happened; a Qt warning fails the
    step it was printed in."""

    current = "start"
    messages: QtMessages | None = None

    def __call__(self, name: str) -> None:
        if self.messages is not None and self.messages.unexpected:
            raise SelfTestFailed("; ".join(self.messages.unexpected))
        self.current = name


def check(condition: object, reason: str) -> None:
    if not condition:
        raise SelfTestFailed(reason)


def run(data_dir: Path | None = None, screenshot: Path | None = None, step: _Steps | None = None) -> Result:
    """Run every check; returns what the success line reports, raises on the first failure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = step or _Steps()
    messages = QtMessages()
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="corner-selftest-",
                                                                            ignore_cleanup_errors=True)))
        stack.enter_context(_env("ESCPOS_CAPABILITIES_PICKLE_DIR", str(data_dir)))  # not one more dir in /tmp
        stack.callback(_restore_logging(logging.getLogger("corner")))
        step.messages = stack.enter_context(messages)

        step("Qt")
        from PySide6.QtCore import QCoreApplication

        from app.ui.app import make_app

        app = make_app([sys.argv[0] if sys.argv and sys.argv[0] else "corner"])
        stack.callback(_restore_app_look(app))

        step("icon")
        from app.ui import appicon

        icon = appicon.install(app)
        check(not icon.isNull() and len(icon.availableSizes()) == len(appicon.SIZES),
              f"the app icon has {len(icon.availableSizes())} of {len(appicon.SIZES)} sizes")

        step("resources")
        _check_resources()

        step("migrations")
        from app.core.store.engine import current_revision, head_revision
        from app.core.till import Till

        till = Till(data_dir)
        stack.callback(till.close)
        head = head_revision()
        check(current_revision(till.store.engine) == head, f"the store is not at the head revision {head}")

        step("demo shop")
        from app.core import demo

        products = demo.seed(till)["products"]
        check(products > 0, "the demo shop has no products")
        till.set_meta(server_url="https://platform.example")  # so the receipt carries its QR code

        step("window")
        from app.ui.app import open_window

        # Not enrolled, so no sync engine starts; and never the first-run wizard, whose exec() would wait.
        window = open_window(data_dir, app=app, till=till, show=True, first_run=False)
        stack.callback(_dispose, window)
        window.resize(*WINDOW_SIZE)
        for _ in range(5):
            QCoreApplication.processEvents()
        image = window.grab().toImage()
        size = (image.width(), image.height())
        check(not image.isNull() and size == WINDOW_SIZE, f"the window rendered at {size[0]}x{size[1]}")
        colours = {image.pixel(x, y) for x in range(0, size[0], 8) for y in range(0, size[1], 8)}
        check(len(colours) >= 16, f"the window rendered nearly blank ({len(colours)} colours): no text drawn?")
        if screenshot is not None:
            check(image.save(str(screenshot)), f"could not write {screenshot}")

        step("sale")
        from app.core.sales import Tender

        till.login(demo.CASHIER_PIN)
        check(till.cash_session() is not None, "no cash session is open after seeding")
        cart = till.new_cart()
        for product in [p for p in till.favourites() if p.unit != "kg"][:2]:  # counted, not weighed
            till.add_to_cart(cart, product.sku)
        check(len(cart.lines) == 2, f"the cart has {len(cart.lines)} lines, not 2")
        total = cart.totals().total
        sale = till.pay(cart, [Tender("cash", -(-total // CASH_ROUND_UP_TO) * CASH_ROUND_UP_TO)])
        check(till.sale(sale.receipt_no).total == total, "the sale read back has another total")
        check(till.pending_events() > 0, "the sale left no event in the outbox")

        step("receipt")
        from escpos.printer import Dummy

        from app.devices.printers import ReceiptPrinter
        from app.devices.receipt import receipt_for

        device = Dummy(profile=PRINTER_PROFILE)  # a profile from python-escpos's capabilities.json
        receipt = receipt_for(till, sale)
        check(receipt.qr_url, "the receipt has no QR code link")
        ReceiptPrinter(device=device).print_doc(receipt)
        check(sale.receipt_no.encode() in device.output, "the printed receipt lacks its number")
        check(till.money(total) in receipt_text(receipt), "the receipt lacks the formatted total")

        step("back office")  # the owner's dashboard: the one part of the window that uses QtCharts
        from PySide6.QtCharts import QChartView
        from PySide6.QtCore import QThreadPool

        from app.ui.backoffice import BackOffice

        till.login(demo.OWNER_PIN)
        window.open_backoffice()  # F10: a page of the till window
        office = window.backoffice
        check(isinstance(office, BackOffice) and window.stack.currentWidget() is office,
              "F10 did not show the back office in the till window")
        office.tabs.setCurrentWidget(office.dashboard)
        for _ in range(3):  # the figures are computed on a worker, then delivered to the window
            QCoreApplication.processEvents()
            QThreadPool.globalInstance().waitForDone(10_000)
        charts = office.findChildren(QChartView)
        check(charts, "the dashboard shows no chart")
        check(not office.grab().toImage().isNull(), "the back office did not render")

        step("doctor")
        problems = till.doctor()
        check(not problems, "till.doctor(): " + "; ".join(problems))

        QCoreApplication.processEvents()
        step("closing")
        result = Result(sale.receipt_no, products, size)
    step("end")  # the windows are closed and the store is shut: Qt had its last word
    return result


def receipt_text(receipt) -> str:
    from app.devices.receipt import text_lines

    return "\n".join(text_lines(receipt))


def _check_resources() -> None:
    """Files a frozen build most easily leaves behind, each checked where the app looks for it."""
    from importlib.metadata import entry_points

    from babel.numbers import format_currency
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from app.ui import i18n, resources, theme

    for name in theme.THEMES:
        check(resources.read_text("themes", f"{name}.qss").strip(), f"the {name} theme is empty")
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for language in i18n.LANGUAGES:
        if language == "en":
            continue
        own, qt = QTranslator(), QTranslator()
        check(resources.exists("translations", f"corner_{language}.qm")
              and own.load(str(resources.path("translations", f"corner_{language}.qm"))) and not own.isEmpty(),
              f"Corner's {language} translation does not load")
        check(qt.load(f"qtbase_{language}", qt_translations) and not qt.isEmpty(),
              f"Qt's qtbase_{language}.qm is not in {qt_translations}")
    for locale in ("en_GB", "de_DE", "zh_CN"):
        check("234" in format_currency(1234, "EUR", locale=locale), f"Babel cannot format money for {locale}")
    backends = {ep.value for ep in entry_points(group="keyring.backends")}
    for module in ("keyring.backends.SecretService", "keyrings.alt.file"):
        check(module in backends, f"keyring's backend metadata lacks {module} (found {sorted(backends)})")
    for entry in entry_points(group="keyring.backends"):
        try:
            entry.load()  # what keyring does on first use; a module left out would show here
        except Exception as exc:  # noqa: BLE001
            raise SelfTestFailed(f"keyring backend {entry.value} does not load: {exc}") from exc
    import certifi

    check(Path(certifi.where()).is_file(), "no CA certificates for HTTPS to the platform (certifi)")


@contextlib.contextmanager
def _env(name: str, value: str):
    before = os.environ.get(name)
    os.environ.setdefault(name, value)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)


def _restore_logging(logger: logging.Logger):
    """Keep the till's log lines in its log file (python-escpos's import gives the root logger a
    stderr handler, and the ``corner`` logger propagates to it), and afterwards undo what opening
    the window did to the ``corner`` logger (a file in our data dir)."""
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    configured = getattr(logger, "_corner_configured", None)
    logger.propagate = False

    def restore() -> None:
        for handler in list(logger.handlers):
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        for handler in handlers:
            if handler not in logger.handlers:
                logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
        if configured is None:
            logger.__dict__.pop("_corner_configured", None)
        else:
            logger._corner_configured = configured  # type: ignore[attr-defined]

    return restore


def _restore_app_look(app):
    """Undo the theme, language and icon the window set on a QApplication that outlives us."""
    from PySide6.QtCore import QLocale

    from app.ui import i18n

    sheet, style, locale, icon = app.styleSheet(), app.style().name(), QLocale(), app.windowIcon()

    def restore() -> None:
        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed.clear()
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setWindowIcon(icon)
        QLocale.setDefault(locale)

    return restore


def _dispose(window) -> None:
    from PySide6.QtCore import QCoreApplication

    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="corner --self-test", description="Check this build of the till, headless.")
    parser.add_argument("--screenshot", type=Path, default=None, help="also save the rendered window here (PNG)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="use (and keep) this empty directory instead of a temporary one")
    args = parser.parse_args(argv)
    step = _Steps()
    try:
        result = run(args.data_dir, args.screenshot, step)
    except SelfTestFailed as exc:
        print(f"self-test failed at {step.current}: {exc}", file=sys.stderr, flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 (every failure is a result here)
        traceback.print_exc()
        print(f"self-test failed at {step.current}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    print(result.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""UI test setup: a seeded demo shop copied per test, the window on it with an ESC/POS Dummy
printer, and a way to drive modal dialogs by keys without letting ``exec()`` block."""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest
from escpos.printer import Dummy
from PySide6.QtWidgets import QApplication, QDialog

from app.core import demo
from app.core.till import Till


@pytest.fixture(autouse=True)
def english(qapp):
    """Every test starts in English as the app does: with Corner's English file installed (the
    plural forms of the "%n ..." messages), whatever language the test before it left."""
    from app.ui import i18n

    i18n.install(qapp, "en")


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory):
    """The demo shop, seeded once; each test gets its own copy of the files."""
    path = tmp_path_factory.mktemp("shop-template")
    till = Till(path)
    demo.seed(till)
    till.close()
    return path


@pytest.fixture
def shop_dir(shop_template, tmp_path):
    target = tmp_path / "shop"
    shutil.copytree(shop_template, target, ignore=shutil.ignore_patterns("*.log", "backups"))
    return target


@pytest.fixture
def till(shop_dir):
    till = Till(shop_dir)
    yield till
    till.close()


@pytest.fixture
def dummy():
    return Dummy()


@pytest.fixture
def window(qtbot, till, dummy):
    """The till window, logged out at the PIN pad, printing to an ESC/POS Dummy."""
    from app.devices.printers import ReceiptPrinter
    from app.ui.window import TillWindow

    win = TillWindow(till, printer=ReceiptPrinter(device=dummy))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


class DialogDriver:
    """``driver.expect(TenderDialog, script)``: the next TenderDialog that would run ``exec()``
    is shown instead, ``script(dialog)`` drives it by keys, and exec returns its result."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.scripts: dict[str, list] = defaultdict(list)
        self.seen: list[str] = []

    def expect(self, cls, script) -> None:
        self.scripts[cls.__name__].append(script)

    def exec(self, dialog) -> int:
        name = type(dialog).__name__
        self.seen.append(name)
        if not self.scripts[name]:
            raise AssertionError(f"unexpected dialog {name}")
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.qtbot.waitExposed(dialog)
        dialog.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        self.scripts[name].pop(0)(dialog)
        if dialog.isVisible():
            dialog.reject()
        owner = dialog.parentWidget().window() if dialog.parentWidget() else None
        if owner is not None and owner.isVisible():  # as a window manager would: back to the window below
            owner.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is owner, timeout=2000)
        return dialog.result()


@pytest.fixture
def dialogs(qtbot, monkeypatch):
    driver = DialogDriver(qtbot)
    monkeypatch.setattr(QDialog, "exec", lambda self: driver.exec(self))
    yield driver
    left = {name: len(s) for name, s in driver.scripts.items() if s}
    assert not left, f"dialogs that never opened: {left}"


@pytest.fixture
def approvals(monkeypatch):
    """Replace ApprovalDialog.ask: the owner types their PIN. Records what was asked."""
    from app.ui.approval import ApprovalDialog

    class Asked(list):
        pin = [demo.OWNER_PIN]  # what the owner types; [None] backs out

    asked = Asked()

    def ask(cls, parent, action, error=""):
        asked.append(action)
        return asked.pin[0]

    monkeypatch.setattr(ApprovalDialog, "ask", classmethod(ask))
    return asked


@pytest.fixture
def chinese(qapp):
    """The window in Chinese for one test, then back in English with the locale it had."""
    from PySide6.QtCore import QLocale

    from app.ui import i18n

    locale = QLocale()
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(locale)

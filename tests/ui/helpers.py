"""Key helpers for UI tests: type like a cashier or a barcode scanner."""

from PySide6.QtCore import Qt


def type_enter(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def login(qtbot, window, pin: str) -> None:
    type_enter(qtbot, window.login.pad.field, pin)
    assert window.stack.currentWidget() is window.sell

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



# A barcode scanner types a code as a burst, its keys a few ms apart, then Enter; a person's keys
# are far slower. The sell screen tells them apart by the keys' timestamps (app/ui/sell/scanner.py),
# so these send real key events stamped as a scanner or a person would press them: the test does
# not depend on how fast this machine happens to run.
SCANNER_MS = 4  # between a scanner's keys (real ones: 1–30 ms)
PERSON_MS = 150  # between a person's keys
PAUSE_MS = 800  # before a scan: the cashier picks up the scanner
_clock = [1000]  # the keyboard's clock, in ms


def _key(widget, char_or_key, gap_ms: int) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    _clock[0] += gap_ms
    if isinstance(char_or_key, str):
        key, text = Qt.Key(ord(char_or_key.upper())), char_or_key
    else:
        key, text = char_or_key, "\r" if char_or_key == Qt.Key.Key_Return else ""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(_clock[0])
        QApplication.sendEvent(widget, event)


def scanner(qtbot, widget, code: str) -> None:
    """A scanner's burst after a pause: the code, keys ``SCANNER_MS`` apart, ending in Enter."""
    for i, char in enumerate(code):
        _key(widget, char, PAUSE_MS if i == 0 else SCANNER_MS)
    _key(widget, Qt.Key.Key_Return, SCANNER_MS)


def person(qtbot, widget, text: str, enter: bool = False) -> None:
    """A person typing ``text`` (and pressing Enter when ``enter``), keys ``PERSON_MS`` apart."""
    for char in text:
        _key(widget, char, PERSON_MS)
    if enter:
        _key(widget, Qt.Key.Key_Return, PERSON_MS)

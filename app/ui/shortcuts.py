"""Every advertised shortcut works whatever has focus.

A focused editor may claim a key combination before the window's shortcuts see it: Qt asks the
focus widget first (a ``ShortcutOverride`` event), and a ``QLineEdit`` takes Ctrl+A (select all)
and Ctrl+Backspace (delete a word) everywhere, and on X11 Ctrl+E, Ctrl+K, Ctrl+U ... (Emacs-style
editing). At the counter the screen advertises those keys for its own actions, so one event
filter, put on each widget as it takes the focus, answers the question for every widget: when
the key is one of the shortcuts of the focused widget's window, the window gets it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

_CONTEXTS = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _sequences(event) -> list[QKeySequence]:
    combo = event.keyCombination()
    mods = combo.keyboardModifiers()
    seqs = [QKeySequence(combo)]
    if mods & Qt.KeyboardModifier.KeypadModifier:  # Enter on the keypad is Enter too
        seqs.append(QKeySequence(mods & ~Qt.KeyboardModifier.KeypadModifier | combo.key()))
    return seqs


def window_shortcut_for(widget: QWidget, event) -> QShortcut | None:
    """The enabled shortcut of ``widget``'s window that ``event``'s key would press, if any."""
    window = widget.window()
    wanted = _sequences(event)
    for shortcut in window.findChildren(QShortcut):
        if not shortcut.isEnabled() or shortcut.context() not in _CONTEXTS:
            continue
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and not parent.isVisible():
            continue  # a screen not shown (e.g. another page of a stack) has no say
        keys = shortcut.keys()
        if any(key == seq for key in keys for seq in wanted):
            return shortcut
    return None


class ShortcutsFirst(QObject):
    """An event filter on every widget that takes the focus: a ``ShortcutOverride`` (sent to the
    focus widget only) for a key that one of the window's shortcuts uses is left unaccepted, so
    Qt runs the shortcut instead of letting the focused editor keep the key. Plain typing (no
    Ctrl/Alt/Meta, not an F-key) is never touched. It follows the focus rather than filtering
    the whole application, so the other events of the window do not pass through Python."""

    def follow(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            new.installEventFilter(self)  # once per widget: installing again only moves it first

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() != QEvent.Type.ShortcutOverride:
            return False
        mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        if not mods and not Qt.Key.Key_F1.value <= event.key() <= Qt.Key.Key_F35.value:
            return False  # typing, Enter, Esc, arrows, Delete: the editor's own keys
        if not isinstance(obj, QWidget) or window_shortcut_for(obj, event) is None:
            return False
        event.ignore()  # not overridden (whoever accepted it before): the window's shortcut runs
        return True


_installed: ShortcutsFirst | None = None


def install(app: QApplication | None = None) -> ShortcutsFirst:
    """Follow the application's focus with the filter (idempotent)."""
    global _installed
    app = app or QApplication.instance()
    if _installed is None:
        _installed = ShortcutsFirst(app)
        app.focusChanged.connect(_installed.follow)
        _installed.follow(None, app.focusWidget())
    return _installed

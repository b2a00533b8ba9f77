"""The sync engine in the window: it runs on its own thread and reports through a Qt signal.

The engine (``sync.client.SyncEngine``) never touches a widget. Its state arrives here on
the engine's thread and is re-emitted as ``state_changed``; Qt queues it to the window's
thread, where the status bar shows it. A sale, a refund or any other change wakes the
engine so it goes out soon; pulled catalog changes reach the window through the till's
own change notices (also queued), so the window never waits for the network.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from app import syncing
from app.core.errors import TillError
from sync.client import SyncEngine, SyncState

log = logging.getLogger("corner.ui.sync")

WAKE_ON = {"sale", "refund", "stock", "orders", "feedback", "customers"}


class SyncBridge(QObject):
    state_changed = Signal(object)  # SyncState

    def __init__(self, till, interval: float = 30.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.till = till
        self.engine: SyncEngine = syncing.build_engine(till, on_state=self.state_changed.emit, interval=interval)
        till.subscribe(self._changed)

    @classmethod
    def for_till(cls, till, interval: float = 30.0, parent: QObject | None = None) -> "SyncBridge | None":
        """A bridge when the till is enrolled and its token is at hand; None otherwise."""
        if not till.meta("device_id"):
            return None
        try:
            return cls(till, interval, parent)
        except TillError as exc:
            log.warning("sync not started: %s", exc)
            return None

    def _changed(self, topic: str) -> None:
        if topic in WAKE_ON:
            self.engine.trigger()

    def start(self) -> None:
        self.engine.start()
        self.engine.trigger()

    def stop(self) -> None:
        self.engine.stop()


def describe(state: SyncState) -> tuple[bool | None, int, str | None, str]:
    """The status bar's arguments for an engine state."""
    last = None
    if state.last_sync:
        try:
            last = datetime.fromisoformat(state.last_sync).astimezone().strftime("%H:%M:%S")
        except ValueError:
            last = state.last_sync
    message = ""
    if state.update_required:
        # translated by the status bar when shown, so a language switch re-says it at once
        message = QT_TRANSLATE_NOOP("SyncStatusWidget", "Update required — sales stay queued")
    elif state.message and state.online is not False:
        message = state.message[:80]
    return state.online, state.waiting, last, message

"""The status bar's sync indicator."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class SyncStatusWidget(QWidget):
    """Online/offline, events waiting to sync, and the time of the last successful sync.

    Feed it with ``show_state(online, waiting, last_sync, message)``:

    - ``online``: True (the server answered), False (it did not), None (not connected:
      not enrolled yet, or no sync engine running)
    - ``waiting``: events in the outbox not yet accepted by the server
    - ``last_sync``: when the last sync succeeded, already formatted, or None for never
    - ``message``: an optional short note (e.g. "update required"), shown after the rest;
      a note marked with ``QT_TRANSLATE_NOOP("SyncStatusWidget", ...)`` is shown translated

    It is a plain slot: connect a signal to it, or call it from the main thread.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dot = QLabel("●", objectName="dot")
        self.state = QLabel()
        self.waiting = QLabel()
        self.last = QLabel()
        self.note = QLabel(objectName="hint")
        self.peers = QLabel()  # "· 1 till nearby": the shop's other tills on its network
        # what tills that could not see each other did twice (docs/peers.md): never silent
        self.conflicts = QLabel(objectName="error")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(12)
        for widget in (self.dot, self.state, self.peers, self.conflicts, self.waiting, self.last, self.note):
            layout.addWidget(widget)
        self.online: bool | None = None
        self.nearby = 0
        self.conflict_count = 0
        self.peers_off = ""  # why the peer service could not start (a port taken), said in the bar
        self.show_state(None, 0, None)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt)
        """A new language: say the same state in it at once, not at the next sync."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.show_state(*self._state)

    @Slot(object, int, object, str)
    def show_state(self, online: bool | None, waiting: int, last_sync: str | None, message: str = "") -> None:
        self._state = (online, waiting, last_sync, message)
        self.online = online
        key = "unknown" if online is None else "online" if online else "offline"
        self.dot.setProperty("state", key)
        self.dot.style().unpolish(self.dot)
        self.dot.style().polish(self.dot)
        self.state.setText({"unknown": self.tr("Not connected"), "online": self.tr("Online"),
                            "offline": self.tr("Platform offline") if self.nearby else self.tr("Offline")}[key])
        if self.peers_off:  # short in the bar (it shares 1024 px), the reason in the tooltip
            self.peers.setText(self.tr("· tills nearby: off"))
            self.peers.setToolTip(self.tr("The other tills cannot reach this one: {why}").format(why=self.peers_off))
        else:
            self.peers.setText(self.tr("· %n till(s) nearby", "", self.nearby) if self.nearby else "")
            self.peers.setToolTip("")
        self.peers.setVisible(bool(self.nearby or self.peers_off))
        self.conflicts.setText(self.tr("· %n conflict(s) between tills", "", self.conflict_count)
                               if self.conflict_count else "")
        self.conflicts.setToolTip(self.tr("The owner settles them in the back office (F10), Data page, or with: corner peers conflicts")
                                  if self.conflict_count else "")
        self.conflicts.setVisible(bool(self.conflict_count))
        self.waiting.setText(self.tr("%n event(s) waiting to sync", "", waiting))
        self.last.setText(self.tr("Last sync: {when}").format(when=last_sync) if last_sync else self.tr("Never synced"))
        self.note.setText(self.tr(message) if message else "")  # a marked note is said in the language
        self.note.setVisible(bool(message))
        self.setToolTip(" · ".join(w.text().lstrip("· ") for w in (self.state, self.peers, self.conflicts,
                                                                   self.waiting, self.last, self.note) if w.text()))

    @Slot(int)
    def show_peers_off(self, why: str) -> None:
        """The peer service did not start (e.g. its port is taken): the till works alone, and says so."""
        self.peers_off = why
        self.show_state(*self._state)

    def show_peers(self, nearby: int, conflicts: int = 0) -> None:
        """How many of the shop's other tills answered lately (docs/peers.md), and how many conflicts
        between tills wait for the owner (a sale refunded at two tills, points spent twice); 0 hides each."""
        if (nearby, conflicts) != (self.nearby, self.conflict_count):
            self.nearby, self.conflict_count = nearby, conflicts
            self.show_state(*self._state)

"""Telling a barcode scanner from a person at the same keyboard.

A scanner in keyboard mode types the code as a burst, its keys a few milliseconds apart, and
ends it with Enter. A person's keys are rarely closer than 60–100 ms and never for a whole code.
``KeyBursts`` is fed every key of the scan field and says, when Enter comes, whether it ends a
burst, and which characters the burst typed: that code, and only that code, is what was
scanned, whatever else the field or a search list holds.

Times are the key events' own timestamps (milliseconds from the window system, taken when the
key was pressed), so a window busy painting between two keys does not stretch a burst; an event
without one (0) is timed when it arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable

GAP_MS = 50  # keys at most this far apart belong to one burst (scanners: 1–30 ms)
MIN_CHARS = 4  # the shortest code a scanner sends here (SKUs are 5, EAN-8 is 8)


def _now_ms() -> float:
    return time.monotonic() * 1000


class KeyBursts:
    """Feed ``typed(char, at)`` for each character key and ``other()`` for any other key that
    edits the field; ``enter(at)`` returns the scanned code when that Enter ends a burst.
    ``at``: the key's timestamp in ms, or None/0 for "now" by ``clock``."""

    def __init__(self, clock: Callable[[], float] = _now_ms, gap_ms: float = GAP_MS,
                 min_chars: int = MIN_CHARS) -> None:
        self.clock, self.gap_ms, self.min_chars = clock, gap_ms, min_chars
        self._chars: list[str] = []
        self._last: float | None = None

    def _close(self, at: float) -> bool:
        """Whether a key at ``at`` follows the last one within a burst's gap."""
        return self._last is not None and 0 <= at - self._last <= self.gap_ms

    def typed(self, char: str, at: float | None = None) -> None:
        at = at or self.clock()
        if not self._close(at):
            self._chars = []  # a pause: whatever came before was not this burst
        self._chars.append(char)
        self._last = at

    def other(self) -> None:
        """A key that is not part of a code (Backspace, arrows, ...): no burst in progress."""
        self._chars, self._last = [], None

    def enter(self, at: float | None = None) -> str | None:
        """Enter was pressed: the code a scanner just sent, or None when a person pressed it."""
        at = at or self.clock()
        burst = self._close(at) and len(self._chars) >= self.min_chars
        code = "".join(self._chars).strip() if burst else None
        self.other()
        return code or None

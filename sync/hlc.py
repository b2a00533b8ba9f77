"""Hybrid logical clocks: order edits across devices whose wall clocks disagree.

A stamp is ``"<millis:013d>:<counter:05d>:<node>"``; stamps compare correctly as
strings, so either end can store and compare them without parsing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:013d}:{self.counter:05d}:{self.node}"

    @classmethod
    def parse(cls, text: str) -> "Stamp":
        millis, counter, node = text.split(":", 2)
        return cls(int(millis), int(counter), node)


class Clock:
    """A hybrid logical clock for one node; thread-safe."""

    def __init__(self, node: str, now_ms=lambda: time.time_ns() // 1_000_000) -> None:
        self._node = node
        self._now_ms = now_ms
        self._last = Stamp(0, 0, node)
        self._lock = threading.Lock()

    def tick(self) -> Stamp:
        """A new stamp for a local event."""
        with self._lock:
            wall = self._now_ms()
            if wall > self._last.millis:
                self._last = Stamp(wall, 0, self._node)
            else:
                self._last = Stamp(self._last.millis, self._last.counter + 1, self._node)
            return self._last

    def observe(self, remote: Stamp | str) -> Stamp:
        """Merge a stamp seen from another node; the next tick is after it."""
        if isinstance(remote, str):
            remote = Stamp.parse(remote)
        with self._lock:
            wall = self._now_ms()
            top = max(wall, self._last.millis, remote.millis)
            if top == self._last.millis == remote.millis:
                counter = max(self._last.counter, remote.counter) + 1
            elif top == self._last.millis:
                counter = self._last.counter + 1
            elif top == remote.millis:
                counter = remote.counter + 1
            else:
                counter = 0
            self._last = Stamp(top, counter, self._node)
            return self._last

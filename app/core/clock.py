"""One clock for the core, and the shop's time zone.

Every timestamp the till writes comes from the clock its ``Till`` owns (``Till(dir, clock=...)``):
the system clock in production, a ``SettableClock`` in tests and simulations, so a week of trading
runs in a second and a return window or a promotion's end is tested without waiting. The store
hands the clock to every session (``session.info["clock"]``); ``store.now(session)`` reads it.

Times are stored as UTC ISO text. Calendar days and hours (reports, the dashboard) are the shop's,
in its IANA time zone (``zoneinfo``), so a day is the shop's midnight to midnight and a daylight
saving change moves the hours of that season only. The zone is the till's ``time_zone`` setting
(``corner settings time_zone Europe/Paris``); without one, the machine's own zone; UTC as a last
resort.
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""


class SystemClock:
    """The wall clock (production)."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class SettableClock:
    """A clock that stands still until it is set or advanced (tests and simulations)."""

    def __init__(self, start: datetime | str) -> None:
        self._lock = threading.Lock()
        self._at = _aware(start)

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime | str) -> None:
        with self._lock:
            self._at = _aware(at)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by ``delta`` or ``timedelta(**kwargs)``; returns the new time."""
        step = delta if delta is not None else timedelta(**kwargs)
        with self._lock:
            self._at = self._at + step
            return self._at


FixedClock = SettableClock  # a settable clock nobody moves is a fixed one

SYSTEM = SystemClock()

TEST_CLOCK_ENV = "CORNER_TEST_CLOCK_START"


def from_environment() -> Clock | None:
    """For end-to-end tests only: a till *process* (``corner ...``) whose clock stands still at
    ``CORNER_TEST_CLOCK_START`` (an ISO time with its zone), since a test cannot hand a clock to
    another process. Unset (always, in production): None, and the till uses the system clock."""
    start = os.environ.get(TEST_CLOCK_ENV)
    return SettableClock(start) if start else None


def _aware(at: datetime | str) -> datetime:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        raise ValueError("a clock needs a time with its zone (e.g. 2026-03-02T09:00+01:00)")
    return at.astimezone(timezone.utc)


def stamp(moment: datetime) -> str:
    """A moment as the store keeps it: UTC ISO text with microseconds (sorts as text)."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def now_text(clock: Clock | None = None) -> str:
    return stamp((clock or SYSTEM).now())


# -- the shop's time zone ---------------------------------------------------------------------


def zone(name: str | None) -> tzinfo:
    """``ZoneInfo(name)``; a name that is empty or unknown raises ValueError."""
    if not name or not name.strip():
        raise ValueError("no time zone given")
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r} (write it like Europe/Paris)") from None


def machine_zone_name() -> str:
    """This machine's IANA zone name: ``$TZ``, ``/etc/timezone``, the ``/etc/localtime`` link;
    ``UTC`` when none of them names a zone ``zoneinfo`` knows."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        try:
            zone(name)
            return name
        except ValueError:
            continue
    return "UTC"


def day_bounds(start: date, end: date, tz: tzinfo) -> tuple[str, str]:
    """The shop days ``start`` .. ``end`` (both included) as UTC ISO text [lo, hi)."""
    lo = datetime.combine(start, time(0), tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    return stamp(lo), stamp(hi)


def local(text: str, tz: tzinfo) -> datetime:
    """A stored UTC time as the shop's wall clock shows it."""
    return datetime.fromisoformat(text).astimezone(tz)

"""Staff, PINs (salted scrypt) and the audit log."""

from __future__ import annotations

import builtins
import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import outbox
from .errors import QT_TRANSLATE_NOOP, AuthError, NotFound, TillError
from .ids import new_id
from .store import now
from .store.models import AuditEntry, Meta, Staff

ROLES = ("cashier", "owner")
# scrypt with n=2**14, r=8: about 30 ms a check here, slow enough against guessing a
# stolen file, fast enough for a PIN pad.
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


@dataclass(frozen=True)
class StaffInfo:
    id: str
    name: str
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def hash_pin(pin: str, salt: str) -> str:
    return hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A PIN is 4 to 8 digits."))


def add_staff(session: Session, name: str, role: str, pin: str) -> Staff:
    if role not in ROLES:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Role must be one of {roles}."), roles=', '.join(ROLES))
    if not name.strip():
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A staff member needs a name."))
    check_pin_format(pin)
    for other in session.scalars(select(Staff).where(Staff.active.is_(True))):
        if hmac.compare_digest(hash_pin(pin, other.pin_salt), other.pin_hash):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "That PIN is already used by someone else; choose another."))
    salt = secrets.token_hex(16)
    staff = Staff(id=new_id(), name=name.strip(), role=role, pin_salt=salt, pin_hash=hash_pin(pin, salt), created_at=now(session))
    session.add(staff)
    return staff


def find_by_pin(session: Session, pin: str) -> StaffInfo:
    """The active staff member with this PIN, or AuthError."""
    if not pin or not pin.isdigit():
        raise AuthError(QT_TRANSLATE_NOOP("CoreError", "Wrong PIN."))
    for staff in session.scalars(select(Staff).where(Staff.active.is_(True))):
        if hmac.compare_digest(hash_pin(pin, staff.pin_salt), staff.pin_hash):
            return StaffInfo(staff.id, staff.name, staff.role)
    raise AuthError(QT_TRANSLATE_NOOP("CoreError", "Wrong PIN."))


def audit(session: Session, action: str, staff_id: str | None, approved_by: str | None = None, **detail: Any) -> None:
    """Record a sensitive action; it syncs to the platform like everything else."""
    entry = AuditEntry(
        id=new_id(), action=action, staff_id=staff_id, approved_by=approved_by,
        detail=json.dumps(detail, default=str), created_at=now(session),
    )
    session.add(entry)
    outbox.emit(session, "audit.entry", {
        "id": entry.id, "action": action, "staff_id": staff_id, "approved_by": approved_by,
        "detail": json.loads(entry.detail), "created_at": entry.created_at,
    })


# -- the staff part of the facade (``till.staff``) -----------------------------------------------

MAX_TRIES = 5  # wrong PINs in a row before the till makes people wait
FIRST_WAIT = 30  # seconds after the fifth wrong PIN; each further wrong PIN doubles it
LONGEST_WAIT = 3600
_FAILURES, _WAIT_UNTIL = "pin_failures", "pin_wait_until"


class LockedOut(AuthError):
    """Too many wrong PINs: nobody may try another before ``seconds`` have passed."""

    def __init__(self, seconds: int) -> None:
        super().__init__(QT_TRANSLATE_NOOP("CoreError", "Too many wrong PINs. Try again in {seconds} s."),
                         seconds=seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class StaffRow:
    """A person on the till's staff, as the Staff page and ``corner staff list`` show them."""

    id: str
    name: str
    role: str
    active: bool
    created_at: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong PINs in a row: none before the fifth, then 30 s,
    doubling with each further wrong PIN, at most an hour."""
    if failures < MAX_TRIES:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - MAX_TRIES))


def confirm_pin(pin: str, again: str) -> str:
    """A PIN a person set by typing it twice: well-formed, and the same both times."""
    check_pin_format(pin)
    if pin != again:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "The two PINs are not the same. Type the new PIN twice again."))
    return pin


def wall_clock() -> datetime:
    return datetime.now(timezone.utc)


def _row(member: Staff) -> StaffRow:
    return StaffRow(member.id, member.name, member.role, bool(member.active), member.created_at)


class StaffPart:
    """``till.staff``: who works at this till, their PINs, and the wait after wrong PINs.

    Every change is written with its audit entry (which syncs to the platform) in one transaction.
    Changes are the owner's: the logged-in user must be an owner, except ``create_first_owner``
    on a till that has nobody yet. ``now`` is the wall clock (tests set their own)."""

    def __init__(self, till, now: Callable[[], datetime] = wall_clock) -> None:
        self.till = till
        self.now = now

    # -- who is there --------------------------------------------------------------------

    def list(self, include_inactive: bool = True) -> builtins.list[StaffRow]:
        """Everyone, active people first, each group by name."""
        with self.till.read() as s:
            rows = [_row(m) for m in s.scalars(select(Staff).order_by(Staff.name))]
        return sorted((r for r in rows if include_inactive or r.active), key=lambda r: (not r.active, r.name.lower()))

    def get(self, member_id: str) -> StaffRow:
        with self.till.read() as s:
            member = s.get(Staff, member_id)
            if member is None:
                raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No such staff member."))
            return _row(member)

    def find(self, who: str) -> StaffRow:
        """A staff member by id or by name (any case); the active one when a name was reused."""
        wanted = who.strip()
        rows = self.list()
        for row in rows:
            if row.id == wanted:
                return row
        named = [r for r in rows if r.name.casefold() == wanted.casefold()]
        active = [r for r in named if r.active]
        if len(active) == 1 or (len(named) == 1 and not active):
            return (active or named)[0]
        if not named:
            raise NotFound(QT_TRANSLATE_NOOP("CoreError", "Nobody called {name} works at this till."), name=wanted)
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "More than one person is called {name}; use their id."),
                        name=wanted)

    def needs_owner(self) -> bool:
        """True while the till has nobody who can log in: the first run must create the owner."""
        with self.till.read() as s:
            return s.scalar(select(func.count()).select_from(Staff).where(Staff.active.is_(True))) == 0

    # -- changes -------------------------------------------------------------------------

    def create_first_owner(self, name: str, pin: str) -> StaffRow:
        """The shop's first owner, on a till with nobody who can log in; they are logged in."""
        with self.till.write() as s:
            if s.scalar(select(func.count()).select_from(Staff).where(Staff.active.is_(True))):
                raise TillError(QT_TRANSLATE_NOOP(
                    "CoreError", "This till already has staff: an owner adds people on the Staff page or with "
                                 "`corner staff add`."))
            member = add_staff(s, name, "owner", pin)
            s.flush()
            audit(s, "staff_first_owner", member.id, None, member=member.id, name=member.name, role="owner")
            row = _row(member)
        self.till.user = StaffInfo(row.id, row.name, row.role)
        return row

    def add(self, name: str, role: str, pin: str) -> StaffRow:
        owner = self.till._require_owner_user()
        with self.till.write() as s:
            self._name_free(s, name)
            member = add_staff(s, name, role, pin)
            s.flush()
            audit(s, "staff_add", owner.id, None, member=member.id, name=member.name, role=member.role)
            return _row(member)

    def rename(self, member_id: str, name: str) -> StaffRow:
        owner = self.till._require_owner_user()
        name = name.strip()
        if not name:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A staff member needs a name."))
        with self.till.write() as s:
            member = self._member(s, member_id)
            old = member.name
            if name != old:
                self._name_free(s, name, but=member.id)
                member.name = name
                audit(s, "staff_rename", owner.id, None, member=member.id, old=old, new=name)
            row = _row(member)
        if self.till.user is not None and self.till.user.id == row.id:
            self.till.user = StaffInfo(row.id, row.name, row.role)
        return row

    def set_pin(self, member_id: str, pin: str, approver_pin: str | None = None) -> StaffRow:
        """A new PIN for someone (a forgotten one, or a PIN someone else saw): an owner approves."""
        user = self.till._require_user()
        owner = self.till.approve(approver_pin, QT_TRANSLATE_NOOP("CoreError", "resetting a PIN"))
        check_pin_format(pin)
        with self.till.write() as s:
            member = self._member(s, member_id)
            if not member.active:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is deactivated and cannot log in."),
                                name=member.name)
            for other in s.scalars(select(Staff).where(Staff.active.is_(True), Staff.id != member.id)):
                if hmac.compare_digest(hash_pin(pin, other.pin_salt), other.pin_hash):
                    raise TillError(QT_TRANSLATE_NOOP("CoreError",
                                                      "That PIN is already used by someone else; choose another."))
            member.pin_salt = secrets.token_hex(16)
            member.pin_hash = hash_pin(pin, member.pin_salt)
            audit(s, "staff_set_pin", user.id, owner.id, member=member.id, name=member.name)
            return _row(member)

    def disable(self, member_id: str) -> StaffRow:
        """Someone who left: they can no longer log in; their sales keep their name."""
        owner = self.till._require_owner_user()
        with self.till.write() as s:
            member = self._member(s, member_id)
            if not member.active:
                return _row(member)
            if member.id == owner.id:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "You cannot deactivate yourself; another owner can."))
            if member.role == "owner" and s.scalar(select(func.count()).select_from(Staff).where(
                    Staff.active.is_(True), Staff.role == "owner")) <= 1:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "The shop needs at least one owner."))
            member.active = False
            audit(s, "staff_disable", owner.id, None, member=member.id, name=member.name, role=member.role)
            return _row(member)

    # -- PINs at the pad -----------------------------------------------------------------

    def check_pin(self, pin: str, purpose: str = "login") -> StaffInfo:
        """The active person with this PIN. Five wrong PINs in a row make everyone wait (30 s,
        then twice as long after each further wrong PIN); the count and the wait are kept in the
        store, so a restart does not clear them, and each wait is audited."""
        wait = self.wait_seconds()
        if wait:
            raise LockedOut(wait)
        try:
            with self.till.read() as s:
                found = find_by_pin(s, pin)
        except AuthError:
            wait = self._failed(purpose)
            if wait:
                raise LockedOut(wait) from None
            raise
        if self.till.meta(_FAILURES, "0") != "0":
            self.till.set_meta(**{_FAILURES: "0", _WAIT_UNTIL: ""})
        return found

    def wait_seconds(self) -> int:
        """Seconds before the next PIN may be tried (0: now)."""
        until = self.till.meta(_WAIT_UNTIL) or ""
        if not until:
            return 0
        left = (datetime.fromisoformat(until) - self.now()).total_seconds()
        return max(0, math.ceil(left))

    def failures(self) -> int:
        return int(self.till.meta(_FAILURES, "0") or 0)

    def _failed(self, purpose: str) -> int:
        with self.till.write() as s:
            row = s.get(Meta, _FAILURES)
            failures = int(row.value if row else 0) + 1
            wait = wait_after(failures)
            s.merge(Meta(key=_FAILURES, value=str(failures)))
            if wait:
                s.merge(Meta(key=_WAIT_UNTIL, value=(self.now() + timedelta(seconds=wait)).isoformat()))
            if wait:  # a typo is not an event; a run of wrong PINs that makes the till wait is
                audit(s, "pin_lockout", None, None, purpose=purpose, failures=failures, wait_seconds=wait)
        return wait

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _member(s: Session, member_id: str) -> Staff:
        member = s.get(Staff, member_id)
        if member is None:
            raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No such staff member."))
        return member

    @staticmethod
    def _name_free(s: Session, name: str, but: str | None = None) -> None:
        wanted = name.strip().casefold()
        for other in s.scalars(select(Staff).where(Staff.active.is_(True))):
            if other.id != but and other.name.casefold() == wanted:
                raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} already works here; give another name."),
                                name=other.name)

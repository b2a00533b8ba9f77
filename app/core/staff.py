"""Staff, PINs (salted scrypt) and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import outbox
from .errors import QT_TRANSLATE_NOOP, AuthError, TillError
from .ids import new_id
from .store import now
from .store.models import AuditEntry, Staff

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

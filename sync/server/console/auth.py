"""Console users, passwords (Argon2), lockout, sessions, CSRF tokens and the audit trail.

A session is a random token: the browser keeps it in a signed, HttpOnly, SameSite=Strict cookie;
the server keeps its hash, the user and the session's CSRF token. Every form carries that CSRF
token. Five wrong passwords in a row lock the name for 15 minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import uuid6
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..identity import as_utc, utcnow
from .models import ROLES, ConsoleAudit, ConsoleSecret, ConsoleSession, ConsoleUser

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_TTL = timedelta(hours=12)
MIN_PASSWORD = 10
NAME_RE = re.compile(r"^[\w.@-]{2,100}$")

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AuthError(ValueError):
    """A login or user change that cannot be done; the message says why."""


def new_id() -> uuid.UUID:
    return uuid.UUID(str(uuid6.uuid7()))


# --------------------------------------------------------------------------- users

def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"a password is at least {MIN_PASSWORD} characters")
    if len(password) > 1000:
        raise AuthError("a password is at most 1000 characters")


def add_user(session: Session, name: str, role: str, password: str) -> ConsoleUser:
    name = name.strip()
    if not NAME_RE.match(name):
        raise AuthError("a user name is 2 to 100 letters, digits, dots, dashes, underscores or @")
    if role not in ROLES:
        raise AuthError(f"the role is one of {', '.join(ROLES)}, not {role!r}")
    check_password_rules(password)
    if session.scalar(select(ConsoleUser.id).where(ConsoleUser.name == name)) is not None:
        raise AuthError(f"user {name} already exists")
    user = ConsoleUser(id=new_id(), name=name, role=role, password_hash=_hasher.hash(password),
                       created_at=utcnow(), failed_logins=0)
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: ConsoleUser, password: str) -> None:
    check_password_rules(password)
    user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until = 0, None
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))


def find_user(session: Session, name: str) -> ConsoleUser:
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.name == (name or "").strip()))
    if user is None:
        raise AuthError(f"no console user named {name!r}")
    return user


def _active_admins(session: Session) -> int:
    return len(session.scalars(select(ConsoleUser.id).where(ConsoleUser.role == "admin",
                                                          ConsoleUser.disabled_at.is_(None))).all())


def disable_user(session: Session, user: ConsoleUser) -> None:
    """The user can no longer log in, and every session of theirs ends now."""
    if user.disabled_at is not None:
        raise AuthError(f"user {user.name} is already disabled")
    if user.role == "admin" and _active_admins(session) <= 1:
        raise AuthError(f"{user.name} is the last active admin; add or enable another admin first")
    user.disabled_at = utcnow()
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))
    session.flush()


def enable_user(session: Session, user: ConsoleUser) -> None:
    if user.disabled_at is None:
        raise AuthError(f"user {user.name} is not disabled")
    user.disabled_at = None
    user.failed_logins, user.locked_until = 0, None
    session.flush()


def users(session: Session) -> list[ConsoleUser]:
    return list(session.scalars(select(ConsoleUser).order_by(ConsoleUser.name)))


@dataclass
class LoginResult:
    user: ConsoleUser | None
    error: str | None  # "wrong" | "locked" | "disabled"


def login(session: Session, name: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a name and password, counting failures; the caller commits whatever the outcome."""
    now = now or utcnow()
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.name == name.strip()).with_for_update())
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return LoginResult(None, "wrong")
    if user.locked_until is not None and as_utc(user.locked_until) > now:
        return LoginResult(None, "locked")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            return LoginResult(None, "locked")
        return LoginResult(None, "wrong")
    if user.disabled_at is not None:
        return LoginResult(None, "disabled")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return LoginResult(user, None)


# --------------------------------------------------------------------------- sessions and cookies

def _secret(session: Session) -> str:
    row = session.get(ConsoleSecret, "cookie")
    if row is not None:
        return row.value
    try:
        with session.begin_nested():
            session.add(ConsoleSecret(name="cookie", value=secrets.token_urlsafe(48)))
    except IntegrityError:  # another process made it first
        pass
    row = session.get(ConsoleSecret, "cookie")
    assert row is not None
    return row.value


def _serializer(session: Session) -> URLSafeSerializer:
    return URLSafeSerializer(_secret(session), salt="corner-console-session")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: ConsoleUser) -> str:
    """A new session for ``user``; returns the signed cookie value."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    session.add(ConsoleSession(id=_hash(token), user_id=user.id, csrf=secrets.token_urlsafe(32),
                               created_at=now, expires_at=now + SESSION_TTL))
    session.flush()
    return _serializer(session).dumps(token)


def find_session(session: Session, cookie: str | None) -> tuple[ConsoleSession, ConsoleUser] | None:
    if not cookie:
        return None
    try:
        token = _serializer(session).loads(cookie)
    except BadSignature:
        return None
    if not isinstance(token, str):
        return None
    row = session.get(ConsoleSession, _hash(token))
    if row is None or as_utc(row.expires_at) <= utcnow():
        return None
    user = session.get(ConsoleUser, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    return row, user


def end_session(session: Session, row: ConsoleSession) -> None:
    session.delete(row)


def csrf_ok(expected: str | None, given: Any) -> bool:
    return bool(expected) and isinstance(given, str) and hmac.compare_digest(expected, given)


# --------------------------------------------------------------------------- audit

def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def audit(session: Session, user_name: str, action: str, target: str,
          before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """Record a change in the same transaction as the change itself."""
    session.add(ConsoleAudit(id=new_id(), at=utcnow(), user_name=user_name, action=action, target=target[:200],
                             before=_plain(before), after=_plain(after)))


def changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}

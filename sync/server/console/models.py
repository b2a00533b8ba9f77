"""The console's tables: its users, their sessions, the audit of every change, imports waiting for
apply, and the marks the central team puts on feedback and quarantined events.

They live on the server's one ``Base`` (migration ``0003_console`` makes them).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base

ROLES = ("admin", "catalog", "operations", "support")


class ConsoleUser(Base):
    __tablename__ = "console_users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A signed-in browser. The cookie carries the signed token; only its hash is kept here."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("console_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ConsoleAudit(Base):
    """Who changed what, when, from what to what."""

    __tablename__ = "console_audit"
    __table_args__ = (Index("ix_console_audit_target_at", "target", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class ConsoleMark(Base):
    """A mark on a feedback (``feedback``: handled) or a quarantined event (``event``: rejected or
    re-applied, with the reason)."""

    __tablename__ = "console_marks"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]


class ConsoleImport(Base):
    """An uploaded catalog file between its preview and its apply."""

    __tablename__ = "console_imports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # previewed | applied


class ConsoleSecret(Base):
    """The key that signs session cookies: made once, shared by every server process."""

    __tablename__ = "console_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))

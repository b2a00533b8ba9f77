"""Shops, devices, enrollment codes and admin tokens.

Secrets (device tokens, admin tokens, enrollment codes) are only ever stored as SHA-256 hashes;
the plain value is shown once, to whoever created it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .models import AdminToken, Device, EnrollmentCode, Shop

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
SHOP_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")


class IdentityError(ValueError):
    """A request about shops or devices that cannot be done; the message says why."""


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the server stores is UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A 256-bit random bearer token."""
    return secrets.token_urlsafe(32)


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def find_shop(session: Session, ref: str) -> Shop:
    """A shop by its code (``S001``) or its id."""
    shop = session.scalar(select(Shop).where(Shop.code == ref.strip().upper()))
    if shop is None:
        try:
            shop = session.get(Shop, uuid.UUID(ref))
        except ValueError:
            shop = None
    if shop is None:
        raise IdentityError(f"no shop {ref!r}")
    return shop


def create_shop(session: Session, name: str, code: str | None = None) -> Shop:
    name = name.strip()
    if not name or len(name) > 200:
        raise IdentityError("a shop name is 1 to 200 characters")
    if code is None:
        n = (session.scalar(select(func.count()).select_from(Shop)) or 0) + 1
        while session.scalar(select(Shop.id).where(Shop.code == f"S{n:03d}")) is not None:
            n += 1
        code = f"S{n:03d}"
    code = code.strip().upper()
    if not SHOP_CODE_RE.match(code):
        raise IdentityError("a shop code is 1 to 16 letters, digits or dashes, like S001")
    if session.scalar(select(Shop.id).where(Shop.code == code)) is not None:
        raise IdentityError(f"shop code {code} is already taken")
    shop = Shop(id=uuid.uuid4(), code=code, name=name, created_at=utcnow())
    session.add(shop)
    session.flush()
    return shop


def create_enrollment_code(session: Session, shop: Shop, ttl_hours: int) -> tuple[str, datetime]:
    """A new single-use code for ``shop``; returns the code (shown once) and when it expires."""
    code = new_enrollment_code()
    now = utcnow()
    expires = now + timedelta(hours=ttl_hours)
    session.add(
        EnrollmentCode(
            id=uuid.uuid4(),
            shop_id=shop.id,
            code_hash=hash_secret(normalise_code(code)),
            created_at=now,
            expires_at=expires,
        )
    )
    session.flush()
    return code, expires


@dataclass(frozen=True)
class Enrolled:
    device: Device
    shop: Shop
    token: str


def enroll(session: Session, code: str, device_name: str) -> Enrolled:
    """Exchange an enrollment code for a new device and its token (the code is then spent)."""
    now = utcnow()
    code_hash = hash_secret(normalise_code(code))
    # Claim the code atomically: of two tills racing with one code, exactly one wins.
    claimed = session.execute(
        update(EnrollmentCode)
        .where(
            EnrollmentCode.code_hash == code_hash,
            EnrollmentCode.used_at.is_(None),
            EnrollmentCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(EnrollmentCode.id, EnrollmentCode.shop_id)
    ).first()
    if claimed is None:
        raise IdentityError("this enrollment code is unknown, already used or expired; ask for a new one")
    code_id, shop_id = claimed
    shop = session.scalar(select(Shop).where(Shop.id == shop_id).with_for_update())
    assert shop is not None
    till_no = (session.scalar(select(func.max(Device.till_no)).where(Device.shop_id == shop_id)) or 0) + 1
    token = new_token()
    device = Device(
        id=uuid.uuid4(),
        shop_id=shop_id,
        till_no=till_no,
        name=device_name.strip() or "till",
        token_hash=hash_secret(token),
        created_at=now,
    )
    session.add(device)
    session.flush()
    session.execute(update(EnrollmentCode).where(EnrollmentCode.id == code_id).values(device_id=device.id))
    return Enrolled(device=device, shop=shop, token=token)


def revoke_device(session: Session, device_id: uuid.UUID | str) -> Device:
    try:
        key = device_id if isinstance(device_id, uuid.UUID) else uuid.UUID(str(device_id))
    except ValueError:
        raise IdentityError(f"{device_id!r} is not a device id") from None
    device = session.get(Device, key)
    if device is None:
        raise IdentityError(f"no device {device_id}")
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.flush()
    return device


def create_admin_token(session: Session, name: str) -> tuple[AdminToken, str]:
    name = name.strip()
    if not name or len(name) > 100:
        raise IdentityError("an admin token name is 1 to 100 characters")
    token = new_token()
    row = AdminToken(id=uuid.uuid4(), name=name, token_hash=hash_secret(token), created_at=utcnow())
    session.add(row)
    session.flush()
    return row, token


def peer_secret(session: Session, shop_id: uuid.UUID) -> str:
    """The shop's peer secret (docs/peers.md), made on first use: 256 random bits, hex."""
    shop = session.scalar(select(Shop).where(Shop.id == shop_id).with_for_update())
    if shop is None:
        raise IdentityError("no such shop")
    if not shop.peer_secret:
        shop.peer_secret = secrets.token_hex(32)
        session.flush()
    return shop.peer_secret

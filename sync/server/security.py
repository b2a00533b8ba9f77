"""Who is calling: protocol version check, device and admin bearer tokens, per-device rate limit."""

from __future__ import annotations

import math
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SUPPORTED_VERSIONS

from .db import SessionDep
from .identity import as_utc, hash_secret, utcnow
from .models import AdminToken, Device, Shop

_SUPPORTED_TEXT = frozenset(str(v) for v in SUPPORTED_VERSIONS)
UPDATE_REQUIRED = f"update required: this server speaks protocol {PROTOCOL_VERSION}"


def require_protocol(
    version: Annotated[
        str | None,
        Header(
            alias=PROTOCOL_HEADER,
            description="The wire protocol version the till speaks.",
            json_schema_extra={"enum": [str(v) for v in sorted(SUPPORTED_VERSIONS)]},
        ),
    ] = None,
) -> int:
    """Every /v1 request names its protocol version; anything else is answered with 426."""
    if version is None:
        raise HTTPException(
            status.HTTP_426_UPGRADE_REQUIRED,
            f"{UPDATE_REQUIRED} (the {PROTOCOL_HEADER} header is missing)",
        )
    if version not in _SUPPORTED_TEXT:
        raise HTTPException(status.HTTP_426_UPGRADE_REQUIRED, UPDATE_REQUIRED)
    return int(version)


_bearer = HTTPBearer(auto_error=False, description="A device token (tills) or an admin token")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, reason, headers={"WWW-Authenticate": "Bearer"})


class RateLimiter:
    """A token bucket per key (device). Per process: N server processes allow up to N times the rate."""

    def __init__(self, per_minute: int, burst: int, clock=time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[uuid.UUID, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: uuid.UUID) -> float:
        """Take one token; returns 0 when allowed, otherwise the seconds to wait."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


@dataclass(frozen=True)
class DeviceCaller:
    device_id: uuid.UUID
    shop_id: uuid.UUID
    shop_code: str
    till_no: int


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("missing bearer token: send Authorization: Bearer <token>")
    return credentials.credentials


def current_device(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceCaller:
    token = _token(credentials)
    row = session.execute(
        select(Device.id, Device.shop_id, Device.till_no, Device.revoked_at, Device.last_seen_at, Shop.code)
        .join(Shop, Shop.id == Device.shop_id)
        .where(Device.token_hash == hash_secret(token))
    ).first()
    if row is None:
        raise _unauthorized("unknown device token: enroll this till again")
    if row.revoked_at is not None:
        raise _unauthorized("this device has been revoked: ask the platform team for a new enrollment code")
    request.state.shop_id = row.shop_id  # for the access log line
    wait = request.app.state.limiter.check(row.id)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many requests from this device: slow down",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    now = utcnow()
    if row.last_seen_at is None or now - as_utc(row.last_seen_at) > timedelta(seconds=30):
        session.execute(update(Device).where(Device.id == row.id).values(last_seen_at=now))
    return DeviceCaller(device_id=row.id, shop_id=row.shop_id, shop_code=row.code, till_no=row.till_no)


DeviceDep = Annotated[DeviceCaller, Depends(current_device)]


@dataclass(frozen=True)
class AdminCaller:
    token_id: uuid.UUID
    name: str


def current_admin(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AdminCaller:
    token = _token(credentials)
    row = session.execute(
        select(AdminToken.id, AdminToken.name, AdminToken.revoked_at).where(
            AdminToken.token_hash == hash_secret(token)
        )
    ).first()
    if row is None or row.revoked_at is not None:
        raise _unauthorized("an admin token is required for this")
    return AdminCaller(token_id=row.id, name=row.name)


AdminDep = Annotated[AdminCaller, Depends(current_admin)]

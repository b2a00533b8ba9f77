"""Who is calling: protocol version check, device and admin bearer tokens, per-device rate limit."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
import uuid
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SUPPORTED_VERSIONS

from .db import SessionDep
from .identity import as_utc, hash_secret, utcnow
from .models import AdminToken, Device, Shop
from .settings import Settings

_SUPPORTED_TEXT = frozenset(str(v) for v in SUPPORTED_VERSIONS)
UPDATE_REQUIRED = f"update required: this server speaks protocol {PROTOCOL_VERSION}"


MISSING_PROTOCOL = f"{UPDATE_REQUIRED} (the {PROTOCOL_HEADER} header is missing)"


async def require_protocol(
    version: Annotated[
        str,
        Header(
            alias=PROTOCOL_HEADER,
            description="The wire protocol version the till speaks (required: without it, 426).",
            json_schema_extra={"enum": [str(v) for v in sorted(SUPPORTED_VERSIONS)]},
        ),
    ],
) -> int:
    """Every /v1 request names its protocol version; anything else is answered with 426 (a
    missing header too: see :func:`missing_protocol`). Async: it does no I/O, and a plain ``def``
    dependency costs a hand-off to a worker thread and back (measured: the hand-offs were a quarter
    of a pull's server CPU)."""
    refusal = protocol_refusal(version)
    if refusal is not None:
        raise refusal
    return int(version)


def protocol_refusal(version: str | None) -> HTTPException | None:
    """426 for a protocol version this server does not speak (None: no header, judged apart)."""
    if version is not None and version not in _SUPPORTED_TEXT:
        return HTTPException(status.HTTP_426_UPGRADE_REQUIRED, UPDATE_REQUIRED)
    return None


def missing_protocol(errors: list[dict]) -> bool:
    """Whether a request's validation errors include a missing protocol header (answered 426,
    like an unsupported version, rather than 422)."""
    header = PROTOCOL_HEADER.lower()
    return any(e.get("type") == "missing" and len(e.get("loc", ())) == 2 and e["loc"][0] == "header"
               and str(e["loc"][1]).lower() == header for e in errors)


_bearer = HTTPBearer(auto_error=False, description="A device token (tills) or an admin token")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, reason, headers={"WWW-Authenticate": "Bearer"})


class RateLimiter:
    """A token bucket per key (a device, a client address). Per process: N server processes allow
    up to N times the rate."""

    MAX_KEYS = 50_000  # then buckets that have filled up again are forgotten (they start full anyway)

    def __init__(self, per_minute: int, burst: int, clock=time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._clock = clock
        self._buckets: dict[Hashable, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: Hashable) -> float:
        """Take one token; returns 0 when allowed, otherwise the seconds to wait."""
        now = self._clock()
        with self._lock:
            if len(self._buckets) >= self.MAX_KEYS:
                self._forget_full(now)
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        full = [k for k, (tokens, last) in self._buckets.items() if tokens + (now - last) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.MAX_KEYS:  # a flood of fresh addresses: start over
            self._buckets.clear()


def client_address(request: Request, settings: Settings) -> str:
    """The client's address for rate limits. ``X-Forwarded-For`` counts only when the peer is one of
    the proxies named in ``CORNER_TRUSTED_PROXIES``: then the right-most address in it that is not
    one of those proxies (what a client writes further left is its own claim)."""
    peer = request.client.host if request.client else "?"
    networks = settings.proxy_networks
    if not networks or not _is_in(peer, networks):
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # garbage in the header: the proxy's own address
        if not _is_in(hop, networks):
            return hop
    return hops[0] if hops else peer


def _is_in(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def limit_enrollment(request: Request) -> None:
    """Enrollment attempts per client address (a code is a secret that could be guessed)."""
    wait = request.app.state.enroll_limiter.check(client_address(request, request.app.state.settings))
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many enrollment attempts from this address: wait a minute and try again",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


@dataclass(frozen=True)
class DeviceCaller:
    device_id: uuid.UUID
    shop_id: uuid.UUID
    shop_code: str
    till_no: int
    last_seen_at: datetime | None = field(default=None, compare=False)  # as read when authenticated


def _token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("missing bearer token: send Authorization: Bearer <token>")
    return credentials.credentials


def authenticate(request: Request, session: Session, token: str) -> DeviceCaller:
    """The device whose token this is: 401 when unknown or revoked (read from the database on every
    request, so a revocation holds from the next request on, in every process), 429 over its rate
    limit; notes ``last_seen_at`` (at most every 30 s, and not on reading requests)."""
    # Core, not the ORM's execution path (every request of a till asks it).
    row = session.connection().execute(_DEVICE_BY_TOKEN, {"hash": hash_secret(token)}).first()
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
    caller = DeviceCaller(device_id=row.id, shop_id=row.shop_id, shop_code=row.code, till_no=row.till_no,
                          last_seen_at=row.last_seen_at)
    # A reading request's session does not write (on SQLite it holds no write lock).
    if not session.info.get("read_only"):
        note_seen(session, caller)
    return caller


def note_seen(session: Session, caller: DeviceCaller) -> None:
    """Note the device's ``last_seen_at`` (at most every 30 s), in ``session``'s transaction: after
    :func:`authenticate` in a reading session, when the request writes later (the push)."""
    now = utcnow()
    if caller.last_seen_at is None or now - as_utc(caller.last_seen_at) > timedelta(seconds=30):
        session.execute(update(Device).where(Device.id == caller.device_id).values(last_seen_at=now))


_DEVICE_BY_TOKEN = (
    select(Device.id, Device.shop_id, Device.till_no, Device.revoked_at, Device.last_seen_at, Shop.code)
    .join(Shop, Shop.id == Device.shop_id)
    .where(Device.token_hash == bindparam("hash"))
)


def current_device(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceCaller:
    return authenticate(request, session, _token(credentials))


async def device_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token of a device, not yet checked: for endpoints that call :func:`authenticate`
    themselves in their own worker thread (one hand-off to a thread per request instead of two; the
    pull, the most frequent request of a network). A missing token is still refused here."""
    return _token(credentials)


DeviceTokenDep = Annotated[str, Depends(device_token)]


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

"""Error responses shared by the routers (so the OpenAPI document lists what can come back)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError

from sync.protocol import ErrorBody

_ERR = {"model": ErrorBody}

DEVICE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_ERR, "description": "The request body cannot be parsed"},
    401: {**_ERR, "description": "Missing, unknown or revoked device token"},
    413: {**_ERR, "description": "Request body too large"},
    426: {**_ERR, "description": "Unsupported or missing protocol version: update required"},
    429: {**_ERR, "description": "Too many requests from this device; see Retry-After"},
}
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_ERR, "description": "The request cannot be done"},
    401: {**_ERR, "description": "Missing or unknown admin token"},
    404: {**_ERR, "description": "No such shop, device or product"},
    413: {**_ERR, "description": "Request body too large"},
}

RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure


def is_retryable(exc: DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None)
    if state in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)

"""Error responses shared by the routers (so the OpenAPI document lists what can come back)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError

from sync.protocol import ErrorBody

from .. import jsondoor

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


class _FastJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            document = jsondoor.parsed(self.scope)  # parsed and judged at the door already
            # orjson.JSONDecodeError is a json.JSONDecodeError: FastAPI still answers 422.
            self._json = orjson.loads(await self.body()) if document is jsondoor.MISSING else document
        return self._json


class FastJSONRoute(APIRoute):
    """Parses JSON bodies with orjson: a push of 500 sales is a megabyte, and the standard
    library's parser was a tenth of the server's time on it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_FastJSONRequest(request.scope, request.receive))

        return route

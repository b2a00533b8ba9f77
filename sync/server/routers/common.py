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
    401: {**_ERR, "description": "Missing, unknown or revoked device token"},
    413: {**_ERR, "description": "Request body too large"},
    426: {**_ERR, "description": "Unsupported or missing protocol version: update required"},
    429: {**_ERR, "description": "Too many requests from this device; see Retry-After"},
}
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {**_ERR, "description": "Missing or unknown admin token"},
    404: {**_ERR, "description": "No such shop, device or product"},
    413: {**_ERR, "description": "Request body too large"},
}



def refused(why: str, status: int = 400) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of an operation that refuses input its schema cannot rule out (a business
    rule: no such product, a code already taken, a period that ends before it starts): 400 (or
    ``status``) with the reason in ``detail``. Only operations that say so may answer 400 to
    schema-valid input (tests/server/test_fuzz.py holds them to it)."""
    return {status: {**_ERR, "description": why}}


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


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app, scope) -> list[str]:
    """Every method some route of ``app`` takes at the request's path (Starlette's own 405 names
    only the first route that matched the path: ``Allow: POST`` for ``/admin/shops``, which GET
    reads too). Asked of the router itself, method by method."""
    from starlette.routing import Match

    allowed = []
    for method in METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in app.router.routes):
            allowed.append(method)
    return allowed

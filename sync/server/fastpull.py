"""The pull, answered without FastAPI's per-request machinery (the most frequent request of a network).

A network's tills pull every 30 s; most pulls find nothing new. Profiled under the network
simulation (py-spy, tests/bench/sim_network.py), FastAPI's routing, dependency solving and
exception wrapping on the event loop cost about as much as the pull's own work in its worker
thread. This route answers ``GET /v1/sync/pull`` in front of the FastAPI operation of the same
path, with the same checks in the same order and the same answers:

1. an unsupported protocol version: 426; a missing one is remembered (426 below, unless 401 first);
2. no bearer token: 401;
3. a missing protocol header or a bad ``after``/``limit``: the app's validation handler (426 or
   422 with FastAPI's error list, made by the same pydantic constraints);
4. the device, its rate limit, the page: :func:`routers.sync.serve_pull`, in one worker thread.

The FastAPI operation stays declared (``routers/sync.py``): it documents the request in the
OpenAPI document, answers the methods this route does not take (405 with ``Allow``), and is
what the tests that build the app with an overridden session dependency reach.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import Field, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from sync.protocol import MAX_PULL_LIMIT, PROTOCOL_HEADER

from .db import get_db_slots
from .routers.sync import MAX_SEQ, serve_pull
from .security import _token, protocol_refusal

PATH = "/v1/sync/pull"
_PARAMS: dict[str, tuple[int, TypeAdapter]] = {  # name -> (default, the operation's own constraint)
    "after": (0, TypeAdapter(Annotated[int, Field(ge=0, le=MAX_SEQ)])),
    "limit": (1000, TypeAdapter(Annotated[int, Field(ge=1, le=MAX_PULL_LIMIT)])),
}
_FAST_DIGITS = 18  # an ASCII number this short is an int within every bound checked below


def bearer(authorization: str | None) -> HTTPAuthorizationCredentials | None:
    """What ``HTTPBearer(auto_error=False)`` makes of the header."""
    scheme, credentials = get_authorization_scheme_param(authorization)
    if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
        return None
    return HTTPAuthorizationCredentials(scheme=scheme, credentials=credentials)


def _query(request: Request) -> tuple[dict[str, int], list[dict[str, Any]]]:
    values, errors = {}, []
    params = request.query_params
    for name, (default, adapter) in _PARAMS.items():
        raw = params.get(name)
        if raw is None:
            values[name] = default
            continue
        if raw.isascii() and raw.isdigit() and len(raw) <= _FAST_DIGITS:
            number = int(raw)
            if name == "after" or 1 <= number <= MAX_PULL_LIMIT:
                values[name] = number
                continue
        try:
            values[name] = adapter.validate_python(raw)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                errors.append({**error, "loc": ("query", name, *error["loc"])})
    return values, errors


async def pull(request: Request) -> Response:
    version = request.headers.get(PROTOCOL_HEADER)
    refusal = protocol_refusal(version)  # 426 for a version this server does not speak
    if refusal is not None:
        raise refusal
    token = _token(bearer(request.headers.get("authorization")))  # 401 without one
    values, errors = _query(request)
    if version is None:
        errors.insert(0, {"type": "missing", "loc": ("header", PROTOCOL_HEADER.lower()), "msg": "Field required",
                          "input": None})
    if errors:
        raise RequestValidationError(errors)
    async with get_db_slots(request):
        return await run_in_threadpool(serve_pull, request, None, token, values["after"], values["limit"])


class _GetRoute(Route):
    """GET only (Starlette's Route would add HEAD; the FastAPI operation answers the rest)."""

    def matches(self, scope):
        if scope.get("type") == "http" and scope.get("method") != "GET":
            return Match.NONE, {}
        app = scope.get("app")
        if getattr(app, "dependency_overrides", None):  # a test's own session: the FastAPI operation
            return Match.NONE, {}
        return super().matches(scope)

    async def handle(self, scope, receive, send) -> None:
        scope["route"] = self  # the access log and the metrics name the route template, as for the others
        await super().handle(scope, receive, send)


def route() -> Route:
    return _GetRoute(PATH, pull, methods=["GET"], include_in_schema=False)

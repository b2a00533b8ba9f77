"""The push as tills send it, decoded from its bytes in one pass (fastsale.py), in front of the
FastAPI operation of the same path.

A push of 1,000 sales is two megabytes of JSON. Going FastAPI's way it was parsed into dicts at
the door (jsondoor.py), validated into ``PushRequest``'s events, and each sale validated again:
together about as much of the server's time as SQLite's own inserts of the batch. This route
takes a push whose protocol header, bearer token and body are all as a till sends them and
answers it with the operation's own work (:func:`routers.sync.serve_push`), in one worker thread:

1. the device, its rate limit (401, 429: ``authenticate``, as the operation's dependency does), in
   a reading session;
2. the batch planned (checked, its rows made) with no transaction open;
3. after the batch before it when the till names one (``X-Corner-Push-After``), the batch applied
   and committed, the answers.

Anything else (no or another protocol header, no bearer token, another content type, a body that
:func:`fastsale.decode_push` does not take whole) goes on to the FastAPI operation, after the
JSON door has judged the body as it judges every other (the door leaves this path's bodies to
this route): the operation answers it exactly as before. tests/server/test_fastpush.py compares
the two routes' answers.
"""

from __future__ import annotations

import uuid

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from sync.gcpause import collector_paused
from sync.protocol import PROTOCOL_HEADER, PUSH_AFTER_HEADER, SUPPORTED_VERSIONS

from . import fastsale, jsondoor
from .db import get_db_slots
from .fastpull import bearer
from .push import plan_push
from .routers.sync import NOT_AFTER, follows, push_after, serve_push
from .security import authenticate

PATH = "/v1/sync/push"
_VERSIONS = frozenset(str(v) for v in SUPPORTED_VERSIONS)


def _declared_json(content_type: str | None) -> bool:
    """Whether FastAPI reads a body of this content type as JSON (its strict rule: declared, and
    ``application/json`` or ``application/...+json``, read as ``email.message`` reads the type)."""
    if not content_type:
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind.count("/") != 1:
        return False
    main, sub = kind.split("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def _serve(request: Request, token: str, events: list[fastsale.Event], after: uuid.UUID | None):
    """The device read in a reading session, the batch planned with no transaction open, then
    written: on SQLite, the write lock is held only for the writing. While one server process
    writes a till's batch, another plans the till's next one (``X-Corner-Push-After``)."""
    state = request.app.state
    with collector_paused():  # sync/gcpause.py: the batch's objects live until it is written
        with state.read_sessionmaker() as reading:
            caller = authenticate(request, reading, token)
            reading.rollback()
            plan = plan_push(caller, events, request.state.raw_body, sqlite=state.engine.dialect.name == "sqlite")
            # Waited for in reading transactions: on SQLite a writer waiting for the write lock
            # sleeps in SQLite's busy handler, in steps of up to 100 ms after it is free.
            if after is not None and not follows(reading, caller, after, state.settings.push_after_wait_seconds):
                raise HTTPException(409, NOT_AFTER.format(after=after))
        with state.sessionmaker() as session:
            return serve_push(request, session, caller, events, after=after, plan=plan)


def _after(value: str | None) -> tuple[bool, uuid.UUID | None]:
    """``X-Corner-Push-After`` read: (taken, the event id). Not taken: the operation refuses it."""
    try:
        return True, push_after(value)
    except HTTPException:
        return False, None


def takes(scope: Scope) -> bool:
    """Whether this route answers the request (or hands it on itself): the JSON door leaves these
    bodies to it."""
    if scope.get("type") != "http" or scope.get("method") != "POST" or scope.get("path") != PATH:
        return False
    app = scope.get("app")
    if getattr(app, "dependency_overrides", None):  # a test's own session: the operation
        return False
    return getattr(app.state, "fast_push", False)  # on unless switched off (``install``)


class _PushRoute(Route):
    """POST only; a request it does not take goes on to the FastAPI operation (``operation``)."""

    def __init__(self) -> None:
        super().__init__(PATH, self._endpoint, methods=["POST"], include_in_schema=False)

    def matches(self, scope):
        if scope.get("type") == "http" and not takes(scope):
            return Match.NONE, {}
        return super().matches(scope)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self  # the access log and the metrics name the route template, as for the others
        request = Request(scope, receive)
        body = scope.get("state", {}).get("raw_body", b"")
        credentials = bearer(request.headers.get("authorization"))
        events = None
        taken, after = _after(request.headers.get(PUSH_AFTER_HEADER))
        if (taken and request.headers.get(PROTOCOL_HEADER) in _VERSIONS and credentials is not None and body
                and _declared_json(request.headers.get("content-type"))):
            dialect = request.app.state.engine.dialect.name
            events = fastsale.decode_push(body, sales=dialect == "sqlite")
        if events is None:
            await self._operation(scope, receive, send)
            return
        async with get_db_slots(request):
            response = await run_in_threadpool(_serve, request, credentials.credentials, events, after)
        await response(scope, receive, send)

    async def _endpoint(self, request: Request):  # not reached: handle() answers every request
        raise AssertionError("fastpush: handle() answers")

    async def _operation(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The FastAPI operation of this path, with the body judged at the door first."""
        if not await jsondoor.judge(scope, send):
            return
        app = scope["app"]
        for route in app.router.routes:
            match, child_scope = route.matches(scope) if route is not self else (Match.NONE, {})
            if match is Match.FULL:
                scope.update(child_scope)
                scope["route"] = route
                await route.handle(scope, receive, send)
                return
        raise AssertionError(f"no operation behind {PATH}")


def install(app) -> None:
    """This route, in front of the push operation (to be included after it); ``app.state.fast_push``
    switches it (and the door's leaving these bodies to it) off and on."""
    app.state.fast_push = True
    app.router.routes.append(_PushRoute())

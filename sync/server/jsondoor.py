"""JSON bodies are judged at the door, before any route sees them.

Every request body that is JSON (``application/json``, ``…+json``, or no content type, which
FastAPI would read as JSON) is parsed once here with orjson, which refuses what JSON does not
have and Python's ``json`` lets through: ``NaN``, ``Infinity``, numbers too large for a double,
lone surrogates (``"\\ud800"``), invalid UTF-8. A document nested deeper than :data:`MAX_DEPTH`
is refused too: no till or script sends one, and deep ones made the push, the quarantine list and
the admin endpoints answer 500. Each answer is a 422 with the reason, in the shape FastAPI gives
its own validation errors (so the OpenAPI document already lists it for every operation with a
body); the parsed document is handed on (``scope["state"]["json"]``) so routes do not parse it
again.

Runs inside :class:`~sync.server.limits.BodyLimitMiddleware`, which has already read the body.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_DEPTH = 32
MISSING = object()


class JSONError(ValueError):
    """Why a body is refused."""


def too_deep(document: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``document`` has containers nested more than ``limit`` deep."""
    if not isinstance(document, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


_STRUCTURE = bytes(range(256)).translate(None, b'{}[]"')  # every byte but brackets and quotes


def text_depth(body: bytes) -> int | None:
    """How deep the containers of valid JSON text ``body`` nest, read from the text with C's loops
    (a push of 1,000 sales: about a millisecond, against fifteen for :func:`too_deep` walking
    the parsed document); None when a string in it holds a bracket (then ask :func:`too_deep`).

    Escaped backslashes and quotes are dropped, then every byte but brackets and quotes; a string
    with no bracket in it is now ``""``, and once those are gone no quote is left (a string that
    holds a bracket always leaves one). What remains is the bare structure; each pass that takes
    out its innermost pairs takes out one level.
    """
    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = body.translate(None, _STRUCTURE).replace(b'""', b"")
    if b'"' in skeleton:
        return None
    depth = 0
    while skeleton:
        # One pass takes out the pairs that are innermost at its start (the mark keeps a pair it
        # uncovers for the next pass): bytes.replace, a few times faster than a regular expression.
        marked = skeleton.replace(b"[]", b"\x00").replace(b"{}", b"\x00")
        if len(marked) == len(skeleton):  # not reachable for valid JSON; say "deep" rather than loop
            return MAX_DEPTH + 1
        skeleton = marked.replace(b"\x00", b"")
        depth += 1
    return depth


def parse(body: bytes, limit: int = MAX_DEPTH) -> Any:
    """The document in ``body``, or JSONError saying what is wrong with it. ``limit``: the depth
    allowed (less than :data:`MAX_DEPTH` for a part of a body, read apart: fastsale.py)."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise JSONError(f"the request body is not valid JSON: {exc}") from None
    if isinstance(document, (dict, list)):
        depth = text_depth(body)
        if depth is None and too_deep(document, limit) or depth is not None and depth > limit:
            raise JSONError(f"the request body is nested deeper than {MAX_DEPTH} levels")
    return document


def is_json(scope: Scope) -> bool:
    """Whether the request's body is read as JSON (its content type, or none)."""
    kind = dict(scope["headers"]).get(b"content-type")
    if kind is None:
        return True
    kind = kind.split(b";", 1)[0].strip().lower()
    return kind == b"application/json" or kind.endswith(b"+json")


class JSONDoorMiddleware:
    """``defer(scope)``: True for a request whose route reads its body itself (fastpush.py), and
    calls :func:`judge` before handing a body it does not take on."""

    def __init__(self, app: ASGIApp, defer: typing.Callable[[Scope], bool] = lambda scope: False) -> None:
        self.app = app
        self.defer = defer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.defer(scope) and not await judge(scope, send):
            return
        await self.app(scope, receive, send)


async def judge(scope: Scope, send: Send) -> bool:
    """The door's work for one request: its JSON body parsed and handed on, or refused (422, sent
    here: False)."""
    state = scope.setdefault("state", {})
    body = state.get("raw_body", b"")
    if body and is_json(scope):
        try:
            state["json"] = parse(body)
        except JSONError as exc:
            await _reject(send, str(exc))
            return False
    return True


def parsed(scope: Scope) -> Any:
    """The document the door parsed for this request, or ``MISSING``."""
    return scope.get("state", {}).get("json", MISSING)


async def _reject(send: Send, reason: str) -> None:
    body = json.dumps({"detail": [{"type": "json_invalid", "loc": ["body"], "msg": reason, "input": None}]}).encode()
    await send({
        "type": "http.response.start",
        "status": 422,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


def _json_kinds(annotation: Any) -> set[type]:
    """The scalar Python types an annotation admits (``int | None`` -> {int, NoneType})."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return set().union(*(_json_kinds(a) for a in args))
    if typing.get_origin(annotation) is typing.Annotated:
        return _json_kinds(args[0])
    return {annotation} if isinstance(annotation, type) else set()


class StrictBody(BaseModel):
    """A request body whose numbers are numbers and whose flags are flags: ``"max_price": false``
    is refused rather than read as 0, ``"price": "120"`` or ``"publish": "yes"`` too (pydantic's lax
    mode would take them). A number with no fraction (``120.0``) is still a JSON integer."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value: Any, info: ValidationInfo) -> Any:
        kinds = _json_kinds(cls.model_fields[info.field_name].annotation)
        if int in kinds and bool not in kinds and isinstance(value, (bool, str)):
            raise ValueError("a whole number is needed here")
        if bool in kinds and value is not None and not isinstance(value, bool):
            raise ValueError("true or false is needed here")
        return value

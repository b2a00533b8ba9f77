"""The till-facing API (protocol v1): enroll, push, pull, snapshot."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from contextlib import nullcontext
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sync.protocol import (
    MAX_PULL_LIMIT,
    PUSH_AFTER_HEADER,
    PUSH_LANES_HEADER,
    EnrollRequest,
    EnrollResponse,
    PeerSecretResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    Snapshot,
)

from .. import changefeed, observability, settlement, snapshots, takings
from ..db import SessionDep
from ..identity import IdentityError, enroll, peer_secret
from ..models import EventRow
from ..push import PushPlan, apply_plan, apply_push
from ..security import DeviceCaller, DeviceDep, DeviceTokenDep, authenticate, limit_enrollment, note_seen, require_protocol
from .common import DEVICE_RESPONSES, FastJSONRoute, is_retryable, refused

log = logging.getLogger("corner.server.sync")

router = APIRouter(
    prefix="/v1",
    tags=["sync"],
    dependencies=[Depends(require_protocol)],
    responses=DEVICE_RESPONSES,
    route_class=FastJSONRoute,
)

MAX_SEQ = 2**63 - 1


@router.post(
    "/devices/enroll",
    response_model=EnrollResponse,
    responses={403: {"description": "Unknown, used or expired enrollment code"}},
    dependencies=[Depends(limit_enrollment)],
)
def enroll_device(body: EnrollRequest, session: SessionDep) -> EnrollResponse:
    """Exchange a single-use enrollment code for a device token (shown once, stored hashed)."""
    try:
        enrolled = enroll(session, body.code, body.device_name)
        session.commit()
    except IdentityError as exc:
        session.rollback()
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
    return EnrollResponse(
        device_id=enrolled.device.id,
        token=enrolled.token,
        shop_id=enrolled.shop.id,
        shop_code=enrolled.shop.code,
        shop_name=enrolled.shop.name,
        till_no=enrolled.device.till_no,
    )


@router.get("/devices/peer-secret", response_model=PeerSecretResponse)
def device_peer_secret(caller: DeviceDep, session: SessionDep) -> PeerSecretResponse:
    """The calling till's shop's peer secret, for trusting the shop's other tills on its network."""
    secret = peer_secret(session, caller.shop_id)
    session.commit()
    return PeerSecretResponse(shop_id=caller.shop_id, peer_secret=secret)


NOT_AFTER = ("the batch sent before this one (ending with event {after}) has not reached the platform: "
             "send it first, then this one")


@router.post("/sync/push", response_model=PushResponse, responses={
    422: {"description": "Malformed batch"},
    409: {"description": "The batch named by X-Corner-Push-After did not arrive in time: send it first"},
})
def push(body: PushRequest, caller: DeviceDep, session: SessionDep, request: Request) -> Response:
    """Store a batch of events exactly once and project them, in one transaction.

    A batch as tills send it is answered in front of this operation by ``fastpush.py`` (decoded
    from its bytes in one pass, the same checks and answers); this one documents it and judges
    every other. The answer's ``X-Corner-Push-Lanes`` says how many batches of a till the server
    works on at once; a till that sends a batch before the answer to the one before it names that
    one's last event in ``X-Corner-Push-After`` (docs/sync.md, "Two batches in flight")."""
    return serve_push(request, session, caller, body.events, after=push_after(request.headers.get(PUSH_AFTER_HEADER)))


def push_after(value: str | None) -> uuid.UUID | None:
    """``X-Corner-Push-After`` read; 422 in words when it is not an event's id. (Not a declared
    parameter: a generated one would hold a fuzzer's every request for the whole wait.)"""
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise HTTPException(
            422,
            f"{PUSH_AFTER_HEADER} must be the id of the last event of the batch sent before this one",
        ) from None


def serve_push(request: Request, session: Session, caller: DeviceCaller, events: list, *,
               after: uuid.UUID | None = None, plan: PushPlan | None = None) -> Response:
    """The push's work: the batch applied and committed (retried on a deadlock), the answers.

    ``after``: the batch is applied only once that event of the caller's shop is stored (it waits
    up to ``push_after_wait_seconds``, then answers 409). ``plan``: the batch planned already
    (fastpush.py), the device authenticated in a reading session: its last visit is noted here."""
    raw_body = getattr(request.state, "raw_body", None)
    attempts = 3
    for attempt in range(1, attempts + 1):
        try:
            wait = request.app.state.settings.push_after_wait_seconds
            if after is not None and not follows(session, caller, after, wait):
                raise HTTPException(status.HTTP_409_CONFLICT, NOT_AFTER.format(after=after))
            if plan is None:
                results = apply_push(session, caller, events, raw_body)
            else:
                note_seen(session, caller)
                results = apply_plan(session, caller, plan)
            session.commit()
            observability.count_push(r.status for r in results)
            # Written straight to JSON (orjson writes a UUID in its canonical form): 1,000 results
            # are not worth a validation or a dump each.
            return Response(
                orjson.dumps({"results": [{"id": r.id, "status": r.status, "reason": r.reason} for r in results]}),
                media_type="application/json",
                headers={PUSH_LANES_HEADER: str(request.app.state.settings.push_lanes)},
            )
        except DBAPIError as exc:
            session.rollback()
            if attempt < attempts and is_retryable(exc):
                log.info("push from device %s retried after %s", caller.device_id, exc.orig)
                continue
            raise
    raise AssertionError("unreachable")


# Devices with a batch waiting for the batch before it, in this process: a till has one at most
# (two batches in flight, the second waiting), so a second one is refused at once instead of
# holding one more worker thread and database slot for the whole wait.
_waiting: set[uuid.UUID] = set()
_waiting_lock = threading.Lock()


def follows(session: Session, caller: DeviceCaller, after: uuid.UUID, wait: float) -> bool:
    """Whether the caller's shop's event ``after`` is stored, waiting for it up to ``wait`` seconds:
    the batch before is being written (by another server process, or this one's other thread).
    Between two looks the transaction is ended, so that the batch before can commit (on SQLite the
    look itself waits for the write lock it holds). Another shop's event is never found. False at
    once while another batch of the same device waits here."""

    def stored() -> bool:
        found = session.scalar(select(EventRow.id).where(EventRow.shop_id == caller.shop_id, EventRow.id == after))
        return found is not None

    if stored():
        return True
    with _waiting_lock:
        if caller.device_id in _waiting:
            log.info("push after event %s: device %s has a batch waiting already", after, caller.device_id)
            return False
        _waiting.add(caller.device_id)
    try:
        deadline = time.monotonic() + wait
        pause = 0.001
        while True:
            session.rollback()
            if time.monotonic() >= deadline:
                log.info("push after event %s of shop %s: that event did not arrive in %s s", after, caller.shop_id, wait)
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.01)
            if stored():
                return True
    finally:
        with _waiting_lock:
            _waiting.discard(caller.device_id)


FEED_GONE = "the changes after this cursor were expired: start again from a snapshot (/v1/sync/snapshot)"


@router.get("/sync/pull", response_model=PullResponse, responses={410: {"description": FEED_GONE}})
def pull(
    token: DeviceTokenDep,
    session: SessionDep,
    request: Request,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ, description="The cursor of the last page applied")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 1000,
) -> Response:
    """The change feed after ``after``: global rows plus rows of the caller's shop, in seq order.

    410 when rows after ``after`` were expired (``corner-server feed compact``): start again from
    ``/v1/sync/snapshot``.

    A GET is answered in front of this operation by ``fastpull.py`` (the same checks and answers,
    without FastAPI's per-request machinery); this one documents it and answers when the app's
    session dependency is overridden.
    """
    return serve_pull(request, session, token, after, limit)


def serve_pull(request: Request, session: Session | None, token: str, after: int, limit: int) -> Response:
    """The pull's work, in one worker thread: the device, its rate limit, the page, the cursor
    noted. ``session``: the request's; None: statements on their own (``pull_sessionmaker``: on
    PostgreSQL no ``BEGIN``/``ROLLBACK`` round trips; the page and its floor are one statement), and
    the cursor, when due, noted in a transaction of its own after that connection went back."""
    state = request.app.state
    if session is None:
        with state.pull_sessionmaker() as own:
            caller, answer, cursor_due = _pull(request, own, token, after, limit)
        marks = state.sessionmaker  # a transaction of its own, after the reading connection went back
    else:
        caller, answer, cursor_due = _pull(request, session, token, after, limit)
        marks = lambda: nullcontext(session)  # noqa: E731 - the request's own session
    if cursor_due:
        with marks() as writing:
            state.pull_marks.write(writing, caller.device_id, after)
    return answer


def _pull(request: Request, session: Session, token: str, after: int, limit: int):
    caller = authenticate(request, session, token)  # here, not a dependency: one worker thread hop
    try:
        body, _, _ = changefeed.pull_page(session, caller.shop_id, after, limit, request.app.state.feed_horizon)
    except changefeed.FeedGone:
        session.rollback()
        raise HTTPException(status.HTTP_410_GONE, FEED_GONE) from None
    session.rollback()
    return caller, Response(body, media_type="application/json"), request.app.state.pull_marks.due(caller.device_id, after)


@router.get("/sync/snapshot", response_model=Snapshot, responses={304: {"description": "Not modified (If-None-Match)"}})
def snapshot(token: DeviceTokenDep, session: SessionDep, request: Request) -> Response:
    """The published catalog and policies as of ``cursor``; pull after it.

    Built once per catalog cursor and process; gzip when accepted; weak ETag, 304 on If-None-Match.
    """
    caller = authenticate(request, session, token)
    return snapshots.respond(request, session, request.app.state.snapshots, caller.shop_id)




def _period(start: str, end: str):
    """``start <= time < end`` from the query, or 400 with the reason."""
    try:
        return settlement.period(start, end)
    except settlement.PeriodError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None


@router.get("/settlement", responses=refused("Bad period: start or end is not an ISO date or time, or end is not after start"))
def own_settlement(
    caller: DeviceDep,
    session: SessionDep,
    start: Annotated[str, Query(max_length=64, description="ISO date or time; a date is its midnight UTC")],
    end: Annotated[str, Query(max_length=64, description="exclusive")],
) -> dict:
    """The caller's own shop's settlement statement for ``start <= time < end``, as the platform sees it."""
    a, b = _period(start, end)
    st = settlement.statement(session, caller.shop_id, a, b)
    session.rollback()
    return {"shop_code": caller.shop_code, **st.as_dict()}


@router.get("/takings", responses=refused("Bad period: start or end is not an ISO date or time, or end is not after start"))
def own_takings(
    caller: DeviceDep,
    session: SessionDep,
    start: Annotated[str, Query(max_length=64, description="ISO date or time; a date is its midnight UTC")],
    end: Annotated[str, Query(max_length=64, description="exclusive")],
) -> dict:
    """The caller's own shop's takings and VAT for ``start <= time < end``, as the platform sees them."""
    a, b = _period(start, end)
    report = takings.takings(session, caller.shop_id, a, b)
    session.rollback()
    return {"shop_code": caller.shop_code, **report.as_dict()}

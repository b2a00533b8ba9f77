"""The sync client engine: push the till's outbox, then pull the platform's change feed.

It talks to the till only through the small ``SyncPort`` interface below, so it knows
nothing of the till's store (``sync`` imports nothing from ``app``). One round is
``sync_once()``: push in bounded batches until the outbox is empty, then pull pages until
the feed is drained (starting from a snapshot when the till has no cursor yet).
``SyncEngine`` runs rounds on a background thread with capped exponential backoff and
jitter, honours ``Retry-After``, and reports its state to a callback.
"""

from __future__ import annotations

import json
import logging
import os
import random
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

import requests

from .gcpause import collector_paused
from .protocol import (
    MAX_BATCH_EVENTS,
    MAX_BODY_BYTES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_AFTER_HEADER,
    PUSH_LANES_HEADER,
    EnrollResponse,
    PeerSecretResponse,
    PullResponse,
    PushResponse,
    Snapshot,
    SnapshotBody,
    parse_snapshot,
)

log = logging.getLogger("corner.sync")

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
PULL_PAGE = 2000


@dataclass(frozen=True)
class Outgoing:
    """One queued event as the till stored it. ``payload`` is JSON text and is sent as it is,
    never parsed and encoded again; ``position`` orders the queue (the till's outbox seq)."""

    id: str
    kind: str
    created_at: str
    payload: str
    position: int


def push_body(events: Sequence[Outgoing]) -> bytes:
    """The JSON body of a push (``PushRequest``), built around the stored payload texts."""
    dumps = json.dumps
    parts = [
        f'{{"id":{dumps(e.id)},"kind":{dumps(e.kind)},"created_at":{dumps(e.created_at)},"payload":{e.payload}}}'
        for e in events
    ]
    return ('{"events":[' + ",".join(parts) + "]}").encode()


class SyncPort(Protocol):
    """What the engine needs from a till."""

    def pending(self, limit: int, max_bytes: int, after: int | None = None) -> list[Outgoing]:
        """The oldest unsent events (after queue position ``after``), bounded in count and bytes."""
        ...

    def mark_sent(self, results: list[dict[str, Any]]) -> int: ...
    def cursor(self) -> int | None: ...
    def apply_snapshot(self, snapshot: SnapshotBody | Snapshot) -> None:
        """Replace the till's starting state by a snapshot (``SnapshotBody`` from ``snapshot()``)."""
        ...
    def apply_page(self, page: PullResponse) -> None: ...
    def record(self, state: "SyncState") -> None: ...


class SyncError(Exception):
    """A round did not complete; ``retry_after`` is a hint in seconds."""

    retry_after: float | None = None


class Offline(SyncError):
    pass


class ServerBusy(SyncError):
    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UpdateRequired(SyncError):
    """The server does not speak this till's protocol: the till must be updated (the queue is kept)."""


class FeedExpired(SyncError):
    """The platform no longer keeps the changes after this till's cursor (410): start again from a
    snapshot."""


class NotAuthorised(SyncError):
    """The device token was refused (revoked, or the till was never enrolled)."""


class Rejected(SyncError):
    """The server refused a request as malformed; a bug, not a network problem."""


@dataclass
class SyncState:
    online: bool | None = None  # None: never tried
    waiting: int = 0
    last_sync: str | None = None
    message: str = ""
    update_required: bool = False
    pushed: int = 0
    pulled: int = 0


@dataclass
class RoundResult:
    pushed: int = 0
    duplicates: int = 0
    quarantined: int = 0
    pulled: int = 0
    snapshot_products: int = 0
    restarted: bool = False  # the feed after the till's cursor was expired: it started from a snapshot
    quarantine_reasons: list[str] = field(default_factory=list)


def _batch_limit() -> int:
    """Events per push: the protocol's maximum, or fewer when ``CORNER_SYNC_BATCH`` says so
    (fault tests use tiny batches so that a kill lands while a push is in flight)."""
    try:
        wanted = int(os.environ.get("CORNER_SYNC_BATCH", MAX_BATCH_EVENTS))
    except ValueError:
        return MAX_BATCH_EVENTS
    return max(1, min(MAX_BATCH_EVENTS, wanted))


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class SyncClient:
    """One connection to the platform for one enrolled till."""

    def __init__(self, base_url: str, token: str | None, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.http.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        self.batch_limit = _batch_limit()
        self.batch_bytes = MAX_BODY_BYTES // 2
        # Batches the platform works on at once, as its last push answer said (PUSH_LANES_HEADER):
        # more than one, and the next batch goes before the answer to the one in flight.
        self.push_lanes = 1

    # -- transport ------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.http.request(method, self.base_url + path, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **kwargs)
        except requests.RequestException as exc:
            raise Offline(f"cannot reach the platform ({type(exc).__name__})") from exc
        if response.status_code < 400:
            return response
        detail = _detail(response)
        if response.status_code == 426:
            raise UpdateRequired(detail or "update required")
        if response.status_code == 410 and path == "/v1/sync/pull":
            raise FeedExpired(detail or "the changes after this cursor were expired")
        if response.status_code in (401, 403):
            raise NotAuthorised(detail or "this till is not enrolled or its access was revoked")
        if response.status_code in (429, 503):
            raise ServerBusy(detail or "the platform is busy", _retry_after(response))
        if response.status_code >= 500:
            raise ServerBusy(f"the platform had a problem ({response.status_code})", _retry_after(response))
        err = Rejected(f"{response.status_code}: {detail}")
        err.status = response.status_code  # type: ignore[attr-defined]
        raise err

    # -- calls ----------------------------------------------------------------------

    def enroll(self, code: str, device_name: str) -> EnrollResponse:
        response = self._request("POST", "/v1/devices/enroll", json={"code": code, "device_name": device_name})
        return EnrollResponse.model_validate(response.json())

    def peer_secret(self) -> PeerSecretResponse:
        """The shop's secret its tills share to trust each other on the shop's network."""
        response = self._request("GET", "/v1/devices/peer-secret")
        return PeerSecretResponse.model_validate(response.json())

    def push(self, events: Sequence[Outgoing]) -> PushResponse:
        return self._send_push(push_body(events))

    def _send_push(self, body: bytes, after: str | None = None) -> PushResponse:
        """POST one batch; ``after``: the last event of the batch sent before it, still in flight
        (the platform applies this one only after that one)."""
        headers = {"Content-Type": "application/json"}
        if after is not None:
            headers[PUSH_AFTER_HEADER] = after
        response = self._request("POST", "/v1/sync/push", data=body, headers=headers)
        self.push_lanes = _lanes(response.headers.get(PUSH_LANES_HEADER))
        return PushResponse.model_validate_json(response.content)

    def pull(self, after: int, limit: int = PULL_PAGE) -> PullResponse:
        response = self._request("GET", "/v1/sync/pull", params={"after": after, "limit": limit})
        return PullResponse.model_validate(response.json())

    def snapshot(self) -> SnapshotBody:
        """The platform's snapshot, validated once on its bytes (``protocol.parse_snapshot``): a
        malformed one raises pydantic's ValidationError before anything reaches the till."""
        response = self._request("GET", "/v1/sync/snapshot")
        return parse_snapshot(response.content)

    # -- a round --------------------------------------------------------------------

    def push_all(self, port: SyncPort, result: RoundResult) -> None:
        """Push the whole outbox in batches, in queue order (one or two batches in flight).

        Nothing waits on the till: while the server works on a batch, the next one is read and its
        body built. When the platform said it works on one batch at a time, that body waits on a
        sending thread and goes the moment the current answer is in (and only if that answer
        came). When it said more (``push_lanes``, from the answer before), the body goes at once,
        naming the last event of the batch in flight: the platform applies it only after that
        one, so the outbox's order holds on the platform (docs/sync.md, "Two batches in flight").
        A batch is marked sent only from its own answer, so a failure at any point leaves the rest
        queued and the next round sends it again (the server answers "duplicate" for what it
        already holds).
        """
        # Python's cycle collector paused for the push (sync/gcpause.py): a full collection of a
        # busy till's heap froze both of its threads mid-batch, the body half sent (measured in
        # bench_sync.py: 110-215 ms, in most runs).
        with collector_paused(), ThreadPoolExecutor(max_workers=2, thread_name_prefix="corner-push") as sender:
            batch = port.pending(self.batch_limit, self.batch_bytes)
            in_flight: Future[PushResponse] | None = sender.submit(self.push, batch) if batch else None
            while batch and in_flight is not None:
                upcoming = port.pending(self.batch_limit, self.batch_bytes, batch[-1].position)
                queued = None
                if upcoming:
                    body = push_body(upcoming)
                    if self.push_lanes > 1:
                        queued = sender.submit(self._send_beside, in_flight, body, batch[-1].id)
                    else:
                        queued = sender.submit(self._send_after, in_flight, body)
                try:
                    answer = in_flight.result()
                except Rejected as exc:
                    _wait_quietly(queued)  # it was not sent: its predecessor failed
                    if getattr(exc, "status", None) in (413, 422) and len(batch) > 1:
                        # Too big for this server: smaller batches from here on.
                        self.batch_limit = max(1, len(batch) // 2)
                        self.batch_bytes = max(4096, self.batch_bytes // 2)
                        batch = port.pending(self.batch_limit, self.batch_bytes, _before(batch))
                        in_flight = sender.submit(self.push, batch)
                        continue
                    raise
                except BaseException:
                    _wait_quietly(queued)
                    raise
                self._record_answer(port, batch, answer, result)
                batch, in_flight = upcoming, queued

    def _send_after(self, previous: Future[PushResponse], body: bytes) -> PushResponse:
        """Send ``body`` once ``previous`` has its answer; never after a failed one."""
        if previous.exception() is not None:  # waits for it
            raise _NotSent()
        return self._send_push(body)

    def _send_beside(self, previous: Future[PushResponse], body: bytes, after: str) -> PushResponse:
        """Send ``body`` now, to be applied after event ``after`` (the last of ``previous``, in
        flight). When the platform did not see that event in time (409), it is sent again once
        ``previous`` has its answer, as :meth:`_send_after` does; never after a failed one."""
        try:
            return self._send_push(body, after=after)
        except Rejected as exc:
            if getattr(exc, "status", None) != 409:
                raise
            log.info("the platform did not see the batch before in time; sending this one after its answer")
        return self._send_after(previous, body)

    def _record_answer(self, port: SyncPort, batch: Sequence[Outgoing], answer: PushResponse, result: RoundResult) -> None:
        sent_ids = {e.id for e in batch}
        results = [{"id": str(r.id), "status": r.status, "reason": r.reason} for r in answer.results]
        port.mark_sent([r for r in results if r["id"] in sent_ids])
        for r in answer.results:
            if r.status == "accepted":
                result.pushed += 1
            elif r.status == "duplicate":
                result.duplicates += 1
            else:
                result.quarantined += 1
                result.quarantine_reasons.append(r.reason or "")
        if not {r["id"] for r in results} & sent_ids:
            raise Rejected("the platform answered a push without any of its events")

    def pull_all(self, port: SyncPort, result: RoundResult) -> None:
        """Pull pages until the feed is drained. No cursor yet, or one older than what the platform
        keeps (410, after ``corner-server feed compact``): start from a snapshot, then pull after it."""
        cursor = port.cursor()
        if cursor is None:
            cursor = self._start_from_snapshot(port, result)
        while True:
            try:
                page = self.pull(cursor)
            except FeedExpired as exc:
                if result.restarted:
                    raise  # a snapshot's own cursor was refused: do not loop
                log.warning("%s: starting again from a snapshot", exc)
                result.restarted = True
                cursor = self._start_from_snapshot(port, result)
                continue
            if page.changes or page.cursor != cursor:
                port.apply_page(page)
                result.pulled += len(page.changes)
            cursor = page.cursor
            if not page.more:
                return

    def _start_from_snapshot(self, port: SyncPort, result: RoundResult) -> int:
        # Python's cycle collector paused while a snapshot is parsed and applied: its hundreds of
        # thousands of new dicts and tuples hold no cycles, yet set off ~900 collections that cost
        # ~0.5 s of a 100,000-product first sync. Everything is freed by reference counting.
        with collector_paused():
            snap = self.snapshot()
            port.apply_snapshot(snap)
            result.snapshot_products, cursor = len(snap["products"]), snap["cursor"]
            del snap
        return cursor

    def sync_once(self, port: SyncPort) -> RoundResult:
        """Push everything waiting, then pull everything new. Raises SyncError when it cannot."""
        result = RoundResult()
        self.push_all(port, result)
        self.pull_all(port, result)
        return result


class _NotSent(Exception):
    """A queued batch that was not sent because the one before it failed."""


def _wait_quietly(future: Future | None) -> None:
    if future is not None:
        try:
            future.result()
        except BaseException:  # noqa: BLE001 - its outcome does not matter: it is sent again later
            pass


def _lanes(value: str | None) -> int:
    """The platform's ``X-Corner-Push-Lanes``: batches it works on at once (1 when not said; two
    in flight at most from a till)."""
    try:
        return min(2, max(1, int(value))) if value else 1
    except ValueError:
        return 1


def _before(batch: Sequence[Outgoing]) -> int:
    """The queue position just before ``batch``."""
    return batch[0].position - 1


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    detail = body.get("detail") if isinstance(body, dict) else body
    return detail if isinstance(detail, str) else str(detail)[:300]


class Backoff:
    """Capped exponential backoff with full jitter."""

    def __init__(self, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None) -> None:
        self.base, self.cap = base, cap
        self.failures = 0
        self.rng = rng or random.Random()

    def next_delay(self, hint: float | None = None) -> float:
        self.failures += 1
        ceiling = min(self.cap, self.base * 2 ** min(self.failures, 20))
        delay = self.rng.uniform(self.base / 2, ceiling)
        if hint is not None:
            delay = max(delay, min(hint, self.cap))
        return delay

    def reset(self) -> None:
        self.failures = 0


class SyncEngine:
    """Runs sync rounds on a background thread; never blocks the caller.

    ``on_state`` is called from the engine's thread; a window must hop to its own
    thread (a queued Qt signal) before touching widgets.
    """

    def __init__(
        self,
        client: SyncClient,
        port: SyncPort,
        *,
        interval: float = 30.0,
        on_state: Callable[[SyncState], None] | None = None,
        waiting: Callable[[], int] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.client, self.port = client, port
        self.interval = interval
        self.on_state = on_state
        self.waiting = waiting or (lambda: 0)
        self.backoff = backoff or Backoff()
        self.state = SyncState()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._round_lock = threading.Lock()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="corner-sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def trigger(self) -> None:
        """Sync soon (after a sale, or when the user asks)."""
        self._wake.set()

    def run_once(self) -> SyncState:
        """One round on the caller's thread; returns the new state (never raises for network trouble)."""
        with self._round_lock:
            try:
                result = self.client.sync_once(self.port)
            except UpdateRequired as exc:
                self._set(online=True, update_required=True, message=f"Update required: {exc}")
                raise
            except NotAuthorised as exc:
                self._set(online=True, message=f"Not authorised: {exc}")
                raise
            except SyncError as exc:
                self._set(online=False, message=str(exc))
                raise
            self.backoff.reset()
            self._set(online=True, message="", last_sync=_now(), pushed=result.pushed, pulled=result.pulled)
            return self.state

    def _set(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.state, key, value)
        try:
            self.state.waiting = self.waiting()
        except Exception:  # the count is a nicety; never let it stop a round
            log.exception("could not count waiting events")
        try:
            self.port.record(self.state)
        except Exception:
            log.exception("could not record the sync state")
        if self.on_state is not None:
            self.on_state(SyncState(**vars(self.state)))

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.interval
            try:
                self.run_once()
            except UpdateRequired:
                delay = max(self.interval, 600.0)
            except NotAuthorised:
                delay = max(self.interval, 300.0)
            except SyncError as exc:
                delay = self.backoff.next_delay(exc.retry_after)
                log.info("sync failed (%s); next try in %.1f s", exc, delay)
            except Exception:
                log.exception("sync round crashed")
                delay = self.backoff.next_delay()
            self._wake.wait(delay)
            self._wake.clear()


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")

"""What the server is doing: JSON logs with a request id, one access line per request, Prometheus metrics.

- Every request gets an id: the caller's ``X-Request-ID`` when it is a sane token (letters, digits,
  ``._:-``, at most 128), otherwise a new one. It is answered in the ``X-Request-ID`` header and is on
  every log line written while the request runs (a context variable, copied into the thread pool).
- One access line per request (logger ``corner.server.access``): method, path *template* (never the
  raw path, which may hold a receipt token; never headers or the query), status, duration in ms and
  the shop id when a device token named one.
- ``/metrics`` in the Prometheus text format through ``prometheus_client``. Counters and histograms
  live in this process; with several processes set ``PROMETHEUS_MULTIPROC_DIR`` (``corner-server run
  --workers N`` does it for you) and every process's numbers are summed. Gauges that describe the
  network (quarantined events, shops seen in the last hour, the feed's head) are read from the
  database at scrape time, so they are right whichever process answers.
- ``/metrics`` is answered only to a bearer ``CORNER_METRICS_TOKEN`` when that is set, otherwise only
  to a direct loopback connection (no forwarding header): it is never public by default.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import Engine, distinct, func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .models import EVENT_QUARANTINED, ChangeLog, Device, EventRow

request_id_var: ContextVar[str | None] = ContextVar("corner_request_id", default=None)

access_log = logging.getLogger("corner.server.access")

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# --------------------------------------------------------------------------- metrics (per process)

HTTP_REQUESTS = Counter(
    "corner_http_requests", "HTTP requests answered, by route template and status", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "corner_http_request_duration_seconds", "Time to answer a request, by route template", ["method", "route"],
    buckets=_LATENCY_BUCKETS,
)
PUSH_SECONDS = Histogram("corner_sync_push_duration_seconds", "Time to answer a push", buckets=_LATENCY_BUCKETS)
PULL_SECONDS = Histogram("corner_sync_pull_duration_seconds", "Time to answer a pull", buckets=_LATENCY_BUCKETS)
PUSHES = Counter("corner_sync_pushes", "Push batches stored")
EVENTS = Counter("corner_sync_events", "Pushed events by outcome", ["outcome"])
SNAPSHOT_BUILDS = Counter("corner_snapshot_builds", "Snapshots built (not served from the cache)")
for _outcome in ("accepted", "duplicate", "quarantined"):
    EVENTS.labels(_outcome)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_TIMED_ROUTES = {"/v1/sync/push": PUSH_SECONDS, "/v1/sync/pull": PULL_SECONDS}


def count_push(statuses: Iterable[str]) -> None:
    """Count one stored push and its events by outcome (accepted, duplicate, quarantined)."""
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    PUSHES.inc()
    for outcome, n in counts.items():
        EVENTS.labels(outcome).inc(n)


class NetworkCollector(Collector):
    """Gauges read from the database at scrape time (cached ``ttl`` seconds: a count is not free)."""

    def __init__(self, engine: Engine, ttl: float = 15.0, clock=time.monotonic) -> None:
        self.engine = engine
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, dict[str, float]] | None = None

    def _read(self) -> dict[str, float]:
        since = datetime.now(timezone.utc) - timedelta(hours=1)
        with self.engine.connect() as conn:
            quarantined = conn.scalar(select(func.count()).select_from(EventRow).where(EVENT_QUARANTINED))
            seen = conn.scalar(select(func.count(distinct(Device.shop_id))).where(Device.last_seen_at >= since))
            head = conn.scalar(select(func.max(ChangeLog.seq)))
            conn.rollback()
        return {"quarantined": quarantined or 0, "seen": seen or 0, "head": head or 0, "up": 1}

    def values(self) -> dict[str, float]:
        with self._lock:
            now = self._clock()
            if self._cached is None or now - self._cached[0] >= self.ttl:
                try:
                    self._cached = (now, self._read())
                except Exception:  # noqa: BLE001 - a scrape must answer even when the database does not
                    logging.getLogger("corner.server").exception("metrics: cannot read the database")
                    return {"up": 0}
            return self._cached[1]

    def collect(self):
        v = self.values()
        yield GaugeMetricFamily("corner_database_up", "1 when the last metrics read of the database worked", v["up"])
        if v["up"]:
            yield GaugeMetricFamily("corner_events_quarantined", "Events held in quarantine now", v["quarantined"])
            yield GaugeMetricFamily(
                "corner_shops_seen_last_hour", "Shops with a device that called in the last hour", v["seen"]
            )
            yield GaugeMetricFamily("corner_change_log_head_seq", "The newest seq of the change feed", v["head"])


def _process_registry() -> CollectorRegistry:
    """This process's metrics, or every process's when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def metrics_text(network: NetworkCollector | None) -> bytes:
    body = generate_latest(_process_registry())
    if network is not None:
        own = CollectorRegistry(auto_describe=False)
        own.register(network)
        body += generate_latest(own)
    return body


router = APIRouter(tags=["health"], include_in_schema=False)


def _metrics_allowed(request: Request) -> bool:
    token = request.app.state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    forwarded = any(h in request.headers for h in ("forwarded", "x-forwarded-for", "x-real-ip"))
    host = request.client.host if request.client else ""
    return not forwarded and host in ("127.0.0.1", "::1", "localhost")


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus metrics (text format). Bearer CORNER_METRICS_TOKEN, or loopback only when unset."""
    if not _metrics_allowed(request):
        return Response('{"detail":"not found"}', status_code=404, media_type="application/json")
    return Response(metrics_text(getattr(request.app.state, "network_metrics", None)), media_type=CONTENT_TYPE_LATEST)


# --------------------------------------------------------------------------- request id and access log

def _request_id(headers: list[tuple[bytes, bytes]]) -> str:
    for key, value in headers:
        if key == b"x-request-id":
            text = value.decode("latin-1")
            if _SANE_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


_CHILDREN: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _children(method: str, route: str, status: int) -> tuple[Any, Any]:
    """The request counter's and the duration histogram's series for these labels, looked up once
    (``labels()`` validates and locks on every call; the labels are bounded: methods, route
    templates, statuses)."""
    key = (method, route, status)
    found = _CHILDREN.get(key)
    if found is None:
        found = _CHILDREN[key] = (HTTP_REQUESTS.labels(method, route, str(status)), HTTP_SECONDS.labels(method, route))
    return found


class ObservabilityMiddleware:
    """Plain ASGI: request id in and out, the access line and the HTTP metrics of every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _request_id(scope["headers"])
        token = request_id_var.set(rid)
        state = scope.setdefault("state", {})
        status = 500
        header = (b"x-request-id", rid.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        start = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"  # a label stays bounded
            counter, histogram = _children(method, route, status)
            counter.inc()
            histogram.observe(seconds)
            timed = _TIMED_ROUTES.get(route)
            if timed is not None:
                timed.observe(seconds)
            if access_log.isEnabledFor(logging.INFO):  # the line's fields are not built for nothing
                shop = state.get("shop_id") if isinstance(state, dict) else None
                access_log.info(
                    "%s %s %s", method, route, status,
                    extra={"fields": {
                        "method": method, "route": route, "status": status,
                        "duration_ms": round(seconds * 1000, 1), "shop_id": str(shop) if shop else None,
                    }},
                )
            request_id_var.reset(token)


# --------------------------------------------------------------------------- JSON logs

class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, request_id, and any ``extra={"fields": {}}``."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid is not None:
            out["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update({k: v for k, v in fields.items() if v is not None})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str, fmt: str = "json") -> None:
    """Root logging to stderr, JSON (default) or text; uvicorn's loggers are sent to the root too."""
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    # The access line above replaces uvicorn's (which has no template, shop, duration or id).
    logging.getLogger("uvicorn.access").disabled = True


def install(app, settings, engine: Engine) -> None:
    """Wire observability into ``app``: the middleware, /metrics and the database gauges."""
    app.state.network_metrics = NetworkCollector(engine)
    app.add_middleware(ObservabilityMiddleware)
    app.include_router(router)

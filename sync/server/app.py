"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import PROTOCOL_VERSION

from . import console, fastpull, fastpush, observability
from .db import SlotGate, WalCheckpointer, make_engine, make_sessionmaker, pool_capacity
from .jsondoor import JSONDoorMiddleware
from .changefeed import horizon_cache
from .compaction import PullMarks
from .ratelimit import Limiters
from .limits import BodyLimitMiddleware
from .routers import admin, health, receipts, s2b2c, sync
from .routers import promotions as promotion_routes
from .routers.common import allowed_methods, is_retryable
from .security import MISSING_PROTOCOL, missing_protocol
from .settings import Settings
from .snapshots import SnapshotCache

log = logging.getLogger("corner.server")


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. The schema must already be migrated (``corner-server migrate`` / ``run``)."""
    settings = settings or Settings()
    engine = engine or make_engine(settings)
    checkpointer = WalCheckpointer(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Made in the server's event loop. Sessions at once = what the pool holds; worker threads
        # (endpoints, serialising answers) more than that, so a thread is always free for a
        # request that holds a connection (see db.get_db).
        slots = pool_capacity(settings)
        app.state.db_slots = SlotGate(slots)
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, settings.worker_threads, slots + 8)
        checkpointer.start()
        try:
            yield
        finally:
            checkpointer.stop()
            limiters.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Corner sync server",
        version=f"protocol {PROTOCOL_VERSION}",
        description="Central sync server for Corner tills: enrollment, push, pull, snapshot, admin.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    if engine.dialect.name == "sqlite":  # each write copied into the database right after it (db.py)
        event.listen(app.state.sessionmaker, "after_commit", lambda _session: checkpointer.poke())
    app.state.read_sessionmaker = make_sessionmaker(engine, read_only=True)
    app.state.pull_sessionmaker = make_sessionmaker(engine, read_only=True, autocommit=True)  # fastpull.py
    limiters = Limiters(settings, engine)  # in memory, or shared by every process (ratelimit.py)
    app.state.limiters = limiters
    app.state.limiter = limiters.device
    app.state.receipt_limiter = limiters.receipt_posts
    app.state.receipt_page_limiter = limiters.receipt_pages
    app.state.enroll_limiter = limiters.enroll
    app.state.pull_marks = PullMarks()
    app.state.feed_horizon = horizon_cache(engine)  # per process: pulls share a recent horizon
    app.add_middleware(JSONDoorMiddleware, defer=fastpush.takes)  # inside the body limit: judges the body it read
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    observability.install(app, settings, engine)  # request id, access log, /metrics (outermost)
    app.state.snapshots = SnapshotCache()  # per process, per catalog cursor
    app.include_router(health.router)
    app.router.routes.append(fastpull.route())  # in front of the pull operation below (fastpull.py)
    fastpush.install(app)  # in front of the push operation below (fastpush.py)
    app.include_router(sync.router)
    app.include_router(admin.router)
    app.include_router(promotion_routes.router)
    app.include_router(s2b2c.router)
    app.include_router(receipts.router)
    console.install(app)  # the central console at /console (routers and its login/refused pages)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if missing_protocol(list(exc.errors())):
            return JSONResponse({"detail": MISSING_PROTOCOL}, status_code=426)
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:  # Allow: every method the resource takes, not one route's
            allow = ", ".join(allowed_methods(request.app, request.scope))
            exc = StarletteHTTPException(405, exc.detail, headers={**(exc.headers or {}), "Allow": allow})
        return await http_exception_handler(request, exc)

    @app.exception_handler(PoolTimeout)
    async def _pool_busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        log.warning("no database connection free for %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "the server is busy: try again"}, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(DBAPIError)
    async def _database_busy(request: Request, exc: DBAPIError) -> JSONResponse:
        # Contention that outlived the retries: the client should simply try again.
        if is_retryable(exc):
            return JSONResponse({"detail": "the server is busy: try again"}, status_code=503, headers={"Retry-After": "1"})
        log.exception("database error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal database error"}, status_code=500)

    return app

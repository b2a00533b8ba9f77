"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from sync.protocol import PROTOCOL_VERSION

from . import console
from .db import WalCheckpointer, make_engine, make_sessionmaker
from .limits import BodyLimitMiddleware
from .routers import admin, health, receipts, s2b2c, sync
from .routers.common import is_retryable
from .security import RateLimiter
from .settings import Settings

log = logging.getLogger("corner.server")


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. The schema must already be migrated (``corner-server migrate`` / ``run``)."""
    settings = settings or Settings()
    engine = engine or make_engine(settings)
    checkpointer = WalCheckpointer(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        checkpointer.start()
        try:
            yield
        finally:
            checkpointer.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Corner sync server",
        version=f"protocol {PROTOCOL_VERSION}",
        description="Central sync server for Corner tills: enrollment, push, pull, snapshot, admin.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.receipt_limiter = RateLimiter(settings.receipt_posts_per_minute, settings.receipt_posts_burst)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(health.router)
    app.include_router(sync.router)
    app.include_router(admin.router)
    app.include_router(s2b2c.router)
    app.include_router(receipts.router)
    console.install(app)  # the central console at /console (routers and its login/refused pages)

    @app.exception_handler(DBAPIError)
    async def _database_busy(request: Request, exc: DBAPIError) -> JSONResponse:
        # Contention that outlived the retries: the client should simply try again.
        if is_retryable(exc):
            return JSONResponse({"detail": "the server is busy: try again"}, status_code=503, headers={"Retry-After": "1"})
        log.exception("database error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal database error"}, status_code=500)

    return app

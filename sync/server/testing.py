"""Helpers for tests that need a real Corner server (used by the server's and the client's tests).

    from sync.server import testing

    with testing.postgres_database() as url:          # or a sqlite:/// URL in tmp_path
        shop = testing.create_shop(url, "Test shop")  # migrates, returns code + enrollment code
        admin = testing.create_admin_token(url)
        with testing.run_server(url) as base_url:      # real uvicorn in a subprocess
            enrolled = testing.enroll(base_url, shop.enrollment_code)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, EnrollResponse

from . import identity
from .db import make_engine, migrate, session_scope
from .settings import Settings

DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM it when its parent dies, so a demo or a
    test that is killed (or aborts) leaves no server behind."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def run_server(
    database_url: str,
    port: int = 0,
    *,
    env: dict[str, str] | None = None,
    startup_timeout: float = 30.0,
) -> Iterator[str]:
    """Run ``corner-server run`` (migrates first) in a subprocess; yields its base URL.

    ``env`` adds environment variables, e.g. ``{"CORNER_RATE_LIMIT_PER_MINUTE": "60"}``.
    The process is terminated (then killed) on exit; :func:`ServerProcess` gives more control.
    """
    with ServerProcess(database_url, port, env=env) as server:
        server.wait_ready(startup_timeout)
        yield server.base_url


class ServerProcess:
    """A server subprocess that a fault test may ``kill()`` (SIGKILL) and ``start()`` again."""

    def __init__(self, database_url: str, port: int = 0, *, env: dict[str, str] | None = None, workers: int = 1) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = port or free_port()
        self.env = {**os.environ, "CORNER_LOG_LEVEL": "warning", **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        cmd = [
            sys.executable, "-m", "sync.server.cli", "run",
            "--host", "127.0.0.1", "--port", str(self.port), "--database-url", self.database_url,
        ]
        if self.workers > 1:
            cmd += ["--workers", str(self.workers)]
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        assert self.proc is not None, "start() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"corner-server exited with {self.proc.returncode}: {err[-2000:]}")
            try:
                if httpx.get(self.base_url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"corner-server did not answer /healthz within {timeout} s")

    def kill(self) -> None:
        """SIGKILL, as in a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def postgres_database(admin_url: str = DEFAULT_POSTGRES_ADMIN_URL) -> Iterator[str]:
    """Create a uniquely named PostgreSQL database, yield its URL, drop it afterwards."""
    name = f"corner_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def postgres_available(admin_url: str = DEFAULT_POSTGRES_ADMIN_URL) -> str | None:
    """None when PostgreSQL answers; otherwise why not."""
    engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"PostgreSQL not reachable at {make_url(admin_url).render_as_string()}: {type(exc).__name__}"
    finally:
        engine.dispose()


@dataclass(frozen=True)
class ShopInfo:
    id: uuid.UUID
    code: str
    name: str
    enrollment_code: str


def _engine(database_url: str):
    engine = make_engine(Settings(database_url=database_url))
    migrate(engine)
    return engine


def create_shop(database_url: str, name: str = "Test shop", code: str | None = None) -> ShopInfo:
    """Migrate if needed, create a shop and one enrollment code."""
    engine = _engine(database_url)
    try:
        with session_scope(engine) as session:
            shop = identity.create_shop(session, name, code)
            enrollment, _ = identity.create_enrollment_code(session, shop, ttl_hours=24)
            return ShopInfo(id=shop.id, code=shop.code, name=shop.name, enrollment_code=enrollment)
    finally:
        engine.dispose()


def create_enrollment_code(database_url: str, shop: str) -> str:
    """Another single-use code for the shop (by code or id)."""
    engine = _engine(database_url)
    try:
        with session_scope(engine) as session:
            code, _ = identity.create_enrollment_code(session, identity.find_shop(session, shop), ttl_hours=24)
            return code
    finally:
        engine.dispose()


def create_admin_token(database_url: str, name: str = "test") -> str:
    engine = _engine(database_url)
    try:
        with session_scope(engine) as session:
            _, token = identity.create_admin_token(session, name)
            return token
    finally:
        engine.dispose()


def protocol_headers(token: str | None = None) -> dict[str, str]:
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def enroll(base_url: str, code: str, device_name: str = "till") -> EnrollResponse:
    """Enroll a device over HTTP; returns the EnrollResponse (with its token)."""
    response = httpx.post(
        base_url + "/v1/devices/enroll",
        json={"code": code, "device_name": device_name},
        headers=protocol_headers(),
        timeout=10,
    )
    response.raise_for_status()
    return EnrollResponse.model_validate(response.json())

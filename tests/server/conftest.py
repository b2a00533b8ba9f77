"""Server test fixtures: every test that takes ``db_url`` runs on SQLite and on PostgreSQL.

PostgreSQL: one database per test session (created and dropped here), emptied between tests.
Missing PostgreSQL skips those tests with the reason, or fails them when CORNER_REQUIRE_POSTGRES=1.
"""

from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from sync.server import identity, testing
from sync.server.app import create_app
from sync.server.db import make_engine, migrate, session_scope
from sync.server.models import Base
from sync.server.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REQUIRE_POSTGRES = os.environ.get("CORNER_REQUIRE_POSTGRES") == "1"


def need_postgres() -> None:
    """Skip (or, in CI, fail) the calling test when PostgreSQL is not there."""
    reason = testing.postgres_available()
    if reason is None:
        return
    if REQUIRE_POSTGRES:
        pytest.fail(f"CORNER_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _pg_session_url() -> Iterator[str]:
    need_postgres()
    with testing.postgres_database() as url:
        engine = make_engine(Settings(database_url=url))
        migrate(engine)
        engine.dispose()
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database of its own (for tests with server processes)."""
    need_postgres()
    with testing.postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite server database per test session; each test starts from a copy
    (migrating a new file for every test cost about 0.2 s, hundreds of times)."""
    path = tmp_path_factory.mktemp("server-template") / "server.sqlite3"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        src, dst = sqlite3.connect(request.getfixturevalue("_sqlite_template")), sqlite3.connect(path)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("_pg_session_url")
    yield url
    engine = make_engine(Settings(database_url=url))
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables}"))
        conn.execute(text("ALTER SEQUENCE change_log_seq RESTART"))  # the feed's seqs start at 1 again
    engine.dispose()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(database_url=db_url)


@pytest.fixture
def engine(settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app(settings, engine):
    return create_app(settings, engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


PROTO = {"X-Corner-Protocol": "1"}


@dataclass
class Till:
    """An enrolled device, with its shop, as the tests talk to the server."""

    client: TestClient
    token: str
    device_id: str
    shop_id: str
    shop_code: str
    till_no: int

    @property
    def headers(self) -> dict[str, str]:
        return {**PROTO, "Authorization": f"Bearer {self.token}"}

    def push(self, events: list[dict]) -> dict:
        r = self.client.post("/v1/sync/push", json={"events": events}, headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()

    def pull_all(self, after: int = 0, limit: int = 1000) -> tuple[list[dict], int]:
        changes: list[dict] = []
        while True:
            r = self.client.get("/v1/sync/pull", params={"after": after, "limit": limit}, headers=self.headers)
            assert r.status_code == 200, r.text
            body = r.json()
            changes.extend(body["changes"])
            after = body["cursor"]
            if not body["more"]:
                return changes, after


@pytest.fixture
def admin_token(engine) -> str:
    with session_scope(engine) as session:
        _, token = identity.create_admin_token(session, "central team")
    return token


@pytest.fixture
def admin(admin_token) -> dict[str, str]:
    return {"Authorization": f"Bearer {admin_token}"}


@pytest.fixture
def make_till(client, engine):
    """``make_till("Shop A")`` -> an enrolled Till; the same shop name reuses the shop."""
    shops: dict[str, identity.Shop] = {}

    def make(shop_name: str = "Shop A") -> Till:
        with session_scope(engine) as session:
            if shop_name not in shops:
                shops[shop_name] = identity.create_shop(session, shop_name)
            shop = session.merge(shops[shop_name])
            code, _ = identity.create_enrollment_code(session, shop, ttl_hours=1)
        r = client.post("/v1/devices/enroll", json={"code": code, "device_name": "till"}, headers=PROTO)
        assert r.status_code == 200, r.text
        body = r.json()
        return Till(client, body["token"], body["device_id"], body["shop_id"], body["shop_code"], body["till_no"])

    return make


@pytest.fixture
def till(make_till) -> Till:
    return make_till("Shop A")

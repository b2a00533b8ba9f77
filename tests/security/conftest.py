"""The security tests' fixtures: ``db_url`` (a database per test, SQLite and PostgreSQL, for the
tests that start a server of their own) and ``served``: one real server process per database for a
module. No attack here runs in-process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sync.server import testing

from ..server.conftest import (  # noqa: F401 - fixtures
    _pg_session_url,
    _sqlite_template,
    db_url,
    need_postgres,
)
from .helpers import Served, served as _served


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(request, tmp_path_factory) -> Iterator[Served]:
    """``corner-server run`` on a database of its own (SQLite file, or a new PostgreSQL database),
    shared by the module's tests; each test makes its own shops with ``served.new_till``."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("served") / "server.sqlite3"
        with _served(f"sqlite:///{path}") as s:
            yield s
        return
    need_postgres()
    with testing.postgres_database() as url, _served(url) as s:
        yield s

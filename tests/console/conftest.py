"""Console tests reuse the server fixtures (every ``db_url`` test runs on SQLite and PostgreSQL)."""

from tests.server.conftest import (  # noqa: F401
    _pg_session_url,
    _sqlite_template,
    admin,
    admin_token,
    app,
    client,
    db_url,
    engine,
    make_till,
    pg_url,
    settings,
    till,
)

"""The server tests' fixtures (``db_url`` on SQLite and PostgreSQL, ``client``, ``make_till`` ...)."""

from ..server.conftest import (  # noqa: F401 - fixtures
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

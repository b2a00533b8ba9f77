"""The push path's own inserts write what SQLAlchemy would write, and the SQLite server's
durability and checkpointing settings hold."""

from __future__ import annotations

import sqlite3
import time
import uuid
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from sync.server import bulk
from sync.server.db import AUTOCHECKPOINT_PAGES, WalCheckpointer, make_engine, migrate
from sync.server.models import StockMovement, UTCDateTime
from sync.server.settings import Settings

SQLITE = sqlite.dialect()
STAMP = UTCDateTime().dialect_impl(SQLITE).bind_processor(SQLITE)
UUID_COLUMN = StockMovement.__table__.c.id
UUID_PROCESSOR = UUID_COLUMN.type.dialect_impl(SQLITE).bind_processor(SQLITE)

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
stamps = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.none() | offsets)


@given(stamps)
def test_the_fast_stamp_is_what_sqlalchemy_writes(value):
    assert bulk.sqlite_stamp(value) == STAMP(value)


@given(st.uuids())
def test_the_fast_uuid_is_what_sqlalchemy_writes(value):
    assert bulk._HEX(value) == UUID_PROCESSOR(value)


@given(st.lists(st.uuids() | st.none(), min_size=1, max_size=8))
def test_the_fast_uuid_column_is_what_sqlalchemy_writes(values):
    non_null = [v for v in values if v is not None]
    if non_null:
        assert bulk._hex_column(non_null) == [UUID_PROCESSOR(v) for v in non_null]
    assert bulk._hex_column_nullable(values) == [UUID_PROCESSOR(v) for v in values]


@given(st.lists(stamps, min_size=1, max_size=6), st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_columns_converted_once_per_object_or_value_are_converted_alike(distinct, picks):
    """Repeated objects (a shop id in every row) and equal stamps are converted once; every row
    still gets what converting it alone gives."""
    ids = [uuid.uuid4() for _ in distinct]
    id_column = [ids[i % len(ids)] for i in picks]
    stamp_column = [distinct[i % len(distinct)] for i in picks]
    plan = bulk._plan(SQLITE, StockMovement.__table__, ("id", "created_at"))
    assert plan.converted(list(zip(id_column, stamp_column))) == [
        (UUID_PROCESSOR(i), STAMP(s)) for i, s in zip(id_column, stamp_column)]


def test_a_plan_converts_column_by_column_and_keeps_row_order():
    table = StockMovement.__table__
    plan = bulk._plan(SQLITE, table, ("id", "sku", "qty", "created_at", "ref_id"))
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    rows = [
        {"id": uuid.UUID(int=i), "sku": f"S{i}", "qty": -i, "created_at": now, "ref_id": None}
        for i in range(1, 4)
    ]
    assert plan.tuples(rows) == [
        (uuid.UUID(int=i).hex, f"S{i}", -i, "2026-11-24 10:00:00.000000", None) for i in range(1, 4)
    ]


def test_the_sqlite_server_commits_durably_and_checkpoints_in_the_background(tmp_path):
    path = tmp_path / "server.sqlite3"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTOCHECKPOINT_PAGES
    # A writer that stays open (a closing last connection would checkpoint by itself) puts a
    # couple of megabytes into the WAL, below any automatic checkpoint.
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE filler (x TEXT)")
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO filler VALUES (?)", [("y" * 1000,) for _ in range(2000)])
    writer.execute("COMMIT")
    size_before = path.stat().st_size
    checkpointer = WalCheckpointer(engine, interval=0.05)
    checkpointer.start()
    try:
        deadline = time.monotonic() + 10
        while path.stat().st_size <= size_before and time.monotonic() < deadline:
            time.sleep(0.05)
        size_after = path.stat().st_size
    finally:
        checkpointer.stop()
        writer.close()
        engine.dispose()
    assert size_after > size_before + 1_000_000  # the WAL's pages are in the database now


def test_the_wal_starts_over_between_commits_instead_of_growing(tmp_path):
    """Each commit of the app's writing sessions is copied right after it, so the next writer
    starts the WAL over: back to back commits keep it near one commit's size. On the 0.5 s clock
    alone it grew by every commit (to 80 MB over a push of 10,000 sales)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from sync.server.app import create_app

    path = tmp_path / "server.sqlite3"
    settings = Settings(database_url=f"sqlite:///{path}")
    engine = make_engine(settings)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (x TEXT)")
    app = create_app(settings, engine)
    wal = tmp_path / "server.sqlite3-wal"
    one_commit = 1_000 * 1_000  # about a megabyte of rows in each commit
    sizes = []
    with TestClient(app):  # the lifespan starts the checkpointer
        for _ in range(16):
            with app.state.sessionmaker() as session:
                session.execute(text("INSERT INTO filler VALUES (:x)"), [{"x": "y" * 1_000}] * 1_000)
                session.commit()
            sizes.append(wal.stat().st_size)
            time.sleep(0.05)  # between two pushes: the answer, the next request, its decoding
    engine.dispose()
    assert max(sizes) < 4 * one_commit, sizes  # 16 commits written: the WAL started over

"""What migration 0007 does for the WAL a push writes (tests/bench/bench_wal.py measures it), on
PostgreSQL: the devices' frequent updates stay on the row's page (HOT: no index entries), and the
quarantine filter finds its partial index even in a prepared statement's generic plan."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql

from sync.server.db import make_engine, migrate
from sync.server.models import EVENT_QUARANTINED, EventRow
from sync.server.settings import Settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(pg_url):
    engine = make_engine(Settings(database_url=pg_url))
    migrate(engine)
    yield engine
    engine.dispose()


def test_device_seen_and_pulled_updates_stay_on_the_rows_page(pg_engine):
    """200 devices written in one go (full pages at the default fillfactor), then each one's
    ``last_seen_at`` and ``pulled_to`` updated, as pushes and pulls do: every row is still on its
    page (a HOT update), so the devices' four indexes get no new entries."""
    now = datetime.now(timezone.utc)
    with pg_engine.begin() as conn:
        shop = uuid.uuid4()
        conn.execute(text("INSERT INTO shops (id, code, name, created_at) VALUES (:id, 'W1', 'w', :now)"),
                     {"id": shop, "now": now})
        conn.execute(text(
            "INSERT INTO devices (id, shop_id, till_no, name, token_hash, created_at) "
            "SELECT gen_random_uuid(), :shop, g, 'till ' || g, md5(g::text) || md5(g::text), :now "
            "FROM generate_series(1, 200) AS g"), {"shop": shop, "now": now})
    with pg_engine.connect() as conn:
        before = dict(conn.execute(text("SELECT id, (ctid::text::point)[0] FROM devices")).all())
    assert len(set(before.values())) > 1  # the rows fill more than one page
    for column, value in (("last_seen_at", now), ("pulled_to", 42)):
        for device_id in before:
            with pg_engine.begin() as conn:  # one transaction a request, as the server's
                conn.execute(text(f"UPDATE devices SET {column} = :v WHERE id = :id"), {"v": value, "id": device_id})
    with pg_engine.connect() as conn:
        after = dict(conn.execute(text("SELECT id, (ctid::text::point)[0] FROM devices")).all())
    assert after == before


def test_quarantine_filter_uses_its_partial_index_in_a_generic_plan(pg_engine):
    """psycopg prepares a statement run five times; a generic plan with the status as a parameter
    could not use ``ix_events_quarantined`` (WHERE status = 'quarantined') and would read every event."""
    sql = str(select(func.count()).select_from(EventRow).where(EVENT_QUARANTINED)
              .compile(dialect=postgresql.dialect()))
    with pg_engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        conn.execute(text("SET plan_cache_mode = force_generic_plan"))
        conn.exec_driver_sql(f"PREPARE quarantined_count AS {sql}")
        plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN EXECUTE quarantined_count"))
    assert "ix_events_quarantined" in plan, plan

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.core.store.engine import Store, current_revision, head_revision, make_engine, migrate
from app.core.store.models import Base


def test_the_store_is_made_by_migrations_alone_and_matches_the_models(tmp_path):
    store = Store(tmp_path)
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    store.close()


def test_a_store_at_the_first_revision_upgrades_with_a_backup_and_keeps_its_data(tmp_path):
    engine = make_engine(tmp_path / "corner.sqlite3")
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('shop_code', 'OLD')")
    engine.dispose()
    store = Store(tmp_path)
    assert current_revision(store.engine) == head_revision() != "0001"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM meta WHERE key='shop_code'").scalar() == "OLD"
        assert conn.exec_driver_sql("SELECT count(*) FROM feedback").scalar() == 0
    backups = list((tmp_path / "backups").glob("*pre-migration*"))
    assert len(backups) == 1
    store.close()


def test_pragmas_are_set_on_every_connection(tmp_path):
    store = Store(tmp_path)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    store.close()


def test_backups_rotate_and_are_readable(tmp_path):
    store = Store(tmp_path)
    for _ in range(12):
        path = store.backup()
    kept = sorted((tmp_path / "backups").glob("corner-*.sqlite3"))
    assert len(kept) == 10
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_a_corrupt_file_is_refused_with_advice(tmp_path):
    store = Store(tmp_path)
    store.close()
    data = bytearray((tmp_path / "corner.sqlite3").read_bytes())
    data[100:4096 * 2] = b"\xff" * (4096 * 2 - 100)
    (tmp_path / "corner.sqlite3").write_bytes(bytes(data))
    for wal in tmp_path.glob("corner.sqlite3-*"):
        wal.unlink()
    import pytest
    with pytest.raises(Exception) as info:
        Store(tmp_path)
    assert "backup" in str(info.value).lower() or "database" in str(info.value).lower()


def test_doctor_finds_a_level_that_drifted_from_its_movements(till):
    with till.write() as s:
        s.execute(__import__("sqlalchemy").text("UPDATE stock_level SET qty = qty + 1 WHERE rowid = 1"))
    problems = till.doctor()
    assert problems and "movements sum" in problems[0]

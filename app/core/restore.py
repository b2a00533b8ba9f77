"""Backups the owner can see and restore.

Restoring copies a backup into the live file through SQLite's online backup API (never by
moving files under open connections, which would tear the WAL), after a safety backup of the
current data that is never pruned. The receipt sequence never goes back, so a receipt number
already printed (and perhaps synced) is not handed out again. Events of the backup that had
not been sent are sent again; the platform keeps each event once.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from alembic.script import ScriptDirectory

from .errors import QT_TRANSLATE_NOOP, AuthError, TillError
from .store.engine import (BACKUP_DIR, DB_NAME, FILE_MODE, SIDE_FILES, Store, _create_private_file, _private_dir,
                           alembic_config, backup)

log = logging.getLogger("corner.store")

_STAMP = re.compile(r"corner-(\d{8}T\d{6}\d*)Z-(.+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime  # UTC
    label: str  # manual | auto | pre-migration | pre-restore
    size: int  # bytes
    sales: int
    last_sale_at: str | None
    products: int
    customers: int


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    safety_copy: Path  # the data as it was just before the restore


def backup_dir(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUP_DIR


def _made_at(path: Path) -> tuple[datetime, str]:
    match = _STAMP.search(path.name)
    if match:
        stamp, label = match.groups()
        try:
            when = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc)
            micro = stamp[15:21]
            return when.replace(microsecond=int(micro.ljust(6, "0")) if micro else 0), label
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc), "copy"


def inspect(path: Path) -> BackupInfo:
    """What a backup file holds; raises TillError if it is not a usable Corner backup."""
    path = Path(path)
    if not path.is_file():
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "There is no backup at {path}."), path=path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} cannot be opened as a backup: {exc}."),
                        name=path.name, exc=exc) from exc
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is damaged ({ok}); choose another backup."),
                            name=path.name, ok=ok)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "sale", "product", "meta"} <= tables:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is not a Corner till backup."), name=path.name)
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if revision is None or revision[0] not in known:
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "{name} was made by a newer version of Corner; update this till first."),
                name=path.name)
        sales, last = conn.execute("SELECT COUNT(*), MAX(created_at) FROM sale").fetchone()
        products = conn.execute("SELECT COUNT(*) FROM product").fetchone()[0]
        customers = conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is not a readable backup: {exc}."),
                        name=path.name, exc=exc) from exc
    finally:
        conn.close()
    made_at, label = _made_at(path)
    return BackupInfo(path, made_at, label, path.stat().st_size, sales, last, products, customers)


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Backups in the data directory's backup folder, newest first (unreadable files skipped)."""
    folder = backup_dir(data_dir)
    out = []
    for path in folder.glob("corner-*.sqlite3") if folder.is_dir() else []:
        try:
            out.append(inspect(path))
        except TillError as exc:
            log.warning("skipping backup %s: %s", path, exc)
    out.sort(key=lambda b: b.made_at, reverse=True)
    return out


def _receipt_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'receipt_seq'").fetchone()
    return int(row[0]) if row else 0


def restore(store: Store, path: Path) -> tuple[Store, RestoreResult]:
    """Replace the store's data with a backup's. Returns a freshly opened store (the old one is
    closed) and what was done. On any error before the copy the live data is untouched."""
    info = inspect(path)
    if Path(path).resolve() == store.path.resolve():
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "That is the till's live database, not a backup."))
    safety = backup(store.path, label="pre-restore", keep=0)  # keep=0: never prune while restoring
    live = sqlite3.connect(store.path)
    try:
        seq = _receipt_seq(live)
    finally:
        live.close()
    store.close()
    src = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
    dst = sqlite3.connect(store.path, isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        if _receipt_seq(dst) < seq:
            dst.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('receipt_seq', ?)", (str(seq),))
    finally:
        dst.close()
        src.close()
    log.warning("restored %s over %s (safety copy %s)", info.path, store.path, safety)
    return Store(store.data_dir, store.clock), RestoreResult(info, safety)


@dataclass(frozen=True)
class RecoveryResult:
    restored: BackupInfo
    set_aside: Path | None  # the folder where what was left of the lost or damaged file now is
    owner: str  # the owner whose PIN allowed it


def _owner_in(path: Path, pin: str) -> tuple[str, str]:
    """(id, name) of the active owner of the backup ``path`` whose PIN is ``pin``; AuthError if none."""
    import hmac

    from .staff import hash_pin

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        owners = conn.execute("SELECT id, name, pin_salt, pin_hash FROM staff WHERE role = 'owner' AND active").fetchall()
    except sqlite3.DatabaseError as exc:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "{name} is not a readable backup: {exc}."),
                        name=path.name, exc=exc) from exc
    finally:
        conn.close()
    for owner_id, name, salt, hashed in owners:
        if pin and pin.isdigit() and hmac.compare_digest(hash_pin(pin, salt), hashed):
            return owner_id, name
    raise AuthError(QT_TRANSLATE_NOOP("CoreError", "That is not the PIN of an owner in this backup."))


def recover(data_dir: Path, path: Path, pin: str) -> RecoveryResult:
    """Bring a till whose file is lost, empty or damaged (or a new machine's empty folder)
    back from a backup. There is no live till to check the PIN against, so it must be the PIN
    of an owner in the backup. Nothing is deleted: what is left of the old file (the database,
    its -wal and -shm) moves to a ``damaged-<time>`` folder first. The receipt sequence starts
    after the highest one any backup knows, so printed receipt numbers are not handed out again."""
    data_dir = Path(data_dir)
    info = inspect(path)
    owner_id, owner_name = _owner_in(info.path, pin)
    _private_dir(data_dir, tighten=False)
    live = data_dir / DB_NAME
    leftovers = [data_dir / (DB_NAME + s) for s in ("", *SIDE_FILES) if (data_dir / (DB_NAME + s)).exists()]
    aside = None
    if leftovers:
        aside = data_dir / f"damaged-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}"
        _private_dir(aside)
        for leftover in leftovers:
            leftover.replace(aside / leftover.name)
    seq = 0
    known = [b.path for b in list_backups(data_dir)] + [info.path]
    if aside is not None and (aside / DB_NAME).exists():
        known.append(aside / DB_NAME)  # a damaged file may still tell how far the receipts went
    for other in known:
        try:
            conn = sqlite3.connect(f"file:{other}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error:
            continue
        try:
            seq = max(seq, _receipt_seq(conn))
        except (sqlite3.Error, ValueError):
            pass
        finally:
            conn.close()
    _create_private_file(live)
    src = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
    dst = sqlite3.connect(live, isolation_level=None)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        if _receipt_seq(dst) < seq:
            dst.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('receipt_seq', ?)", (str(seq),))
    finally:
        dst.close()
        src.close()
    live.chmod(FILE_MODE)
    store = Store(data_dir)  # migrates a backup made by an older version, after its own backup
    try:
        from .staff import audit

        with store.write() as s, s.begin():
            audit(s, "restore_backup", owner_id, owner_id, backup=info.path.name, made_at=info.made_at.isoformat(),
                  set_aside=aside.name if aside else None)
    finally:
        store.close()
    log.warning("recovered %s from %s (what was left is in %s)", data_dir, info.path, aside)
    return RecoveryResult(info, aside, owner_name)

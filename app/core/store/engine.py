"""Opening the till's SQLite file: pragmas, migrations after a backup, integrity, backups.

A data directory that once held a till never silently becomes a new one: a marker file is
written next to the database when a till is made, and a missing or empty database next to
that marker, a write-ahead log or backups is refused with the way back (docs/recovery.md).
The till's files are the owner's alone: the directory 0700, every file 0600.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import stat
import threading
import time
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..clock import SYSTEM, Clock
from ..errors import QT_TRANSLATE_NOOP, TillError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("corner.store")

DB_NAME = "corner.sqlite3"
MARKER = "corner-till.txt"  # written when a till is made here; never removed by the till
BACKUP_DIR = "backups"
KEEP_BACKUPS = 10
# How many of each kind of backup are kept (each kind rotates on its own, so a week of daily
# backups never pushes out the copy made before a migration). Not listed: KEEP_BACKUPS.
KEEP_BY_LABEL = {"daily": 7, "pre-migration": 5, "pre-restore": 0}  # 0: never pruned
BACKUP_EVERY_S = 24 * 3600  # a till that stays open makes a backup a day
BUSY_TIMEOUT_MS = 5000
DIR_MODE = 0o700
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


class TillFileError(TillError, RuntimeError):
    """The till's database is missing, empty, damaged or cannot be used. The message says
    what to do; nothing was created or changed."""


class NoTill(TillError):
    """There is no till in this directory (and the command may not create one)."""


def _private_dir(path: Path, tighten: bool = True) -> None:
    """Make ``path`` (a folder of the till) if needed and keep it the owner's alone.

    A folder that was there before is tightened only when ``tighten`` (it is the till's own:
    it held a till, or it is the backups folder), is ours and is not a shared folder with the
    sticky bit (``--data-dir /tmp`` must never make /tmp private)."""
    existed = path.is_dir()
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if existed and not tighten:
        try:
            tighten = not any(path.iterdir())  # an empty folder made for the till
        except OSError:
            return
    if not tighten:
        return
    try:
        info = path.stat()
    except OSError:
        return
    if info.st_mode & stat.S_ISVTX or (hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
        return
    _tighten(path, DIR_MODE)


def _tighten(path: Path, mode: int) -> None:
    """Take group and other permissions away from an existing file or folder (best effort:
    a file that is not ours, or a read-only file system, is left as it is)."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & 0o077 & ~mode:
            path.chmod(current & ~0o077)
    except OSError:
        pass


def _create_private_file(path: Path) -> None:
    """Create an empty file 0600 (SQLite then makes its -wal and -shm with the same mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass


def backup_files(data_dir: Path) -> list[Path]:
    folder = Path(data_dir) / BACKUP_DIR
    try:
        return sorted(folder.glob("corner-*.sqlite3")) if folder.is_dir() else []
    except OSError:
        return []


def _restore_advice(data_dir: Path) -> str:
    """The way back, for a person: the command to run, or where a backup would be."""
    if backup_files(data_dir):
        return str(TillError(QT_TRANSLATE_NOOP(
            "CoreError", "Restore the newest backup with: corner --data-dir {dir} restore --latest --pin OWNER_PIN "
                         "(`corner --data-dir {dir} restore --list` shows them all; see docs/recovery.md)."),
            dir=data_dir))
    return str(TillError(QT_TRANSLATE_NOOP(
        "CoreError", "There is no backup in {folder}: put a copy of the till's file there (or name it) and run "
                     "corner --data-dir {dir} restore FILE --pin OWNER_PIN (see docs/recovery.md)."),
        folder=Path(data_dir) / BACKUP_DIR, dir=data_dir))


def till_state(data_dir: Path) -> str:
    """``"ok"``: a database is there; ``"none"``: no till was ever made here.

    Raises TillFileError when ``data_dir`` is a file, or when it held a till (its marker, a
    write-ahead log or backups are there) but the database is gone or empty: the caller must
    not make a new till on top of the old one's remains."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise TillFileError(QT_TRANSLATE_NOOP(
            "CoreError", "{path} is a file, not a folder: give the till's data folder (or a new name for one)."),
            path=data_dir)
    db = data_dir / DB_NAME
    try:
        size: int | None = db.stat().st_size
    except FileNotFoundError:
        size = None
    except NotADirectoryError:
        raise TillFileError(QT_TRANSLATE_NOOP("CoreError", "{path} is not a folder."), path=data_dir) from None
    if size:
        return "ok"
    traces = [name for name in (MARKER, *(DB_NAME + s for s in SIDE_FILES)) if (data_dir / name).exists()]
    if backup_files(data_dir):
        traces.append(BACKUP_DIR)
    if size == 0 or traces:
        log.error("the till's database in %s is %s; traces of a till: %s", data_dir,
                  "empty" if size == 0 else "missing", traces)
        template = (QT_TRANSLATE_NOOP("CoreError", "The till's database {path} is empty, but this folder held a till. "
                                                   "Nothing was created. {advice}")
                    if size == 0 else
                    QT_TRANSLATE_NOOP("CoreError", "The till's database {path} is missing, but this folder held a till "
                                                   "({traces} are still there). Nothing was created. {advice}"))
        raise TillFileError(template, path=db, traces=", ".join(traces), advice=_restore_advice(data_dir))
    return "none"


def damaged(data_dir: Path, detail: object) -> TillFileError:
    return TillFileError(QT_TRANSLATE_NOOP(
        "CoreError", "The till's database {path} is damaged ({detail}). Nothing was changed. {advice}"),
        path=Path(data_dir) / DB_NAME, detail=detail, advice=_restore_advice(data_dir))


def sqlite_error_name(exc: BaseException) -> str:
    """SQLite's name for the error (``SQLITE_CORRUPT``, ``SQLITE_READONLY``, ...), or ''."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlite_errorname", "") or ""


def is_damage(exc: BaseException) -> bool:
    name = sqlite_error_name(exc)
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text_ = str(getattr(exc, "orig", exc)).lower()
    return "malformed" in text_ or "not a database" in text_


def now(session: Session | None = None) -> str:
    """UTC timestamp as stored everywhere in the till (sorts as text), from the clock of the
    till that opened ``session`` (``app/core/clock.py``); the system clock without one."""
    clock = session.info.get("clock") if session is not None else None
    return (clock or SYSTEM).now().isoformat(timespec="microseconds")


def moment(session: Session | None = None) -> datetime:
    """The current moment (aware, UTC) by the clock of the till that opened ``session``."""
    clock = session.info.get("clock") if session is not None else None
    return (clock or SYSTEM).now()


def _set_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(path: Path, immediate: bool = False) -> Engine:
    """An engine with the till's pragmas. ``immediate``: transactions start with
    BEGIN IMMEDIATE, taking the write lock up front so a write never fails half-way."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)

    # Take BEGIN away from pysqlite so SQLAlchemy's "begin" event decides how it starts.
    @event.listens_for(engine, "connect")
    def _no_autobegin(dbapi_conn, _record):
        dbapi_conn.isolation_level = None

    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # straight to the driver: through exec_driver_sql it cost a sale ~50 µs of Python
        conn.connection.driver_connection.execute(begin_sql)

    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("app.core.store") / "migrations"))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", str(engine.url))
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]*)['\"]", re.MULTILINE)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration's revision id, read from the migration files' own text (importing
    alembic costs a start-up a few hundred milliseconds; a test checks this agrees with it)."""
    revisions, parents = set(), set()
    for path in (resources.files("app.core.store") / "migrations" / "versions").iterdir():
        if not path.name.endswith(".py") or path.name.startswith("_"):
            continue
        found = dict(m.groups() for m in _REVISION.finditer(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the till's migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """The store's revision, read with plain SQL (None if it has none, or more than one)."""
    with engine.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall() if exists else []
    return rows[0][0] if len(rows) == 1 else None


def migrate(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def backup(db_path: Path, dest_dir: Path | None = None, label: str = "auto", keep: int | None = None) -> Path:
    """Copy the live database with SQLite's online backup API, as a file only the owner can
    read. Backups rotate per label: the newest ``keep`` of this label are kept (default
    ``KEEP_BY_LABEL``, else ``KEEP_BACKUPS``; 0 prunes nothing). A backup that fails half-way
    leaves no file behind."""
    dest_dir = dest_dir or db_path.parent / BACKUP_DIR
    _private_dir(dest_dir)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    dest = dest_dir / f"corner-{stamp}-{label}.sqlite3"
    part = dest.with_name(dest.name + ".part")  # under its real name only once complete (a kill mid-way)
    for stale in dest_dir.glob("corner-*.sqlite3.part*"):  # left by a till killed mid-backup
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
    _create_private_file(part)
    try:
        src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        part.replace(dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    keep = KEEP_BY_LABEL.get(label, KEEP_BACKUPS) if keep is None else keep
    same = sorted(p for p in dest_dir.glob(f"corner-*-{label}.sqlite3") if p.name.endswith(f"Z-{label}.sqlite3"))
    for old in same[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    log.info("backup written to %s", dest)
    return dest


def integrity_problems(engine: Engine, quick: bool = False) -> list[str]:
    """SQLite's own integrity and foreign key checks; an empty list means healthy.

    ``quick`` (at start-up) runs ``quick_check`` only: it finds a damaged file in a tenth
    of the time (0.2 s against 2.1 s on a 100,000-product store); `corner doctor` runs all.
    """
    problems: list[str] = []
    with engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(rows)
        if quick:
            return problems
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key broken in {row[0]} row {row[1]} -> {row[2]}")
    return problems


class Store:
    """The till's database: one file in the data directory.

    ``create=False`` refuses (NoTill) a directory where no till was ever made. A directory
    that held a till whose file is gone, empty or damaged is always refused (TillFileError)."""

    def __init__(self, data_dir: Path, clock: Clock | None = None, create: bool = True) -> None:
        self.clock: Clock = clock or SYSTEM  # every timestamp, and the daily backup's schedule
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        fresh = till_state(self.data_dir) == "none"
        if fresh and not create:
            raise NoTill(QT_TRANSLATE_NOOP(
                "CoreError", "There is no till in {dir}; run corner --data-dir {dir} enroll URL CODE (or init-demo) "
                             "to make one, or check the folder's name."), dir=self.data_dir)
        try:
            _private_dir(self.data_dir, tighten=not fresh)
        except FileExistsError:
            raise TillFileError(QT_TRANSLATE_NOOP(
                "CoreError", "{path} is not a folder: give the till's data folder (or a new name for one)."),
                path=self.data_dir) from None
        if fresh:
            _create_private_file(self.path)
        else:
            for name in ("", *SIDE_FILES):
                _tighten(self.data_dir / (DB_NAME + name), FILE_MODE)
        # The daily backup counts from the newest backup, else from the till's birth (its marker,
        # or now for a till an older version made: its upgrade makes a pre-migration backup).
        self._last_backup: float | None = self._seconds() if fresh else None
        if not fresh and not backup_files(self.data_dir):
            try:
                self._last_backup = (self.data_dir / MARKER).stat().st_mtime
            except OSError:
                self._last_backup = self._seconds()
        self._next_backup_check = 0.0
        self._backing_up = threading.Lock()
        self.engine = make_engine(self.path)
        try:
            self._prepare(fresh)
        except BaseException as exc:
            self.engine.dispose()
            if fresh:  # a till that could not be made (a full disk): leave no empty file that looks lost
                for name in ("", *SIDE_FILES):
                    (self.data_dir / (DB_NAME + name)).unlink(missing_ok=True)
            if isinstance(exc, DBAPIError) and is_damage(exc):
                log.error("the till's database cannot be read: %s", exc.orig)
                raise damaged(self.data_dir, exc.orig) from None
            raise
        self.write_engine = make_engine(self.path, immediate=True)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False, info={"clock": self.clock})
        self.write_factory = sessionmaker(self.write_engine, expire_on_commit=False, info={"clock": self.clock})
        self.backup_if_due()

    def _seconds(self) -> float:
        return self.clock.now().timestamp()

    def _prepare(self, fresh: bool) -> None:
        if not fresh:
            try:
                with open(self.path, "rb") as fh:
                    header = fh.read(16)
            except OSError:
                header = b""  # SQLite says why below
            if header and header != b"SQLite format 3\x00":
                raise damaged(self.data_dir, "not a SQLite file")
            problems = integrity_problems(self.engine, quick=True)
            if problems:
                log.error("integrity check failed: %s", problems)
                raise damaged(self.data_dir, problems[0])
            if current_revision(self.engine) == head_revision():
                self._write_marker()
                return  # up to date: no alembic at all on an ordinary start
            backup(self.path, label="pre-migration")
        migrate(self.engine)
        self._write_marker()

    def _write_marker(self) -> None:
        marker = self.data_dir / MARKER
        if marker.exists():
            return
        try:
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f"A Corner till lives in this folder (since {now()}).\n"
                         f"Never delete {DB_NAME} or its -wal file; backups are in {BACKUP_DIR}/.\n"
                         "If the till says its database is missing, empty or damaged, see docs/recovery.md.\n")
        except OSError as exc:  # a read-only folder: the till still runs
            log.warning("could not write %s: %s", marker, exc)

    def backup_if_due(self) -> Path | None:
        """The daily backup: made when the newest backup is a day old (or there is none), at
        start-up and then while the till stays open. A failed backup (a full disk) is logged
        and tried again later; it never stops a sale."""
        if not self._backing_up.acquire(blocking=False):
            return None  # another thread of this till is making it right now
        try:
            return self._backup_if_due()
        finally:
            self._backing_up.release()

    def _backup_if_due(self) -> Path | None:
        now_s = self._seconds()
        if self._last_backup is None:
            files = backup_files(self.data_dir)
            try:
                self._last_backup = files[-1].stat().st_mtime if files else float("-inf")
            except OSError:
                self._last_backup = float("-inf")
        if now_s - self._last_backup < BACKUP_EVERY_S:
            return None
        try:
            made = backup(self.path, label="daily")
        except (OSError, sqlite3.Error) as exc:
            log.warning("the daily backup failed: %s", exc)
            self._last_backup = now_s - BACKUP_EVERY_S + 3600  # try again in an hour
            return None
        self._last_backup = now_s
        return made

    def session(self) -> Session:
        """A session for reading (deferred transactions)."""
        return self.session_factory()

    def write(self) -> Session:
        """A session for one write transaction: use as ``with store.write() as s, s.begin():``."""
        mono = time.monotonic()
        if mono >= self._next_backup_check:  # cheap: the files are looked at once a minute at most
            self._next_backup_check = mono + 60
            self.backup_if_due()
        return self.write_factory()

    def backup(self, dest_dir: Path | None = None, label: str = "manual") -> Path:
        made = backup(self.path, dest_dir, label)
        if dest_dir is None:
            self._last_backup = self._seconds()
        return made

    def writable_problem(self) -> str | None:
        """Why this till cannot take a sale now (a read-only file or folder), or None."""
        try:
            with self.write_engine.connect() as conn:  # begins with BEGIN IMMEDIATE: the write lock
                # a write that is rolled back: SQLite refuses it on a read-only file or folder
                version = conn.exec_driver_sql("PRAGMA user_version").scalar()
                conn.exec_driver_sql(f"PRAGMA user_version = {int(version or 0)}")
                conn.rollback()
        except DBAPIError as exc:
            if sqlite_error_name(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                return None  # another program is writing right now: the file can be written
            return str(TillError(QT_TRANSLATE_NOOP(
                "CoreError", "The till cannot write to its database {path} ({exc}): it cannot take a sale. "
                             "Check that the folder and its files belong to the till's user and can be written."),
                path=self.path, exc=exc.orig))
        return None

    def close(self) -> None:
        self.engine.dispose()
        self.write_engine.dispose()

    def check(self) -> list[str]:
        problems = integrity_problems(self.engine)
        cannot_write = self.writable_problem()
        if cannot_write:
            problems.append(cannot_write)
        with self.engine.connect() as conn:
            bad = conn.execute(
                text(
                    "SELECT l.product_id, l.qty, COALESCE(SUM(m.qty), 0) FROM stock_level l "
                    "LEFT JOIN stock_movement m ON m.product_id = l.product_id "
                    "GROUP BY l.product_id HAVING l.qty != COALESCE(SUM(m.qty), 0)"
                )
            ).fetchall()
            for product_id, level, total in bad:
                problems.append(f"stock level of {product_id} is {level} but its movements sum to {total}")
            orphan = conn.execute(
                text(
                    # a sale's event carries the sale's own id (sales.complete_sale): one index probe each
                    "SELECT s.receipt_no FROM sale s WHERE s.imported = 0 AND NOT EXISTS "
                    "(SELECT 1 FROM outbox o WHERE o.event_id = s.id AND o.kind = 'sale.completed')"
                )
            ).fetchall()
            for (receipt_no,) in orphan:
                problems.append(f"sale {receipt_no} has no outbox event")
            unbalanced = conn.execute(
                text(
                    "SELECT s.receipt_no FROM sale s WHERE s.imported = 0 AND s.total != "
                    "(SELECT COALESCE(SUM(p.amount), 0) FROM payment p WHERE p.sale_id = s.id AND p.refund_id IS NULL)"
                )
            ).fetchall()
            for (receipt_no,) in unbalanced:
                problems.append(f"sale {receipt_no}: payments do not add up to its total")
            from . import aggregates

            problems.extend(aggregates.differences(conn))
        return problems

"""Engine, sessions and migrations.

SQLite: WAL, ``BEGIN IMMEDIATE`` for every writing transaction (writers queue up instead of failing
to upgrade a read lock) and a deferred ``BEGIN`` for reading ones (requests whose method is GET or
HEAD: they never take the write lock), a busy timeout, ``synchronous=FULL`` (a push the server acknowledged survives
a power cut, not just a crash: the till forgets what was acknowledged). Checkpoints of the WAL run
on a background thread (:class:`WalCheckpointer`), not inside a request's commit; the automatic
checkpoint stays as a safety net at a large size. PostgreSQL: psycopg 3. Tables are only ever made
by Alembic.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from importlib import resources
from typing import Annotated

from alembic import command
from alembic.config import Config
from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from .settings import Settings

log = logging.getLogger("corner.server.db")

# pg_advisory_xact_lock key that serialises migrations (the change feed takes no lock of its own:
# see changefeed.py; its writers' markers use keys from 2**62 up).
MIGRATION_LOCK = 0x436F_726E_0002


def normalise_url(url: str) -> str:
    """Make ``postgresql://`` and ``postgres://`` URLs use psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(settings: Settings) -> Engine:
    url = normalise_url(settings.effective_database_url)
    if url.startswith("sqlite"):
        if not settings.database_url:
            settings.server_data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_timeout=settings.db_pool_timeout,
        )
        _sqlite_pragmas(engine)
        return engine
    engine = create_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
    )
    ping_when_idle(engine)
    return engine


PING_IDLE_SECONDS = 5.0


def ping_when_idle(engine: Engine, idle: float = PING_IDLE_SECONDS) -> None:
    """Check a pooled connection before handing it out only when it sat unused ``idle`` seconds or
    more (SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip, measured at ~0.3 ms of
    server CPU, before every request and every rate-limit check). A connection that fails the ping is
    replaced (``DisconnectionError``: the pool retries with a new one). A connection that broke while in
    busy use fails its request once; the pool then drops every connection older than the failure."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record) -> None:
        record.info["corner_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("corner_idle_since")
        if since is None or time.monotonic() - since < idle:
            return
        try:
            ok = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # noqa: BLE001 - any failure: a new connection
            raise DisconnectionError(f"a pooled connection failed its ping: {exc}") from exc
        if ok is False:
            raise DisconnectionError("a pooled connection failed its ping")


def pool_capacity(settings: Settings) -> int:
    """How many connections the engine's pool hands out at most (see :func:`get_db`)."""
    return settings.db_pool_size + settings.db_max_overflow


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised through every test
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN below
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # Temporary files in memory: a push projects its batch inside a savepoint, and every page
        # it changes that existed before is first copied to the savepoint's journal, a temporary
        # file by default (measured in-process: ~15-25 us of server CPU a pushed sale). Sorts that
        # spill (big admin reports) then spill to memory too.
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A reading transaction (GET, HEAD) is a plain deferred BEGIN: in WAL it never takes the
        # write lock, so readers neither queue behind writers nor hold writers up.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


AUTOCHECKPOINT_PAGES = 20_000  # about 80 MB of WAL: only reached when the background thread lags


class WalCheckpointer:
    """Checkpoints a SQLite database's WAL from its own thread and connection: right after each
    commit it is told of (:meth:`poke`), and every ``interval`` seconds besides. PASSIVE: it never
    waits for or blocks a writer; what it could not copy this time it copies the next. A push's
    commit then only appends to the WAL (measured: the automatic checkpoint inside commits was
    about a fifth of a push's server time).

    Right after a commit, because SQLite starts the WAL file over (writing it from its first
    page, no longer growing it) only when a writer begins while every committed page has been
    copied. Checkpointing on a clock alone, under a steady stream of pushes the copy always
    finished while the next push was writing, so the WAL never started over: it grew to the
    automatic checkpoint's 80 MB, each commit appended to a longer file, and the push that
    reached that size paid for the whole copy in its commit (bench_sync.py: the tenth batch of
    a push of 10,000 sales took 205-283 ms of CPU against 120-140 ms for the others)."""

    def __init__(self, engine: Engine, interval: float = 0.5) -> None:
        self.path = engine.url.database if engine.dialect.name == "sqlite" else None
        self.interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if not self.path or self.path == ":memory:" or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="corner-wal-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """A commit has just been made: copy its pages now."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._wake.wait(self.interval)
                self._wake.clear()
                if self._stop.is_set():
                    return
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as exc:  # a busy moment: next time
                    log.debug("WAL checkpoint skipped: %s", exc)
        finally:
            conn.close()


def is_postgres(session_or_engine: Session | Engine) -> bool:
    bind = session_or_engine.get_bind() if isinstance(session_or_engine, Session) else session_or_engine
    return bind.dialect.name == "postgresql"


READ_ONLY = "corner_read_only"  # an execution option: this engine's transactions only read
READING_METHODS = frozenset({"GET", "HEAD"})


def make_sessionmaker(engine: Engine, *, read_only: bool = False, autocommit: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``read_only`` ones begin without the SQLite write lock (and so must
    not write: on SQLite a write there fails when another writer got in first). ``autocommit``
    (PostgreSQL, reading sessions only): each statement on its own, no ``BEGIN``/``ROLLBACK``
    round trips around them; for requests whose every statement stands alone (a pull: its page and
    floor are one statement, one snapshot)."""
    options = {READ_ONLY: True} if read_only else {}
    if autocommit and engine.dialect.name == "postgresql":
        assert read_only, "only reading sessions may run without a transaction"
        options["isolation_level"] = "AUTOCOMMIT"
    bind = engine.execution_options(**options) if options else engine
    return sessionmaker(bind, expire_on_commit=False, info={"read_only": read_only})


async def get_db(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards (tests override this).
    A GET or HEAD gets a reading session.

    At most :func:`pool_capacity` requests hold a session at once (``app.state.db_slots``, a
    :class:`SlotGate`: writes before reads when requests wait); the
    others wait here, in the event loop, without a thread. Without that gate a burst wedged the
    server: worker threads waited for pooled connections that were held by finished requests,
    and those waited for a worker thread to serialise their answer before their session closed.
    With it, a session always gets its connection at once. The session is closed here (not in a
    worker thread, which a burst may not have free); this also runs when the request is cancelled,
    after its endpoint's thread has finished (AnyIO waits for it).
    """
    state = request.app.state
    maker = state.read_sessionmaker if request.method in READING_METHODS else state.sessionmaker
    async with get_db_slots(request):
        session = maker()
        try:
            yield session
        finally:
            try:
                session.close()
            except Exception:  # noqa: BLE001 - a broken connection: the pool drops it
                log.warning("closing a request's session failed", exc_info=True)


def get_db_slots(request: Request):
    """The gate of :func:`get_db`: hold it while a session of this request is open. Writing
    requests (a push: sales reaching the platform) go before reading ones (pulls, mostly finding
    nothing new) when requests wait for a slot."""
    slots = getattr(request.app.state, "db_slots", None)
    if slots is None:
        return nullcontext()
    return slots.hold(first=request.method not in READING_METHODS)


class SlotGate:
    """At most ``capacity`` holders at once; when some wait, a freed slot goes to the longest
    waiting *first* holder, else to the longest waiting other one (FIFO within each). Made in the
    server's event loop; used only from it."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.in_use = 0
        self._waiting: tuple[deque[asyncio.Future], deque[asyncio.Future]] = (deque(), deque())

    @asynccontextmanager
    async def hold(self, first: bool = False) -> AsyncIterator[None]:
        await self._acquire(first)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, first: bool) -> None:
        if self.in_use < self.capacity and not any(self._waiting):
            self.in_use += 1
            return
        queue = self._waiting[0 if first else 1]
        waiter = asyncio.get_running_loop().create_future()
        queue.append(waiter)
        try:
            await waiter  # the releaser counted the slot as ours when it woke us
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release()  # granted, then cancelled before it ran: pass the slot on
            else:
                queue.remove(waiter)
            raise

    def _release(self) -> None:
        for queue in self._waiting:
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # the slot passes straight to it
                    return
        self.in_use -= 1


SessionDep = Annotated[Session, Depends(get_db)]


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (CLI and helpers)."""
    with make_sessionmaker(engine)() as session:
        with session.begin():
            yield session


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    location = resources.files("sync.server") / "migrations"
    cfg.set_main_option("script_location", str(location))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (safe to run from several processes at once)."""
    command.upgrade(alembic_config(engine), "head")

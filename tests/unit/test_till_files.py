"""The till never throws its data away (issue 12 §5).

Each way a till's file goes wrong — deleted with its WAL left, emptied, cut in half, bytes
flipped, made read-only, a full disk — ends in one clear line on stderr and exit 2; nothing
that was committed is lost; nothing new is created on top of the remains; and the documented
way back (``corner restore``, docs/recovery.md) brings the till back. The command runs in
this process through ``app.cli.main`` (a real process where the test needs one: a shop user
who cannot override file permissions, and one end-to-end run).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.store.engine import DB_NAME, MARKER, NoTill, Store, TillFileError, backup
from app.core.till import Till

ROOT = Path(__file__).resolve().parents[2]


# -- helpers ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A demo till with one sale and one backup that holds it, made once and copied per test."""
    d = tmp_path_factory.mktemp("template") / "till"
    assert main(["--data-dir", str(d), "init-demo"]) == 0
    assert main(["--data-dir", str(d), "sell", "--pin", "1111", "P0001"]) == 0
    assert main(["--data-dir", str(d), "backup"]) == 0
    return d


@pytest.fixture
def shop(template, tmp_path) -> Path:
    d = tmp_path / "till"
    shutil.copytree(template, d)
    return d


def corner(data_dir: Path, *args: str, preexec=None) -> subprocess.CompletedProcess:
    """The command in this process (``preexec``: in a real process, that runs it first)."""
    if preexec is not None:
        return subprocess.run([sys.executable, "-m", "app.cli", "--data-dir", str(data_dir), *args], cwd=ROOT,
                              capture_output=True, text=True, preexec_fn=preexec, timeout=300)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:  # argparse
            code = exc.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """One line on stderr starting with "error:", exit 2, no traceback; the line is returned."""
    err = done.stderr
    assert done.returncode == 2, (done.returncode, err)
    assert "Traceback" not in err and "Logging error" not in err, err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error:"), err
    for word in words:
        assert word.lower() in err.lower(), err
    return err


def receipts(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT receipt_no FROM sale ORDER BY receipt_no")]
    finally:
        conn.close()


def sell(data_dir: Path) -> str:
    done = corner(data_dir, "--json", "sell", "--pin", "1111", "P0002")
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout)["receipt_no"]


def restores(data_dir: Path, expected_sales: list[str]) -> None:
    """The documented way back: a wrong PIN is refused, an owner's PIN restores, the till works."""
    refused(corner(data_dir, "restore", "--latest", "--pin", "1111"), "PIN")
    done = corner(data_dir, "restore", "--latest", "--pin", "1234")
    assert done.returncode == 0, done.stderr
    assert set(expected_sales) <= set(receipts(data_dir / DB_NAME))
    doctor = corner(data_dir, "doctor")
    assert doctor.returncode == 0 and "all checks passed" in doctor.stdout, doctor.stdout + doctor.stderr
    new = sell(data_dir)
    assert new not in expected_sales  # a printed receipt number is never handed out again


def in_a_real_process() -> None:
    """``corner(..., preexec=in_a_real_process)``: run the command as its own process."""


def without_dac_override() -> None:
    """In the child: root loses its power to ignore file permissions, as any shop user has."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def as_shop_user():
    return without_dac_override if os.geteuid() == 0 else None


@contextlib.contextmanager
def full_disk(limit: int):
    """No file may grow past ``limit`` bytes (RLIMIT_FSIZE's soft limit, given back after), and
    writing past it fails with an error (SIGXFSZ ignored): a full disk, without root or a
    loop device. Output is captured in memory meanwhile, so only the till's files feel it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)


# -- a folder that held a till never silently becomes a new one ---------------------------------


@pytest.mark.parametrize("evidence", ["marker", "wal only", "backups only"])
def test_a_deleted_database_is_refused_and_nothing_is_created(shop, evidence):
    sold = receipts(shop / DB_NAME)
    # the database goes while the till is open: its -wal is still there
    held = sqlite3.connect(shop / DB_NAME)
    held.execute("PRAGMA journal_mode=WAL")
    held.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('probe', '1')")
    held.commit()
    assert (shop / (DB_NAME + "-wal")).exists()
    (shop / DB_NAME).unlink()
    if evidence != "marker":
        (shop / MARKER).unlink()
    if evidence == "backups only":
        for side in shop.glob(DB_NAME + "-*"):
            side.unlink()
    try:
        err = refused(corner(shop, "status", preexec=in_a_real_process if evidence == "marker" else None),
                      "missing", "restore --latest")
        assert "My shop" not in err
        refused(corner(shop, "doctor"), "missing")
        refused(corner(shop, "init-demo"), "missing")
        assert not (shop / DB_NAME).exists()
        with pytest.raises(TillFileError):
            Till(shop)  # the window opens the till the same way
        assert not (shop / DB_NAME).exists()
    finally:
        held.close()
    restores(shop, sold)
    leftovers = list(shop.glob(f"damaged-*/{DB_NAME}-wal"))
    assert leftovers or evidence == "backups only"  # what was left is kept, never deleted


def test_an_emptied_database_is_refused_and_kept_as_it_is(shop):
    sold = receipts(shop / DB_NAME)
    (shop / DB_NAME).write_bytes(b"")
    refused(corner(shop, "status"), "empty", "restore")
    refused(corner(shop, "sell", "--pin", "1111", "P0001"), "empty")
    assert (shop / DB_NAME).stat().st_size == 0  # not made into a blank "My shop"
    restores(shop, sold)


def test_a_database_cut_in_half_is_refused_in_one_line(shop):
    sold = receipts(shop / DB_NAME)
    db = shop / DB_NAME
    os.truncate(db, db.stat().st_size // 2)
    for args in (("status",), ("doctor",), ("sell", "--pin", "1111", "P0001"), ("export", "sales", str(shop / "x.csv"))):
        refused(corner(shop, *args), "damaged", "restore --latest")
    restores(shop, sold)
    assert list(shop.glob(f"damaged-*/{DB_NAME}"))


def test_flipped_bytes_point_at_backups_that_exist(shop):
    sold = receipts(shop / DB_NAME)
    with open(shop / DB_NAME, "r+b") as fh:
        fh.seek(4096 * 20)
        fh.write(b"\xff" * 4096 * 4)
    err = refused(corner(shop, "status"), "damaged")
    assert "backups" in err or "restore --latest" in err
    listed = corner(shop, "restore", "--list")
    assert listed.returncode == 0 and "manual" in listed.stdout, listed.stdout + listed.stderr
    restores(shop, sold)


def test_a_new_till_in_an_empty_folder_is_made_only_by_the_commands_that_make_one(tmp_path):
    typo = tmp_path / "tpyo"
    for args in (("status",), ("doctor",), ("stock",), ("sell", "--pin", "1111", "P0001"), ("backup",)):
        refused(corner(typo, *args), "no till in", "enroll")
    assert not typo.exists()
    with pytest.raises(NoTill):
        Store(typo, create=False)
    a_file = tmp_path / "x"
    a_file.write_text("not a folder")
    err = refused(corner(a_file, "init-demo"), "is a file, not a folder")
    assert "File exists" not in err


# -- read-only, full disk ---------------------------------------------------------------------


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_till_refuses_a_sale_in_one_line_and_doctor_says_so(shop, what):
    sold = receipts(shop / DB_NAME)
    (shop / DB_NAME).chmod(0o400)
    if what == "folder":
        for f in shop.iterdir():
            if f.is_file():
                f.chmod(0o400)
        shop.chmod(0o500)
    try:
        refused(corner(shop, "sell", "--pin", "1111", "P0001", preexec=as_shop_user()), "cannot write")
        doctor = corner(shop, "doctor", preexec=as_shop_user())
        assert doctor.returncode == 2 and "all checks passed" not in doctor.stdout, doctor.stdout
        assert "cannot" in doctor.stdout + doctor.stderr
        assert "Traceback" not in doctor.stderr
    finally:
        shop.chmod(0o700)
        for f in shop.iterdir():
            f.chmod(0o600 if f.is_file() else 0o700)
    assert receipts(shop / DB_NAME) == sold
    assert corner(shop, "doctor").returncode == 0
    sell(shop)


def test_a_full_disk_ends_in_one_line_without_a_logging_traceback_and_loses_nothing(shop):
    sold = receipts(shop / DB_NAME)
    assert (shop / "corner.log").stat().st_size > 200  # the log cannot grow either
    for args in (("sell", "--pin", "1111", "P0001", "--pay", "cash"), ("backup",),
                 ("session", "paid-in", "1.00", "--reason", "float", "--pin", "1234")):
        with full_disk(200):
            done = corner(shop, *args)
        refused(done, "disk")
    assert receipts(shop / DB_NAME) == sold
    assert not [p for p in (shop / "backups").iterdir() if p.stat().st_size == 0]  # no half backup left
    doctor = corner(shop, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert sell(shop) not in sold


@contextlib.contextmanager
def small_tmpfs(size: str = "16m"):
    """A real file system of ``size`` (tmpfs, mounted for the test): a disk that really fills up
    (ENOSPC), beside the file size limit above. Needs root's mount; skipped with the reason if not."""
    import tempfile

    point = Path(tempfile.mkdtemp(prefix="corner-fulldisk-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(point)],
                          capture_output=True, text=True) if shutil.which("mount") else None
    if done is None or done.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {(done.stderr.strip() if done else 'no mount command')}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        point.rmdir()


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; the filler is returned (delete it to free)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        chunk = b"\0" * 65536
        try:
            while True:
                fh.write(chunk)
        except OSError:
            pass
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass
    return filler


def test_a_really_full_disk_refuses_in_one_line_loses_nothing_and_carries_on_once_freed(template):
    with small_tmpfs() as disk:
        shop = disk / "till"
        shutil.copytree(template, shop)
        sold = receipts(shop / DB_NAME)
        filler = fill(disk)
        for args in (("sell", "--pin", "1111", "P0001", "--pay", "cash"), ("backup",)):
            refused(corner(shop, *args), "disk")
        assert receipts(shop / DB_NAME) == sold
        filler.unlink()  # the way back: free some space (docs/recovery.md)
        doctor = corner(shop, "doctor")
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        new = sell(shop)
        assert new not in sold and set(sold) < set(receipts(shop / DB_NAME))


# -- the owner's files, backups that really happen ----------------------------------------------


def test_the_tills_files_are_the_owners_alone(tmp_path):
    d = tmp_path / "new"
    assert main(["--data-dir", str(d), "init-demo"]) == 0
    assert main(["--data-dir", str(d), "backup"]) == 0
    files = [p for p in d.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {DB_NAME, "corner.log", MARKER}
    for path in [d, d / "backups"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    # a till made by an older version, with world-readable files, is tightened when it opens
    d.chmod(0o755)
    (d / DB_NAME).chmod(0o644)
    (d / "corner.log").chmod(0o644)
    assert main(["--data-dir", str(d), "status"]) == 0
    assert stat.S_IMODE(d.stat().st_mode) == 0o700
    assert stat.S_IMODE((d / DB_NAME).stat().st_mode) == 0o600
    assert stat.S_IMODE((d / "corner.log").stat().st_mode) == 0o600


def test_a_till_left_open_makes_a_backup_a_day_and_each_kind_rotates_on_its_own(tmp_path):
    store = Store(tmp_path)
    clock = [1_000_000.0]
    store._seconds = lambda: clock[0]
    store._last_backup = clock[0]
    pre = backup(store.path, label="pre-migration")
    made = []
    for day in range(10):
        clock[0] += 3600  # an hour later: not due
        store._next_backup_check = 0
        with store.write() as s, s.begin():
            pass
        clock[0] += 24 * 3600
        store._next_backup_check = 0
        with store.write() as s, s.begin():
            pass
        made.append(day)
    daily = sorted((tmp_path / "backups").glob("corner-*-daily.sqlite3"))
    assert len(daily) == 7  # a week of dailies
    assert pre.exists()  # the copy made before a migration is not pushed out by them
    for path in daily:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list((tmp_path / "backups").glob("*-wal"))
    store.close()


def test_the_first_daily_backup_counts_from_the_tills_birth(template, tmp_path):
    d = tmp_path / "till"
    shutil.copytree(template, d)
    shutil.rmtree(d / "backups")
    Store(d).close()  # made today: its first daily backup is due tomorrow
    assert not (d / "backups").exists()
    day_old = (d / MARKER).stat().st_mtime - 25 * 3600
    os.utime(d / MARKER, (day_old, day_old))
    Store(d).close()
    assert len(list((d / "backups").glob("corner-*-daily.sqlite3"))) == 1


def test_a_failing_daily_backup_never_stops_the_till(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store._last_backup = float("-inf")
    (tmp_path / "backups").write_text("a file where the folder should be")
    assert store.backup_if_due() is None
    with store.write() as s, s.begin():
        pass
    store.close()


def test_a_bad_server_setting_is_one_line(monkeypatch, capsys, tmp_path):
    from sync.server.cli import main as server_main

    monkeypatch.setenv("CORNER_ENROLLMENT_CODE_TTL_HOURS", "0")
    code = server_main(["--database-url", f"sqlite:///{tmp_path / 's.db'}", "migrate"])
    err = capsys.readouterr().err
    assert code != 0 and "CORNER_ENROLLMENT_CODE_TTL_HOURS" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_corner_restore_on_a_working_till_is_the_back_offices_restore(shop):
    sold = receipts(shop / DB_NAME)
    later = sell(shop)
    listed = corner(shop, "--json", "restore", "--list")
    import json

    newest = json.loads(listed.stdout)[0]["path"]
    refused(corner(shop, "restore", newest, "--pin", "1111"), "owner")
    assert later in receipts(shop / DB_NAME)  # a cashier changed nothing
    done = corner(shop, "restore", newest, "--pin", "1234")
    assert done.returncode == 0, done.stderr
    assert receipts(shop / DB_NAME) == sold
    assert list((shop / "backups").glob("corner-*-pre-restore.sqlite3"))  # the sale after it is kept there
    refused(corner(shop, "restore", "--pin", "1234"), "--latest")


def test_a_till_that_cannot_be_made_on_a_full_disk_leaves_nothing_that_looks_lost(tmp_path):
    d = tmp_path / "new"
    with full_disk(4096):
        done = corner(d, "init-demo")
    refused(done, "disk")
    assert not (d / DB_NAME).exists()
    assert corner(d, "init-demo").returncode == 0

"""I/O faults: a full disk, a read-only or locked database, a missing, unreadable or damaged file.

Each must give one clear message (headless: exit 2, no traceback) and change nothing.
All but the held lock are about the SQLite file itself (sqlite_only); the lock is also held on
PostgreSQL.
Root ignores file permissions, so as root the permission cases run the CLI as 'nobody', and
the disk-full and read-only-filesystem cases mount a small tmpfs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import BACKEND, NOW, PASSWORD
from tests.reliability.helpers import (
    PYTHON,
    ROOT,
    assert_clean_refusal,
    checked,
    cli,
    env,
    seed_jobs,
    sqlite_integrity,
)

NOBODY = 65534
IS_ROOT = os.geteuid() == 0
ARRIVE = ("arrive", "R-0")
LIST = ("jobs", "--date", "2026-11-23")


def _make_company(path: Path) -> None:
    from models import store

    store.create_db(str(path), company="Prairie Carpet Care", tz="America/Chicago",
                    owner="owner", password=PASSWORD, now=NOW - dt.timedelta(days=30))
    seed_jobs(4)
    from models.services.guarantee import evaluate

    evaluate(NOW)  # so that a command's own sweep has nothing to write
    store.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(path: Path) -> tuple[int, int, int]:
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("stamp", "reward", "audit_entry"))
    finally:
        con.close()


@pytest.fixture
def open_dir():
    """A folder an unprivileged user can reach (pytest's tmp folders are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="ontime-io-"))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777) if path.is_dir() else path.chmod(0o666)
    shutil.rmtree(folder, ignore_errors=True)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if not IS_ROOT or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    if not _mount_tmpfs(folder, "2M"):
        pytest.skip("cannot mount a small filesystem here (not root); the max_page_count "
                    "test covers a full database instead")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path, spare_kib: int) -> Path:
    """Fill the filesystem, then give back ``spare_kib`` (room to open, not to write)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(filler, max(filler.stat().st_size - spare_kib * 1024, 0))
    return filler


def _full_disk_run(folder: Path, spare_kib: int):
    db = folder / "ontime.sqlite3"
    _make_company(db)
    before = _counts(db)
    filler = _fill(folder, spare_kib)
    result = cli(db, *ARRIVE)
    filler.unlink()
    return db, before, result


# spare 0: no room even for the -shm file; spare 36 KiB: it opens (32 KiB -shm), the write
# hits ENOSPC.
@pytest.mark.sqlite_only
@pytest.mark.parametrize("spare_kib", [0, 36])
def test_disk_full_changes_nothing(small_disk, spare_kib):
    db, before, result = _full_disk_run(small_disk, spare_kib)
    assert_clean_refusal(result)
    assert _counts(db) == before
    assert sqlite_integrity(db) == "ok"
    assert checked(db) == []
    assert cli(db, *ARRIVE).returncode == 0  # with room again, the same command works


@pytest.mark.sqlite_only
@pytest.mark.parametrize("spare_kib", [0, 36])
def test_disk_full_message_names_the_full_disk(small_disk, spare_kib):
    _, _, result = _full_disk_run(small_disk, spare_kib)
    assert_clean_refusal(result, "disk is full")


@pytest.mark.sqlite_only
def test_database_full_by_max_page_count(db_path, now):
    """The same SQLITE_FULL without a mount: the file may not grow by a single page."""
    import peewee

    from cli.app import _explain
    from models.db import db
    from models.errors import DomainError
    from models.schema import Stamp
    from models.services import stamps
    from models.services.actor import Actor

    ids = seed_jobs(4)
    pages = db.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    db.obj.execute_sql(f"PRAGMA max_page_count = {pages}")
    before = Stamp.select().count()
    with pytest.raises((peewee.OperationalError, DomainError)) as caught:
        for job in ids:  # enough rows to need a new page
            stamps.arrive(job, now, Actor("owner", "owner"), now, "x" * 3000)
    assert Stamp.select().count() == before + ids.index(job)  # the failed one left nothing
    assert not db.obj.in_transaction()
    assert _explain(caught.value) == "the disk is full"


@pytest.mark.sqlite_only
def test_read_only_file_and_folder(open_dir):
    db = open_dir / "ontime.sqlite3"
    _make_company(db)
    digest = _digest(db)
    db.chmod(0o444)
    open_dir.chmod(0o555)
    uid = NOBODY if IS_ROOT else None
    assert_clean_refusal(cli(db, *ARRIVE, as_uid=uid))
    listing = cli(db, *LIST, as_uid=uid)
    assert listing.returncode in (0, 2) and "Traceback" not in listing.stderr
    open_dir.chmod(0o777)
    assert _digest(db) == digest


@pytest.fixture
def read_only_mount(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    if not _mount_tmpfs(folder, "4M"):
        pytest.skip("cannot mount a filesystem here (not root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _company_on(folder: Path, tmp: Path) -> Path:
    """A company file copied onto ``folder``: nothing of this process stays open there."""
    made = tmp / "made" / "ontime.sqlite3"
    made.parent.mkdir()
    _make_company(made)
    shutil.copy2(made, folder / made.name)
    return folder / made.name


@pytest.mark.sqlite_only
def test_read_only_filesystem(read_only_mount, tmp_path):
    db = _company_on(read_only_mount, tmp_path)
    digest = _digest(db)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    assert_clean_refusal(cli(db, *ARRIVE))
    listing = cli(db, *LIST)
    assert listing.returncode in (0, 2) and "Traceback" not in listing.stderr
    assert _digest(db) == digest


@pytest.mark.sqlite_only
def test_read_only_filesystem_message(read_only_mount, tmp_path):
    db = _company_on(read_only_mount, tmp_path)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    assert_clean_refusal(cli(db, *ARRIVE), "read-only")


@pytest.mark.sqlite_only
def test_missing_file(tmp_path):
    missing = tmp_path / "nowhere" / "ontime.sqlite3"
    assert_clean_refusal(cli(missing, *LIST), "no database")
    assert_clean_refusal(cli(missing, *ARRIVE), "no database")
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.sqlite_only
def test_unreadable_file(open_dir):
    db = open_dir / "ontime.sqlite3"
    _make_company(db)
    digest = _digest(db)
    db.chmod(0o000)
    uid = NOBODY if IS_ROOT else None
    assert_clean_refusal(cli(db, *LIST, as_uid=uid))
    assert_clean_refusal(cli(db, *ARRIVE, as_uid=uid))
    db.chmod(0o644)
    assert _digest(db) == digest


@pytest.mark.sqlite_only
def test_a_folder_instead_of_a_file(tmp_path):
    assert_clean_refusal(cli(tmp_path, *LIST))


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage header":
        path.write_bytes(os.urandom(100) + data[100:])
    elif how == "text file":
        path.write_text("date,window_start,truck,customer\n2026-11-23,09:00,T,C\n")
    elif how == "empty":
        path.write_bytes(b"")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["truncated", "garbage header", "text file", "empty"])
def test_damaged_file(tmp_path, how):
    db = tmp_path / "ontime.sqlite3"
    _make_company(db)
    _damage(db, how)
    digest = _digest(db)
    for args in (LIST, ARRIVE):
        result = cli(db, *args)
        if how == "truncated" and result.returncode == 0:
            continue  # the pages this command needs survived; 'check' must still see it
        assert_clean_refusal(result)
    check = cli(db, "check")
    assert check.returncode in (2, 3) and "Traceback" not in check.stderr, check.stderr
    assert _digest(db) == digest, "the damaged file was changed"
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


_HOLDER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""
# On PostgreSQL: the lock every OnTime Dispatch writer takes first (models.db.write_tx).
_PG_HOLDER = """
import sys, time
import psycopg
from models.db import PG_WRITE_LOCK
con = psycopg.connect(sys.argv[1])
con.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK,))
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.rollback()
"""


def test_locked_short(db_path, now):
    """Another process holds the write lock past our wait: a clear 'locked' refusal."""
    import peewee

    from cli.app import _explain
    from models.db import db
    from models.schema import Stamp
    from models.services import stamps
    from models.services.actor import Actor

    ids = seed_jobs(2)
    server = BACKEND == "postgres"
    holder = subprocess.Popen([PYTHON, "-c", _PG_HOLDER if server else _HOLDER, str(db_path),
                               "5"], stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # our wait, shortened: SQLite's busy timeout, or PostgreSQL's lock timeout
        db.obj.execute_sql("SET lock_timeout = '300ms'" if server else
                           "PRAGMA busy_timeout = 300")
        before = Stamp.select().count()
        with pytest.raises(peewee.OperationalError) as caught:
            stamps.arrive(ids[0], now, Actor("owner", "owner"), now)
        assert "try again" in _explain(caught.value)
        assert Stamp.select().count() == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


# (on PostgreSQL: tests/cli/test_setup_commands.py::test_a_locked_database_exits_2_and_...)
@pytest.mark.sqlite_only
@pytest.mark.slow
def test_locked_long_through_the_cli(tmp_path):
    """The real CLI against a lock held 12 s, past the 10 s busy_timeout."""
    db = tmp_path / "ontime.sqlite3"
    _make_company(db)
    before = _counts(db)
    holder = subprocess.Popen([PYTHON, "-c", _HOLDER, str(db), "12"],
                              stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        assert_clean_refusal(cli(db, *ARRIVE), "locked", "nothing was changed")
        assert time.monotonic() - started < 12
        listing = cli(db, *LIST)  # in WAL mode readers are not blocked by a writer
        assert listing.returncode == 0, listing.stderr
    finally:
        holder.wait()
        holder.stdout.close()
    assert _counts(db) == before
    assert cli(db, *ARRIVE).returncode == 0

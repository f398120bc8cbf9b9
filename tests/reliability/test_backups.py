"""Backups: a consistent copy while four processes stamp, and a restore drill."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import BACKEND
from tests.reliability.helpers import (
    STARVED,
    Stamper,
    assert_clean_refusal,
    checked,
    cli,
    seed_jobs,
    stamp_uids,
)

TABLES = ("setting", "policy_version", "user", "truck", "customer", "job", "stamp", "reward",
          "complaint", "complaint_step", "follow_up", "audit_entry")


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in TABLES}
    finally:
        con.close()


def _backup_under_load(db_path: Path, tmp_path: Path, runs: int) -> None:
    from models import store

    jobs = seed_jobs(16)
    store.close()
    writers = [Stamper(db_path, jobs, seed=500 + n) for n in range(4)]
    held = 0
    try:
        for run in range(runs):
            floor = [len(w.acks) + 5 for w in writers]
            deadline = time.monotonic() + 60
            while any(len(w.acks) < f for w, f in zip(writers, floor)):
                assert time.monotonic() < deadline, "the writers stopped"
                time.sleep(0.02)
            before = [a for w in writers for a in list(w.acks)]  # acknowledged before it began
            copy = tmp_path / f"copy-{run}.sqlite3"
            done = cli(db_path, "backup", str(copy))
            assert done.returncode == 0, done.stderr
            assert checked(copy) == [], f"run {run}"
            saved = stamp_uids(copy)
            ids = set(saved.values())
            for stamp_id, uid, new, _ in before:
                assert (saved.get(uid) == stamp_id) if new else (stamp_id in ids), (run, uid)
            held += len(before)
    finally:
        for w in writers:
            w.kill()
    errors = [e for w in writers for e in w.errors]
    assert all("database is locked" in e for e in errors), errors[:5]
    print(f"\nFIGURE backup: {runs} backups while 4 processes stamped; each passed check and "
          f"held every stamp acknowledged before it began ({held} checked in all); "
          f"{len(errors)} 'locked' errors among the writers")
    if errors:
        pytest.xfail(f"{len(errors)} writers timed out. {STARVED}")


def test_backup_while_stamping_short(db_path, tmp_path):
    _backup_under_load(db_path, tmp_path, 2)


@pytest.mark.slow
def test_backup_while_stamping_long(db_path, tmp_path):
    _backup_under_load(db_path, tmp_path, 20)


@pytest.fixture
def company_with_history(db_path, now):
    """Jobs, stamps and rewards; the database closed so the CLI can work on it."""
    from models import store
    from models.services import stamps
    from models.services.actor import Actor

    owner = Actor("owner", "owner")
    for n, job in enumerate(seed_jobs(6)):
        stamps.arrive(job, now - dt.timedelta(minutes=20 * n + 1), owner, now, "crew log")
    store.close()
    return db_path


SERVER_ONLY = pytest.mark.skipif(BACKEND != "postgres",
                                 reason="a server database (ONTIME_TEST_DB=postgres)")


def _same_data(live: Path, backup: Path) -> None:
    """The restored database holds the backup's data, plus the one audit row of the restore."""
    got, want = dump(live), dump(backup)
    for table in TABLES:
        if table == "audit_entry":
            assert got[table][:-1] == want[table]
            assert got[table][-1][3] == "restore"  # action
        elif table == "setting":
            assert [r for r in got[table] if r[0] != "audit_head"] == \
                [r for r in want[table] if r[0] != "audit_head"]
        else:
            assert got[table] == want[table], table


# Restoring replaces the SQLite file (or writes its pages); a server database's rows are
# replaced instead (test_restore_into_a_server_database and the server drill below).
@pytest.mark.sqlite_only
@pytest.mark.parametrize("damage", ["audit row edited", "garbage header", "file missing"])
def test_restore_drill(company_with_history, tmp_path, damage):
    db = company_with_history
    backup = tmp_path / "backup.sqlite3"
    assert cli(db, "backup", str(backup)).returncode == 0
    assert cli(db, "arrive", "R-0", "--at", "2026-11-23 11:59", "--reason", "later").returncode \
        == 0  # a change made after the backup, which the restore takes away
    if damage == "audit row edited":
        con = sqlite3.connect(db)
        con.execute("UPDATE audit_entry SET reason = 'edited' WHERE id = 2")
        con.commit()
        con.close()
        assert cli(db, "check").returncode == 3
    elif damage == "garbage header":
        data = db.read_bytes()
        db.write_bytes(b"\xde\xad" * 50 + data[100:])
        assert cli(db, "check").returncode == 2
    else:
        db.unlink()
    done = cli(db, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout
    assert cli(db, "check").returncode == 0
    _same_data(db, backup)
    kept = sorted(db.parent.glob(db.name + ".replaced-*"))
    if damage == "file missing":
        assert kept == []
    else:
        assert len([k for k in kept if not k.name.endswith("-wal")]) == 1
    assert not list(db.parent.glob("*.restoring*"))


def test_restore_refuses_a_bad_backup(company_with_history, tmp_path):
    from tests.dbview import dump as everything

    db = company_with_history
    backup = tmp_path / "backup.sqlite3"
    assert cli(db, "backup", str(backup)).returncode == 0
    con = sqlite3.connect(backup)
    con.execute("UPDATE audit_entry SET reason = 'edited' WHERE id = 3")
    con.commit()
    con.close()
    before = everything(db)
    data = tmp_path / "data"
    refused = cli(db, "restore", str(backup), XDG_DATA_HOME=str(data))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "did not pass the checks" in refused.stderr and "audit row 3" in refused.stderr
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert "did not pass" in cli(db, "restore", str(garbage)).stderr
    assert cli(db, "restore", str(tmp_path / "none.sqlite3")).returncode == 2
    assert cli(db, "restore", str(db)).returncode == 2
    assert everything(db) == before
    assert not list(data.rglob("*replaced*"))  # a server keeps its copy in the backup folder
    if BACKEND == "sqlite":
        assert not list(db.parent.glob(db.name + ".replaced-*"))
        assert not list(db.parent.glob("*.restoring*"))


@SERVER_ONLY
def test_restore_drill_on_a_server(company_with_history, tmp_path):
    """Somebody edited the server's audit trail: check fails; last night's file is put
    back; check passes and the stamps are the backup's."""
    from tests.dbview import execute, query

    db = company_with_history
    backup = tmp_path / "backup.sqlite3"
    assert cli(db, "backup", str(backup)).returncode == 0
    assert cli(db, "arrive", "R-0", "--at", "2026-11-23 11:59", "--reason", "later").returncode \
        == 0  # a change made after the backup, which the restore takes away
    execute(db, "UPDATE audit_entry SET reason = 'edited' WHERE id = 2")
    assert cli(db, "check").returncode == 3
    done = cli(db, "restore", str(backup), XDG_DATA_HOME=str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert cli(db, "check").returncode == 0
    stamps = sqlite3.connect(backup).execute(
        "SELECT id, job_id, kind, active FROM stamp ORDER BY id").fetchall()
    assert query(db, "SELECT id, job_id, kind, active FROM stamp ORDER BY id") == \
        [(i, j, k, bool(a)) for i, j, k, a in stamps]


@pytest.mark.sqlite_only
def test_restore_while_another_connection_is_open(company_with_history, tmp_path, now):
    """The page-by-page swap: a program that has the file open sees the restored data."""
    backup = tmp_path / "backup.sqlite3"
    assert cli(company_with_history, "backup", str(backup)).returncode == 0
    other = sqlite3.connect(company_with_history)
    other.execute("DELETE FROM follow_up")  # any write, to hold a real connection
    other.commit()
    assert cli(company_with_history, "arrive", "R-1", "--at", "2026-11-23 11:58",
               "--reason", "later").returncode == 0
    assert cli(company_with_history, "restore", str(backup)).returncode == 0
    count = other.execute("SELECT count(*) FROM stamp").fetchone()[0]
    other.close()
    assert count == len(dump(backup)["stamp"])


def _rows(dumped: str, table: str) -> list[str]:
    return [line for line in dumped.splitlines() if line.startswith(f"{table} ")]


@SERVER_ONLY
def test_restore_into_a_server_database(company_with_history, tmp_path):
    """The owner restores last night's file: the server holds exactly its rows again (plus
    the restore's own audit entry), check passes, and what it held is kept as a file."""
    from tests.dbview import dump as everything
    from tests.dbview import query

    db = company_with_history
    backup = tmp_path / "backup.sqlite3"
    assert cli(db, "backup", str(backup)).returncode == 0
    before = everything(db)
    assert cli(db, "add-truck", "Van 9", "--crew", "Late crew").returncode == 0
    data = tmp_path / "data"
    done = cli(db, "restore", str(backup), XDG_DATA_HOME=str(data))
    assert done.returncode == 0, done.stderr
    after = everything(db)
    for table in ("truck", "job", "stamp", "reward", "complaint", "customer", "user"):
        assert _rows(after, table) == _rows(before, table), table
    assert _rows(after, "audit_entry")[:-1] == _rows(before, "audit_entry")
    assert "'restore'" in _rows(after, "audit_entry")[-1]
    assert cli(db, "check").returncode == 0
    kept = list(data.rglob("ontime-replaced-*.sqlite3"))
    assert len(kept) == 1 and f"kept as {kept[0]}" in done.stdout
    assert "Van 9" in [r[0] for r in sqlite3.connect(kept[0]).execute("SELECT name FROM truck")]
    # new rows continue after the restored ones (the id sequences were reset)
    assert cli(db, "add-truck", "Van 10", "--crew", "Crew").returncode == 0
    assert query(db, "SELECT max(id) FROM truck") == [(3,)]


@SERVER_ONLY
def test_a_desktop_login_cannot_restore_a_server_database(company_with_history, tmp_path,
                                                        pg_cluster):
    """Emptying the tables needs the owner of the tables: the desktop role is refused, the
    server is left as it was."""
    import psycopg

    from tests.dbview import dump as everything

    db = company_with_history
    with psycopg.connect(pg_cluster.admin_url(), autocommit=True) as admin:
        admin.execute("DO $$ BEGIN CREATE ROLE desk_r LOGIN; "
                      "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    assert cli(db, "server-grant", "desk_r").returncode == 0
    backup = tmp_path / "backup.sqlite3"
    assert cli(db, "backup", str(backup)).returncode == 0
    before = everything(db)
    desk = db.replace("postgres@", "desk_r@")
    refused = cli(desk, "restore", str(backup), XDG_DATA_HOME=str(tmp_path / "data"))
    # refused before anything is touched: the backup's seals cannot even be checked
    assert_clean_refusal(refused, "cannot read the server's audit key")
    assert everything(db) == before

"""Crafted backups: each a real backup altered with sqlite3; restore refuses every one, changes
nothing and leaves nothing behind; check reports each; a good or older backup still restores."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.helpers import (
    is_server,
    ok,
    query,
    refused,
    run_cli,
    unchanged,
)

RECURSIVE = ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
             "SELECT n AS local_date FROM r")
# name -> (statements run on a copy of a real backup, words the refusal must contain)
CRAFTED = {
    "trigger promoting a dispatcher": (
        ["CREATE TRIGGER promote AFTER INSERT ON audit_entry BEGIN "
         "UPDATE \"user\" SET role = 'owner' WHERE name = 'dana'; END"],
        ["extra trigger 'promote'"]),
    "RAISE(ABORT) on stamps": (
        ["CREATE TRIGGER no_stamps BEFORE INSERT ON stamp BEGIN "
         "SELECT RAISE(ABORT, 'stamps are off'); END"],
        ["extra trigger 'no_stamps'"]),
    "view in place of the stamps": (
        ["ALTER TABLE stamp RENAME TO stamp_kept",
         "CREATE VIEW stamp AS SELECT * FROM stamp_kept"],
        ["'stamp' is a view", "extra table 'stamp_kept'"]),
    "endless view in place of a summary table": (
        ["DROP TABLE stats_day", f"CREATE VIEW stats_day AS {RECURSIVE}"],
        ["'stats_day' is a view"]),
    "endless extra view": (
        [f"CREATE VIEW forever AS {RECURSIVE}"], ["extra view 'forever'"]),
    "statistics table missing (an unfinished copy)": (
        ["DROP TABLE stats_dirty"], ["'stats_dirty' is missing"]),
    "extra column": (
        ["ALTER TABLE stamp ADD COLUMN note TEXT"], ["table 'stamp' is not defined"]),
    "extra table": (
        ["CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount NUMERIC)"],
        ["extra table 'ledger'"]),
    "index missing": (
        ["DROP INDEX stamp_active_arrival"], ["index 'stamp_active_arrival'"]),
    "check constraint added": (
        ["DROP TABLE stats_dirty",
         "CREATE TABLE stats_dirty (local_date DATE PRIMARY KEY CHECK (local_date < '2000-01-01'))"
         " WITHOUT ROWID"],
        ["table 'stats_dirty' is not defined"]),
    "time zone Mars/Olympus": (
        ["UPDATE setting SET value = 'Mars/Olympus' WHERE key = 'tz'"],
        ["tz 'Mars/Olympus' is not a time zone"]),
    "currency of 40 characters": (
        ["UPDATE setting SET value = '" + "$" * 40 + "' WHERE key = 'currency'"],
        ["currency"]),
    "schema version 0": (
        ["UPDATE setting SET value = '0' WHERE key = 'schema_version'"],
        ["schema version '0'"]),
    "schema version -7": (
        ["UPDATE setting SET value = '-7' WHERE key = 'schema_version'"],
        ["schema version '-7'"]),
    "schema version abc": (
        ["UPDATE setting SET value = 'abc' WHERE key = 'schema_version'"],
        ["schema version 'abc'"]),
    "schema version 99": (
        ["UPDATE setting SET value = '99' WHERE key = 'schema_version'"], ["newer"]),
    "no schema version": (
        ["DELETE FROM setting WHERE key = 'schema_version'"], ["unfinished copy"]),
}


def craft(db, folder: Path, statements: list[str]) -> Path:
    """A real backup of ``db``, then ``statements`` run on it behind the program's back."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crafted.sqlite3"
    ok(run_cli("backup", path, db=db, password=None))
    with closing(sqlite3.connect(path)) as con:
        for statement in statements:
            con.execute(statement)
        con.commit()
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content's hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CRAFTED)
def test_restore_refuses_a_crafted_backup_and_changes_nothing(db, tmp_path, case):
    statements, words = CRAFTED[case]
    backup = craft(db, tmp_path / "backups", statements)
    data = tmp_path / "data"  # where a server database's replaced copy would go
    live_folder = None if is_server(db) else Path(db).parent
    before = (snapshot(tmp_path / "backups"),
              snapshot(live_folder) if live_folder else None)
    with unchanged(db):
        result = run_cli("restore", backup, db=db, env={"XDG_DATA_HOME": str(data)},
                         timeout=60)  # an endless view must not hang the restore
    refused(result, "did not pass the checks", "nothing was replaced", *words)
    assert snapshot(tmp_path / "backups") == before[0]
    if live_folder:
        assert snapshot(live_folder) == before[1]  # no .bak, no .restoring, no -journal
    assert not data.exists() or snapshot(data) == {}


@pytest.mark.sqlite_only
@pytest.mark.parametrize("case", [c for c in CRAFTED if "99" not in c
                                  and c != "no schema version"])
def test_check_reports_each_crafted_file_and_writes_nothing_beside_it(db, tmp_path, case):
    statements, words = CRAFTED[case]
    backup = craft(db, tmp_path / "backups", statements)
    before = snapshot(tmp_path / "backups")
    result = run_cli("check", db=backup, password=None, timeout=60)
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    for word in words:
        assert word.lower() in result.stdout.lower(), (word, result.stdout)
    after = snapshot(tmp_path / "backups")
    assert set(after) == set(before)  # no .bak, no -wal or -shm left, no migration copy


@pytest.mark.sqlite_only
@pytest.mark.parametrize("version", ["0", "-7", "abc", "99", " 3x"])
@pytest.mark.parametrize("command", [("jobs", "--date", "2026-11-23"), ("arrive", "D-1100"),
                                     ("stats", "--from", "2026-11-01", "--to", "2026-11-30"),
                                     ("backup", "COPY"), ("migrate-to", "COPY")])
def test_every_command_refuses_an_unknown_schema_version_without_a_copy_aside(db, tmp_path,
                                                                            version, command):
    command = [str(tmp_path / "copy.sqlite3") if a == "COPY" else a for a in command]
    with closing(sqlite3.connect(db)) as con:
        con.execute("UPDATE setting SET value = ? WHERE key = 'schema_version'", (version,))
        con.commit()
    files = sorted(p.name for p in Path(db).parent.iterdir())
    for _ in range(2):  # a retry leaves nothing either
        words = ["newer"] if version == "99" else ["schema version", "restore a good backup"]
        refused(run_cli(*command, db=db), *words)
    assert sorted(p.name for p in Path(db).parent.iterdir()) == files
    assert query(db, "SELECT value FROM setting WHERE key = 'schema_version'") == [(version,)]


def test_a_good_backup_still_restores(db, tmp_path):
    backup = tmp_path / "good.sqlite3"
    ok(run_cli("backup", backup, db=db, password=None))
    ok(run_cli("arrive", "D-1100", db=db))  # something the backup does not have
    result = ok(run_cli("restore", backup, db=db, env={"XDG_DATA_HOME": str(tmp_path / "d")}))
    assert "Restored" in result.stdout
    assert ok(run_cli("check", db=db, password=None)).stdout.splitlines()[0] == "All checks passed."


def test_an_older_backup_is_migrated_in_the_staged_copy_then_restored(db, tmp_path):
    """A schema 2 backup (no statistics summary): migrated on the staged copy, so the restored
    database is today's schema at once and no copy of the migration is left beside it."""
    from models.store import SCHEMA_VERSION

    backup = craft(db, tmp_path / "backups", _to_version_2())
    result = ok(run_cli("restore", backup, db=db, env={"XDG_DATA_HOME": str(tmp_path / "d")}))
    assert "Restored" in result.stdout
    assert query(db, "SELECT value FROM setting WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)]
    assert ok(run_cli("check", db=db, password=None)).stdout.splitlines()[0] == "All checks passed."
    if not is_server(db):
        assert not list(Path(db).parent.glob("*.bak"))


def test_an_older_backup_with_an_extra_trigger_is_refused(db, tmp_path):
    statements = _to_version_2() + ["CREATE TRIGGER sneaky AFTER INSERT ON stamp BEGIN "
                                    "DELETE FROM reward; END"]
    backup = craft(db, tmp_path / "backups", statements)
    with unchanged(db):
        refused(run_cli("restore", backup, db=db, env={"XDG_DATA_HOME": str(tmp_path / "d")}),
                "extra trigger 'sneaky'")


def _to_version_2() -> list[str]:
    """What a schema 2 file lacked: the statistics summary and its triggers, and the trail's
    row triggers (version 5)."""
    from models import audit_rows
    from models.reports import cell_triggers

    triggers = [f'DROP TRIGGER "{s.split(chr(34))[1]}"'
                for s in cell_triggers.sqlite_statements()]
    triggers += [f"DROP TRIGGER audit_row_{m._meta.table_name}_{name}"
                 for m in audit_rows.COVERED for name in ("ins", "upd", "del")]
    return triggers + ["DROP TABLE stats_cell", "DROP TABLE stats_day", "DROP TABLE stats_dirty",
                       "UPDATE setting SET value = '2' WHERE key = 'schema_version'"]


def test_the_time_limit_stops_an_endless_statement():
    import time

    from models.restore_check import TooSlow, time_limit

    with closing(sqlite3.connect(":memory:")) as con:
        con.execute(f"CREATE VIEW forever AS {RECURSIVE}")
        started = time.monotonic()
        with pytest.raises(TooSlow):
            with time_limit(con, started + 0.5):
                con.execute("SELECT count(*) FROM forever").fetchone()
        assert time.monotonic() - started < 5
        assert con.execute("SELECT 1").fetchone() == (1,)  # the handler is gone again

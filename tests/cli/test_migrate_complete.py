"""migrate-to killed at any step leaves no copy, or one every command refuses: never one that
passes check. The copy stops itself with SIGKILL at a named step (transfer.KILL_AT, test-only)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from models.schema import TABLES
from models.transfer import KILL_AT, UNFINISHED
from tests.cli.helpers import is_server, ok, refused, run_cli, tables

STEPS = ["tables", *(m._meta.table_name for m in TABLES), "summary", "version"]


@pytest.fixture
def target(databases, tmp_path):
    made = databases.fresh(tmp_path / "copies" / "office.sqlite3")
    if not is_server(made):
        made.parent.mkdir()
    yield made
    databases.discard(made)


@pytest.mark.parametrize("step", STEPS + ["publish"])
def test_a_copy_killed_at_any_step_is_absent_or_refused(db, target, step):
    if step == "publish" and is_server(target):
        pytest.skip("a server copy is one transaction; there is no file to rename")
    killed = run_cli("migrate-to", target, db=db, env={KILL_AT: step})
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    if is_server(target):
        assert tables(target) == []  # the transaction died with its connection
        refused(run_cli("check", db=target, password=None), "not an OnTime Dispatch database")
        refused(run_cli("stats", "--from", "2026-11-01", "--to", "2026-11-30", db=target),
                "not an OnTime Dispatch database")
    else:
        assert not target.exists()
        refused(run_cli("check", db=target, password=None), "no database")
        leftover = Path(f"{target}{UNFINISHED}")
        if step not in ("version", "publish"):  # the schema version is written last
            refused(run_cli("check", db=leftover, password=None), "unfinished copy")
            refused(run_cli("jobs", "--date", "2026-11-23", db=leftover), "unfinished copy")
    # copying again works, and clears what the killed copy left
    ok(run_cli("migrate-to", target, db=db))
    if not is_server(target):
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    assert ok(run_cli("check", db=target, password=None)).stdout.splitlines()[0] == "All checks passed."
    ok(run_cli("stats", "--from", "2026-11-01", "--to", "2026-11-30", db=target))


def test_migrate_to_refuses_an_existing_or_non_empty_target(db, target):
    ok(run_cli("migrate-to", target, db=db))
    again = run_cli("migrate-to", target, db=db)
    refused(again, "already")
    assert ok(run_cli("check", db=target, password=None)).stdout.splitlines()[0] == "All checks passed."


@pytest.mark.sqlite_only
def test_a_copy_is_one_file_in_delete_journal_mode(db, target):
    ok(run_cli("migrate-to", target, db=db))
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

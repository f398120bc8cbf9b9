"""backup and check: a copy that checks clean, and tampering with the file that check catches."""

from __future__ import annotations

from contextlib import closing

import pytest

from tests.cli.helpers import (
    connect,
    execute,
    is_server,
    job_id,
    ok,
    query,
    refused,
    run_cli,
    tables,
    unchanged,
)


def counts(db) -> dict[str, int]:
    """Rows per table of the schema's models: the facts (summaries built from them may be
    rebuilt on a copy rather than copied)."""
    from models.schema import TABLES

    names = [m._meta.table_name for m in TABLES]
    assert set(names) <= set(tables(db))
    return {t: query(db, f'SELECT count(*) FROM "{t}"')[0][0] for t in names}


def check_fails(db, *words: str) -> str:
    with unchanged(db):  # check looks and never touches
        result = run_cli("check", db=db, password=None)
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    assert "problem(s) found" in result.stdout
    for word in words:
        assert word in result.stdout, (word, result.stdout)
    return result.stdout


def test_check_passes_on_a_clean_database(module_db):
    with unchanged(module_db):
        result = ok(run_cli("check", db=module_db, password=None))
    assert result.stdout.splitlines()[0] == "All checks passed."


def test_backup_refuses_to_overwrite_without_force_and_the_copy_checks_clean(db, tmp_path):
    ok(run_cli("arrive", "D-1100", db=db))  # something in the WAL, too
    target = tmp_path / "backups" / "monday.sqlite3"
    with unchanged(db):
        result = ok(run_cli("backup", target, db=db, password=None))
    assert str(target) in result.stdout
    assert counts(target) == counts(db)
    assert query(target, "SELECT value FROM setting WHERE key = 'audit_head'") == query(
        db, "SELECT value FROM setting WHERE key = 'audit_head'")
    checked = ok(run_cli("check", db=target)).stdout
    assert checked.splitlines()[0] == "All checks passed."
    # The head fingerprint the backup printed is the one check reports on the copy.
    printed = result.stdout.split("fingerprint ")[1].strip(" .\n")
    assert len(printed) == 14 and f"fingerprint {printed}" in checked
    before = target.read_bytes()
    refused(run_cli("backup", target, db=db), "already exists", "--force")
    assert target.read_bytes() == before
    ok(run_cli("arrive", "E-1130", db=db))
    ok(run_cli("backup", target, "--force", db=db))
    assert counts(target) == counts(db)
    assert not list(target.parent.glob("*.part"))
    ok(run_cli("check", db=target))


def test_a_backup_is_one_self_contained_file(db, tmp_path):
    """Not in WAL mode: the copy opens on its own, even from a read-only folder or medium."""
    ok(run_cli("arrive", "D-1100", db=db))
    target = tmp_path / "monday.sqlite3"
    ok(run_cli("backup", target, db=db))
    assert query(target, "PRAGMA journal_mode") == [("delete",)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("monday")) == [
        "monday.sqlite3"]


def test_backup_while_another_program_reads(db, tmp_path):
    with closing(connect(db)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM job").fetchone()
        ok(run_cli("backup", tmp_path / "busy.sqlite3", db=db))
    ok(run_cli("check", db=tmp_path / "busy.sqlite3"))


def test_an_edited_audit_row_fails_check(db):
    middle = query(db, "SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET 5")[0][0]
    execute(db, "UPDATE audit_entry SET reason = 'nothing to see' WHERE id = ?", (middle,))
    check_fails(db, f"audit row {middle}", "changed")


def test_the_deleted_newest_audit_row_fails_check(db):
    execute(db, "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)")
    check_fails(db, "audit head")


def test_a_deleted_middle_audit_row_fails_check(db):
    middle = query(db, "SELECT id FROM audit_entry ORDER BY id LIMIT 1 OFFSET 3")[0][0]
    execute(db, "DELETE FROM audit_entry WHERE id = ?", (middle,))
    check_fails(db, f"audit row {middle + 1}")


def test_a_stamp_without_its_audit_row_fails_check(db):
    job = job_id(db, "D-1100")
    execute(db, "INSERT INTO stamp (job_id, kind, at, by, recorded_at, client_uid, active, "
            "reason) VALUES (?, 'arrival', '2026-11-23 16:00:00.000000', 'owner', "
            "'2026-11-23 18:00:00.000000', 'forged-1', TRUE, '')", (job,))
    stamp = query(db, "SELECT id FROM stamp WHERE client_uid = 'forged-1'")[0][0]
    check_fails(db, f"stamp {stamp}", "no audit row")


@pytest.mark.parametrize("sql, words", [
    ("UPDATE stamp SET at = '2026-11-23 16:00:00.000000'", ("its at differs",)),
    ("UPDATE reward SET value = 5000", ("its value differs",)),
    ("UPDATE reward SET status = 'void'", ("its status differs",)),
], ids=["stamp-time", "reward-value", "reward-status"])
def test_rows_edited_behind_the_programs_back_fail_check(db, sql, words):
    ok(run_cli("arrive", "D-1100", db=db))
    execute(db, sql + " WHERE id = (SELECT min(id) FROM " + sql.split()[1] + ")")
    check_fails(db, *words)


def test_a_broken_foreign_key_fails_check(db):
    with closing(connect(db)) as conn:
        # foreign keys are not enforced on a bare SQLite connection; PostgreSQL's superuser
        # may switch them off for the session (as a restore tool does)
        if is_server(db):
            conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE job SET truck_id = 999 WHERE external_id = 'K-0900'")
        conn.commit()
    if not is_server(db):
        check_fails(db, "missing truck")
        return
    # with the triggers off the statistics summary missed the change too: check says so and
    # marks that day to be rebuilt from the jobs (its one write)
    result = run_cli("check", db=db, password=None)
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    assert "missing truck" in result.stdout
    assert "statistics summary: 1 day(s) did not match" in result.stdout
    assert "marked to be rebuilt" in result.stdout


@pytest.mark.parametrize("args", [("backup", "{dir}", "--force"),
                                  ("jobs", "--date", "2026-11-23", "--csv", "{dir}"),
                                  ("rewards", "--csv", "{dir}")],
                         ids=["backup", "jobs-csv", "rewards-csv"])
def test_writing_onto_a_folder_is_refused_cleanly(db, tmp_path, args):
    """The target is a folder: exit 2, a message about the target (the database is fine),
    and no half-written file left next to it."""
    folder = tmp_path / "exports"
    folder.mkdir()
    with unchanged(db):
        result = refused(run_cli(*[a.format(dir=folder) for a in args], db=db), "exports")
    assert "database cannot be used" not in result.stderr
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith("ontime.sqlite3")]
    assert left == ["exports"]


@pytest.mark.parametrize("table", ["stamp", "reward"])
def test_a_deleted_stamp_or_reward_fails_check(db, table):
    """Stamps and rewards are money: one that the audit trail says exists may not vanish."""
    ok(run_cli("arrive", "D-1100", db=db))
    if table == "reward":  # C-1015's live reward, with its complaint out of the way
        reward = query(db, "SELECT r.id FROM reward r JOIN job j ON j.id = r.job_id "
                       "WHERE j.external_id = 'C-1015'")[0][0]
        execute(db, "UPDATE complaint SET reward_id = NULL WHERE reward_id = ?", (reward,))
        execute(db, "DELETE FROM reward WHERE id = ?", (reward,))
        check_fails(db, f"reward {reward}")
    else:
        stamp = query(db, "SELECT max(id) FROM stamp")[0][0]
        execute(db, "DELETE FROM stamp WHERE id = ?", (stamp,))
        check_fails(db, f"stamp {stamp}")

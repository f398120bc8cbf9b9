"""init, add-user, add-truck; a missing database; unknown commands; where global options go."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    PASSWORD,
    Database,
    connect,
    created,
    execute,
    is_server,
    job_status,
    ok,
    parse_table,
    query,
    refused,
    run_cli,
    unchanged,
)

INIT = ("init", "--company", "Lakeside Rugs", "--tz", "Europe/Berlin", "--owner", "greta")


def test_init_creates_a_company_that_checks_clean(fresh_db):
    db = fresh_db
    result = ok(run_cli(*INIT, "--currency", "€", db=db))
    assert created(db)
    assert "Lakeside Rugs" in result.stdout
    settings = dict(query(db, "SELECT key, value FROM setting"))
    assert settings["tz"] == "Europe/Berlin"
    assert settings["currency"] == "€"
    users = query(db, 'SELECT name, role, password_hash FROM "user" ORDER BY id')
    assert [(n, r) for n, r, _ in users] == [("system", "system"), ("greta", "owner")]
    assert PASSWORD not in (users[1][2] or "") and users[1][2].startswith("scrypt$")
    assert "All checks passed." in ok(run_cli("check", db=db)).stdout


def test_init_refuses_an_existing_database(db):
    with unchanged(db):
        refused(run_cli(*INIT, db=db), "already")


@pytest.mark.parametrize("args, env, words", [
    (("--tz", "Mars/Olympus"), {}, ("not a time zone",)),
    (("--tz", "America/Chicago"), {"ONTIME_PASSWORD": None}, ("password",)),
    (("--tz", "America/Chicago"), {"ONTIME_PASSWORD": "abc"}, ("6 characters",)),
], ids=["bad-zone", "no-password", "short-password"])
def test_init_refusals_create_nothing(fresh_db, tmp_path, args, env, words):
    refused(run_cli("init", "--company", "X", "--owner", "o", *args, db=fresh_db, env=env),
            *words)
    assert not created(fresh_db)
    assert list(tmp_path.iterdir()) == []


def missing_words(db: Database) -> tuple[str, ...]:
    """What the refusal of a database that is not there must name."""
    if is_server(db):
        return ("does not exist", db.rsplit("/", 1)[-1])
    return ("no database", db.name)


@pytest.mark.parametrize("args", [
    ("jobs", "--date", DAY),
    ("arrive", "D-1100"),
    ("import-jobs", "whatever.csv"),
    ("rewards",),
    ("check",),
    ("backup", "copy.sqlite3"),
], ids=lambda a: a[0])
def test_any_command_on_a_missing_database_exits_2_and_creates_nothing(databases, tmp_path,
                                                                        args):
    db = databases.missing(tmp_path / "nowhere" / "missing.sqlite3")
    result = refused(run_cli(*args, db=db), *missing_words(db))
    if not is_server(db):  # a server database is made by its administrator, not by 'init'
        assert "init" in result.stderr  # says how to make one
    assert not created(db)
    assert list(tmp_path.iterdir()) == []


def test_missing_database_from_the_environment(databases, tmp_path):
    db = databases.missing(tmp_path / "env.sqlite3")
    refused(run_cli("jobs", "--date", DAY, env={"ONTIME_DB": str(db)}), *missing_words(db))
    assert not created(db)


def test_a_database_of_another_program_is_refused(fresh_db):
    """A real database, but not ours: refused, and left exactly as it was."""
    if not is_server(fresh_db):
        fresh_db.parent.mkdir()
    execute(fresh_db, "CREATE TABLE ledger (id integer PRIMARY KEY, amount numeric)")
    execute(fresh_db, "INSERT INTO ledger VALUES (1, 9.5)")
    with unchanged(fresh_db):
        refused(run_cli("jobs", "--date", DAY, db=fresh_db), "not an OnTime Dispatch database")
        refused(run_cli("add-truck", "Van 1", db=fresh_db), "not an OnTime Dispatch database")


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not SQLite at all" * 100)
    refused(run_cli("jobs", "--date", DAY, db=junk))
    assert junk.read_bytes() == b"this is not SQLite at all" * 100


def test_unknown_command_exits_2(module_db):
    with unchanged(module_db):
        refused(run_cli("frobnicate", db=module_db), "unknown command", "frobnicate")


def test_bad_arguments_exit_2(module_db):
    with unchanged(module_db):
        assert run_cli("jobs", db=module_db).returncode == 2  # --date is required
        refused(run_cli("jobs", "--date", "23/11/2026", db=module_db), "YYYY-MM-DD")


def test_global_options_may_follow_the_command(db):
    ok(run_cli("arrive", "D-1100", "--db", str(db)))
    assert job_status(db, "D-1100") == "arrived"
    ok(run_cli("en-route", "E-1130", "--user", DISPATCHER[0], f"--db={db}",
               password=DISPATCHER[1]))
    assert job_status(db, "E-1130") == "en_route"
    assert query(db, "SELECT by FROM stamp WHERE kind = 'en_route'") == [("dana",)]
    rows = parse_table(ok(run_cli("jobs", "--date", DAY, "--db", str(db))).stdout)
    assert {r["external_id"]: r["status"] for r in rows}["D-1100"] == "arrived"


def test_owner_adds_users_and_the_new_user_can_sign_in(db):
    ok(run_cli("add-user", "olga", "--role", "owner", db=db,
               env={"ONTIME_NEW_PASSWORD": "olga-pass"}))
    ok(run_cli("add-user", "dave", "--role", "dispatcher", db=db,
               env={"ONTIME_NEW_PASSWORD": "dave-pass"}))
    roles = dict(query(db, 'SELECT name, role FROM "user"'))
    assert roles["olga"] == "owner" and roles["dave"] == "dispatcher"
    assert "olga-pass" not in "".join(h for (h,) in query(db, 'SELECT password_hash FROM "user" '
                                                             "WHERE password_hash IS NOT NULL"))
    ok(run_cli("add-truck", "Olga's van", "--user", "olga", db=db, password="olga-pass"))
    with unchanged(db):  # the new owner's password is hers, not the first owner's
        refused(run_cli("add-truck", "Nope", "--user", "olga", db=db), "password")


@pytest.mark.parametrize("user, password, env, words", [
    (DISPATCHER[0], DISPATCHER[1], {"ONTIME_NEW_PASSWORD": "new-pass"}, ("owner",)),
    ("owner", PASSWORD, {"ONTIME_NEW_PASSWORD": None}, ("ONTIME_NEW_PASSWORD",)),
    ("owner", PASSWORD, {"ONTIME_NEW_PASSWORD": "abc"}, ("6 characters",)),
    ("owner", "wrong-pass", {"ONTIME_NEW_PASSWORD": "new-pass"}, ("password",)),
    ("owner", None, {"ONTIME_NEW_PASSWORD": "new-pass"}, ("password",)),
], ids=["dispatcher", "no-new-password", "short-new-password", "wrong-password",
        "no-password"])
def test_add_user_refusals_change_nothing(module_db, user, password, env, words):
    with unchanged(module_db):
        refused(run_cli("add-user", "newbie", "--role", "dispatcher", "--user", user,
                        db=module_db, password=password, env=env), *words)


def test_add_user_refuses_a_taken_name(module_db):
    with unchanged(module_db):
        refused(run_cli("add-user", DISPATCHER[0], "--role", "owner", db=module_db,
                        env={"ONTIME_NEW_PASSWORD": "another"}), "already")


def test_add_truck_with_crew_and_colour(db):
    result = ok(run_cli("add-truck", "Van 7", "--crew", "Sam & Lee", "--color", "#0F766E",
                        db=db))
    assert "Van 7" in result.stdout
    assert query(db, "SELECT crew, color FROM truck WHERE name = 'Van 7'") == [
        ("Sam & Lee", "#0F766E")]


@pytest.mark.parametrize("args, words", [
    (("Van 8", "--color", "red"), ("#RRGGBB",)),
    (("Van 8", "--color", "#12345"), ("#RRGGBB",)),
    (("Van 8", "--color", "#GGGGGG"), ("#RRGGBB",)),
    (("Red",), ("already",)),
    (("   ",), ("name",)),
], ids=["word", "short", "not-hex", "duplicate", "blank"])
def test_add_truck_refusals_change_nothing(module_db, args, words):
    with unchanged(module_db):
        refused(run_cli("add-truck", *args, db=module_db), *words)


def test_reading_needs_no_password_but_writing_does(module_db):
    with unchanged(module_db):
        ok(run_cli("rewards", db=module_db, password=None))
        refused(run_cli("add-truck", "Van 9", db=module_db, password=None), "password")


def test_an_unknown_user_is_refused(module_db):
    with unchanged(module_db):
        refused(run_cli("add-truck", "Van 9", "--user", "mallory", db=module_db),
                "wrong user name or password")


@contextmanager
def write_lock_held(db: Database) -> Iterator[None]:
    """Another program in the middle of a write: SQLite's reserved lock on the file, or on
    PostgreSQL the lock that every OnTime Dispatch writer takes first (say, a desktop whose
    network went away mid-transaction)."""
    if is_server(db):
        from models.db import PG_WRITE_LOCK

        with closing(connect(db)) as holder:
            holder.execute("BEGIN")
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK,))
            yield
            holder.execute("ROLLBACK")
        return
    with closing(sqlite3.connect(str(db), isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        yield
        holder.rollback()


def test_a_locked_database_exits_2_and_changes_nothing(db):
    """Another program holds the write lock past the busy timeout (10 s): refuse, clearly."""
    with write_lock_held(db):
        result = run_cli("add-truck", "Van 10", db=db, timeout=20)
    refused(result, "locked", "nothing was changed")
    assert query(db, "SELECT count(*) FROM truck WHERE name = 'Van 10'") == [(0,)]


def test_a_refused_password_changes_nothing_even_when_the_clock_moved_on(db):
    """At a later time the sweep has new rewards to write; a wrong password must still change
    nothing at all (INTERFACES.md: 'no password or a wrong one changes nothing')."""
    later = "2026-11-23T19:00:00Z"  # D-1100 and E-1130 have crossed tiers since NOW
    with unchanged(db):
        refused(run_cli("add-truck", "Van 11", db=db, now=later, password="wrong-pass"),
                "password")
        refused(run_cli("arrive", "D-1100", db=db, now=later, password=None), "password")


def test_every_command_first_brings_the_guarantee_up_to_date(db):
    later = "2026-11-23T19:00:00Z"  # 13:00: D-1100 is 60 min late, E-1130 30 min
    rows = {r["external_id"]: r for r in parse_table(ok(run_cli("rewards", db=db, now=later,
                                                                password=None)).stdout)}
    assert (rows["D-1100"]["tier"], rows["D-1100"]["minutes_late"]) == ("2", "60")
    assert (rows["E-1130"]["tier"], rows["E-1130"]["minutes_late"]) == ("1", "30")
    assert query(db, "SELECT DISTINCT by FROM audit_entry WHERE entity = 'reward' AND "
                 "action = 'create'") == [("system",)]
    with unchanged(db):  # the same clock again: nothing more to do
        ok(run_cli("complaints", db=db, now=later))


@pytest.mark.parametrize("args", [("jobs", "--date", DAY), ("add-truck", "Van 12")],
                         ids=["read", "write"])
@pytest.mark.sqlite_only
def test_a_folder_as_database_is_refused(tmp_path, args):
    refused(run_cli(*args, db=tmp_path))
    assert list(tmp_path.iterdir()) == []

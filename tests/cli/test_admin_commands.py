"""truck-edit, truck-retire, user-role, user-password and company-set, as real processes."""

from __future__ import annotations

import pytest

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    ok,
    query,
    refused,
    run_cli,
    unchanged,
    write_rows,
)
from tests.logo_images import png


def test_truck_edit_and_retire(db):
    ok(run_cli("truck-edit", "Red", "--name", "Red Van", "--crew", "Luis & Dana",
               "--color", "#0F766E", db=db))
    assert query(db, "SELECT name, crew, color FROM truck WHERE crew = 'Luis & Dana'") == [
        ("Red Van", "Luis & Dana", "#0f766e")]
    result = refused(run_cli("truck-retire", "Red Van", "--reason", "sold", db=db),
                     "job(s) to do", "Alice Able", "Move them")
    assert "A-0800" in result.stderr
    ok(run_cli("check", db=db))


def test_retire_a_truck_without_jobs_then_bring_it_back(db):
    ok(run_cli("add-truck", "Spare", db=db))
    ok(run_cli("truck-retire", "Spare", "--reason", "off the road", "--user", DISPATCHER[0],
               password=DISPATCHER[1], db=db))
    assert query(db, "SELECT active FROM truck WHERE name = 'Spare'") in ([(0,)], [(False,)])
    ok(run_cli("truck-retire", "Spare", "--bring-back", db=db))
    assert query(db, "SELECT active FROM truck WHERE name = 'Spare'") in ([(1,)], [(True,)])
    ok(run_cli("check", db=db))


@pytest.mark.parametrize("args, words", [
    (("truck-edit", "Red", "--name", "blue"), ("already",)),
    (("truck-edit", "Red", "--name", "Red\u202eX"), ("direction",)),
    (("truck-edit", "Red", "--color", "red"), ("#RRGGBB",)),
    (("truck-edit", "Red"), ("--name",)),
    (("truck-edit", "Nope", "--crew", "x"), ("no truck",)),
    (("truck-retire", "Blue", "--reason", " "), ("reason",)),
], ids=["twin", "bidi", "colour", "nothing", "unknown", "no-reason"])
def test_truck_refusals_change_nothing(module_db, args, words):
    with unchanged(module_db):
        refused(run_cli(*args, db=module_db), *words)


def test_users_role_and_password(db):
    ok(run_cli("user-role", "DANA", "--role", "owner", db=db))
    assert query(db, "SELECT role FROM \"user\" WHERE name = 'dana'") == [("owner",)]
    ok(run_cli("user-password", "dana", db=db, env={"ONTIME_NEW_PASSWORD": "fresh-pass"}))
    ok(run_cli("user-role", "owner", "--role", "dispatcher", "--user", "dana",
               password="fresh-pass", db=db))
    ok(run_cli("check", db=db))


def test_user_lock_and_unlock(db):
    ok(run_cli("user-lock", "dana", "--reason", "left the company", db=db))
    refused(run_cli("add-truck", "Van 9", "--user", "dana", password=DISPATCHER[1], db=db),
            "wrong user name or password")
    ok(run_cli("user-lock", "dana", "--unlock", db=db))
    ok(run_cli("add-truck", "Van 9", "--user", "dana", password=DISPATCHER[1], db=db))
    refused(run_cli("user-lock", "owner", "--reason", "x", db=db), "last owner")
    ok(run_cli("check", db=db))


@pytest.mark.parametrize("args, env, words", [
    (("user-role", "dana", "--role", "owner", "--user", "dana"), {}, ("Only an owner",)),
    (("user-password", "owner", "--user", "dana"), {"ONTIME_NEW_PASSWORD": "hijacked"},
     ("Only an owner",)),
    (("user-role", "owner", "--role", "dispatcher"), {}, ("last owner",)),
    (("user-password", "dana"), {"ONTIME_NEW_PASSWORD": "short"}, ("6 characters",)),
    (("user-role", "nobody", "--role", "owner"), {}, ("no user",)),
], ids=["dispatcher-role", "dispatcher-password", "last-owner", "short", "unknown"])
def test_user_refusals_change_nothing(module_db, args, env, words):
    as_dana = {"password": DISPATCHER[1]} if "--user" in args else {}
    with unchanged(module_db):
        refused(run_cli(*args, db=module_db, env=env, **as_dana), *words)


def test_company_set_prints_on_the_letterhead(db, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(30, 10))
    result = ok(run_cli("company-set", "--address", "40 Lake Shore Dr; Chicago, IL 60611",
                        "--phone", "(312) 555-0177", "--email", "office@prairie.example",
                        "--logo", logo, db=db))
    assert "Chicago, IL 60611" in result.stdout and "Logo: png" in result.stdout
    assert query(db, "SELECT value FROM setting WHERE key = 'address'") == [
        ("40 Lake Shore Dr\nChicago, IL 60611",)]
    ok(run_cli("check", db=db))
    ok(run_cli("company-set", "--no-logo", db=db))
    assert query(db, "SELECT value FROM setting WHERE key = 'logo'") == [("",)]


@pytest.mark.parametrize("args, words", [
    (("--email", "office@"), ("e-mail",)),
    (("--phone", "call us"), ("phone",)),
    (("--name", " "), ("name",)),
    (("--logo", "/nonexistent/logo.png"), ("cannot be read",)),
], ids=["email", "phone", "name", "missing-logo"])
def test_company_set_refusals_change_nothing(module_db, args, words):
    with unchanged(module_db):
        refused(run_cli("company-set", *args, db=module_db), *words)


def test_a_dispatcher_cannot_set_the_company(module_db):
    with unchanged(module_db):
        refused(run_cli("company-set", "--phone", "555 0100", "--user", DISPATCHER[0],
                        password=DISPATCHER[1], db=module_db), "Only an owner")


@pytest.mark.parametrize("name, words", [("red", "already a truck named 'Red'"),
                                         ("Van\u202e7", "direction-changing")],
                         ids=["twin", "bidi"])
def test_import_creates_no_truck_the_rules_refuse(module_db, tmp_path, name, words):
    rows = [["T-1", DAY, "09:00", name, "Ann Able", "", "", "", "", "", ""]]
    path = write_rows(tmp_path / "jobs.csv", JOBS_HEADER, rows)
    with unchanged(module_db):
        refused(run_cli("import-jobs", path, "--create-missing", db=module_db),
                "column truck", words)

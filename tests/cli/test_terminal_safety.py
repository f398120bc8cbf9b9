"""What reaches the terminal carries no escape sequence; user names cannot pass for another
(#12 finding 11); the big list of naughty strings goes through an import, listings and exports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    PASSWORD,
    ok,
    parse_table,
    query,
    read_export,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

ESCAPES = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m\u202eEvil\u2066"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BLNS = Path(__file__).resolve().parents[1] / "data" / "blns.txt"


def test_names_are_printed_without_their_escape_sequences(db, tmp_path):
    rows = [["ESC-1", DAY, "07:00", "Red", f"Mallory {ESCAPES}", "", f"1 {ESCAPES} St",
             "Carpet", "", "", f"note {ESCAPES}"]]
    ok(run_cli("import-jobs", write_rows(tmp_path / "esc.csv", JOBS_HEADER, rows), db=db))
    # a truck name may not hold them at all (models/names.py): refused, and said safely
    added = refused(run_cli("add-truck", f"Truck {ESCAPES}", db=db), "invisible")
    listing = ok(run_cli("jobs", "--date", DAY, db=db, password=None))
    missing = run_cli("assign", "ESC-1", "--truck", f"No {ESCAPES}", db=db)
    refused(missing, "no truck")
    for text in (added.stdout, added.stderr, listing.stdout, missing.stderr, missing.stdout):
        assert not UNSAFE.search(text), repr(text)
    line = next(r for r in parse_table(listing.stdout) if r["external_id"] == "ESC-1")
    assert line["customer"].startswith("Mallory ?[2J?]52;c;ZXZpbA==??31m?Evil")
    # the data itself is kept as given: only what is printed is made safe
    assert query(db, "SELECT name FROM customer WHERE name LIKE 'Mallory%'")[0][0] == (
        f"Mallory {ESCAPES}")


def test_a_prompt_never_echoes_an_escape_sequence(module_db):
    # no terminal here, so no prompt: the refusal names the user, made safe
    result = run_cli("--user", f"x{ESCAPES}", "add-truck", "T", db=module_db, password=None)
    refused(result, "password")
    assert not UNSAFE.search(result.stderr), repr(result.stderr)


@pytest.mark.parametrize("name, why", [
    ("Dana", "capitals"), ("DANA", "capitals"), ("System", "capitals"), ("SYSTEM", "capitals"),
    ("d\u0430na", "mixes"), ("da\u200bna", "invisible"),
    ("dana\u202e", "invisible"), ("da\x1bna", "invisible"), ("Owner", "capitals"),
])
def test_add_user_refuses_twins_look_alikes_and_hidden_characters(module_db, name, why):
    with unchanged(module_db):
        result = refused(run_cli("add-user", name, "--role", "dispatcher", db=module_db,
                                 env={"ONTIME_NEW_PASSWORD": "new-pass"}), why)
    assert not UNSAFE.search(result.stderr)


def test_an_all_cyrillic_look_alike_of_a_user_is_refused(db):
    ok(run_cli("add-user", "Teo", "--role", "dispatcher", db=db,
               env={"ONTIME_NEW_PASSWORD": "new-pass"}))
    with unchanged(db):
        refused(run_cli("add-user", "\u0422\u0435\u043e", "--role", "dispatcher", db=db,
                        env={"ONTIME_NEW_PASSWORD": "new-pass"}), "looks the same")


def test_names_are_stored_in_normal_form_and_found_ignoring_case(db):
    ok(run_cli("add-user", " \uff4c\uff55\uff49\uff53 ", "--role", "dispatcher", db=db,
               env={"ONTIME_NEW_PASSWORD": "luis-pass"}))
    assert query(db, 'SELECT count(*) FROM "user" WHERE name = \'luis\'')[0][0] == 1
    ok(run_cli("--user", "LUIS", "add-truck", "Orange", db=db, password="luis-pass"))
    ok(run_cli("--user", DISPATCHER[0].upper(), "jobs", "--date", DAY, db=db, password=None))
    actors = {r[0] for r in query(db, 'SELECT "by" FROM audit_entry')}
    assert "luis" in actors and "LUIS" not in actors
    refused(run_cli("--user", "LUIS", "add-truck", "Pink", db=db, password="wrong-pass"),
            "wrong user name or password")


@pytest.mark.parametrize("owner, why", [("System", "capitals"), ("ma\u200bria", "invisible"),
                                        ("m\u0430ria", "mixes")])
def test_init_refuses_a_bad_owner_name(fresh_db, owner, why):
    refused(run_cli("init", "--company", "C", "--tz", "America/Chicago", "--owner", owner,
                    db=fresh_db, password=PASSWORD), why)
    if isinstance(fresh_db, Path):
        assert not fresh_db.exists()


def _naughty() -> list[str]:
    lines = BLNS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")
            and "\x00" not in line]


def test_naughty_strings_as_customers_and_trucks(db, tmp_path):
    strings = _naughty()
    trucks, seen = [], set()
    from models.errors import DomainError
    from models.names import check_truck_name

    for text in strings:
        name = text.strip()
        try:  # a truck the import creates follows the truck-name rules
            check_truck_name(name, trucks)
        except DomainError:
            continue
        if 0 < len(name) <= 60 and name not in seen and len(trucks) < 40:
            seen.add(name)
            trucks.append(name)
    customers = [s for s in strings if len(s.strip()) <= 200 and s.strip()]
    rows = [[f"N-{i}", DAY, f"{6 + i % 12:02d}:{(i * 7) % 60:02d}", trucks[i % len(trucks)],
             name, "", name[:500], name[:200], "", "", name]
            for i, name in enumerate(customers)]
    ok(run_cli("import-jobs", write_rows(tmp_path / "naughty.csv", JOBS_HEADER, rows),
               "--create-missing", db=db))
    listing = ok(run_cli("jobs", "--date", DAY, db=db, password=None))
    assert not UNSAFE.search(listing.stdout)
    listed = [r for r in parse_table(listing.stdout) if r["external_id"].startswith("N-")]
    assert len(listed) == len(customers)
    out = tmp_path / "day.csv"
    ok(run_cli("jobs", "--date", DAY, "--csv", out, db=db, password=None))
    _, _, exported = read_export(out)
    by_id = {r["external_id"]: r for r in exported}
    for i, name in enumerate(customers):
        cell = by_id[f"N-{i}"]["customer"]
        assert cell.lstrip("'") == name.strip() or cell == name.strip(), (name, cell)
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    stats = tmp_path / "stats.csv"
    ok(run_cli("stats", "--from", DAY, "--to", DAY, "--by", "truck", "--csv", stats, db=db,
               password=None))
    _, _, groups = read_export(stats)
    names = {g["group"].removeprefix("'") if g["group"][1:2] in "=+-@" else g["group"]
             for g in groups}
    assert set(trucks) <= names
    sheets = tmp_path / "sheets.pdf"
    ok(run_cli("route-sheets", "--date", DAY, "--pdf", sheets, db=db, password=None))
    assert sheets.read_bytes().startswith(b"%PDF-")

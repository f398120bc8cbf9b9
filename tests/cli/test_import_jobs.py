"""import-jobs end to end: every bad file is refused with line/column messages, nothing imported."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    BOM,
    DAY,
    execute,
    job_id,
    ok,
    query,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

HEADER = "external_id,date,window_start,truck,customer,phone,address,price\n"
GOOD = "N-1,2026-11-25,09:00,Red,Nina North,555-0201,20 Elm St,100.00\n"

# (file bytes, fragments that must all appear on stderr)
BAD_FILES = {
    "bad-date": (HEADER + "N-1,2026-13-01,09:00,Red,Nina,555-0201,x,1\n",
                 ["line 2, column date", "2026-13-01"]),
    "date-not-iso": (HEADER + "N-1,25/11/2026,09:00,Red,Nina,555-0201,x,1\n",
                     ["line 2, column date", "YYYY-MM-DD"]),
    "bad-time": (HEADER + "N-1,2026-11-25,25:00,Red,Nina,555-0201,x,1\n"
                 "N-2,2026-11-25,9am,Red,Nina,555-0201,x,1\n"
                 "N-3,2026-11-25,9:5,Red,Nina,555-0201,x,1\n",
                 ["line 2, column window_start", "line 3, column window_start",
                  "line 4, column window_start", "HH:MM"]),
    "spring-forward-gap": (HEADER + "N-1,2026-03-08,02:30,Red,Nina,555-0201,x,1\n",
                           ["line 2, column window_start", "does not exist"]),
    "bad-prices": (HEADER + "N-1,2026-11-25,09:00,Red,Nina,555-0201,x,-5\n"
                   "N-2,2026-11-25,10:00,Red,Nina,555-0201,x,1.234\n"
                   "N-3,2026-11-25,11:00,Red,Nina,555-0201,x,abc\n"
                   "N-4,2026-11-25,12:00,Red,Nina,555-0201,x,NaN\n",
                   ["line 2, column price", "line 3, column price", "line 4, column price",
                    "line 5, column price", "2 decimals"]),
    "bad-duration": (("date,window_start,truck,customer,duration\n"
                     "2026-11-25,09:00,Red,Nina,0\n2026-11-25,10:00,Red,Nina,721\n"
                     "2026-11-25,11:00,Red,Nina,1.5\n"),
                     ["line 2, column duration", "line 3, column duration",
                      "line 4, column duration"]),
    "unknown-truck": (HEADER + GOOD + "N-2,2026-11-25,10:00,Purple,Nina,555-0201,x,1\n",
                      ["line 3, column truck", "Purple", "--create-missing"]),
    "missing-required-column": ("date,window_start,customer\n2026-11-25,09:00,Nina\n",
                                ["line 1, column truck", "missing"]),
    "required-cell-empty": (HEADER + "N-1,2026-11-25,09:00,Red,,555-0201,x,1\n",
                            ["line 2, column customer", "required"]),
    "duplicate-external-id": (HEADER + GOOD + "N-1,2026-11-26,09:00,Red,Nina,555-0201,x,1\n",
                              ["line 3, column external_id", "also on line 2"]),
    "duplicate-column": (("date,window_start,truck,customer,date\n"
                         "2026-11-25,09:00,Red,Nina,2026-11-25\n"),
                         ["line 1, column date", "twice"]),
    "empty-file": ("", ["empty"]),
    "blank-lines-only": ("\r\n\r\n  \r\n", ["empty"]),
    "no-header": (GOOD, ["line 1", "header"]),
    "good-rows-then-one-bad": (HEADER + GOOD + "N-2,2026-11-25,10:00,Red,Nora,555-0202,x,1\n"
                               "N-3,2026-11-25,11:00,Red,Noel,555-0203,x,1\n"
                               "N-4,2026-11-25,11:60,Red,Noor,555-0204,x,1\n",
                               ["line 5, column window_start"]),
    "nul-character": (HEADER + "N-1,2026-11-25,09:00,Red,Ni\x00na,555-0201,x,1\n",
                      ["line 2, column customer", "NUL"]),
    "customer-too-long": (HEADER + "N-1,2026-11-25,09:00,Red," + "N" * 201 + ",555,x,1\n",
                          ["line 2, column customer", "200 characters"]),
    "too-many-cells": (HEADER + "N-1,2026-11-25,09:00,Red,Nina,555-0201,x,1,surplus\n",
                       ["line 2", "9 cells"]),
    # a quoted cell over three file lines: the next row starts on file line 5
    "line-numbers-are-file-lines": (HEADER + 'N-1,2026-11-25,09:00,Red,"Nina\nof the\nNorth",'
                                    "555-0201,x,1\nN-2,2026-11-25,09:00,Red,Nora,555-0202,x,"
                                    "1.001\n", ["line 5, column price"]),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_imports_nothing(module_db, tmp_path, name):
    text, fragments = BAD_FILES[name]
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with unchanged(module_db):
        result = refused(run_cli("import-jobs", path, db=module_db), *fragments)
    assert "nothing was imported" in result.stderr.lower()


def test_non_utf8_bytes_are_refused(module_db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "N-1,2026-11-25,09:00,Red,Zoë Müller,555-0201,x,1\n")
                     .encode("latin-1"))
    with unchanged(module_db):
        refused(run_cli("import-jobs", path, db=module_db), "line 2", "UTF-8", "nothing")


def test_a_missing_file_or_a_folder_is_refused(module_db, tmp_path):
    with unchanged(module_db):
        refused(run_cli("import-jobs", tmp_path / "absent.csv", db=module_db), "absent.csv")
        refused(run_cli("import-jobs", tmp_path, db=module_db), str(tmp_path.name))


def test_a_file_is_refused_without_the_password(module_db, tmp_path):
    path = tmp_path / "good.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    with unchanged(module_db):
        refused(run_cli("import-jobs", path, db=module_db, password=None), "password")
        refused(run_cli("import-jobs", path, db=module_db, password="nope-nope"), "password")


def test_header_only_imports_nothing_and_says_so(module_db, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(HEADER, encoding="utf-8")
    with unchanged(module_db):
        result = ok(run_cli("import-jobs", path, db=module_db))
    assert "nothing was imported" in (result.stdout + result.stderr).lower()


def test_bom_crlf_any_column_order_and_phone_matching(db, tmp_path):
    path = tmp_path / "bom.csv"
    text = ("Customer,Truck,Window_Start,Date,Phone,External_ID,Price,Service,Notes,Duration\r\n"
            "Alice Able,Blue,10:00,2026-12-01,(555) 0101,N-1,125.5,Carpet,\"2 dogs, friendly\","
            "45\r\n"
            "Zoë Ñúñez,Green,08:30,2026-12-01,555 0299,,0,Rugs,,\r\n")
    path.write_bytes(BOM + text.encode("utf-8"))
    customers = query(db, "SELECT count(*) FROM customer")[0][0]
    result = ok(run_cli("import-jobs", path, db=db))
    assert "Imported 2 new job(s)" in result.stdout
    row = query(db, "SELECT j.local_date, j.local_start, t.name, c.name, j.price, "
                "j.duration_minutes, j.notes FROM job j JOIN truck t ON t.id = j.truck_id "
                "JOIN customer c ON c.id = j.customer_id WHERE j.external_id = 'N-1'")
    assert row == [("2026-12-01", "10:00", "Blue", "Alice Able", 125.5, 45,
                    "2 dogs, friendly")]
    # Alice matched by phone digits; Zoë is new: one customer more, not two
    assert query(db, "SELECT count(*) FROM customer")[0][0] == customers + 1
    assert query(db, "SELECT name FROM customer WHERE phone_digits = '5550299'") == [
        ("Zoë Ñúñez",)]
    ok(run_cli("check", db=db))


def test_unknown_columns_are_ignored_with_a_warning(db, tmp_path):
    path = write_rows(tmp_path / "extra.csv",
                      ["date", "window_start", "truck", "customer", "colour", "crm_ref"],
                      [["2026-11-25", "09:00", "Red", "Nina North", "teal", "X9"]])
    result = ok(run_cli("import-jobs", path, db=db))
    assert "warning" in result.stderr and "colour" in result.stderr
    assert "crm_ref" in result.stderr
    assert "Imported 1 new job(s)" in result.stdout


def test_a_declined_customer_is_imported_with_a_warning(db, tmp_path):
    execute(db, "UPDATE customer SET decline_next_booking = TRUE, decline_reason = 'threats' "
            "WHERE name = 'Fay Fox'")
    path = write_rows(tmp_path / "decline.csv",
                      ["date", "window_start", "truck", "customer", "phone"],
                      [["2026-11-26", "09:00", "Red", "Fay Fox", "555-0106"]])
    result = ok(run_cli("import-jobs", path, db=db))
    assert "decline next booking" in result.stderr and "line 2" in result.stderr
    assert query(db, "SELECT count(*) FROM job j JOIN customer c ON c.id = j.customer_id "
                 "WHERE c.name = 'Fay Fox'")[0][0] == 2


def test_create_missing_adds_the_trucks(db, tmp_path):
    path = write_rows(tmp_path / "trucks.csv", ["date", "window_start", "truck", "customer"],
                      [["2026-11-25", "09:00", "Purple", "Nina"],
                       ["2026-11-25", "11:00", "Purple", "Nora"],
                       ["2026-11-25", "09:00", "Orange", "Noel"]])
    ok(run_cli("import-jobs", path, "--create-missing", db=db))
    trucks = dict(query(db, "SELECT name, color FROM truck"))
    assert {"Purple", "Orange"} <= set(trucks) and trucks["Purple"].startswith("#")
    assert query(db, "SELECT count(*) FROM job WHERE local_date = '2026-11-25'")[0][0] == 3
    # no price, no duration: 0.00 and the default from settings (90 minutes)
    assert query(db, "SELECT DISTINCT price, duration_minutes FROM job "
                 "WHERE local_date = '2026-11-25'") == [(0, 90)]
    ok(run_cli("check", db=db))


def test_reimport_updates_the_job_with_that_external_id(db, tmp_path):
    before = job_id(db, "F-1300")
    jobs = query(db, "SELECT count(*) FROM job")[0][0]
    header = ["external_id", "date", "window_start", "truck", "customer", "phone", "price",
              "notes"]
    same = write_rows(tmp_path / "same.csv", header,
                      [["F-1300", DAY, "13:00", "Green", "Fay Fox", "555-0106", "200.00",
                        "gate code 1234"]])
    assert "1 unchanged" in ok(run_cli("import-jobs", same, db=db)).stdout
    moved = write_rows(tmp_path / "moved.csv", header,
                       [["F-1300", DAY, "13:30", "Red", "Fay Fox", "555-0106", "210.00",
                         "gate code 9999"]])
    assert "updated 1" in ok(run_cli("import-jobs", moved, db=db)).stdout
    assert query(db, "SELECT count(*) FROM job")[0][0] == jobs
    assert query(db, "SELECT j.id, j.local_start, t.name, j.price, j.notes "
                 "FROM job j JOIN truck t ON t.id = j.truck_id "
                 "WHERE external_id = 'F-1300'") == [
        (before, "13:30", "Red", 210, "gate code 9999")]
    ok(run_cli("check", db=db))


@pytest.mark.parametrize("external_id, start, stamp", [
    ("D-1100", "11:30", True),    # stamped
    ("A-0800", "08:30", False),   # rewarded (live tier 3), not stamped
], ids=["stamped", "rewarded"])
def test_reimport_may_not_move_a_kept_promise(db, tmp_path, external_id, start, stamp):
    if stamp:
        ok(run_cli("arrive", external_id, db=db))
    header = ["external_id", "date", "window_start", "truck", "customer", "phone", "price"]
    phone = query(db, "SELECT c.phone FROM job j JOIN customer c ON c.id = j.customer_id "
                  "WHERE j.external_id = ?", (external_id,))[0][0]
    name = query(db, "SELECT c.name FROM job j JOIN customer c ON c.id = j.customer_id "
                 "WHERE j.external_id = ?", (external_id,))[0][0]
    truck = query(db, "SELECT t.name FROM job j JOIN truck t ON t.id = j.truck_id "
                  "WHERE j.external_id = ?", (external_id,))[0][0]
    path = write_rows(tmp_path / "move.csv", header,
                      [["N-9", DAY, "16:00", "Red", "Nina", "555-0299", "1.00"],
                       [external_id, DAY, start, truck, name, phone, "1.00"]])
    with unchanged(db):
        refused(run_cli("import-jobs", path, db=db), "line 3, column window_start",
                "reschedule")
    # the same job may still change other fields, at the same window
    original = query(db, "SELECT local_start FROM job WHERE external_id = ?",
                     (external_id,))[0][0]
    price = write_rows(tmp_path / "price.csv", header,
                       [[external_id, DAY, original, truck, name, phone, "1.00"]])
    assert "updated 1" in ok(run_cli("import-jobs", price, db=db)).stdout


def test_reimport_after_a_reschedule_reaches_the_new_job(db, tmp_path):
    new = int(ok(run_cli("reschedule", "F-1300", "--to", "2026-11-24 10:00", "--by",
                         "customer", db=db)).stdout)
    header = ["external_id", "date", "window_start", "truck", "customer", "phone", "notes"]
    back = write_rows(tmp_path / "old-window.csv", header,
                      [["F-1300", DAY, "13:00", "Green", "Fay Fox", "555-0106", "x"]])
    with unchanged(db):  # the old window again would move the new job's promise
        refused(run_cli("import-jobs", back, db=db), "line 2, column date", "reschedule")
    notes = write_rows(tmp_path / "notes.csv", header,
                       [["F-1300", "2026-11-24", "10:00", "Green", "Fay Fox", "555-0106",
                         "ring twice"]])
    assert "updated 1" in ok(run_cli("import-jobs", notes, db=db)).stdout
    assert query(db, "SELECT id, notes FROM job WHERE external_id = 'F-1300'") == [
        (new, "ring twice")]

"""jobs, rewards and complaints: listings and CSV exports exactly as INTERFACES.md lists them."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    BOM,
    DAY,
    execute,
    ok,
    parse_table,
    read_export,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

JOBS = ["id", "external_id", "truck", "customer", "window_start", "window_end", "status",
        "minutes_late"]
REWARDS = ["reward_id", "job_id", "external_id", "customer", "date", "window_start",
           "window_end", "arrived_at", "minutes_late", "tier", "reward", "value", "fault",
           "status", "certificate_code", "certificate_expires", "certificate_status"]
COMPLAINTS = ["complaint_id", "opened_at", "source", "customer", "job_id", "external_id",
              "fault", "status", "steps_done", "first_response_minutes", "resolved_at",
              "outcome"]
ORDER = ["B-0900", "D-1100", "I-1600", "E-1130", "F-1300", "G-1400", "A-0800", "C-1015",
         "H-1500", "J-1700"]  # by truck name (Blue, Green, Red), then window


def assert_csv_bytes(raw: bytes) -> None:
    assert raw.startswith(BOM)
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF"


def test_jobs_listing_is_tab_separated_with_the_csv_columns(module_db):
    with unchanged(module_db):
        result = ok(run_cli("jobs", "--date", DAY, db=module_db, password=None))
    assert result.stdout.splitlines()[0].split("\t") == JOBS
    rows = parse_table(result.stdout)
    assert [r["external_id"] for r in rows] == ORDER
    by_id = {r["external_id"]: r for r in rows}
    assert by_id["A-0800"] | {"id": "x"} == {
        "id": "x", "external_id": "A-0800", "truck": "Red", "customer": "Alice Able",
        "window_start": "2026-11-23 08:00", "window_end": "2026-11-23 09:00",
        "status": "scheduled", "minutes_late": "180"}
    assert [by_id[k]["minutes_late"] for k in ("B-0900", "C-1015", "D-1100", "F-1300")] == [
        "120", "45", "0", "0"]


def test_jobs_csv_has_bom_crlf_header_order_and_safe_names(module_db, tmp_path):
    target = tmp_path / "jobs.csv"
    with unchanged(module_db):
        result = ok(run_cli("jobs", "--date", DAY, "--csv", target, db=module_db))
    assert "10" in result.stdout
    raw, header, rows = read_export(target)
    assert_csv_bytes(raw)
    assert header == JOBS
    assert [r["external_id"] for r in rows] == ORDER
    names = {r["external_id"]: r["customer"] for r in rows}
    assert names["G-1400"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert names["H-1500"] == "'+1 Plus"
    assert names["I-1600"] == "'-Minus"
    assert names["J-1700"] == "'@At Sign"
    assert names["A-0800"] == "Alice Able"
    assert not list(tmp_path.glob("*.part"))


def test_jobs_csv_tab_and_cr_names_and_ids(db, tmp_path):
    execute(db, "UPDATE customer SET name = ? WHERE name = 'Bob Baker'", ("\tTabbed",))
    execute(db, "UPDATE customer SET name = ? WHERE name = 'Dan Dale'", ("\rCarriage",))
    execute(db, "UPDATE job SET external_id = '=1+2' WHERE external_id = 'E-1130'")
    target = tmp_path / "jobs.csv"
    ok(run_cli("jobs", "--date", DAY, "--csv", target, db=db))
    _, _, rows = read_export(target)
    by_truck_window = {(r["truck"], r["window_start"][-5:]): r for r in rows}
    assert by_truck_window[("Blue", "09:00")]["customer"] == "'\tTabbed"
    assert by_truck_window[("Blue", "11:00")]["customer"] == "'\rCarriage"
    assert by_truck_window[("Green", "11:30")]["external_id"] == "'=1+2"
    # on the terminal, a tab or CR inside a cell never splits a line or a column
    text = ok(run_cli("jobs", "--date", DAY, db=db)).stdout
    assert len(text.splitlines()) == 11
    assert all(len(line.split("\t")) == len(JOBS) for line in text.splitlines())
    assert "'=1+2" in text and "' Tabbed" in text and "' Carriage" in text


def test_jobs_of_an_empty_day_and_a_history_job(db, tmp_path):
    target = tmp_path / "empty.csv"
    ok(run_cli("jobs", "--date", "2027-01-05", "--csv", target, db=db))
    raw, header, rows = read_export(target)
    assert header == JOBS and rows == [] and raw == BOM + ",".join(JOBS).encode() + b"\r\n"
    # entered after its window closed: no live lateness, an empty minutes_late
    path = write_rows(tmp_path / "late-entry.csv",
                      ["external_id", "date", "window_start", "truck", "customer"],
                      [["H-0700", DAY, "07:00", "Blue", "Hattie History"]])
    ok(run_cli("import-jobs", path, db=db))
    rows = parse_table(ok(run_cli("jobs", "--date", DAY, db=db)).stdout)
    assert {r["external_id"]: r["minutes_late"] for r in rows}["H-0700"] == ""


def test_rewards_listing_and_date_filters(module_db):
    with unchanged(module_db):
        everything = parse_table(ok(run_cli("rewards", db=module_db)).stdout)
        day = parse_table(ok(run_cli("rewards", "--from", DAY, "--to", DAY,
                                     db=module_db)).stdout)
        later = parse_table(ok(run_cli("rewards", "--from", "2026-11-24",
                                       db=module_db)).stdout)
        earlier = parse_table(ok(run_cli("rewards", "--to", "2026-11-22",
                                         db=module_db)).stdout)
        refused(run_cli("rewards", "--from", "2026-11-24", "--to", DAY, db=module_db),
                "before")
        refused(run_cli("rewards", "--from", "yesterday", db=module_db), "YYYY-MM-DD")
    assert [r["external_id"] for r in everything] == ["A-0800", "B-0900", "C-1015"]
    assert day == everything and later == [] and earlier == []
    tiers = {r["external_id"]: (r["tier"], r["value"], r["minutes_late"]) for r in everything}
    assert tiers == {"A-0800": ("3", "250.00", "180"), "B-0900": ("2", "75.00", "120"),
                     "C-1015": ("1", "25.00", "45")}


def test_rewards_csv_columns_and_certificate(module_db, tmp_path):
    target = tmp_path / "rewards.csv"
    with unchanged(module_db):
        ok(run_cli("rewards", "--csv", target, db=module_db))
    raw, header, rows = read_export(target)
    assert_csv_bytes(raw)
    assert header[:len(REWARDS)] == REWARDS
    tier3 = rows[0]
    assert tier3["external_id"] == "A-0800" and tier3["customer"] == "Alice Able"
    assert (tier3["date"], tier3["window_start"], tier3["window_end"]) == (
        DAY, "2026-11-23 08:00", "2026-11-23 09:00")
    assert tier3["arrived_at"] == "" and tier3["fault"] == "company"
    assert tier3["status"] == "proposed" and tier3["certificate_status"] == "unused"
    assert len(tier3["certificate_code"]) >= 10
    # earned when tier 3 was crossed (09:00 + 121 min), expires 12 months later
    assert tier3["certificate_expires"] == "2027-11-23 11:01"
    for row in rows[1:]:
        assert row["certificate_code"] == row["certificate_expires"] == ""
        assert row["certificate_status"] == ""


def test_hostile_customer_names_in_rewards_and_complaints(db, tmp_path):
    execute(db, "UPDATE customer SET name = '=SUM(A1:A9)' WHERE name = 'Alice Able'")
    execute(db, "UPDATE customer SET name = '@cmd' WHERE name = 'Bob Baker'")
    ok(run_cli("rewards", "--csv", tmp_path / "r.csv", db=db))
    ok(run_cli("complaints", "--csv", tmp_path / "c.csv", db=db))
    _, _, rewards = read_export(tmp_path / "r.csv")
    _, _, complaints = read_export(tmp_path / "c.csv")
    assert {r["customer"] for r in rewards} == {"'=SUM(A1:A9)", "'@cmd", "Carol Cook"}
    assert {c["customer"] for c in complaints} == {"'=SUM(A1:A9)", "'@cmd", "Carol Cook"}


def test_complaints_listing_and_csv(module_db, tmp_path):
    target = tmp_path / "complaints.csv"
    with unchanged(module_db):
        listed = parse_table(ok(run_cli("complaints", db=module_db)).stdout)
        open_only = parse_table(ok(run_cli("complaints", "--open", db=module_db)).stdout)
        ok(run_cli("complaints", "--open", "--csv", target, db=module_db))
    raw, header, rows = read_export(target)
    assert_csv_bytes(raw)
    assert header[:len(COMPLAINTS)] == COMPLAINTS
    assert listed == open_only
    assert [r["external_id"] for r in rows] == ["A-0800", "B-0900", "C-1015"]  # by opened_at
    first = rows[0]
    assert (first["source"], first["fault"], first["status"], first["steps_done"],
            first["first_response_minutes"], first["resolved_at"], first["outcome"]) == (
        "auto", "company", "open", "0", "", "", "")
    # When tier 1 was crossed (window end 09:00 + 30), though the sweep found it at tier 3.
    assert first["opened_at"] == "2026-11-23 09:30"


@pytest.mark.parametrize("command", [("jobs", "--date", DAY), ("rewards",), ("complaints",)])
def test_export_into_a_missing_folder_is_refused(module_db, tmp_path, command):
    with unchanged(module_db):
        result = run_cli(*command, "--csv", tmp_path / "no" / "such" / "x.csv", db=module_db)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr

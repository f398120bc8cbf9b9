"""Daylight saving on the command line, and the password prompt on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest

from tests.cli.helpers import (
    ROOT,
    ok,
    parse_table,
    query,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

FALL_BACK = "2026-11-01"  # America/Chicago: 02:00 CDT becomes 01:00 CST
SPRING = "2026-03-08"  # America/Chicago: 02:00 CST becomes 03:00 CDT


@pytest.fixture(scope="module")
def dst_db(databases, tmp_path_factory):
    """A Chicago company with windows on both change-over days, booked well before."""
    folder = tmp_path_factory.mktemp("cli-dst")
    db = databases.fresh(folder / "dst.sqlite3")
    booked = "2026-02-01T12:00:00Z"
    ok(run_cli("init", "--company", "DST Cleaners", "--tz", "America/Chicago", "--owner",
               "owner", db=db, now=booked))
    jobs = write_rows(folder / "dst.csv", ["external_id", "date", "window_start", "truck",
                                           "customer", "phone"],
                      [["FB-0130", FALL_BACK, "01:30", "Night", "Fiona Fall", "555-0301"],
                       ["FB-0000", FALL_BACK, "00:30", "Night", "Gus Early", "555-0302"],
                       ["SF-0130", SPRING, "01:30", "Night", "Sam Spring", "555-0303"]])
    ok(run_cli("import-jobs", jobs, "--create-missing", db=db, now=booked))
    yield db
    databases.discard(db)


@pytest.fixture
def dst_copy(databases, dst_db, tmp_path):
    """A private copy of the daylight-saving company."""
    copy = databases.copy(dst_db, tmp_path / "copy.sqlite3")
    yield copy
    databases.discard(copy)


def jobs_of(db, day, now) -> dict[str, dict]:
    return {r["external_id"]: r for r in parse_table(ok(run_cli("jobs", "--date", day, db=db,
                                                                now=now)).stdout)}


def test_window_over_the_spring_change_is_one_elapsed_hour(dst_copy):
    db = dst_copy
    row = jobs_of(db, SPRING, "2026-03-08T06:00:00Z")["SF-0130"]
    assert (row["window_start"], row["window_end"]) == ("2026-03-08 01:30", "2026-03-08 03:30")


def test_fall_back_hour_shows_offsets_and_counts_elapsed_minutes(dst_copy):
    db = dst_copy
    now = "2026-11-01T08:00:00Z"  # 02:00 CST: the first 01:30 window closed 30 min ago
    row = jobs_of(db, FALL_BACK, now)["FB-0130"]
    assert (row["window_start"], row["window_end"]) == ("2026-11-01 01:30-05:00",
                                                        "2026-11-01 01:30-06:00")
    assert row["minutes_late"] == "30"
    # a plain local time means the first occurrence: 01:45 CDT, on time
    ok(run_cli("arrive", "FB-0130", "--at", "2026-11-01 01:45", "--reason", "crew log",
               db=db, now=now))
    assert jobs_of(db, FALL_BACK, now)["FB-0130"]["minutes_late"] == "0"
    # the office meant the second 01:45 (CST): 45 elapsed minutes after the first 01:30
    ok(run_cli("arrive", "FB-0130", "--at", "2026-11-01 01:45-06:00", "--reason",
               "it was the second 01:45", db=db, now=now))
    assert jobs_of(db, FALL_BACK, now)["FB-0130"]["minutes_late"] == "15"
    assert query(db, "SELECT at FROM stamp WHERE active") == [("2026-11-01 07:45:00.000000",)]


def test_reschedule_into_the_second_occurrence_and_not_into_the_gap(dst_copy):
    db = dst_copy
    now = "2026-10-31T12:00:00Z"
    new = int(ok(run_cli("reschedule", "FB-0000", "--to", "2026-11-01 01:15-06:00", "--by",
                         "customer", db=db, now=now)).stdout)
    assert query(db, "SELECT local_start, fold, window_start_utc FROM job WHERE id = ?",
                 (new,)) == [("01:15", 1, "2026-11-01 07:15:00.000000")]
    row = jobs_of(db, FALL_BACK, now)["FB-0000"]
    assert row["window_start"] == "2026-11-01 01:15-06:00"
    with unchanged(db):
        refused(run_cli("reschedule", "FB-0000", "--to", "2027-03-14 02:30", "--by", "company",
                        db=db, now=now), "does not exist")
        refused(run_cli("reschedule", "FB-0000", "--to", "2026-11-01 01:15-07:00", "--by",
                        "company", db=db, now=now), "offset")


def _run_on_a_terminal(args: list[str], typed: str) -> tuple[int, str]:
    """Run main.py on a pseudo-terminal (stdin, stderr); type ``typed`` at the prompt.

    With no controlling terminal, getpass reads standard input and prompts on stderr.
    """
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONTIME_")}
    env["ONTIME_NOW"] = "2026-11-23T18:00:00Z"
    env["ONTIME_AUDIT_KEY_DIR"] = os.environ["ONTIME_AUDIT_KEY_DIR"]  # see tests/conftest.py
    process = subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                               stdin=slave, stdout=subprocess.PIPE, stderr=slave, text=True,
                               start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while b"Password" not in seen:  # wait for the prompt before typing
            ready, _, _ = select.select([master], [], [], 30)
            assert ready, f"no prompt; saw {seen!r}"
            seen += os.read(master, 1024)
        os.write(master, typed.encode() + b"\n")
        out, _ = process.communicate(timeout=60)
        while select.select([master], [], [], 0.2)[0]:  # what it said on the terminal
            try:
                seen += os.read(master, 4096)
            except OSError:  # the terminal closed with the process
                break
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, out + seen.decode(errors="replace")


def test_password_prompt_on_a_terminal(db):
    code, text = _run_on_a_terminal(["--db", str(db), "add-truck", "Prompted"], "owner-pass")
    assert code == 0, text
    assert "owner-pass" not in text  # typed without echo
    assert query(db, "SELECT count(*) FROM truck WHERE name = 'Prompted'") == [(1,)]
    with unchanged(db):
        code, text = _run_on_a_terminal(["--db", str(db), "add-truck", "Nope"], "wrong")
    assert code == 2 and "password" in text.lower()

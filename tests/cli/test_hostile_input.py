"""Hostile input changes nothing: dates at the ends of the calendar, ids past 64 bits,
endless or giant files (#12 findings 8 and 10), run as main.py in a subprocess."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import (
    DAY,
    NOW,
    PASSWORD,
    ROOT,
    query,
    refused,
    run_cli,
    unchanged,
    write_file,
    write_rows,
)

FAR = ["0001-01-01 00:30", "9999-12-31 23:30", "1999-12-31 23:00", "2101-01-01 09:00",
       "0001-01-01 00:30Z", "9999-12-31 23:59+14:00"]
FAR_DAYS = ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]
HUGE = [2**63, 2**64, 10**40]


@pytest.mark.parametrize("when", FAR)
def test_times_beyond_the_span_are_refused(module_db, when):
    with unchanged(module_db):
        refused(run_cli("reschedule", "K-0900", "--to", when, "--by", "customer",
                        db=module_db), "out of range")
        refused(run_cli("arrive", "E-1130", "--at", when, "--reason", "crew log",
                        db=module_db), "out of range")
        refused(run_cli("complete", "A-0800", "--at", when, "--reason", "crew log",
                        db=module_db), "out of range")


@pytest.mark.parametrize("day", FAR_DAYS)
def test_dates_beyond_the_span_are_refused(module_db, tmp_path, day):
    with unchanged(module_db):
        refused(run_cli("jobs", "--date", day, db=module_db, password=None), "out of range")
        refused(run_cli("stats", "--from", day, "--to", day, db=module_db, password=None),
                "out of range")
        refused(run_cli("rewards", "--from", day, db=module_db, password=None),
                "out of range")
        refused(run_cli("route-sheets", "--date", day, "--pdf", tmp_path / "never.pdf",
                        db=module_db, password=None), "out of range")
    assert not (tmp_path / "never.pdf").exists()


@pytest.mark.parametrize("day", FAR_DAYS)
def test_imported_dates_beyond_the_span_are_refused(module_db, tmp_path, day):
    jobs = write_rows(tmp_path / "jobs.csv", JOBS_HEADER,
                      [["Y-1", DAY, "09:00", "Red", "Yan", "", "", "", "", "", ""],
                       ["Y-2", day, "09:00", "Red", "Yul", "", "", "", "", "", ""]])
    arrivals = write_rows(tmp_path / "arrivals.csv", ["external_id", "arrived_at"],
                          [["E-1130", f"{day} 11:40"]])
    with unchanged(module_db):
        refused(run_cli("import-jobs", jobs, db=module_db), "line 3", "out of range")
        refused(run_cli("import-arrivals", arrivals, "--reason", "crew log", db=module_db),
                "line 2", "out of range")


def test_the_span_itself_is_accepted(module_db):
    with unchanged(module_db):  # a wrong password: parsed first, then refused for that
        result = run_cli("reschedule", "K-0900", "--to", "2100-12-31 09:00", "--by",
                         "customer", db=module_db, password="wrong")
    refused(result, "password")


@pytest.mark.parametrize("number", HUGE)
def test_ids_past_64_bits_name_nothing(module_db, tmp_path, number):
    arrivals = write_rows(tmp_path / "arrivals.csv", ["job_id", "arrived_at"],
                          [[number, f"{DAY} 11:40"]])
    commands = [("arrive", number), ("en-route", number), ("complete", number),
                ("unstamp", number, "--reason", "x"), ("assign", number, "--truck", "Red"),
                ("cancel", number, "--reason", "x"),
                ("reschedule", number, "--to", f"{DAY} 15:00", "--by", "customer"),
                ("fault", number, "--set", "no_one", "--reason", "x"),
                ("reward-issue", number), ("reward-void", number, "--reason", "x"),
                ("redeem", "NOCODE", "--job", number),
                ("letter", number, "--pdf", tmp_path / "x.pdf"),
                ("certificate", number, "--pdf", tmp_path / "y.pdf"),
                ("import-arrivals", arrivals, "--reason", "x")]
    with unchanged(module_db):
        for command in commands:
            result = run_cli(*command, db=module_db)
            refused(result, str(number) if command[0] != "redeem" else "NOCODE")
            assert "cannot be used" not in result.stderr, (command, result.stderr)
    assert not list(tmp_path.glob("*.pdf"))


def test_the_largest_real_id_is_just_not_found(module_db):
    with unchanged(module_db):
        refused(run_cli("arrive", 2**63 - 1, db=module_db), "no job")


@pytest.mark.parametrize("command", ["import-jobs", "import-arrivals"])
@pytest.mark.parametrize("special", ["zero", "fifo", "folder"])
def test_pipes_and_devices_are_refused_at_once(module_db, tmp_path, command, special):
    if special == "fifo":
        source = tmp_path / "jobs.csv"
        os.mkfifo(source)  # nobody ever writes: opening it to read would wait for ever
    elif special == "folder":
        source = tmp_path
    else:
        source = zero_device(tmp_path)
    extra = ("--reason", "crew log") if command == "import-arrivals" else ()
    with unchanged(module_db):
        refused(run_capped(command, source, *extra, db=module_db), "not an ordinary file")


def run_capped(*args, db) -> subprocess.CompletedProcess:
    """main.py as run_cli runs it, with at most 2 GB of memory and 60 s: should reading ever
    become endless again, this test fails instead of exhausting the shared machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONTIME_", "PG"))}
    env.update(PYTHONIOENCODING="utf-8", ONTIME_NOW=NOW, ONTIME_PASSWORD=PASSWORD)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "main.py", "--db", str(db), *map(str, args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                          stdin=subprocess.DEVNULL, timeout=60, preexec_fn=cap, check=False)


def zero_device(folder: Path) -> Path:
    """A private /dev/zero (same device numbers), so a test cannot touch the system's."""
    node = folder / "zero.csv"
    try:
        os.mknod(node, stat.S_IFCHR | 0o444, os.makedev(1, 5))
    except PermissionError:
        node = Path("/dev/zero")  # read only: reading it cannot harm it
    return node


def test_a_file_past_the_size_limit_is_refused_unread(module_db, tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:  # sparse: 201 MB that take no room
        handle.write(",".join(JOBS_HEADER).encode() + b"\n")
        handle.truncate(201 * 1024 * 1024)
    with unchanged(module_db):
        refused(run_cli("import-jobs", big, db=module_db), "200 MB")


def test_too_many_columns_are_refused(module_db, tmp_path):
    wide = tmp_path / "wide.csv"
    header = JOBS_HEADER + [f"extra{i}" for i in range(200_000)]
    write_file(wide, ",".join(header) + "\r\n" + ",".join(["x"] * len(header)) + "\r\n")
    with unchanged(module_db):
        refused(run_cli("import-jobs", wide, db=module_db, timeout=60), "200011 columns",
                "at most 1000")


def test_many_duplicate_columns_are_each_named_once(module_db, tmp_path):
    dup = tmp_path / "dup.csv"
    header = JOBS_HEADER + ["notes", "Notes", "truck"] + [f"x{i}" for i in range(900)]
    write_file(dup, ",".join(header) + "\r\n")
    with unchanged(module_db):
        result = refused(run_cli("import-jobs", dup, db=module_db), "appears twice")
    assert result.stderr.count("appears twice") == 2
    assert query(module_db, "SELECT count(*) FROM job WHERE external_id = 'Y-1'")[0][0] == 0

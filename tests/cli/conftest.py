"""A company database prepared once with the real commands; each test gets its own copy.

Under ONTIME_TEST_DB=postgres the databases live on the throwaway cluster and a copy is a
``CREATE DATABASE ... TEMPLATE``; otherwise they are SQLite files in temporary folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    NOW,
    Database,
    copy_db,
    ok,
    run_cli,
    write_rows,
)
from tests.conftest import BACKEND

BOOKED = "2026-11-22T15:00:00Z"  # the day before: every window was booked in advance
JOBS_HEADER = ["external_id", "date", "window_start", "truck", "customer", "phone", "address",
               "service", "price", "duration", "notes"]
# At NOW (12:00 local) A-0800 is 180 min late (tier 3), B-0900 120 (tier 2), C-1015 45
# (tier 1); D-1100 ends now; the rest are later. Names G..J begin like spreadsheet formulas.
BASE_JOBS = [
    ["A-0800", DAY, "08:00", "Red", "Alice Able", "555-0101", "1 Oak St", "Carpet", "150.00",
     "90", ""],
    ["B-0900", DAY, "09:00", "Blue", "Bob Baker", "555-0102", "2 Oak St", "Carpet", "120.00",
     "90", ""],
    ["C-1015", DAY, "10:15", "Red", "Carol Cook", "555-0103", "3 Oak St", "Rugs", "80.00",
     "60", ""],
    ["D-1100", DAY, "11:00", "Blue", "Dan Dale", "555-0104", "4 Oak St", "Carpet", "99.50",
     "90", ""],
    ["E-1130", DAY, "11:30", "Green", "Eve Evans", "555-0105", "5 Oak St", "Carpet", "60.00",
     "90", ""],
    ["F-1300", DAY, "13:00", "Green", "Fay Fox", "555-0106", "6 Oak St", "Carpet", "200.00",
     "90", "gate code 1234"],
    ["G-1400", DAY, "14:00", "Green", '=HYPERLINK("http://evil.example","x")', "555-0107",
     "7 Oak St", "Carpet", "50.00", "90", ""],
    ["H-1500", DAY, "15:00", "Red", "+1 Plus", "555-0108", "8 Oak St", "Carpet", "50.00", "90",
     ""],
    ["I-1600", DAY, "16:00", "Blue", "-Minus", "555-0109", "9 Oak St", "Carpet", "50.00", "90",
     ""],
    ["J-1700", DAY, "17:00", "Red", "@At Sign", "555-0110", "10 Oak St", "Carpet", "50.00",
     "90", ""],
    ["K-0900", "2026-11-24", "09:00", "Blue", "Kim Kerr", "555-0111", "11 Oak St", "Carpet",
     "70.00", "90", ""],
    ["A-NEXT", "2026-11-30", "09:00", "Red", "Alice Able", "555-0101", "1 Oak St", "Carpet",
     "150.00", "90", ""],
]


class Databases:
    """New and copied databases for the backend under test.

    ``path`` names where the SQLite file goes; on PostgreSQL it is ignored (the database is
    made on the cluster) and the copies are dropped again by ``discard``.
    """

    def __init__(self, cluster=None) -> None:
        self.cluster = cluster

    def fresh(self, path: Path) -> Database:
        """A database for 'init' to set up: a file not yet there, or an empty database."""
        return path if self.cluster is None else self.cluster.new_database()

    def copy(self, source: Database, path: Path) -> Database:
        if self.cluster is None:
            return copy_db(source, path)
        return self.cluster.clone_database(str(source))

    def missing(self, path: Path) -> Database:
        """A database that does not exist: a file nowhere, or a name the server does not know."""
        return path if self.cluster is None else self.cluster.admin_url("no_such_company")

    def discard(self, db: Database) -> None:
        if self.cluster is not None:
            self.cluster.drop_database(str(db))


@pytest.fixture(scope="session")
def databases(request) -> Databases:
    if BACKEND == "postgres":
        return Databases(request.getfixturevalue("pg_cluster"))
    return Databases()


@pytest.fixture(scope="session")
def base_db(databases, tmp_path_factory) -> Database:
    """Prairie Carpet Care (America/Chicago): trucks Red, Blue, Green; dispatcher dana;
    the jobs above, brought up to date at NOW (so live rewards already exist)."""
    folder = tmp_path_factory.mktemp("cli-base")
    db = databases.fresh(folder / "base.sqlite3")
    ok(run_cli("init", "--company", "Prairie Carpet Care", "--tz", "America/Chicago",
               "--owner", "owner", db=db, now="2026-11-20T15:00:00Z"))
    for name, color in (("Red", "#dc2626"), ("Blue", "#2563eb"), ("Green", "#16a34a")):
        ok(run_cli("add-truck", name, "--crew", f"{name} crew", "--color", color, db=db,
                   now="2026-11-20T15:00:00Z"))
    ok(run_cli("add-user", DISPATCHER[0], "--role", "dispatcher", db=db,
               env={"ONTIME_NEW_PASSWORD": DISPATCHER[1]}, now="2026-11-20T15:00:00Z"))
    csv_file = write_rows(folder / "base.csv", JOBS_HEADER, BASE_JOBS)
    ok(run_cli("import-jobs", csv_file, db=db, now=BOOKED))
    ok(run_cli("jobs", "--date", DAY, db=db, now=NOW))  # the sweep at NOW: rewards exist
    return db


@pytest.fixture
def db(databases, base_db, tmp_path) -> Iterator[Database]:
    """A private copy of the prepared database."""
    copy = databases.copy(base_db, tmp_path / "ontime.sqlite3")
    yield copy
    databases.discard(copy)


@pytest.fixture(scope="module")
def module_db(databases, base_db, tmp_path_factory) -> Iterator[Database]:
    """One copy shared by a module's tests that only read or are refused."""
    copy = databases.copy(base_db, tmp_path_factory.mktemp("cli-module") / "ontime.sqlite3")
    yield copy
    databases.discard(copy)


@pytest.fixture
def fresh_db(databases, tmp_path) -> Iterator[Database]:
    """A database for 'init' to set up (an SQLite file in a folder that is not there yet)."""
    db = databases.fresh(tmp_path / "new" / "company.sqlite3")
    yield db
    databases.discard(db)

"""import-arrivals' bulk path against the per-row services: the same rows, audit trail and output.

One mixed file (fresh stamps at every tier boundary, corrections up and down, repeats, jobs
with live or issued rewards, completed jobs, a customer's fault, flagged customers, rows by
job id) is imported into two copies of one database: by the command as it ships (bulk) and
by tests/cli/per_row_arrivals.py (every row through the per-row services). Every table must
come out the same, apart from what is random by design (stamp client ids, certificate codes
and so the audit hashes), and `check` must pass on both.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from contextlib import closing

import pytest

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import (
    connect,
    execute,
    job_id,
    ok,
    query,
    run_cli,
    tables,
    write_rows,
)

REASON = ("--reason", "GPS export")
PER_ROW = ("-m", "tests.cli.per_row_arrivals")
DAYS = [dt.date(2026, 11, 16) + dt.timedelta(days=n) for n in range(5)]
TRUCKS = ("Red", "Blue", "Green")
SHARED = {20: "555-2999", 21: "555-2999", 6: "555-2888", 22: "555-2888"}  # flagged later


def history_jobs() -> list[list[str]]:
    """H-00..H-49: ten a day over five past days, entered today (no live reward)."""
    rows = []
    for n in range(50):
        day, hour = DAYS[n // 10], 8 + n % 10
        phone = SHARED.get(n, f"555-2{n:03d}")
        rows.append([f"H-{n:02d}", day.isoformat(), f"{hour:02d}:00", TRUCKS[n % 3],
                     f"History {phone}", phone, f"{n} Elm St", "Carpet", f"{100 + n}.00",
                     "90", ""])
    return rows


def at(n: int, late: float) -> str:
    """Local time ``late`` minutes after H-n's window end (seconds kept)."""
    day, hour = DAYS[n // 10], 8 + n % 10
    moment = dt.datetime.combine(day, dt.time(hour + 1)) + dt.timedelta(minutes=late)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def done(n: int, late: float) -> str:
    return at(n, late + 95)


PRESTAMP = [  # external_id, arrived_at, completed_at: imported first
    ["H-00", at(0, -10), ""], ["H-01", at(1, 35), ""], ["H-02", at(2, -5), done(2, -5)],
    ["H-03", at(3, 20), ""], ["H-04", at(4, -3), ""], ["H-05", at(5, 70), ""],
    ["H-06", at(6, 130), done(6, 130)], ["H-07", at(7, -1), ""], ["H-12", at(12, 20), ""],
    ["H-11", at(11, 50), ""],
]
FRESH = [-70, -10, 0, 59 / 60, 1, 29, 29 + 59 / 60, 30, 59, 60, 120, 120 + 59 / 60, 121, 200,
         -5, 15, 45, 90, 150]


def main_file() -> list[list[str]]:
    """external_id, job_id, arrived_at, completed_at: the file both paths import."""
    rows = [
        ["H-00", "", at(0, 65), ""],  # correction up: a reward appears (bulk)
        ["H-01", "", at(1, -2), ""],  # correction down: reward voided, complaint withdrawn
        ["H-03", "", at(3, 25), ""],  # correction, still no reward (bulk)
        ["H-04", "", at(4, -3), ""],  # the same time again: unchanged
        ["H-05", "", at(5, 125), ""],  # an issued tier 2 raised to tier 3 (per row)
        ["H-06", "", at(6, 40), done(6, 50)],  # completed: lowered, certificate voided
        ["H-07", "", at(7, -1), done(7, 0)],  # unchanged arrival, new completion (bulk)
        ["H-02", "", at(2, -5), done(2, -5)],  # completed, all the same: unchanged
        ["A-0800", "", "2026-11-23 11:40", ""],  # live tier 3 settled by the stamp
        ["B-0900", "", "2026-11-23 10:05", ""],  # live tier 2 voided: 5 minutes late
        ["C-1015", "", "2026-11-23 12:00", "2026-11-23 12:00"],
        ["D-1100", "", "2026-11-23 11:58", ""],
        ["H-12", "", at(12, 45), ""],  # the customer's fault: still no reward (bulk)
        ["H-11", "", at(11, 80), ""],  # the customer's fault, reward void: stays void
        ["H-13", "", at(13, 10), done(13, 10)],  # en route before
    ]
    for i, n in enumerate(range(14, 50)):
        late = FRESH[i % len(FRESH)]
        completed = done(n, late) if n % 2 == 0 or n in SHARED else ""
        by_id = 30 <= n < 34
        rows.append(["" if by_id else f"H-{n:02d}", f"#{n}" if by_id else "", at(n, late),
                     completed])
    rows.insert(20, rows.pop(4))  # the per-row rows fall between bulk ones
    rows.insert(30, rows.pop(5))
    return rows


@pytest.fixture(scope="module")
def prepared(databases, base_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("bulk-equivalence")
    db = databases.copy(base_db, folder / "prepared.sqlite3")
    ok(run_cli("import-jobs", write_rows(folder / "h.csv", JOBS_HEADER, history_jobs()), db=db))
    pre = write_rows(folder / "pre.csv", ["external_id", "arrived_at", "completed_at"], PRESTAMP)
    ok(run_cli("import-arrivals", pre, *REASON, db=db))
    h05 = query(db, "SELECT r.id FROM reward r JOIN job j ON j.id = r.job_id "
                "WHERE j.external_id = 'H-05'")[0][0]
    ok(run_cli("reward-issue", h05, db=db))
    for late_job in ("H-12", "H-11"):
        ok(run_cli("fault", late_job, "--set", "customer", "--reason", "gate locked", db=db))
    ok(run_cli("en-route", "H-13", "--at", at(13, -30)[:16], "--reason", "radio", db=db))
    for phone in ("555-2999", "555-2888"):
        ok(run_cli("customer-flag", phone, "--perfect-visit", "--reason", "late last time",
                   db=db))
    rows = main_file()
    for row in rows:
        if row[1]:
            row[1] = str(job_id(db, f"H-{int(row[1][1:]):02d}"))
    path = write_rows(folder / "main.csv", ["external_id", "job_id", "arrived_at",
                                            "completed_at"], rows)
    yield db, path
    databases.discard(db)


IGNORED = {"stamp": {"client_uid"}, "audit_entry": {"hash", "prev_hash"}}
BAGS = ("late", "answered", "resolved")  # the summary's comma-joined lists (see cells.py)
CODE = re.compile(r"OT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table, ids kept; certificate codes, stamp client ids and hashes
    (random by design) left out."""
    out = {}
    for name in tables(db):
        with closing(connect(db)) as conn:
            cursor = conn.execute(f'SELECT * FROM "{name}" LIMIT 0')
            columns = [getattr(c, "name", None) or c[0] for c in cursor.description]
        kept = [c for c in columns if c not in IGNORED.get(name, ())]
        rows = query(db, f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in kept)} '
                     f'FROM "{name}"')
        rows = [tuple(CODE.sub("OT-CODE", v) if isinstance(v, str) else v for v in row)
                for row in rows]
        bags = [i for i, c in enumerate(kept) if name.startswith("stats_") and c in BAGS]
        rows = [tuple(",".join(sorted(v.split(","))) if i in bags and v else v
                      for i, v in enumerate(row)) for row in rows]  # lists in any order
        if name == "setting":  # the audit head ("last id:hash"): ids differ, see below
            rows = [(k, v) for k, v in rows if k != "audit_head"]
        if name == "audit_entry":
            out.update(trail(kept, rows))
            continue
        out[name] = sorted(rows, key=repr)
    return out


def trail(columns: list[str], rows: list[tuple]) -> dict[str, list]:
    """The trail as two facts that must agree: what was done, in order (ids left out: the
    per-row path snapshots some rows more than once, so row entries shift the ids), and the
    last snapshot of every row, which is what ``check`` replays into the tables."""
    named = [dict(zip(columns, row)) for row in sorted(rows)]
    done = [tuple(v for k, v in e.items() if k != "id") for e in named
            if e["action"] not in ("row", "row-gone")]
    last: dict[tuple, object] = {}
    for e in named:
        if e["action"] in ("row", "row-gone"):
            row = json.loads(e["new"]) if e["new"] else None
            if row and e["entity"] == "row:stamp":
                row.pop("client_uid")  # random by design, as in the stamp table
            last[(e["entity"], e["entity_id"])] = (e["action"], row)
    return {"audit_entry (what was done)": done,
            "audit_entry (rows it implies)": sorted(last.items(), key=repr)}


def test_bulk_and_per_row_leave_the_same_database(prepared, databases, tmp_path):
    source, path = prepared
    bulk = databases.copy(source, tmp_path / "bulk.sqlite3")
    per_row = databases.copy(source, tmp_path / "per-row.sqlite3")
    try:
        (tmp_path / "b").mkdir()
        (tmp_path / "p").mkdir()
        fast = ok(run_cli("import-arrivals", path, *REASON, "--log", tmp_path / "b" / "log.csv",
                          db=bulk))
        slow = ok(run_cli("import-arrivals", path, *REASON, "--log", tmp_path / "p" / "log.csv",
                          db=per_row, program=PER_ROW))
        assert fast.stdout.replace("/b/", "/p/") == slow.stdout
        assert "Stamped 41 arrival(s), corrected 7, 3 already recorded." in fast.stdout
        assert (tmp_path / "b" / "log.csv").read_bytes() == (tmp_path / "p" / "log.csv"
                                                             ).read_bytes()
        one, two = snapshot(bulk), snapshot(per_row)
        assert one.keys() == two.keys()
        for name in one:
            only_bulk = [r for r in one[name] if r not in two[name]]
            only_per_row = [r for r in two[name] if r not in one[name]]
            assert (only_bulk, only_per_row) == ([], []), name
            assert one[name] == two[name], name
        actions = {a for (a,) in query(bulk, "SELECT DISTINCT action FROM audit_entry")}
        assert {"stamp", "correct", "replace", "status", "create", "open", "flag", "void",
                "withdraw", "upgraded", "lowered"} <= actions  # the mix really is mixed
        for db in (bulk, per_row):
            assert "All checks passed" in ok(run_cli("check", db=db)).stdout
            assert query(db, "SELECT count(*) FROM stats_dirty") == [(0,)]
    finally:
        databases.discard(bulk)
        databases.discard(per_row)


def test_a_summary_instead_of_a_line_per_reward_and_the_details_in_the_log(prepared, databases,
                                                                           tmp_path):
    source, _ = prepared
    db = databases.copy(source, tmp_path / "one.sqlite3")
    try:
        path = write_rows(tmp_path / "a.csv", ["external_id", "arrived_at"], [
            ["H-20", at(20, -4)], ["H-21", at(21, 31)], ["H-22", at(22, 61)],
            ["H-23", at(23, 122)], ["H-24", at(24, 35)], ["H-07", at(7, -1)]])
        log = tmp_path / "details.csv"
        result = ok(run_cli("import-arrivals", path, *REASON, "--log", log, db=db))
        assert result.stdout.splitlines() == [
            "Stamped 5 arrival(s), corrected 0, 1 already recorded.",
            "Rewards: 4 created (tier 1: 2, tier 2: 1, tier 3: 1).",
            "Complaints: 4 opened, 0 reopened, 0 withdrawn.",
            f"One line per row written to {log}.",
        ]
        raw = log.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert lines[0] == ["line", "job_id", "external_id", "arrival", "minutes_late",
                            "guarantee"]
        assert lines[1] == ["2", str(job_id(db, "H-20")), "H-20", "stamped", "0", ""]
        assert lines[4] == ["5", str(job_id(db, "H-23")), "H-23", "stamped", "122",
                            "History 555-2023 — Tier 3 reward owed: Today's job at no charge, "
                            "plus a certificate for a future cleaning ($223.00)."]
        assert lines[6] == ["7", str(job_id(db, "H-07")), "H-07", "unchanged", "0", ""]
        assert len(lines) == 7
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        without = ok(run_cli("import-arrivals", path, *REASON, db=db))  # all unchanged now
        assert without.stdout.splitlines() == [
            "Stamped 0 arrival(s), corrected 0, 6 already recorded.",
            "Rewards: none created or changed.",
            "Complaints: 0 opened, 0 reopened, 0 withdrawn.",
        ]
    finally:
        databases.discard(db)


def test_one_bad_row_refuses_a_big_file_and_leaves_no_log(prepared, tmp_path):
    from tests.cli.helpers import refused, unchanged

    source, _ = prepared
    rows = [[f"H-{n:02d}", at(n, 45)] for n in range(14, 50)]
    rows[30][1] = "2026-11-23 12:30"  # in the future (NOW is 12:00)
    rows[33][1] = "2026-11-23 12:05"
    path = write_rows(tmp_path / "bad.csv", ["external_id", "arrived_at"], rows)
    log = tmp_path / "log.csv"
    with unchanged(source):
        result = refused(run_cli("import-arrivals", path, *REASON, "--log", log, db=source),
                         "2 problem(s); nothing was imported", "line 32, column arrived_at",
                         "line 35, column arrived_at", "future")
    assert len([x for x in result.stderr.splitlines() if x.startswith("line ")]) == 2
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("where", ["input", "folder", "database"])
def test_the_log_may_not_overwrite_the_database_or_the_input(prepared, tmp_path, where):
    from tests.cli.helpers import is_server, refused, unchanged

    source, _ = prepared
    if where == "database" and is_server(source):
        pytest.skip("a server database is no file")
    path = write_rows(tmp_path / "in.csv", ["external_id", "arrived_at"], [["H-40", at(40, 3)]])
    target = {"input": path, "folder": tmp_path, "database": source}[where]
    before = path.read_bytes()
    with unchanged(source):
        refused(run_cli("import-arrivals", path, *REASON, "--log", target, db=source),
                "nothing was changed" if where != "folder" else "folder")
    assert path.read_bytes() == before

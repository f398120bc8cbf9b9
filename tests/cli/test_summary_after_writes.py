"""A command that changes data leaves the owner's statistics summary current for its days."""

from __future__ import annotations

from tests.cli.conftest import JOBS_HEADER
from tests.cli.helpers import ok, query, run_cli, write_rows

DAYS = ("2026-11-17", "2026-11-18", "2026-11-19")


def summary(db, day: str):
    """(jobs, arrived, tier1, tier2, tier3, complaints) of the day's stored summary row."""
    rows = query(db, "SELECT jobs, arrived, tier1, tier2, tier3, complaints FROM stats_day "
                 "WHERE local_date = ?", (day,))
    return rows[0] if rows else None


def dirty(db) -> list:
    return query(db, "SELECT local_date FROM stats_dirty")


def test_imports_and_a_stamp_leave_no_day_out_of_date(db, tmp_path):
    jobs = [[f"S-{d}-{h}", day, f"{8 + h:02d}:00", "Red", f"Sum {d}{h}", f"555-3{d}{h:02d}",
             "", "", "", "", ""] for d, day in enumerate(DAYS) for h in range(4)]
    ok(run_cli("import-jobs", write_rows(tmp_path / "j.csv", JOBS_HEADER, jobs), db=db))
    assert dirty(db) == []
    assert [summary(db, day) for day in DAYS] == [(4, 0, 0, 0, 0, 0)] * 3

    arrivals = [["S-0-0", "2026-11-17 08:50"], ["S-0-1", "2026-11-17 10:45"],
                ["S-1-2", "2026-11-18 12:05"], ["S-2-3", "2026-11-19 11:55"]]
    ok(run_cli("import-arrivals", write_rows(tmp_path / "a.csv", ["external_id", "arrived_at"],
                                             arrivals), "--reason", "crew log", db=db))
    assert dirty(db) == []
    assert [summary(db, day) for day in DAYS] == [(4, 2, 1, 0, 0, 1), (4, 1, 0, 1, 0, 1),
                                                  (4, 1, 0, 0, 0, 0)]

    ok(run_cli("arrive", "S-2-0", "--at", "2026-11-19 09:31", "--reason", "late call", db=db))
    assert dirty(db) == []
    assert summary(db, DAYS[2]) == (4, 2, 1, 0, 0, 1)
    assert "All checks passed" in ok(run_cli("check", db=db)).stdout


def test_a_read_command_whose_sweep_adds_a_reward_refreshes_too(db):
    # At 14:00 E-1130 (window 11:30-12:30) is 90 minutes late: the sweep raises rewards.
    ok(run_cli("jobs", "--date", "2026-11-23", db=db, now="2026-11-23T20:00:00Z",
               password=None))
    assert dirty(db) == []
    assert summary(db, "2026-11-23")[2:5] != (0, 0, 0)

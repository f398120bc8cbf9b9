"""forecast and durations end to end: the formats of INTERFACES.md, a forecast moving with a
stamp, what was learned kept current command after command, a correction starting it over,
durations recovering a service that runs long on a generated history, and `check`."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.benchmarks.forecast_sim import Truth, simulate
from tests.cli.helpers import (
    DAY,
    ok,
    parse_table,
    query,
    read_export,
    refused,
    run_cli,
    unchanged,
    write_rows,
)
from tests.cli.test_listings import ORDER, assert_csv_bytes

FORECAST = ["job_id", "external_id", "truck", "window_start", "window_end", "arrival_p50",
            "arrival_p10", "arrival_p90", "p_late", "p_tier1", "p_tier2", "p_tier3",
            "expected_cost", "at_risk", "why"]
DURATIONS = ["service", "truck", "jobs", "booked_median", "actual_median", "actual_p90",
             "travel_median", "suggested_booking"]
PROBABILITIES = ("p_late", "p_tier1", "p_tier2", "p_tier3")


def _learned(db) -> tuple[int, int, int]:
    """(records, rebuilds, stamp_mark) of the stored state."""
    rows = query(db, "SELECT records, rebuilds, stamp_mark FROM forecast_state")
    return tuple(rows[0]) if rows else None


def _stamp_head(db) -> int:
    return query(db, "SELECT MAX(id) FROM stamp")[0][0]


def assert_well_formed(rows) -> None:
    for r in rows:
        values = [r[p] for p in PROBABILITIES]
        assert all(len(v) == 5 and v[1] == "." for v in values), values  # 0.xyz or 1.000
        assert [float(v) for v in values] == sorted((float(v) for v in values), reverse=True)
        assert r["arrival_p10"] <= r["arrival_p50"] <= r["arrival_p90"]
        assert r["at_risk"] in ("yes", "no")
        assert r["why"] and "\n" not in r["why"]
        float(r["expected_cost"])
        assert r["expected_cost"].count(".") == 1 and len(r["expected_cost"].split(".")[1]) == 2


def test_forecast_lists_every_waiting_job_by_truck_then_window(db, tmp_path):
    result = ok(run_cli("forecast", "--date", DAY, db=db, password=None))
    assert result.stdout.splitlines()[0].split("\t") == FORECAST
    rows = parse_table(result.stdout)
    assert [r["external_id"] for r in rows] == ORDER
    assert_well_formed(rows)
    by_id = {r["external_id"]: r for r in rows}
    late = by_id["A-0800"]  # its window closed three hours ago and no crew is there
    assert (late["window_start"], late["window_end"]) == ("2026-11-23 08:00", "2026-11-23 09:00")
    assert late["p_late"] == "1.000" and late["p_tier3"] == "1.000"
    assert late["at_risk"] == "no"  # already late: the board says late, not at risk
    assert late["arrival_p50"] >= "2026-11-23 12:00"
    assert by_id["D-1100"]["at_risk"] == "yes"  # its window ends now
    # the CSV holds the same rows; the second run learns nothing and changes nothing
    target = tmp_path / "forecast.csv"
    with unchanged(db):
        ok(run_cli("forecast", "--date", DAY, "--csv", target, db=db, password=None))
    raw, header, exported = read_export(target)
    assert_csv_bytes(raw)
    assert header == FORECAST
    assert exported == rows


def test_forecast_refuses_bad_input_and_the_database_as_target(db):
    with unchanged(db):
        refused(run_cli("forecast", "--date", "2026-13-01", db=db), "2026-13-01")
        refused(run_cli("forecast", "--date", DAY, "--csv", db, db=db))
        refused(run_cli("durations", "--from", "2026-11-30", "--to", "2026-11-01", db=db),
                "--to")
        refused(run_cli("durations", "--csv", db, db=db))
    assert run_cli("forecast", db=db).returncode == 2  # --date is required


def test_a_stamp_moves_the_forecast_and_is_learned_once_completed(db):
    before = {r["external_id"]: r for r in parse_table(
        ok(run_cli("forecast", "--date", DAY, db=db)).stdout)}
    records, rebuilds, _mark = _learned(db)
    assert (records, rebuilds) == (0, 1)
    ok(run_cli("arrive", "B-0900", "--at", "2026-11-23 11:20", "--reason", "crew called late",
               db=db))
    after = {r["external_id"]: r for r in parse_table(
        ok(run_cli("forecast", "--date", DAY, db=db)).stdout)}
    assert "B-0900" not in after
    assert after["D-1100"]["arrival_p50"] != before["D-1100"]["arrival_p50"]
    assert "still on the previous job" in after["D-1100"]["why"]
    assert _learned(db) == (0, 1, _stamp_head(db))  # the watermark moved, nothing to learn
    ok(run_cli("complete", "B-0900", "--at", "2026-11-23 11:55", "--reason", "crew log",
               db=db))
    assert _learned(db) == (1, 1, _stamp_head(db))  # the write command learned one job
    ok(run_cli("arrive", "B-0900", "--at", "2026-11-23 11:10", "--reason", "GPS says 11:10",
               db=db))  # a correction of a learned stamp: learned again from the start
    ok(run_cli("forecast", "--date", DAY, db=db))
    assert _learned(db) == (1, 2, _stamp_head(db))
    ok(run_cli("check", db=db))


def _history_files(tmp_path):
    """Three trucks' simulated days in October as an import and its arrivals."""
    truth = Truth.make(n_trucks=3, seed=5)
    jobs, arrivals = [], []
    first = dt.date(2026, 10, 1)
    for i, day in enumerate(simulate(truth, 20, seed=5)):
        date = first + dt.timedelta(days=i // 3)
        for s in day.jobs:
            if s.job.window_start > 19 * 60 or s.completed > 23 * 60:
                break
            ext = f"S-{s.job.job_id}"
            jobs.append([ext, date.isoformat(), _clock(s.job.window_start), day.crew,
                         f"Customer {s.job.zip}", f"555-{s.job.zip[1:]}",
                         f"1 Main St, Chicago IL {s.job.zip}", s.job.service, "150.00",
                         str(int(s.job.booked_minutes)), ""])
            arrivals.append([ext, f"{date} {_clock(s.arrived)}", f"{date} {_clock(s.completed)}"])
    header = ["external_id", "date", "window_start", "truck", "customer", "phone", "address",
              "service", "price", "duration", "notes"]
    return (write_rows(tmp_path / "jobs.csv", header, jobs),
            write_rows(tmp_path / "arrivals.csv", ["external_id", "arrived_at", "completed_at"],
                       arrivals), len(jobs))


def _clock(minutes: float) -> str:
    m = int(round(minutes))
    return f"{m // 60:02d}:{m % 60:02d}"


@pytest.fixture(scope="module")
def history_db(databases, base_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("forecast-history")
    db = databases.copy(base_db, folder / "ontime.sqlite3")
    jobs, arrivals, count = _history_files(folder)
    ok(run_cli("import-jobs", jobs, "--create-missing", db=db, now="2026-09-01T12:00:00Z"))
    ok(run_cli("import-arrivals", arrivals, "--reason", "crew logs", db=db, timeout=600))
    yield db, count
    databases.discard(db)


def test_durations_recover_a_service_that_runs_long(history_db, tmp_path):
    db, count = history_db
    result = ok(run_cli("durations", "--from", "2026-10-01", "--to", "2026-10-31", db=db,
                        password=None))
    assert result.stdout.splitlines()[0].split("\t") == DURATIONS
    rows = parse_table(result.stdout)
    services = [r for r in rows if r["truck"] == ""]
    cells = [r for r in rows if r["truck"] != ""]
    assert rows == services + cells  # one row per service, then per service and truck
    assert [r["service"] for r in services] == sorted(r["service"] for r in services)
    assert sum(int(r["jobs"]) for r in services) == count
    assert all(r["suggested_booking"] == "" for r in cells)
    by_service = {r["service"]: r for r in services}
    long = by_service["Upholstery"]  # truly 150 minutes when booked at 120
    assert long["booked_median"] == "120"
    assert 130 < int(long["suggested_booking"]) <= 155  # above the booking, toward the truth
    assert 140 <= int(long["actual_median"]) <= 160
    assert int(long["actual_p90"]) > int(long["actual_median"])
    assert int(by_service["Tile & grout"]["suggested_booking"]) < 90  # runs short
    assert 5 <= int(by_service["Carpet"]["travel_median"]) <= 60  # drives that show no wait
    assert {r["truck"] for r in cells} == {"Truck 01", "Truck 02", "Truck 03"}
    target = tmp_path / "durations.csv"
    ok(run_cli("durations", "--from", "2026-10-01", "--csv", target, db=db))
    raw, header, exported = read_export(target)
    assert_csv_bytes(raw)
    assert (header, exported) == (DURATIONS, rows)
    none = parse_table(ok(run_cli("durations", "--to", "2026-09-30", db=db)).stdout)
    assert none == []


def test_a_forecast_on_a_learned_history_and_check(history_db):
    db, count = history_db
    rows = parse_table(ok(run_cli("forecast", "--date", DAY, db=db)).stdout)
    assert [r["external_id"] for r in rows] == ORDER
    assert_well_formed(rows)
    records, _rebuilds, mark = _learned(db)
    assert (records, mark) == (count, _stamp_head(db))
    ok(run_cli("check", db=db))


def test_backup_restore_and_migrate_to_keep_forecasting(history_db, databases, tmp_path):
    source, count = history_db
    db = databases.copy(source, tmp_path / "office.sqlite3")
    try:
        first = ok(run_cli("forecast", "--date", DAY, db=db)).stdout
        backup = tmp_path / "backup.sqlite3"
        ok(run_cli("backup", backup, db=db, password=None))
        ok(run_cli("arrive", "D-1100", db=db))  # something the backup does not have
        ok(run_cli("complete", "D-1100", db=db))
        assert _learned(db)[0] == count + 1
        ok(run_cli("restore", backup, db=db, env={"XDG_DATA_HOME": str(tmp_path / "d")}))
        assert ok(run_cli("forecast", "--date", DAY, db=db)).stdout == first
        assert _learned(db)[0] == count  # what the restored stamps teach, no more
        ok(run_cli("check", db=db, password=None))
        copy = tmp_path / "copy.sqlite3"
        ok(run_cli("migrate-to", copy, db=db))
        assert ok(run_cli("forecast", "--date", DAY, db=copy)).stdout == first
        assert _learned(copy)[0] == count
        ok(run_cli("check", db=copy, password=None))
    finally:
        databases.discard(db)

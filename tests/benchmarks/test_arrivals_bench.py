"""import-arrivals on a 1,000,000-job history: run with `pytest --benchmark-only -s`.

The history is stats_history's (generated once, cached). On a copy, ROWS jobs of 2025 (100 more trucks, so the days they touch are full) come in
through import-jobs (entered after the fact, as a crew-log backlog is), 1% of them get an
arrival first; then one file is timed as a whole command (start-up, sweep, import, summary
refresh): 85% on time, 15% late over every tier, half with a completion, 1% corrections of
those first arrivals, and 0.1% corrections of already completed history jobs (those take the
per-row path). Target: >= 10,000 rows/s. Also timed: one `arrive` on that history, with the
summary refresh every write command now ends with.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.cli.helpers import copy_db, ok, run_cli

sys.path.insert(0, str(Path(__file__).parent))
import stats_history  # noqa: E402
from history_rows import bench_folder  # noqa: E402

ROWS = 100_000
TARGET = 10_000  # rows per second, whole command
NOW = "2026-11-23T18:00:00Z"
FIRST = dt.date(2025, 1, 1)
TRUCKS = 100
PER_DAY = TRUCKS * 9  # windows 08:00..16:00 on each new truck


def _day_hour(n: int) -> tuple[dt.date, int]:
    return FIRST + dt.timedelta(days=n // PER_DAY), 8 + (n % PER_DAY) // TRUCKS


def _local(day: dt.date, hour: int, minutes: float) -> str:
    moment = dt.datetime.combine(day, dt.time(hour + 1)) + dt.timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _lateness(rnd: random.Random) -> float:
    """Minutes after the window end: 85% on time, the rest over every tier."""
    if rnd.random() < 0.85:
        return -rnd.uniform(0, 75)
    return rnd.choice((rnd.uniform(0, 29.9), rnd.uniform(30, 59.9), rnd.uniform(30, 59.9),
                       rnd.uniform(60, 120.9), rnd.uniform(121, 240)))


def _write(path: Path, header: list[str], rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


VERSION = 2


@pytest.fixture(scope="module")
def prepared():
    """(database with the new jobs and the first arrivals, the file to time, its rows),
    cached beside the history."""
    folder = bench_folder() / f"arrivals-v{VERSION}-{ROWS}"
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        _prepare(folder)
        (folder / "done").write_text("ok")
    count = sum(1 for _ in open(folder / "arrivals.csv", encoding="utf-8")) - 1
    return folder / "prepared.sqlite3", folder / "arrivals.csv", count


def _prepare(folder: Path) -> None:
    history = stats_history.cached_history()
    from models import store
    from models.reports import cells

    store.open_db(str(history))
    cells.refresh()  # a real office's summary is current (the dashboard, every command now)
    store.close()
    db = copy_db(history, folder / "prepared.sqlite3")
    rnd = random.Random(13)
    jobs = []
    for n in range(ROWS):
        day, hour = _day_hour(n)
        jobs.append([f"IMP-{n:06d}", day.isoformat(), f"{hour:02d}:00",
                     f"Import {n % TRUCKS:02d}", f"Customer {1 + n % 20000}",
                     f"555-{1 + n % 20000:05d}", "180.00"])
    ok(run_cli("import-jobs", _write(folder / "jobs.csv", ["external_id", "date",
                                                          "window_start", "truck", "customer",
                                                          "phone", "price"], jobs),
               "--create-missing", db=db, now=NOW, timeout=900))
    corrected = set(rnd.sample(range(ROWS), ROWS // 100))
    first = [[f"IMP-{n:06d}", _local(*_day_hour(n), -20)] for n in sorted(corrected)]
    ok(run_cli("import-arrivals", _write(folder / "first.csv", ["external_id", "arrived_at"],
                                         first), "--reason", "crew log", db=db, now=NOW,
               timeout=900))
    rows = []
    for n in range(ROWS):
        day, hour = _day_hour(n)
        late = _lateness(rnd)
        done = _local(day, hour, late + 95) if rnd.random() < 0.5 else ""
        rows.append([f"IMP-{n:06d}", "", _local(day, hour, late), done])
    with sqlite3.connect(str(db)) as con:  # completed history jobs, arrival moved 3 min earlier
        old = con.execute(
            "SELECT j.id, s.at FROM job j JOIN stamp s ON s.job_id = j.id AND s.active "
            "AND s.kind = 'arrival' WHERE j.status = 'completed' AND j.local_date "
            "BETWEEN '2025-01-01' AND '2025-12-31' AND j.id % 997 = 0 LIMIT ?",
            (ROWS // 1000,)).fetchall()
    for job, at in old:
        moved = dt.datetime.fromisoformat(at) - dt.timedelta(minutes=3)
        rows.insert(rnd.randrange(len(rows)), ["", job, moved.strftime("%Y-%m-%dT%H:%M:%SZ"), ""])
    _write(folder / "arrivals.csv", ["external_id", "job_id", "arrived_at", "completed_at"],
           rows)


def test_import_arrivals_on_a_million_job_history(benchmark, prepared, tmp_path):
    db, path, count = prepared
    rounds = iter(range(100))
    outputs = []

    def fresh_copy():
        return (copy_db(db, tmp_path / f"round-{next(rounds)}.sqlite3"),), {}

    def run_import(target):
        result = ok(run_cli("import-arrivals", path, "--reason", "GPS export", db=target,
                            now=NOW, timeout=1800))
        outputs.append(result.stdout)
        return target

    benchmark.pedantic(run_import, setup=fresh_copy, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.median
    rate = count / seconds
    print(f"\nimport-arrivals of {count:,} rows on a 1,000,000-job history (whole command, "
          f"summary refresh included): {seconds:.2f} s = {rate:,.0f} rows/s "
          f"(target >= {TARGET:,})\n{outputs[-1]}")
    target = tmp_path / "round-0.sqlite3"
    assert sqlite3.connect(str(target)).execute("SELECT count(*) FROM stats_dirty").fetchone() \
        == (0,)
    started = time.perf_counter()
    ok(run_cli("arrive", "IMP-000000", "--at", "2025-01-01 09:20", "--reason", "crew called",
               db=target, now=NOW))
    one = time.perf_counter() - started
    print(f"one `arrive` (correction) on that history, summary refresh included: "
          f"{one * 1000:.0f} ms")
    assert rate >= TARGET

"""Benchmarks of the headless commands: import-jobs throughput and start-up time.

Run with ``pytest tests/benchmarks/test_cli_bench.py --benchmark-only -s`` (skipped by default).
Targets: import-jobs of 100,000 rows at >= 20,000 rows/s; ``jobs --date`` in <= 0.4 s wall.
"""

from __future__ import annotations

import csv
import datetime as dt
import time

import pytest

from tests.cli.helpers import copy_db, ok, run_cli

ROWS = 100_000
TRUCKS = 10
IMPORT_TARGET = 20_000  # rows per second
STARTUP_TARGET = 0.4  # seconds, wall
DAY = "2026-11-23"


@pytest.fixture(scope="module")
def empty_company(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-bench")
    db = folder / "empty.sqlite3"
    ok(run_cli("init", "--company", "Bench Carpet", "--tz", "America/Chicago", "--owner",
               "owner", db=db, now="2026-11-01T12:00:00Z"))
    return db


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """100,000 jobs: 10 trucks x 10 windows a day over 1,000 days, 20,000 customers."""
    path = tmp_path_factory.mktemp("cli-bench-csv") / "jobs-100k.csv"
    start = dt.date(2027, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["external_id", "date", "window_start", "truck", "customer", "phone",
                         "address", "service", "price", "duration", "notes"])
        for n in range(ROWS):
            day = start + dt.timedelta(days=n // (TRUCKS * 10))
            slot = (n // TRUCKS) % 10
            person = n % 20_000
            writer.writerow([f"EXT-{n:06d}", day.isoformat(), f"{8 + slot:02d}:00",
                             f"Truck {n % TRUCKS:02d}", f"Customer {person:05d}",
                             f"555-{person:05d}", f"{person} Main Street", "Carpet cleaning",
                             f"{100 + n % 50}.{n % 100:02d}", "90",
                             "back door" if n % 7 == 0 else ""])
    return path


def test_import_jobs_100k_rows(benchmark, empty_company, big_csv, tmp_path):
    rounds = iter(range(100))

    def fresh_copy():
        target = copy_db(empty_company, tmp_path / f"round-{next(rounds)}.sqlite3")
        return (target,), {}

    def run_import(db):
        result = ok(run_cli("import-jobs", big_csv, "--create-missing", db=db,
                            now="2026-11-23T18:00:00Z", timeout=600))
        assert f"Imported {ROWS} new job(s)" in result.stdout
        return db

    benchmark.pedantic(run_import, setup=fresh_copy, rounds=2, iterations=1)
    seconds = benchmark.stats.stats.median
    rate = ROWS / seconds
    print(f"\nimport-jobs of {ROWS:,} rows (whole command, start-up included): "
          f"{seconds:.2f} s median = {rate:,.0f} rows/s (target >= {IMPORT_TARGET:,})")
    assert rate >= IMPORT_TARGET


def test_headless_startup_jobs_date(benchmark, empty_company, tmp_path):
    db = copy_db(empty_company, tmp_path / "small.sqlite3")
    small = tmp_path / "small.csv"
    with open(small, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "window_start", "truck", "customer", "phone"])
        for n in range(40):
            writer.writerow([DAY, f"{8 + n % 10:02d}:00", f"Truck {n // 10}", f"Person {n}",
                             f"555-01{n:02d}"])
    ok(run_cli("import-jobs", small, "--create-missing", db=db, now="2026-11-22T12:00:00Z"))
    ok(run_cli("jobs", "--date", DAY, db=db))  # the rewards of the late jobs exist now

    def listing():
        started = time.perf_counter()
        result = ok(run_cli("jobs", "--date", DAY, db=db, password=None))
        assert len(result.stdout.splitlines()) == 41
        return time.perf_counter() - started

    benchmark.pedantic(listing, rounds=10, iterations=1, warmup_rounds=1)
    median = benchmark.stats.stats.median
    print(f"\n`jobs --date` start-up on a small database: median {median * 1000:.0f} ms, "
          f"min {benchmark.stats.stats.min * 1000:.0f} ms (target <= {STARTUP_TARGET * 1000:.0f}"
          " ms)")
    assert median <= STARTUP_TARGET

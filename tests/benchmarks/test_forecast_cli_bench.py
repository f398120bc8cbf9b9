"""The forecast command on a big history: run with `pytest --benchmark-only -s
tests/benchmarks/test_forecast_cli_bench.py` (skipped in the normal run, --benchmark-skip).

Targets (issue 15): `forecast --date D` for a 100-job day on a 150,000-job history <= 1 s
for the whole command (a new process, the stored state brought up to date, every forecast,
the table printed); the incremental update of the learned state per stamp <= 5 ms.
"""

from __future__ import annotations

import shutil
import statistics
import time

import pytest

from tests.benchmarks.forecast_cli_history import NOON, TZ, cached_history
from tests.cli.helpers import copy_db, ok, parse_table, run_cli

COMMAND_TARGET = 1.0  # seconds, wall
STAMP_TARGET = 0.005  # seconds per incremental update


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    path, day, noon = cached_history()
    copy = copy_db(path, tmp_path_factory.mktemp("forecast-cli-bench") / "office.sqlite3")
    yield copy, day, noon
    shutil.rmtree(copy.parent, ignore_errors=True)


def _now_text(noon) -> str:
    return noon.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_forecast_command_on_150k_jobs(benchmark, history):
    db, day, noon = history
    jobs = ok(run_cli("jobs", "--date", day, db=db, now=_now_text(noon), password=None))
    assert len(parse_table(jobs.stdout)) == 100
    started = time.perf_counter()
    first = ok(run_cli("forecast", "--date", day, db=db, now=_now_text(noon), password=None))
    cold = time.perf_counter() - started
    from tests.cli.helpers import query

    records = query(db, "SELECT records FROM forecast_state")[0][0]
    walls = []

    def once():
        t0 = time.perf_counter()
        result = ok(run_cli("forecast", "--date", day, db=db, now=_now_text(noon),
                            password=None))
        walls.append(time.perf_counter() - t0)
        return result

    result = benchmark.pedantic(once, rounds=7, iterations=1)
    rows = parse_table(result.stdout)
    assert rows == parse_table(first.stdout)
    median = statistics.median(walls)
    print(f"\nforecast --date {day}: {len(rows)} jobs waiting of 100, learned from "
          f"{records:,} jobs; whole command median {median * 1000:.0f} ms (min "
          f"{min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f}); the first run, which learned "
          f"the whole history (no state stored yet): {cold * 1000:.0f} ms")
    assert records >= 150_000
    assert median <= COMMAND_TARGET


def test_incremental_update_per_stamp(benchmark, history):
    from models import store
    from models.db import db as bound
    from models.forecast.timeline import DayClock
    from models.forecast_db import learned
    from models.queries.day import day_jobs
    from models.services import stamps
    from models.services.actor import Actor

    path, day, noon = history
    store.open_db(str(path))
    owner = Actor("owner", "owner")
    learned.current()  # built (or current) before the stamps
    clock = DayClock(day, TZ)
    waiting = [j for j in day_jobs(day, noon) if j.arrived_at is None][:40]
    arrivals, completions = [], []
    for n, job in enumerate(waiting):
        at = clock.instant(NOON + 1 + n)
        stamps.arrive(job.job_id, at, owner, at)
        t0 = time.perf_counter()
        outcome = learned.learn_new()
        arrivals.append(time.perf_counter() - t0)
        assert outcome.learned == 0 and not outcome.rebuilt
        done = at + (clock.instant(60) - clock.instant(0))
        stamps.complete(job.job_id, done, owner, done)
        t0 = time.perf_counter()
        outcome = learned.learn_new()
        completions.append(time.perf_counter() - t0)
        assert outcome.learned == 1 and not outcome.rebuilt

    def nothing_new():
        return learned.learn_new()

    benchmark.pedantic(nothing_new, rounds=20, iterations=1)
    med_c, med_a = statistics.median(completions), statistics.median(arrivals)
    print(f"\nincremental update per stamp on {bound.obj.database}: completion (one job "
          f"learned) median {med_c * 1000:.2f} ms, max {max(completions) * 1000:.2f} ms; "
          f"arrival (marks only) median {med_a * 1000:.2f} ms, max "
          f"{max(arrivals) * 1000:.2f} ms; over {len(completions)} jobs")
    store.close()
    assert med_c <= STAMP_TARGET

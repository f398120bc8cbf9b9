"""Owner statistics on 1,000,000 generated jobs: run with `pytest --benchmark-only`.

The history is generated once into the temp folder (see stats_history.py); generation is
not part of any figure, and nothing here runs in the normal suite (--benchmark-skip).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.reports.figures import FAULT_CODE, LATE_MINUTES

sys.path.insert(0, str(Path(__file__).parent))
import stats_history  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
YEAR = ("2025-01-01", "2025-12-31")
BEFORE = ("2024-01-01", "2024-12-31")

# The same figures as the dashboard, by hand in one statement: per day, per truck and the
# previous year's total of jobs, arrivals and late minutes; rewards; complaints by fault.
HAND_SQL = f"""
WITH a AS (
  SELECT j.local_date AS d, j.truck_id AS t, j.status, j.free, j.id,
         CASE WHEN s.at > j.window_end_utc THEN {LATE_MINUTES} * 8 + {FAULT_CODE} END AS late,
         s.at
  FROM job j LEFT JOIN stamp s ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = 1
  WHERE j.local_date BETWEEN ?1 AND ?2)
SELECT 'day', d, sum(status <> 'rescheduled'), count(at), group_concat(late) FROM a GROUP BY d
UNION ALL SELECT 'truck', t, sum(status <> 'rescheduled'), count(at), group_concat(late)
  FROM a GROUP BY t
UNION ALL SELECT 'before', NULL, sum(j.status <> 'rescheduled'), count(s.at),
  group_concat(CASE WHEN s.at > j.window_end_utc THEN {LATE_MINUTES} * 8 + {FAULT_CODE} END)
  FROM job j LEFT JOIN stamp s ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = 1
  WHERE j.local_date BETWEEN ?3 AND ?4
UNION ALL SELECT 'rewards', r.tier, count(*), sum(CAST(round(r.value * 100) AS INTEGER)), NULL
  FROM reward r JOIN job j ON j.id = r.job_id
  WHERE r.status <> 'void' AND j.local_date BETWEEN ?1 AND ?2 GROUP BY r.tier
UNION ALL SELECT 'complaints', c.fault, count(*), NULL, NULL
  FROM complaint c JOIN job j ON j.id = c.job_id
  WHERE c.status <> 'withdrawn' AND j.local_date BETWEEN ?1 AND ?2 GROUP BY c.fault
"""


# The same figures read from the summary by hand: the least a read of it can cost.
HAND_SUMMARY_SQL = """
SELECT 'day', local_date, jobs, arrived, late FROM stats_day WHERE local_date BETWEEN ?1 AND ?2
UNION ALL SELECT 'truck', truck_id, sum(jobs), sum(arrived), group_concat(late)
  FROM stats_cell WHERE local_date BETWEEN ?1 AND ?2 GROUP BY truck_id
UNION ALL SELECT 'before', NULL, sum(jobs), sum(arrived), group_concat(late)
  FROM stats_day WHERE local_date BETWEEN ?3 AND ?4
UNION ALL SELECT 'money', NULL, sum(tier1 + tier2 + tier3 + moved), sum(cents),
  group_concat(answered) FROM stats_day WHERE local_date BETWEEN ?1 AND ?2
"""


@pytest.fixture(scope="module")
def history_db():
    path = stats_history.cached_history()
    from models import store
    from models.company import get_setting
    from models.db import db
    from models.reports.indexes import ensure_indexes
    from models.services.guarantee import SWEPT_KEY, evaluate

    store.open_db(str(path))
    ensure_indexes(db)  # a file cached before an index was added gets it once
    if not get_setting(SWEPT_KEY):  # a real office database always has a completed sweep
        evaluate(stats_history.NOW)
    from models.reports import cells

    cells.refresh()  # and its summary brought up to date (every night, and by the dashboard)
    yield path
    store.close()


def _best(fn, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def test_dashboard_one_year(benchmark, history_db):
    from models.db import db
    from models.reports.dashboard import dashboard
    from models.reports.period import DateRange

    rng = DateRange(dt.date.fromisoformat(YEAR[0]), dt.date.fromisoformat(YEAR[1]))
    data = benchmark.pedantic(dashboard, args=(rng,), rounds=5, iterations=1, warmup_rounds=1)
    assert data.total.jobs > 300_000
    ours = benchmark.stats.stats.min
    hand = _best(lambda: db.execute_sql(HAND_SQL, (*YEAR, *BEFORE)).fetchall())
    summary = _best(lambda: db.execute_sql(HAND_SUMMARY_SQL, (*YEAR, *BEFORE)).fetchall())
    benchmark.extra_info.update(hand_written_s=round(hand, 4), ratio=round(ours / hand, 2),
                                hand_summary_s=round(summary, 4))
    print(f"\ndashboard {ours * 1000:.0f} ms; one hand-written query over the facts "
          f"{hand * 1000:.0f} ms (ratio {ours / hand:.2f}); a hand-written read of the summary "
          f"{summary * 1000:.0f} ms (ratio {ours / summary:.2f})")
    assert ours <= 0.300
    assert ours <= 1.5 * hand


def test_dashboard_after_a_day_of_changes(benchmark, history_db):
    """The owner opens the dashboard after a busy day: that day is out of date and is
    rebuilt on the way (cells.refresh), then everything is read."""
    from models.db import db, write_tx
    from models.reports import cells
    from models.reports.dashboard import dashboard
    from models.reports.period import DateRange

    rng = DateRange(dt.date.fromisoformat(YEAR[0]), dt.date.fromisoformat(YEAR[1]))

    def mark_a_day():
        with write_tx():
            db.execute_sql("INSERT OR IGNORE INTO stats_dirty VALUES ('2025-06-18')")
        return (), {}

    def open_dashboard():
        assert cells.refresh(rng.previous().first, rng.last) == 1
        return dashboard(rng)

    benchmark.pedantic(open_dashboard, setup=mark_a_day, rounds=5, iterations=1)
    print(f"\ndashboard with one busy day rebuilt first: "
          f"{benchmark.stats.stats.median * 1000:.0f} ms median")


def test_building_the_whole_summary_once(benchmark, history_db):
    """What migration 3 (or migrate-to) costs on a million jobs, once."""
    from models.db import write_tx
    from models.reports import cells

    def rebuild():
        with write_tx():
            cells.rebuild_all()

    benchmark.pedantic(rebuild, rounds=1, iterations=1)
    print(f"\nsummary of 1,000,000 jobs built in {benchmark.stats.stats.max:.2f} s")


def test_stats_by_month_three_years_wall(benchmark, history_db):
    env = {**os.environ, "ONTIME_NOW": stats_history.NOW.isoformat()}
    args = [sys.executable, str(ROOT / "main.py"), "--db", str(history_db), "stats", "--from",
            "2024-01-01", "--to", "2026-12-31", "--by", "month"]

    def run():
        done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return done.stdout

    out = benchmark.pedantic(run, rounds=3, iterations=1, warmup_rounds=1)
    assert out.splitlines()[-1].startswith("total\t")
    assert len(out.splitlines()) == 1 + 36 + 1
    print(f"\nstats --by month, 3 years: {benchmark.stats.stats.min * 1000:.0f} ms wall")
    assert benchmark.stats.stats.min <= 1.0

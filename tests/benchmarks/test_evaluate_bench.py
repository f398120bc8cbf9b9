"""Benchmark: evaluate(now) over a day of 600 jobs (target <= 20 ms)."""

from __future__ import annotations

import datetime as dt

import pytest

from models import store
from models.db import write_tx
from models.schema import Job
from models.services import people
from models.services.actor import Actor
from models.services.guarantee import evaluate
from tests.conftest import NOW

OWNER = Actor("owner", "owner")


@pytest.fixture
def busy_day(tmp_path):
    """600 jobs on 50 trucks across today; about a third already late, none arrived."""
    path = tmp_path / "bench.sqlite3"
    store.create_db(str(path), company="Bench", tz="America/Chicago", owner="owner",
                    password="owner-pass", now=NOW - dt.timedelta(days=1))
    from models.rules import window_bounds

    day = dt.date(2026, 11, 23)
    with write_tx():
        customer = people.add_customer("Bench Customer", "", "1 Main", "", OWNER, NOW)
        rows = []
        for t in range(50):
            truck = people.add_truck(f"Truck {t:02d}", "", None, OWNER, NOW)
            for i in range(12):
                start = dt.time(6 + i, (t * 5) % 60)
                begin, end = window_bounds(day, start, "America/Chicago")
                rows.append(dict(customer=customer.id, truck=truck, local_date=day,
                                 local_start=start.strftime("%H:%M"), tz="America/Chicago",
                                 window_start_utc=begin, window_end_utc=end,
                                 booked_at=NOW - dt.timedelta(days=1)))
        for s in range(0, len(rows), 200):
            Job.insert_many(rows[s:s + 200]).execute()
    evaluate(NOW)  # rewards for the jobs already late
    yield
    store.close()


def test_evaluate_steady(benchmark, busy_day):
    """A sweep with nothing new to do (the common case, every few seconds)."""
    events = benchmark(evaluate, NOW)
    assert events == []
    print(f"\nevaluate over 600 jobs, nothing due: median "
          f"{benchmark.stats.stats.median * 1000:.2f} ms")


def test_evaluate_with_crossings(benchmark, busy_day):
    """Each round moves the clock a minute on; some jobs cross into a new tier."""
    clock = [NOW]

    def sweep():
        clock[0] += dt.timedelta(minutes=1)
        return evaluate(clock[0])

    benchmark.pedantic(sweep, rounds=60, iterations=1)
    print(f"\nevaluate over 600 jobs, minute by minute: median "
          f"{benchmark.stats.stats.median * 1000:.2f} ms")

"""A simulated history (tests/benchmarks/forecast_sim.py) put in the test database through
the real services: trucks, customers with ZIP codes in their addresses, jobs booked ahead,
and their arrivals and completions stamped when they happened."""

from __future__ import annotations

import datetime as dt

from models.forecast.timeline import DayClock
from models.services import stamps
from tests import factories
from tests.benchmarks.forecast_sim import Truth, simulate
from tests.models.helpers import OWNER

TZ = "America/Chicago"
FIRST_DAY = dt.date(2026, 10, 5)


def clock_time(minutes: float) -> str:
    m = int(round(minutes))
    return f"{m // 60:02d}:{m % 60:02d}"


def put_history(days: int, trucks: int = 2, seed: int = 3, stamp: bool = True):
    """Book (and stamp) ``days`` simulated days; returns {(day index, crew): [(job id,
    SimJob)]} and the truck ids by crew name."""
    truth = Truth.make(n_trucks=trucks, seed=seed)
    sim = simulate(truth, days, seed=seed)
    truck_ids = {crew: factories.truck(crew, crew, now=_at(FIRST_DAY, -2880))
                 for crew in truth.crews}
    customers: dict[str, int] = {}
    out = {}
    for i, sim_day in enumerate(sim):
        day = FIRST_DAY + dt.timedelta(days=i // trucks)
        booked_at = _at(day, -2880)
        placed = []
        for s in _within_the_day(sim_day.jobs):
            zip_code = s.job.zip
            if zip_code not in customers:
                customers[zip_code] = factories.customer(
                    f"Customer {zip_code}", phone=f"555-{len(customers):04d}",
                    address=f"{len(customers) + 1} Main St, Chicago IL {zip_code}-0001",
                    now=booked_at).id
            job_id = book(truck_ids[sim_day.crew], customers[zip_code], day, s.job.service,
                          int(s.job.booked_minutes), clock_time(s.job.window_start), booked_at)
            placed.append((job_id, s))
        out[(i // trucks, sim_day.crew)] = placed
        if stamp:
            for job_id, s in placed:
                stamp_job(job_id, day, s.arrived, s.completed)
    return out, truck_ids


def _within_the_day(jobs):
    """The day's first jobs up to one that would start after 19:00 or end after 23:00 (a
    long simulated day runs past midnight)."""
    for s in jobs:
        if s.job.window_start > 19 * 60 or s.completed > 23 * 60:
            return
        yield s


def book(truck_id, customer_id, day, service, booked, start, booked_at) -> int:
    from models.services import jobs

    hours, minutes = map(int, start.split(":"))
    draft = jobs.JobDraft(customer_id, truck_id, day, dt.time(hours, minutes),
                          service=service, price="150.00", duration_minutes=booked)
    return jobs.book(draft, OWNER, booked_at).job_id


def stamp_job(job_id: int, day: dt.date, arrived: float | None, completed: float | None = None):
    if arrived is not None:
        at = _at(day, arrived)
        stamps.arrive(job_id, at, OWNER, at)
    if completed is not None:
        at = _at(day, completed)
        stamps.complete(job_id, at, OWNER, at)


def _at(day: dt.date, minutes: float) -> dt.datetime:
    return DayClock(day, TZ).instant(minutes)

"""A day's forecast from the database: the stored state brought up to date, each truck's
jobs (stamps included) handed to the core, one row per job still to arrive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.company import company_tz, policy_at, policy_versions
from models.forecast import DayJob as CoreJob
from models.forecast import TruckDay, at_risk, forecast_day
from models.forecast.model import Model, compile_state
from models.forecast.timeline import DayClock
from models.forecast_db import learned
from models.forecast_db.history import crew_key, zip_of
from models.queries.day import DayJob, day_jobs

FORECAST_HEADER = ["job_id", "external_id", "truck", "window_start", "window_end",
                   "arrival_p50", "arrival_p10", "arrival_p90", "p_late", "p_tier1", "p_tier2",
                   "p_tier3", "expected_cost", "at_risk", "why"]
WAITING = ("scheduled", "en_route")  # the jobs a forecast is about
GONE = ("cancelled", "rescheduled")  # not on any truck's route any more


@dataclass(frozen=True)
class Forecast:
    """One job's forecast as the listing and the board read it (instants aware, UTC)."""

    job: DayJob
    p10: dt.datetime
    p50: dt.datetime
    p90: dt.datetime
    p_late: float
    p_tiers: tuple[float, ...]
    expected_cost: float
    at_risk: bool
    why: str


def day_forecasts(day: dt.date, now: dt.datetime, jobs: list[DayJob] | None = None,
                  model: Model | None = None) -> list[Forecast]:
    """Every job of ``day`` still scheduled or en route, by truck then window, as of ``now``."""
    jobs = day_jobs(day, now) if jobs is None else jobs
    if model is None:
        model = compile_state(learned.current().state)
    clock = DayClock(day, company_tz())
    at = clock.minutes(now)
    versions = policy_versions()
    out: dict[int, Forecast] = {}
    for crew, route in _routes(jobs):
        policy = policy_at(route[0].window_end, versions)
        core = TruckDay(crew, tuple(_core_job(j, clock) for j in route))
        by_id = {j.job_id: j for j in route}
        for f in forecast_day(model, core, at, policy):
            job = by_id[f.job_id]
            if job.status not in WAITING:
                continue
            # judged on the figure shown (3 decimals), so "0.500" is never "no"
            risky = at_risk(at, clock.minutes(job.window_end), False, round(f.p_late, 3), policy)
            out[f.job_id] = Forecast(
                job, *(clock.instant(round(m)) for m in (f.p10, f.p50, f.p90)), f.p_late,
                f.p_tiers, f.expected_cost, risky, f.why)
    return [out[j.job_id] for j in jobs if j.job_id in out]


def _routes(jobs: list[DayJob]):
    """(crew, jobs in window order) per truck; a job without a truck is a day of its own."""
    trucks: dict[int, list[DayJob]] = {}
    for job in jobs:
        if job.status in GONE:
            continue
        if job.truck_id is None:
            yield "", [job]
        else:
            trucks.setdefault(job.truck_id, []).append(job)
    for truck_id, route in trucks.items():
        yield crew_key(truck_id), sorted(route, key=lambda j: (j.window_start, j.job_id))


def _core_job(job: DayJob, clock: DayClock) -> CoreJob:
    return CoreJob(job.job_id, job.service or "", float(job.duration_minutes),
                   clock.minutes(job.window_start), clock.minutes(job.window_end),
                   zip_of(job.address), float(job.price),
                   None if job.arrived_at is None else clock.minutes(job.arrived_at),
                   None if job.completed_at is None else clock.minutes(job.completed_at))


def forecast_rows(day: dt.date, now: dt.datetime) -> list[list]:
    """The ``forecast`` listing (INTERFACES.md)."""
    from models.csvout import safe_text
    from models.timefmt import format_local

    tz = company_tz()
    rows = []
    for f in day_forecasts(day, now):
        j = f.job
        rows.append([j.job_id, safe_text(j.external_id or ""), safe_text(j.truck),
                     format_local(j.window_start, tz), format_local(j.window_end, tz),
                     format_local(f.p50, tz), format_local(f.p10, tz), format_local(f.p90, tz),
                     f"{f.p_late:.3f}", *(f"{p:.3f}" for p in f.p_tiers),
                     f"{f.expected_cost:.2f}", "yes" if f.at_risk else "no", safe_text(f.why)])
    return rows

"""The forecast of one truck's day: Monte Carlo along the route.

Each of ``samples`` simulated days starts from what the stamps say and draws, job after
job, the rest of the job in progress (given how long it has run), the drive (by distance
and hour of departure), the wait for the window (a crew arrives at most ``max_early``
minutes before it opens) and the job itself. Uncertainty adds up along the day because
each draw starts from the previous one. Monte Carlo rather than a closed form: the waits
(a maximum) and the conditioning on "not arrived yet" have no closed form, and 2,000
samples for a 10-job day take about a millisecond (see docs/forecasts.md)."""

from __future__ import annotations

import math

import numpy as np

from models.forecast import features as F
from models.forecast import normal
from models.forecast.geo import haversine_km
from models.forecast.learning import LearnedState
from models.forecast.model import Model, compile_state
from models.forecast.reason import explain
from models.forecast.records import DayJob, JobForecast, TruckDay
from models.forecast.risk import expected_cost, tier_probabilities
from models.policy import Policy

SAMPLES = 2000
MAX_EARLY = 30  # minutes a crew may arrive before its window opens
SEED = 15


def forecast_day(model: Model | LearnedState, day: TruckDay, now: float,
                 policy: Policy | None = None, rng: np.random.Generator | None = None,
                 samples: int = SAMPLES, max_early: float = MAX_EARLY) -> list[JobForecast]:
    """One forecast per job of ``day`` not arrived yet; times in minutes since the day's
    local midnight, ``now`` included."""
    if isinstance(model, LearnedState):
        model = compile_state(model)
    policy = policy or Policy()
    rng = rng or np.random.default_rng(SEED)
    out: list[JobForecast] = []
    free_at: np.ndarray | None = None  # when the crew is free, per sample
    previous: DayJob | None = None
    previous_live = False  # the previous job was still to finish at ``now``
    for job in day.jobs:
        mu, sd = model.duration(job.service, day.crew)
        if job.completed is not None:
            free_at, previous, previous_live = np.full(samples, job.completed), job, False
            continue
        if job.arrived is not None:
            free_at = job.arrived + _remaining(mu, sd, job.booked_minutes,
                                               now - job.arrived, samples, rng)
            previous, previous_live = job, True
            continue
        km = None
        if free_at is None:
            offsets = rng.choice(F.FIRST_BINS, samples, p=model.first(day.crew))
            arrival = job.window_start + offsets + F.FIRST_LOW + rng.random(samples) - 0.5
        else:
            km = _km(model, previous, job)
            hours = np.floor(free_at / 60.0)
            drive = np.exp(model.travel_mu(km, hours)
                           + model.travel_sigma * rng.standard_normal(samples))
            early = rng.choice(F.EARLY_BINS, samples, p=model.early(day.crew))
            arrival = np.maximum(free_at + drive, job.window_start - early)
        arrival = np.maximum(arrival, job.window_start - max_early)
        arrival = _not_before(arrival, now, rng)
        out.append(_summary(job, arrival, policy, model, day.crew, previous,
                            previous_live, now, km, free_at))
        free_at = arrival + job.booked_minutes * np.exp(mu + sd * rng.standard_normal(samples))
        previous, previous_live = job, True
    return out


def _remaining(mu: float, sd: float, booked: float, elapsed: float, samples: int,
               rng: np.random.Generator) -> np.ndarray:
    """Total duration of a job that has already run ``elapsed`` minutes: the log-normal
    conditioned on being longer than that (inverse CDF on the truncated range)."""
    elapsed = max(elapsed, 0.0)
    if elapsed <= 0:
        return booked * np.exp(mu + sd * rng.standard_normal(samples))
    p0 = normal.cdf((math.log(elapsed / booked) - mu) / sd)
    if p0 > 1 - 1e-6:  # far beyond anything seen: assume it ends within a few minutes
        return elapsed + rng.exponential(10.0, samples)
    u = p0 + (1 - p0) * rng.random(samples)
    return np.maximum(booked * np.exp(mu + sd * normal.ppf(u)), elapsed)


def _not_before(arrival: np.ndarray, now: float, rng: np.random.Generator) -> np.ndarray:
    """The crew has not arrived by ``now``: keep the draws after it (resampled), or when
    almost none are, say it comes within the next half hour or so."""
    after = arrival[arrival > now]
    if len(after) == len(arrival):
        return arrival
    if len(after) >= 0.02 * len(arrival):
        return rng.choice(after, len(arrival))
    return now + rng.exponential(15.0, len(arrival))


def _km(model: Model, previous: DayJob | None, job: DayJob) -> float | None:
    a = model.place(previous.zip) if previous is not None else None
    b = model.place(job.zip)
    return haversine_km(a, b) if a is not None and b is not None else None


def _summary(job, arrival, policy, model, crew, previous, previous_live, now, km, free_at):
    p10, p50, p90 = (float(x) for x in np.percentile(arrival, [10, 50, 90]))
    p_late, p_tiers = tier_probabilities(arrival, job.window_end, policy)
    cost = expected_cost(p_tiers, job.price, policy)
    depart = None if free_at is None else float(np.median(free_at))
    why = explain(model, crew, job, previous, previous_live, now, km, depart)
    return JobForecast(job.job_id, p10, p50, p90, p_late, p_tiers, cost, why)

"""The closed-form alternative to Monte Carlo, kept only to measure against it: carry the
mean and variance of "crew free at" along the day (log-normal moments, the running job's
conditioned on how long it has run), take each arrival as normal, and read percentiles and
probabilities off the normal curve. The wait for a window enters only through its mean."""

from __future__ import annotations

import math

import numpy as np

from models.forecast import features as F
from models.forecast.normal import cdf
from models.forecast.records import JobForecast, TruckDay
from models.forecast.risk import expected_cost
from models.forecast.route import MAX_EARLY, _km
from models.policy import Policy

Z90 = 1.2815515655446004


def _lognormal_above(m: float, s: float, above: float) -> tuple[float, float]:
    """Mean and variance of exp(N(m, s)) given it exceeds ``above``."""
    if above <= 0:
        mean = math.exp(m + s * s / 2)
        return mean, (math.exp(s * s) - 1) * mean * mean
    a = (math.log(above) - m) / s
    tail = max(1 - cdf(a), 1e-12)
    if tail < 1e-6:
        return above + 10.0, 100.0
    m1 = math.exp(m + s * s / 2) * (1 - cdf(a - s)) / tail
    m2 = math.exp(2 * m + 2 * s * s) * (1 - cdf(a - 2 * s)) / tail
    return m1, max(m2 - m1 * m1, 1.0)


def forecast_moments(model, day: TruckDay, now: float, policy: Policy) -> list[JobForecast]:
    out: list[JobForecast] = []
    mean = var = None
    previous = None
    for job in day.jobs:
        mu, sd = model.duration(job.service, day.crew)
        log_booked = math.log(job.booked_minutes)
        if job.completed is not None:
            mean, var, previous = job.completed, 0.0, job
            continue
        if job.arrived is not None:
            d_mean, d_var = _lognormal_above(log_booked + mu, sd, now - job.arrived)
            mean, var, previous = job.arrived + d_mean, d_var, job
            continue
        if mean is None:
            probs = model.first(day.crew)
            offsets = np.arange(F.FIRST_BINS) + F.FIRST_LOW
            off_mean = float(probs @ offsets)
            a_mean = job.window_start + off_mean
            a_var = float(probs @ (offsets - off_mean) ** 2)
        else:
            t_mu = float(model.travel_mu(_km(model, previous, job), np.array([mean // 60]))[0])
            t_mean, t_var = _lognormal_above(t_mu, model.travel_sigma, 0.0)
            early = float(np.arange(F.EARLY_BINS) @ model.early(day.crew))
            a_mean = max(mean + t_mean, job.window_start - min(early, MAX_EARLY))
            a_var = var + t_var
        a_mean = max(a_mean, now)
        a_sd = max(math.sqrt(a_var), 1.0)
        p_late = 1 - cdf((job.window_end + 1 - a_mean) / a_sd)
        tiers = tuple(1 - cdf((job.window_end + t.threshold_minutes - a_mean) / a_sd)
                      for t in policy.tiers)
        out.append(JobForecast(job.job_id, a_mean - Z90 * a_sd, a_mean, a_mean + Z90 * a_sd,
                               p_late, tiers, expected_cost(tiers, job.price, policy), ""))
        d_mean, d_var = _lognormal_above(log_booked + mu, sd, 0.0)
        mean, var, previous = a_mean + d_mean, a_var + d_var, job
    return out

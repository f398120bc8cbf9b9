"""Replaying held-out simulated days: at several times of day, what each predictor says
about every job not arrived yet, scored against what really happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from models import rules
from models.forecast import forecast_day
from models.forecast.risk import at_risk
from models.policy import Policy

POLICY = Policy()
ORIGIN = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


@dataclass
class Score:
    """Per (job, time) pair: predicted p50, p10, p90, p_late, at-risk; the truth."""

    p50: list = field(default_factory=list)
    p10: list = field(default_factory=list)
    p90: list = field(default_factory=list)
    p_late: list = field(default_factory=list)
    risk: list = field(default_factory=list)
    arrival: list = field(default_factory=list)
    late: list = field(default_factory=list)
    open_window: list = field(default_factory=list)  # not late yet at that time

    def figures(self) -> dict[str, float]:
        p50, arr = np.array(self.p50), np.array(self.arrival)
        late, p_late = np.array(self.late, dtype=float), np.array(self.p_late)
        open_ = np.array(self.open_window)
        risk = np.array(self.risk)[open_]
        truth = np.array(self.late)[open_]
        flagged = risk.sum()
        cover = np.mean((arr >= np.array(self.p10)) & (arr <= np.array(self.p90)))
        return {
            "pairs": len(arr),
            "mae": float(np.mean(np.abs(p50 - arr))),
            "brier": float(np.mean((p_late - late) ** 2)),
            "coverage": float(cover),
            "precision": float((risk & truth).sum() / flagged) if flagged else float("nan"),
            "recall": float((risk & truth).sum() / truth.sum()) if truth.sum() else float("nan"),
        }


def _minutes(t: dt.datetime) -> float:
    return (t - ORIGIN).total_seconds() / 60.0


def _at(minutes: float) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=minutes)


def old_rule(day) -> dict[int, float]:
    """The first release's prediction, exactly as models/rules.py computes it (previous
    job's booked duration + the 20-minute allowance); a job it gives no prediction for is
    taken to arrive at its window start."""
    stops = [rules.RouteStop(j.job_id, _at(j.window_start), _at(j.window_end),
                             int(j.booked_minutes),
                             None if j.arrived is None else _at(j.arrived),
                             j.completed is not None) for j in day.jobs]
    predicted = rules.predicted_arrivals(stops, POLICY)
    return {j.job_id: _minutes(predicted[j.job_id]) if j.job_id in predicted
            else j.window_start for j in day.jobs if j.arrived is None}


def replay(days, times, model, oracle, samples: int = 2000, extra=None
           ) -> dict[str, Score]:
    """Scores per predictor. ``extra`` may add predictors: name -> f(day, now) returning
    forecasts like ``forecast_day``."""
    rng = np.random.default_rng(7)
    predictors = {
        "forecast": lambda day, now: forecast_day(model, day, now, POLICY, rng, samples),
        "oracle": lambda day, now: forecast_day(oracle, day, now, POLICY, rng, samples),
        **(extra or {}),
    }
    scores = {name: Score() for name in (*predictors, "old rule")}
    for sim in days:
        truth = {s.job.job_id: s for s in sim.jobs}
        for now in times:
            day = sim.as_of(now)
            waiting = [j for j in day.jobs if j.arrived is None]
            if not waiting:
                continue
            for name, predictor in predictors.items():
                for f in predictor(day, now):
                    j = next(x for x in waiting if x.job_id == f.job_id)
                    _add(scores[name], f.p50, f.p10, f.p90, f.p_late,
                         at_risk(now, j.window_end, False, f.p_late, POLICY), truth[j.job_id],
                         now)
            for job_id, p in old_rule(day).items():
                j = truth[job_id].job
                p_late = float(np.floor(p - j.window_end) >= 1)
                risk = rules.at_risk(_at(now), _at(j.window_end), _at(p), POLICY)
                _add(scores["old rule"], p, p, p, p_late, risk, truth[job_id], now)
    return scores


def _add(score: Score, p50, p10, p90, p_late, risk, sim_job, now) -> None:
    score.p50.append(p50)
    score.p10.append(p10)
    score.p90.append(p90)
    score.p_late.append(p_late)
    score.risk.append(bool(risk))
    score.arrival.append(sim_job.arrived)
    score.late.append(bool(sim_job.arrived - sim_job.job.window_end >= 1))
    score.open_window.append(bool(np.floor(now - sim_job.job.window_end) < 1))

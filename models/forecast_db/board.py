"""The board's day with the learned forecast: each job still to arrive takes its predicted
arrival (p50), its p10..p90 band, its expected reward cost and whether it is at risk from
the forecast — the same figures the ``forecast`` command lists. Where no forecast can be
made (a past day, a job without one) the fixed rule of models/queries/day.py stays."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from models.forecast_db.day import WAITING, Forecast, day_forecasts
from models.queries.day import DayJob

OPEN = ("scheduled", "at_risk")  # the board states a forecast may change


def worth_forecasting(day: dt.date, today: dt.date) -> bool:
    """Today and later: on a past day every job has arrived or is late already."""
    return day >= today


def with_forecasts(jobs: list[DayJob], forecasts: list[Forecast]) -> list[DayJob]:
    """``jobs`` in the same order, each one a forecast covers taking its figures."""
    by_id = {f.job.job_id: f for f in forecasts}
    return [_apply(j, by_id.get(j.job_id)) for j in jobs]


def _apply(job: DayJob, forecast: Forecast | None) -> DayJob:
    if forecast is None or job.state not in OPEN:
        return job  # late, arrived, done or gone: the forecast changes nothing shown
    return replace(job, state="at_risk" if forecast.at_risk else "scheduled",
                   predicted_arrival=forecast.p50, band=(forecast.p10, forecast.p90),
                   expected_cost=forecast.expected_cost)


def board_day(day: dt.date, now: dt.datetime, jobs: list[DayJob],
              today: dt.date) -> tuple[list[DayJob], dict[int, Forecast]]:
    """The rows as the board shows them and each forecast by job id (for the hover card)."""
    if not worth_forecasting(day, today):
        return jobs, {}
    found = day_forecasts(day, now, _routes_still_waiting(jobs))
    return with_forecasts(jobs, found), {f.job.job_id: f for f in found}


def _routes_still_waiting(jobs: list[DayJob]) -> list[DayJob]:
    """The jobs of the trucks (and the tray) that still have a job to arrive at: a truck
    whose day is all arrived or done has nothing to forecast (and costs nothing)."""
    waiting = {j.truck_id for j in jobs if j.status in WAITING}
    return [j for j in jobs if j.truck_id in waiting]

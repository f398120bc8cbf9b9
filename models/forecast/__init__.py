"""Forecasts: when each crew will really arrive, learned from the company's own stamps.

Plain Python over plain values and numpy arrays (no database, no Qt): a later layer reads
stamps into ``HistoryRecord``s, keeps the ``LearnedState`` in a table of its own (it is a
JSON-able dict of sufficient statistics) and hands a truck's day to ``forecast_day``.
"""

from __future__ import annotations

from models.forecast.learning import LearnedState
from models.forecast.records import DayJob, HistoryRecord, JobForecast, TruckDay
from models.forecast.risk import at_risk
from models.forecast.route import forecast_day

__all__ = ["DayJob", "HistoryRecord", "JobForecast", "LearnedState", "TruckDay",
           "at_risk", "forecast_day"]

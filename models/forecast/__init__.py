"""Forecasts: when each crew will really arrive, learned from the company's own stamps.

Plain Python over plain values and numpy arrays (no database, no Qt): a later layer reads
stamps into ``HistoryRecord``s, keeps the ``LearnedState`` in a table of its own (it is a
JSON-able dict of sufficient statistics) and hands a truck's day to ``forecast_day``.

The names below load their modules on first use: the plain records (``records.py``) do not
need numpy, so a command that only reads stamps into records (every write command checks
for newly completed jobs) does not pay numpy's import (~0.13 s).
"""

from __future__ import annotations

import importlib

_WHERE = {"LearnedState": "learning", "DayJob": "records", "HistoryRecord": "records",
          "JobForecast": "records", "TruckDay": "records", "at_risk": "risk",
          "forecast_day": "route"}

__all__ = ["DayJob", "HistoryRecord", "JobForecast", "LearnedState", "TruckDay",
           "at_risk", "forecast_day"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"models.forecast.{_WHERE[name]}"), name)

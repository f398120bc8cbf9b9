"""Booked against real: per service and per service and truck, how long jobs really took,
how long the drive to them was, and what a service's booking should be.

Read from the same records the forecasts learn from (one query over the dates asked for).
A service's suggested booking is its typical booked duration times how far its jobs
typically run from their booking, shrunk toward "as booked" while there are few jobs (the
forecasts' own credibility weight), rounded to 5 minutes.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from models.forecast.model import SERVICE_STRENGTH
from models.forecast_db import history

DURATIONS_HEADER = ["service", "truck", "jobs", "booked_median", "actual_median", "actual_p90",
                    "travel_median", "suggested_booking"]
NO_SERVICE = "(none)"
ROUND_TO = 5


def durations_rows(first: dt.date | None, last: dt.date | None, *,
                   for_csv: bool = True) -> list[list]:
    """One row per service (truck empty), then one per service and truck; names made safe
    for a spreadsheet unless ``for_csv`` is False (a window shows them as they are)."""
    from models.csvout import safe_text as spreadsheet_safe
    from models.schema import Truck

    safe_text = spreadsheet_safe if for_csv else str

    mark = _stamp_head()
    rows = history.all_rows(mark, first, last)
    names = {t.id: t.name for t in Truck.select(Truck.id, Truck.name)}
    services: dict[str, list] = {}
    cells: dict[tuple[str, str], list] = {}
    for r in rows:
        service = r.record.service or NO_SERVICE
        services.setdefault(service, []).append(r.record)
        cells.setdefault((service, names.get(r.truck_id, str(r.truck_id))), []).append(r.record)
    out = [[safe_text(s), "", *_figures(recs), _suggested(recs)]
           for s, recs in sorted(services.items())]
    out += [[safe_text(s), safe_text(t), *_figures(recs), ""]
            for (s, t), recs in sorted(cells.items())]
    return out


def _stamp_head() -> int:
    from models.db import db

    return int(db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM stamp").fetchone()[0])


def _figures(records) -> list:
    booked = np.array([r.booked_minutes for r in records])
    actual = np.array([r.completed - r.arrived for r in records])
    drives = [r.arrived - r.prev_completed for r in records
              if r.prev_completed is not None and r.prev_completed >= r.window_start
              and r.arrived > r.prev_completed]  # as learned: drives that cannot hide a wait
    return [len(records), _minutes(np.median(booked)), _minutes(np.median(actual)),
            _minutes(np.percentile(actual, 90)),
            _minutes(np.median(drives)) if drives else ""]


def _suggested(records) -> int | str:
    pairs = [(r.booked_minutes, r.completed - r.arrived) for r in records
             if r.booked_minutes > 0 and r.completed > r.arrived]
    if not pairs:
        return ""
    ratio = np.log([real / booked for booked, real in pairs])
    n = len(pairs)
    shrunk = n / (n + SERVICE_STRENGTH) * float(np.median(ratio))
    typical = float(np.median([booked for booked, _ in pairs]))
    return max(ROUND_TO, int(round(typical * math.exp(shrunk) / ROUND_TO)) * ROUND_TO)


def _minutes(value: float) -> int:
    return int(round(float(value)))

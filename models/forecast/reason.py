"""One line of plain words saying why a job is forecast as it is."""

from __future__ import annotations

import math

import numpy as np

from models.forecast import features as F
from models.forecast.records import DayJob

RUSH_EFFECT = 0.1  # an hour whose drives run 10% longer than the day's is "rush hour"


def explain(model, crew: str, job: DayJob, previous: DayJob | None, previous_live: bool,
            now: float, km: float | None, depart: float | None) -> str:
    parts: list[str] = []
    if previous is None:
        offsets = np.arange(F.FIRST_BINS) + F.FIRST_LOW
        typical = float(offsets @ model.first(crew))
        side = "after" if typical >= 0 else "before"
        parts.append(f"first job of the day: the crew usually arrives {abs(typical):.0f} min "
                     f"{side} the window opens")
    else:
        mu, _sd = model.duration(previous.service, crew)
        over = previous.booked_minutes * (math.exp(mu) - 1)
        runs = ""
        if abs(over) >= 5:
            runs = f"usually runs {abs(over):.0f} min {'over' if over > 0 else 'under'}"
        if previous.arrived is not None and previous.completed is None:
            parts.append(f"still on the previous job ({previous.service}) after "
                         f"{max(0.0, now - previous.arrived):.0f} min of "
                         f"{previous.booked_minutes:.0f} booked" + (f", {runs}" if runs else ""))
        elif previous.completed is not None:
            parts.append(f"previous job ({previous.service}) done at {_clock(previous.completed)}")
        elif runs:
            parts.append(f"previous job ({previous.service}) {runs}")
        where = "distance unknown" if km is None else f"{km:.0f} km"
        if depart is not None:
            hour = int(depart // 60) % 24
            rush = model.travel_mu(km, np.array([hour]))[0] - model.travel_mu(
                km, np.arange(8, 18)).mean()
            where += f" at {_clock(depart)}" + (" (rush hour)" if rush > RUSH_EFFECT else "")
        parts.append(where)
    return "; ".join(parts)


def _clock(minutes: float) -> str:
    m = int(round(minutes)) % (24 * 60)
    return f"{m // 60:02d}:{m % 60:02d}"

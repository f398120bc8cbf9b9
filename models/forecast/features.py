"""Turning history records into the numbers the statistics are kept over (vectorised)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.forecast.geo import EARTH_KM, centroid
from models.forecast.records import HistoryRecord

HOURS = 24
N_FEATURES = 3 + HOURS  # intercept, ZIP unknown, log(1 + km), one per hour of departure
EARLY_BINS = 61          # a waiting crew arrives 0..60 minutes before the window opens
FIRST_LOW, FIRST_BINS = -60, 241  # first job: arrival - window start, -60..+180 minutes
WAITED_GAP = 90          # done this long before the next window: the crew surely waited


def columns(records: Sequence[HistoryRecord]) -> dict[str, np.ndarray]:
    nan = float("nan")
    return {
        "service": np.array([r.service for r in records], dtype=object),
        "crew": np.array([r.crew for r in records], dtype=object),
        "booked": np.array([r.booked_minutes for r in records], dtype=float),
        "window_start": np.array([r.window_start for r in records], dtype=float),
        "arrived": np.array([r.arrived for r in records], dtype=float),
        "completed": np.array([r.completed for r in records], dtype=float),
        "zip": np.array([r.zip or "" for r in records], dtype=object),
        "prev_completed": np.array([nan if r.prev_completed is None else r.prev_completed
                                    for r in records], dtype=float),
        "prev_zip": np.array([r.prev_zip or "" for r in records], dtype=object),
    }


def distances_km(a: np.ndarray, b: np.ndarray, places: dict[str, list[float]]
                 ) -> np.ndarray:
    """Centroid distance per row; NaN where either ZIP is missing or unknown. Fills
    ``places`` with the centroids looked up."""
    codes, inverse = np.unique(np.concatenate([a, b]).astype(str), return_inverse=True)
    lat = np.full(len(codes), np.nan)
    lon = np.full(len(codes), np.nan)
    for i, code in enumerate(codes):
        where = places.get(code) or centroid(code)
        if where is not None:
            places[code] = [float(where[0]), float(where[1])]
            lat[i], lon[i] = where
    ia, ib = inverse[: len(a)], inverse[len(a):]
    return haversine_array(lat[ia], lon[ia], lat[ib], lon[ib])


def haversine_array(lat1, lon1, lat2, lon2) -> np.ndarray:
    lat1, lon1, lat2, lon2 = (np.radians(x) for x in (lat1, lon1, lat2, lon2))
    h = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def travel_design(km: np.ndarray, hour: np.ndarray) -> np.ndarray:
    """The regression's rows: log(travel) ~ intercept + unknown-ZIP + log(1 + km) + hour."""
    n = len(km)
    x = np.zeros((n, N_FEATURES))
    x[:, 0] = 1.0
    unknown = np.isnan(km)
    x[:, 1] = unknown
    x[:, 2] = np.where(unknown, 0.0, np.log1p(np.nan_to_num(km)))
    x[np.arange(n), 3 + (hour.astype(int) % HOURS)] = 1.0
    return x

"""The plain values forecasts read and write: history records in, a truck's day in,
one forecast per job out. Times are minutes since the day's local midnight (floats), so
the arithmetic never meets a time zone; ``timeline.DayClock`` converts aware datetimes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HistoryRecord:
    """One stamped job: it arrived and was completed. ``prev_*`` describe the job the same
    truck completed just before it on the same day (None for the day's first job)."""

    service: str
    crew: str
    booked_minutes: float
    window_start: float
    window_end: float
    arrived: float
    completed: float
    zip: str | None = None
    prev_completed: float | None = None
    prev_zip: str | None = None


@dataclass(frozen=True)
class DayJob:
    """One job of a truck's day as the forecast sees it (stamps so far included)."""

    job_id: int
    service: str
    booked_minutes: float
    window_start: float
    window_end: float
    zip: str | None = None
    price: float = 0.0
    arrived: float | None = None
    completed: float | None = None


@dataclass(frozen=True)
class TruckDay:
    crew: str
    jobs: tuple[DayJob, ...]  # in route order (window order)


@dataclass(frozen=True)
class JobForecast:
    job_id: int
    p10: float
    p50: float
    p90: float
    p_late: float
    p_tiers: tuple[float, float, float]
    expected_cost: float
    why: str

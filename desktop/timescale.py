"""The pure mapping between instants and pixels on the board's time axis."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc


class TimeScale:
    """Maps UTC instants to x pixels and back: ``x = left + minutes since start * scale``.

    The axis runs on elapsed (UTC) time, so a daylight-saving day is 23 or 25 hours wide and
    every one-hour window is exactly as wide as every other.
    """

    def __init__(self, start: dt.datetime, end: dt.datetime, px_per_minute: float,
                 left: float = 0.0) -> None:
        if end <= start:
            raise ValueError("the axis must end after it starts")
        self.start = start.astimezone(UTC)
        self.end = end.astimezone(UTC)
        self.px_per_minute = px_per_minute
        self.left = left

    @classmethod
    def for_day(cls, day: dt.date, tz: str, px_per_minute: float, left: float = 0.0,
                first_hour: int = 6, last_hour: int = 21) -> "TimeScale":
        """From ``first_hour`` to ``last_hour`` local time on ``day`` (clamped to the day)."""
        zone = ZoneInfo(tz)
        start = dt.datetime.combine(day, dt.time(max(0, first_hour)), zone)
        if last_hour >= 24:
            end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
        else:
            end = dt.datetime.combine(day, dt.time(last_hour), zone)
        return cls(start, end, px_per_minute, left)

    @property
    def width(self) -> float:
        return self.left + self.minutes(self.end) * self.px_per_minute

    def minutes(self, instant: dt.datetime) -> float:
        return (instant.astimezone(UTC) - self.start).total_seconds() / 60.0

    def to_x(self, instant: dt.datetime) -> float:
        return self.left + self.minutes(instant) * self.px_per_minute

    def to_time(self, x: float) -> dt.datetime:
        return self.start + dt.timedelta(minutes=(x - self.left) / self.px_per_minute)

    def snap(self, instant: dt.datetime, tz: str, step_minutes: int = 15) -> dt.datetime:
        """The nearest local wall-clock multiple of ``step_minutes`` (as UTC)."""
        local = instant.astimezone(ZoneInfo(tz))
        total = local.hour * 60 + local.minute + local.second / 60
        snapped = round(total / step_minutes) * step_minutes
        base = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return (base + dt.timedelta(minutes=snapped)).astimezone(UTC)

    def hour_marks(self, tz: str) -> list[tuple[dt.datetime, str]]:
        """(instant, 'HH:00' local label) for each whole local hour on the axis.

        Whole local hours fall on whole UTC hours only in whole-hour zones (India is 5:30
        ahead, Nepal 5:45), so every quarter hour is tried: every zone's offset is a multiple
        of 15 minutes. A repeated fall-back hour gets its two marks."""
        zone = ZoneInfo(tz)
        marks = []
        t = self.start.replace(second=0, microsecond=0)
        t -= dt.timedelta(minutes=t.minute % 15)
        if t < self.start:
            t += dt.timedelta(minutes=15)
        while t <= self.end:
            local = t.astimezone(zone)
            if local.minute == 0:
                marks.append((t, local.strftime("%H:00")))
            t += dt.timedelta(minutes=15)
        return marks

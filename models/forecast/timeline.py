"""Between aware datetimes and the forecast's clock: minutes elapsed since the local
midnight that starts the day (elapsed, in UTC arithmetic, so a daylight-saving day is
still counted right; only the hour-of-day used for rush hours is off by one on those two
days a year)."""

from __future__ import annotations

import datetime as dt

from models.rules import zone


class DayClock:
    def __init__(self, day: dt.date, tz: str) -> None:
        self.midnight = dt.datetime.combine(day, dt.time(0), zone(tz)).astimezone(dt.UTC)

    def minutes(self, at: dt.datetime) -> float:
        if at.tzinfo is None:
            raise ValueError("a forecast needs aware datetimes")
        return (at.astimezone(dt.UTC) - self.midnight).total_seconds() / 60.0

    def instant(self, minutes: float) -> dt.datetime:
        return self.midnight + dt.timedelta(minutes=minutes)

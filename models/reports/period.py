"""Date ranges and the groups a range is cut into: day, ISO week, month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.errors import DomainError
from models.rules import local_day_bounds

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DateRange:
    """Local dates, both inclusive."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DomainError(f"The range ends ({self.last}) before it starts ({self.first}).")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> DateRange:
        """The period of the same length just before this one."""
        return DateRange(self.first - dt.timedelta(days=self.days), self.first - ONE_DAY)

    def utc_bounds(self, tz: str) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) in UTC: local midnight of the first day to local midnight after the last."""
        return local_day_bounds(self.first, tz)[0], local_day_bounds(self.last, tz)[1]


def key_of(day: dt.date, by: str) -> str:
    """The group a local date belongs to: `2026-11-10`, `2026-W46` or `2026-11`."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(by)


def keys(rng: DateRange, by: str) -> list[str]:
    """Every day/week/month touching the range, in order (empty ones included)."""
    seen: list[str] = []
    day = rng.first
    while day <= rng.last:
        key = key_of(day, by)
        if not seen or seen[-1] != key:
            seen.append(key)
        day += ONE_DAY
    return seen


def presets(today: dt.date) -> dict[str, DateRange]:
    """The ranges the dashboard offers in one click."""
    monday = today - dt.timedelta(days=today.weekday())
    first_this_month = today.replace(day=1)
    last_month_end = first_this_month - ONE_DAY
    return {
        "This week": DateRange(monday, monday + dt.timedelta(days=6)),
        "Last week": DateRange(monday - dt.timedelta(days=7), monday - ONE_DAY),
        "This month": DateRange(first_this_month, today),
        "Last month": DateRange(last_month_end.replace(day=1), last_month_end),
        "This year": DateRange(today.replace(month=1, day=1), today),
        "Last 12 months": DateRange(today - dt.timedelta(days=364), today),
    }


def natural_by(rng: DateRange) -> str:
    """The grouping a chart over time reads best with."""
    if rng.days <= 45:
        return "day"
    if rng.days <= 200:
        return "week"
    return "month"

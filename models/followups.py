"""When a follow-up call falls due: N days later at the same local time, moved into office hours."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from models.errors import DomainError

UTC = dt.timezone.utc
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HOURS = re.compile(
    r"^\s*(?P<first>[A-Za-z]{3})(?:\s*-\s*(?P<last>[A-Za-z]{3}))?\s+"
    r"(?P<open>[0-9]{1,2}:[0-9]{2})\s*-\s*(?P<close>[0-9]{1,2}:[0-9]{2})\s*$"
)


@dataclass(frozen=True)
class OfficeHours:
    """Days the office answers the phone (0 = Monday) and its opening hours, local wall time."""

    days: frozenset[int]
    opens: dt.time
    closes: dt.time

    def is_open(self, local: dt.datetime) -> bool:
        return (local.weekday() in self.days
                and self.opens <= local.time().replace(tzinfo=None) < self.closes)


def _clock(text: str) -> dt.time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise DomainError(f"'{text}' is not a time of day.")
    return dt.time.max if hours == 24 else dt.time(hours, minutes)


def _day(text: str) -> int:
    name = text[:1].upper() + text[1:3].lower()
    if name not in DAY_NAMES:
        raise DomainError(f"'{text}' is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun.")
    return DAY_NAMES.index(name)


def parse_office_hours(text: str) -> OfficeHours:
    """``Mon-Sat 08:00-18:00`` (or one day, ``Sat 09:00-12:00``) as OfficeHours."""
    match = _HOURS.match(text or "")
    if not match:
        raise DomainError(f"Office hours '{text}' should read like 'Mon-Sat 08:00-18:00'.")
    first = _day(match["first"])
    last = _day(match["last"]) if match["last"] else first
    days = {first}
    day = first
    while day != last:  # wraps around the week, e.g. Sat-Mon
        day = (day + 1) % 7
        days.add(day)
    opens, closes = _clock(match["open"]), _clock(match["close"])
    if opens >= closes:
        raise DomainError(f"Office hours '{text}': the office must open before it closes.")
    return OfficeHours(frozenset(days), opens, closes)


def _to_utc(local_date: dt.date, clock: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The instant of a wall-clock time; a time skipped by spring-forward moves past the gap,
    and a repeated fall-back time means its first occurrence."""
    naive = dt.datetime.combine(local_date, clock)
    # fold=0 reads a skipped wall time with the offset in force before the change, which
    # lands just past the gap (02:30 on spring-forward day -> 03:30), and picks the first
    # of a repeated one: both what a person would expect of "same time, three days later".
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def into_office_hours(instant: dt.datetime, tz: str, hours: OfficeHours) -> dt.datetime:
    """``instant`` if the office is open then, else the next opening time (as UTC)."""
    zone = ZoneInfo(tz)
    local = instant.astimezone(zone)
    if hours.is_open(local):
        return instant.astimezone(UTC)
    day = local.date()
    if local.weekday() in hours.days and local.time() < hours.opens:
        return _to_utc(day, hours.opens, zone)
    for _ in range(7):
        day += dt.timedelta(days=1)
        if day.weekday() in hours.days:
            return _to_utc(day, hours.opens, zone)
    raise DomainError("The office hours name no day of the week.")  # unreachable when parsed


def follow_up_due(resolved_at: dt.datetime, tz: str, days: int,
                  hours: OfficeHours) -> dt.datetime:
    """``days`` calendar days after ``resolved_at`` at the same local wall time, moved into
    office hours. Days are counted on the local calendar, not as 24-hour blocks, so a
    daylight-saving change in between keeps the wall time."""
    if days < 0:
        raise DomainError("A follow-up cannot be due before the complaint was resolved.")
    zone = ZoneInfo(tz)
    local = resolved_at.astimezone(zone)
    wall = local.time().replace(tzinfo=None, second=0, microsecond=0)
    target = _to_utc(local.date() + dt.timedelta(days=days), wall, zone)
    return into_office_hours(target, tz, hours)

"""A week at a glance: per truck and day, how many jobs, how much of the day is still free,
and which promises are late or at risk — read in one query over the seven days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from models import rules
from models.company import policy_at, policy_versions
from models.errors import DomainError
from models.queries.customers import TruckRow, trucks
from models.schema import Job, Setting, Stamp

DAY_MINUTES_KEY = "truck_day_minutes"
DEFAULT_DAY_MINUTES = 480
CLOSED = ("cancelled", "rescheduled")


@dataclass(frozen=True)
class WeekCell:
    """One truck on one day (truck_id None: the jobs still waiting for a truck)."""

    truck_id: int | None
    day: dt.date
    jobs: int  # jobs to visit (cancelled and rescheduled-away ones are left out)
    booked_minutes: int  # their expected durations added up
    free_minutes: int  # the truck's day length less what is booked (negative: overbooked)
    late: int  # arrived late, or not arrived and past the window
    at_risk: int  # not arrived, window still open, close to its end or predicted past it


@dataclass(frozen=True)
class Week:
    first: dt.date  # a Monday
    days: list[dt.date]
    trucks: list[TruckRow]
    cells: dict[tuple[int | None, dt.date], WeekCell]
    day_minutes: int
    unassigned: bool  # some day of the week has jobs without a truck

    def cell(self, truck_id: int | None, day: dt.date) -> WeekCell:
        return self.cells.get((truck_id, day)) or WeekCell(truck_id, day, 0, 0,
                                                           self.day_minutes if truck_id else 0,
                                                           0, 0)

    def day_total(self, day: dt.date) -> WeekCell:
        parts = [self.cell(t.truck_id, day) for t in self.trucks] + [self.cell(None, day)]
        return WeekCell(0, day, *(sum(getattr(c, f) for c in parts) for f in (
            "jobs", "booked_minutes", "free_minutes", "late", "at_risk")))


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def day_minutes() -> int:
    """How long a truck's working day is (setting ``truck_day_minutes``, default 480)."""
    row = Setting.get_or_none(Setting.key == DAY_MINUTES_KEY)
    try:
        value = int(row.value) if row else DEFAULT_DAY_MINUTES
    except ValueError:
        return DEFAULT_DAY_MINUTES
    return value if 30 <= value <= 1440 else DEFAULT_DAY_MINUTES


def check_day_minutes(value) -> int:
    """A day length a person typed, or a clear refusal."""
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise DomainError(f"'{value}' is not a number of minutes.") from None
    if not 30 <= minutes <= 1440:
        raise DomainError("A truck's day must be 30 to 1440 minutes long.")
    return minutes


def week(first: dt.date, now: dt.datetime) -> Week:
    """The seven days from ``first`` (moved back to its Monday) for every active truck, plus
    the unassigned jobs. One query reads the week's jobs with their arrival and completion
    stamps; the trucks, the policy and the day length are three small fixed reads."""
    first = monday_of(first)
    days = [first + dt.timedelta(days=i) for i in range(7)]
    rows = (Job.select(Job.id, Job.truck, Job.local_date, Job.status, Job.duration_minutes,
                       Job.window_start_utc, Job.window_end_utc, Job.tz, Stamp.kind, Stamp.at)
            .join(Stamp, JOIN.LEFT_OUTER, on=((Stamp.job == Job.id)
                                              & (Stamp.active == True)  # noqa: E712
                                              & Stamp.kind.in_(("arrival", "completion"))))
            .where(Job.local_date.between(days[0], days[-1]) & Job.status.not_in(CLOSED))
            .order_by(Job.window_start_utc, Job.id).tuples())
    jobs: dict[int, list] = {}
    for job_id, truck_id, day, status, minutes, start, end, tz, kind, at in rows:
        entry = jobs.setdefault(job_id, [truck_id, day, minutes, start, end, tz, None, False])
        if kind == "arrival":
            entry[6] = at
        elif kind == "completion":
            entry[7] = True
    versions = policy_versions()
    length = day_minutes()
    return Week(first, days, trucks(), _cells(jobs, now, versions, length), length,
                any(e[0] is None for e in jobs.values()))


def _cells(jobs: dict[int, list], now: dt.datetime, versions, length: int) -> dict:
    routes: dict[tuple, list[rules.RouteStop]] = {}
    for job_id, (truck_id, day, minutes, start, end, _tz, arrived, done) in jobs.items():
        if truck_id is not None:
            routes.setdefault((truck_id, day), []).append(
                rules.RouteStop(job_id, start, end, minutes, arrived, done))
    predicted: dict[int, dt.datetime] = {}
    for stops in routes.values():
        predicted.update(rules.predicted_arrivals(stops, policy_at(stops[0].window_end,
                                                                   versions)))
    counts: dict[tuple, list[int]] = {}
    for job_id, (truck_id, day, minutes, _start, end, tz, arrived, done) in jobs.items():
        c = counts.setdefault((truck_id, day), [0, 0, 0, 0])
        c[0] += 1
        c[1] += minutes
        if arrived is not None:
            c[2] += rules.is_late(end, arrived)
        elif not done and rules.is_late(end, now):
            c[2] += 1
        elif not done and rules.at_risk(now, end, predicted.get(job_id),
                                        policy_at(end, versions)):
            c[3] += 1
    return {(truck_id, day): WeekCell(truck_id, day, n, booked,
                                      (length if truck_id is not None else 0) - booked,
                                      late, risk)
            for (truck_id, day), (n, booked, late, risk) in counts.items()}

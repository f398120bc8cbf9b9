"""Second thoughts before a stamp or a booking: what looks like a slip of the hand, in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from models import rules
from models.company import company_tz, policy_at
from models.errors import DomainError
from models.queries.day import DayJob
from models.schema import Customer, Job, Setting
from models.timefmt import format_clock

EARLY_KEY = "early_stamp_minutes"  # a setting; the hour below when it is not set
EARLY_DEFAULT = 60
DONE = ("completed", "cancelled", "rescheduled")


def early_limit() -> dt.timedelta:
    """How long before its window an arrival may be stamped without a question."""
    row = Setting.get_or_none(Setting.key == EARLY_KEY)
    try:
        minutes = int(row.value) if row is not None else EARLY_DEFAULT
    except ValueError:
        minutes = EARLY_DEFAULT
    return dt.timedelta(minutes=max(0, minutes))


def stamp_doubts(job: DayJob, day_rows: list[DayJob], at: dt.datetime, tz: str,
                 early: dt.timedelta) -> list[str]:
    """Why an arrival at ``at`` on ``job`` may be on the wrong job (none: just stamp it)."""
    found = []
    if at < job.window_start - early:
        found.append(f"It is {format_clock(at, tz)}, but {job.customer}'s window is "
                     f"{format_clock(job.window_start, tz)}–{format_clock(job.window_end, tz)}"
                     f": the crew would be {_span(job.window_start - at)} early.")
    earlier = [j for j in day_rows if j.truck_id == job.truck_id and j.job_id != job.job_id
               and j.window_start < job.window_start and j.status not in DONE]
    for other in earlier:
        found.append(f"{job.truck} has not finished {other.customer}'s "
                     f"{format_clock(other.window_start, tz)} job yet.")
    return found


def booking_doubts(truck_id: int | None, day: dt.date, start: dt.time, fold: int, service: str,
                   price: str, now: dt.datetime) -> list[str]:
    """Why a booking may be a mistake: the truck is busy then, no service, no price."""
    found = []
    try:
        tz = company_tz()
        begin, end = rules.window_bounds(day, start, tz, fold, policy_at(now).window_minutes)
    except DomainError:
        begin = end = None  # booking refuses such a time with its own message
    if begin is not None and truck_id is not None:  # an unassigned job clashes with nobody
        clash = (Job.select(Job, Customer).join(Customer)
                 .where((Job.truck == truck_id) & Job.status.not_in(("cancelled", "rescheduled"))
                        & (Job.window_start_utc < end) & (Job.window_end_utc > begin))
                 .order_by(Job.window_start_utc))
        for other in clash:
            found.append(f"This truck already has {other.customer.name} at "
                         f"{format_clock(other.window_start_utc, tz)}–"
                         f"{format_clock(other.window_end_utc, tz)}, overlapping this window.")
    if not service.strip():
        found.append("No service is given.")
    try:
        free = Decimal(price.strip() or "0") == 0
    except InvalidOperation:
        free = False  # booking refuses it with its own message
    if free:
        found.append("The price is 0.00: the customer pays nothing.")
    return found


def _span(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"

"""Finding jobs on other days: a customer calls and asks when the crew is coming."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN

from models.queries.customers import name_contains, phone_contains
from models.queries.day import DayJob, build
from models.schema import Customer, Job, Truck

DAYS_BACK = 60
DAYS_AHEAD = 180
LIMIT = 30


def matches(text: str):
    """The condition a job meets when ``text`` names it: part of the customer's name, part
    of the job's own id from the import, the job number, or 3+ digits of the phone."""
    text = text.strip()  # contains(): case-insensitive, with % and _ matched as typed
    found = Job.external_id.contains(text) | name_contains(text)
    if text.isdigit() and len(text) < 16:
        found |= Job.id == int(text)
    phone = phone_contains(text, least=3)
    if phone is not None:
        found |= phone
    return found


def find_jobs(text: str, around: dt.date, now: dt.datetime, *, exclude_day: bool = True,
              limit: int = LIMIT) -> list[DayJob]:
    """Jobs ``text`` names, from DAYS_BACK before ``around`` to DAYS_AHEAD after, closest
    days first (two bounded reads: from ``around`` on, and before it); ``around`` itself
    is left out when ``exclude_day`` (the board already searches the day it shows)."""
    text = text.strip()
    if len(text) < 2 and not text.isdigit():  # one letter names everybody; a job number not
        return []
    base = (Job.select(Job, Customer, Truck).join(Customer).switch(Job)
            .join(Truck, JOIN.LEFT_OUTER).where(matches(text)))
    first = around + dt.timedelta(days=1 if exclude_day else 0)
    later = list(base.where(Job.local_date.between(first, around + dt.timedelta(
        days=DAYS_AHEAD))).order_by(Job.local_date, Job.window_start_utc, Job.id).limit(limit))
    earlier = list(base.where(Job.local_date.between(
        around - dt.timedelta(days=DAYS_BACK), around - dt.timedelta(days=1)))
        .order_by(Job.local_date.desc(), Job.window_start_utc.desc(), Job.id.desc())
        .limit(limit))
    chosen = sorted(later + earlier, key=lambda j: (abs((j.local_date - around).days),
                                                    j.local_date < around,
                                                    j.window_start_utc, j.id))[:limit]
    return build(chosen, now)

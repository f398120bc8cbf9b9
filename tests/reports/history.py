"""A small fixed history that exercises every case the statistics count (see test_figures)."""

from __future__ import annotations

import datetime as dt

from models.services import jobs, stamps
from models.services.actor import Actor
from tests import factories

UTC = dt.timezone.utc
OWNER = Actor("owner", "owner")
BOOKED = dt.datetime(2026, 10, 20, 15, 0, tzinfo=UTC)
BEFORE = dt.datetime(2026, 10, 25, 15, 0, tzinfo=UTC)  # reschedules and cancellations


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def build(now: dt.datetime) -> dict[str, int]:
    """Jobs named j1..j18; arrivals are stamped afterwards with a reason, as history."""
    a = factories.truck("Truck A", now=BOOKED)
    b = factories.truck("Truck B", now=BOOKED)
    c = factories.customer(now=BOOKED)
    day = dt.date(2026, 11, 10)  # CST, UTC-6
    ids: dict[str, int] = {}

    def job(name, truck, d, start, fold=0):
        ids[name] = factories.job(truck, c, d, start, booked_at=BOOKED, fold=fold)

    for n, start in enumerate(("08:00", "09:00", "10:00", "11:00", "12:00", "13:00"), 1):
        job(f"j{n}", a, day, start)
    for n, start in zip(range(7, 11), ("08:00", "09:00", "10:00", "11:00")):
        job(f"j{n}", b, day, start)
    job("j12", b, day, "12:00")
    job("j15", a, dt.date(2026, 11, 1), "01:30", 0)  # first 01:30 (CDT, UTC-5)
    job("j16", a, dt.date(2026, 11, 1), "01:30", 1)  # second 01:30 (CST, UTC-6)
    job("j17", a, dt.date(2026, 11, 1), "23:00")
    job("j18", a, dt.date(2026, 11, 2), "00:00")
    job("j14", a, dt.date(2026, 11, 23), "14:00")  # today, not arrived yet
    jobs.cancel(ids["j9"], "customer moved away", OWNER, BEFORE)
    ids["j11"] = jobs.reschedule(ids["j10"], dt.date(2026, 11, 12), dt.time(10), 0, "company",
                                 OWNER, BEFORE).job_id
    ids["j13"] = jobs.reschedule(ids["j12"], dt.date(2026, 11, 12), dt.time(11), 0, "customer",
                                 OWNER, BEFORE).job_id
    arrivals = {
        "j1": "2026-11-10 13:50:00",  # early (07:50 local)
        "j2": "2026-11-10 16:00:00",  # exactly at the window end
        "j3": "2026-11-10 17:00:59",  # 59 s after: on time
        "j4": "2026-11-10 18:01:00",  # 1 minute late
        "j5": "2026-11-10 19:30:00",  # 30: tier 1
        "j6": "2026-11-10 21:00:00",  # 60: tier 2
        "j7": "2026-11-10 17:01:00",  # 121: tier 3
        "j8": "2026-11-10 16:45:30",  # 45: tier 1, then the customer's fault
        "j11": "2026-11-12 16:50:00",
        "j13": "2026-11-12 17:55:00",
        "j15": "2026-11-01 07:45:00",  # 15 late (window 06:30-07:30 UTC)
        "j16": "2026-11-01 08:20:00",  # on time (window 07:30-08:30 UTC)
        "j17": "2026-11-02 04:55:00",  # on time (window ends 06:00 UTC)
        "j18": "2026-11-02 07:20:00",  # 20 late (window ends 07:00 UTC)
    }
    for name, text in arrivals.items():
        stamps.arrive(ids[name], at(text), OWNER, now, reason="entered from the crew log")
    jobs.set_fault(ids["j8"], "customer", "nobody home to open the gate", OWNER, now)
    return ids

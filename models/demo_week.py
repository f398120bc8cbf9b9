"""The demo's bookings beyond today: several days ahead for the week view, and phone
bookings still waiting for a truck (the board's tray)."""

from __future__ import annotations

import datetime as dt
import random

from models.rules import zone
from models.schema import Customer, Truck
from models.services import jobs
from models.services.actor import Actor

DAYS_AHEAD = 6
WAITING = [(0, 150, "Carpet cleaning, 3 rooms", "189.00"),  # (days ahead, minutes from now)
           (0, 240, "Area rugs (2)", "120.00"), (1, None, "Pet odor treatment", "210.00"),
           (2, None, "Stair carpet", "95.00")]


def add_days_ahead(now: dt.datetime, tz: str, rng: random.Random, actor: Actor,
                   services: list[tuple[str, str]]) -> None:
    """Book the coming days (returning customers, 2–6 jobs per truck and day) and leave a
    few jobs without a truck today and on the next days."""
    booked = now - dt.timedelta(days=1)
    today = now.astimezone(zone(tz)).date()
    customers = [c.id for c in Customer.select(Customer.id).order_by(Customer.id)]
    trucks = [t.id for t in Truck.select(Truck.id).order_by(Truck.id)]
    for ahead in range(1, DAYS_AHEAD + 1):
        day = today + dt.timedelta(days=ahead)
        if day.weekday() == 6:
            continue  # closed on Sundays
        for truck_id in trucks:
            start = dt.datetime.combine(day, dt.time(8, 0))
            for _ in range(rng.randint(2, 6)):
                service, price = rng.choice(services)
                duration = rng.choice([60, 90, 90, 120])
                jobs.book(jobs.JobDraft(rng.choice(customers), truck_id, day, start.time(), 0,
                                        service, price, duration), actor, booked)
                start += dt.timedelta(minutes=duration + rng.choice([30, 30, 60]))
                if start.hour >= 17:
                    break
    for ahead, minutes, service, price in WAITING:
        if minutes is not None:
            at = (now + dt.timedelta(minutes=minutes)).astimezone(zone(tz))
            if at.date() != today:
                continue  # late in the evening: no more bookings today
            start = at.replace(minute=at.minute - at.minute % 15).time()
        else:
            start = dt.time(rng.choice([9, 10, 13, 14]), 0)
        jobs.book(jobs.JobDraft(rng.choice(customers), None, today + dt.timedelta(days=ahead),
                                start.replace(second=0, microsecond=0), 0, service, price, 90,
                                "Phone booking: truck to be chosen"), actor, booked)

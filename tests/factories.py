"""Small helpers to put trucks, customers and jobs in a test database."""

from __future__ import annotations

import datetime as dt

from models.db import write_tx
from models.services import jobs, people
from models.services.actor import Actor

OWNER = Actor("owner", "owner")


def truck(name: str = "Truck 1", crew: str = "Crew", now=None) -> int:
    return people.add_truck(name, crew, None, OWNER, now or dt.datetime.now(dt.timezone.utc))


def customer(name: str = "Zoë Ñúñez", phone: str = "555-0100", address: str = "1 Elm St",
             now=None):
    with write_tx():
        return people.add_customer(name, phone, address, "", OWNER,
                                   now or dt.datetime.now(dt.timezone.utc))


def job(truck_id: int, customer_id: int, day: dt.date, start: str, *, booked_at: dt.datetime,
        price: str = "150.00", fold: int = 0, external_id: str | None = None,
        duration: int | None = 90) -> int:
    hours, minutes = map(int, start.split(":"))
    draft = jobs.JobDraft(customer_id, truck_id, day, dt.time(hours, minutes), fold=fold,
                          service="Carpet cleaning", price=price, duration_minutes=duration,
                          external_id=external_id)
    return jobs.book(draft, OWNER, booked_at).job_id

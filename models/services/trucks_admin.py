"""Trucks after the first run: rename, crew, colour, retire and bring back (audited)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from models import audit
from models.db import write_tx
from models.errors import DomainError, NotFound
from models.names import INVISIBLE_CATEGORIES, check_truck_name, normal
from models.schema import Customer, Job, Truck
from models.services.actor import Actor
from models.services.people import COLOR, add_truck

__all__ = ["TruckInfo", "add_truck", "all_trucks", "edit", "rename", "set_crew", "set_color",
           "retire", "bring_back", "open_jobs"]

CREW_MOST = 100
OPEN = ("scheduled", "en_route", "arrived")  # a crew still has to go (or finish) there


@dataclass(frozen=True)
class TruckInfo:
    truck_id: int
    name: str
    crew: str
    color: str
    active: bool


@dataclass(frozen=True)
class OpenJob:
    job_id: int
    external_id: str
    day: dt.date
    start: str
    customer: str

    def words(self) -> str:
        label = self.external_id or f"job {self.job_id}"
        return f"{label} on {self.day.isoformat()} at {self.start} ({self.customer})"


def all_trucks() -> list[TruckInfo]:
    """Every truck, retired ones too, by name."""
    return [TruckInfo(t.id, t.name, t.crew, t.color, t.active)
            for t in Truck.select().order_by(Truck.active.desc(), Truck.name)]


def _truck(truck_id: int) -> Truck:
    found = Truck.get_or_none(Truck.id == truck_id)
    if found is None:
        raise NotFound(f"There is no truck {truck_id}.")
    return found


def _change(truck_id: int, field: str, value, actor: Actor, now: dt.datetime,
            reason: str = "", action: str = "edit") -> None:
    """Write one column of a truck and its audit entry (in a write transaction)."""
    truck = _truck(truck_id)
    old = getattr(truck, field)
    if old == value:
        return
    Truck.update({getattr(Truck, field): value}).where(Truck.id == truck_id).execute()
    audit.record(actor.name, action, "truck", truck_id, old={field: old}, new={field: value},
                 reason=reason, at=now)


def rename(truck_id: int, name: str, actor: Actor, now: dt.datetime) -> str:
    """Give a truck a new name (validated like a new one); returns the name stored."""
    with write_tx():
        others = [t.name for t in Truck.select(Truck.name).where(Truck.id != truck_id)]
        name = check_truck_name(name, others)
        _change(truck_id, "name", name, actor, now)
    return name


def check_crew(crew: str) -> str:
    text = normal(crew)
    if len(text) > CREW_MOST:
        raise DomainError(f"The crew can have at most {CREW_MOST} characters "
                          f"(this one has {len(text)}).")
    for char in text:
        if unicodedata.category(char) in INVISIBLE_CATEGORIES or (
                char.isspace() and char != " "):
            raise DomainError(f"The crew's names cannot contain invisible or control "
                              f"characters (U+{ord(char):04X} here); type them again by hand.")
    return text


def set_crew(truck_id: int, crew: str, actor: Actor, now: dt.datetime) -> str:
    crew = check_crew(crew)
    with write_tx():
        _change(truck_id, "crew", crew, actor, now)
    return crew


def set_color(truck_id: int, color: str, actor: Actor, now: dt.datetime) -> str:
    color = (color or "").strip()
    if not COLOR.match(color):
        raise DomainError(f"'{color}' is not a colour; write it as #RRGGBB, e.g. #2563eb.")
    with write_tx():
        _change(truck_id, "color", color.lower(), actor, now)
    return color.lower()


def edit(truck_id: int, name: str, crew: str, color: str, actor: Actor,
         now: dt.datetime) -> None:
    """Name, crew and colour at once: all saved, or (on any refusal) none."""
    with write_tx():
        rename(truck_id, name, actor, now)
        set_crew(truck_id, crew, actor, now)
        set_color(truck_id, color, actor, now)


def open_jobs(truck_id: int, now: dt.datetime) -> list[OpenJob]:
    """The truck's jobs a crew still has to do: not finished, window not over a day ago."""
    since = now - dt.timedelta(days=1)
    rows = (Job.select(Job.id, Job.external_id, Job.local_date, Job.local_start,
                       Customer.name)
            .join(Customer)
            .where((Job.truck == truck_id) & Job.status.in_(OPEN)
                   & (Job.window_end_utc >= since))
            .order_by(Job.window_start_utc, Job.id))
    return [OpenJob(j.id, j.external_id or "", j.local_date, j.local_start, j.customer.name)
            for j in rows]


def retire(truck_id: int, reason: str, actor: Actor, now: dt.datetime) -> None:
    """Take a truck off the board. Refused while it has jobs still to do: they would vanish
    from the board with it; move them to another truck first (the refusal names them)."""
    if not (reason or "").strip():
        raise DomainError("Retiring a truck needs a reason (sold, off the road, …).")
    with write_tx():
        truck = _truck(truck_id)
        if not truck.active:
            raise DomainError(f"{truck.name} is already retired.")
        pending = open_jobs(truck_id, now)
        if pending:
            shown = "; ".join(j.words() for j in pending[:8])
            more = f"; and {len(pending) - 8} more" if len(pending) > 8 else ""
            raise DomainError(f"{truck.name} still has {len(pending)} job(s) to do: {shown}"
                              f"{more}. Move them to another truck first; nothing was "
                              "changed.")
        _change(truck_id, "active", False, actor, now, reason.strip(), "retire")


def bring_back(truck_id: int, actor: Actor, now: dt.datetime) -> None:
    """Put a retired truck back on the board."""
    with write_tx():
        _change(truck_id, "active", True, actor, now, "", "bring back")

"""Finding the record a user named: a job by id or external id, a truck by name."""

from __future__ import annotations

from models.errors import NotFound
from models.schema import Complaint, Job, Reward, Stamp, Truck
from models.text import as_id


def job(ref: str | int) -> Job:
    """A job by its external id, else by its numeric id."""
    text = str(ref).strip()
    found = Job.get_or_none(Job.external_id == text)
    if found is None and as_id(text) is not None:
        found = Job.get_or_none(Job.id == as_id(text))
    if found is None:
        raise NotFound(f"There is no job '{text}' (give its id or external id).")
    return found


def truck(name: str) -> Truck:
    found = Truck.get_or_none(Truck.name == name.strip())
    if found is None:
        raise NotFound(f"There is no truck named '{name}'.")
    return found


def reward(ref: str | int) -> Reward:
    text = str(ref).strip()
    number = as_id(text)
    found = Reward.get_or_none(Reward.id == number) if number else None
    if found is None:
        raise NotFound(f"There is no reward '{text}'.")
    return found


def complaint(ref: str | int) -> Complaint:
    text = str(ref).strip()
    number = as_id(text)
    found = Complaint.get_or_none(Complaint.id == number) if number else None
    if found is None:
        raise NotFound(f"There is no complaint '{text}'.")
    return found


def active_stamp(job_id: int, kind: str) -> Stamp | None:
    return (Stamp.select()
            .where((Stamp.job == job_id) & (Stamp.kind == kind) & (Stamp.active == True))  # noqa: E712
            .first())


def truck_by_id(truck_id: int) -> Truck:
    found = Truck.get_or_none(Truck.id == truck_id)
    if found is None:
        raise NotFound("Pick a truck for the job.")
    return found

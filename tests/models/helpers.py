"""Small helpers shared by the domain tests."""

from __future__ import annotations

import datetime as dt

from models.schema import Complaint, Job, Reward
from models.services import stamps
from models.services.actor import Actor

OWNER = Actor("owner", "owner")
MIN = dt.timedelta(minutes=1)


def end_of(job_id: int) -> dt.datetime:
    return Job.get_by_id(job_id).window_end_utc


def arrive(job_id: int, at: dt.datetime, actor: Actor = OWNER,
           now: dt.datetime | None = None, reason: str = "crew called in"):
    """Stamp (or correct) the arrival as if the office typed it in at ``now`` (default: at)."""
    return stamps.arrive(job_id, at, actor, now or at, reason=reason)


def lateness(job_id: int) -> Reward | None:
    return Reward.get_or_none((Reward.job == job_id) & (Reward.kind == "lateness"))


def complaint_of(reward: Reward) -> Complaint | None:
    return Complaint.get_or_none(Complaint.reward == reward.id)


def counts() -> tuple[int, int]:
    return Reward.select().count(), Complaint.select().count()

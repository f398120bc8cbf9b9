"""A day's jobs with their stamps, rewards and live state, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from models import rules
from models.company import policy_at, policy_versions
from models.schema import Customer, Job, Reward, Stamp, Truck
from models.services.guarantee import measured_minutes


@dataclass(frozen=True)
class DayJob:
    """Everything the board, the listing and the route sheet show of one job."""

    job_id: int
    external_id: str | None
    truck_id: int | None  # None: unassigned (waits in the board's tray)
    truck: str  # "" when unassigned
    customer_id: int
    customer: str
    phone: str
    address: str
    service: str
    notes: str
    price: str
    duration_minutes: int
    local_date: dt.date
    local_start: str
    window_start: dt.datetime
    window_end: dt.datetime
    status: str
    state: str  # see STATES
    en_route_at: dt.datetime | None
    arrived_at: dt.datetime | None
    completed_at: dt.datetime | None
    minutes_late: int | None
    tier: int | None  # the lateness reward's tier when it is not void
    reward_value: str | None
    reward_wording: str | None
    certificate_code: str | None
    predicted_arrival: dt.datetime | None
    make_visit_perfect: bool
    free: bool
    fault: str
    rescheduled_by: str | None
    version: int
    # from the learned forecast (models/forecast_db/board.py), when one could be made:
    band: tuple[dt.datetime, dt.datetime] | None = None  # p10..p90 of the arrival
    expected_cost: float | None = None  # the rewards a late arrival may cost


STATES = ("scheduled", "at_risk", "late", "not_recorded", "arrived_early", "arrived_on_time",
          "arrived_late", "completed", "rescheduled", "cancelled")


def day_jobs(day: dt.date, now: dt.datetime, truck_ids: list[int] | None = None) -> list[DayJob]:
    """All jobs of the local day, by truck then window."""
    query = (Job.select(Job, Customer, Truck).join(Customer).switch(Job)
             .join(Truck, peewee.JOIN.LEFT_OUTER).where(Job.local_date == day))
    if truck_ids:
        query = query.where(Job.truck.in_(truck_ids))
    # Unassigned jobs (no truck: the tray) come first.
    jobs = list(query.order_by(Truck.name.is_null(False), Truck.name, Job.window_start_utc,
                               Job.id))
    return build(jobs, now)


def build(jobs: list[Job], now: dt.datetime) -> list[DayJob]:
    ids = [j.id for j in jobs]
    stamps: dict[tuple[int, str], dt.datetime] = {}
    rewards: dict[int, Reward] = {}
    for chunk in _chunks(ids):
        for s in Stamp.select(Stamp.job, Stamp.kind, Stamp.at).where(
                Stamp.job.in_(chunk) & (Stamp.active == True)):  # noqa: E712
            stamps[(s.job_id, s.kind)] = s.at
        for r in Reward.select().where(Reward.job.in_(chunk) & (Reward.kind == "lateness")):
            rewards[r.job_id] = r
    versions = policy_versions()
    predicted = _predictions(jobs, stamps, now, versions)
    rows = []
    for job in jobs:
        arrived = stamps.get((job.id, "arrival"))
        completed = stamps.get((job.id, "completion"))
        minutes = measured_minutes(job, arrived, now)
        reward = rewards.get(job.id)
        active = reward is not None and reward.status != "void"
        policy = policy_at(job.window_end_utc, versions)
        rows.append(DayJob(
            job.id, job.external_id, job.truck_id, job.truck.name if job.truck_id else "",
            job.customer_id,
            job.customer.name, job.customer.phone, job.customer.address, job.service,
            job.notes, f"{job.price:.2f}", job.duration_minutes, job.local_date,
            job.local_start, job.window_start_utc, job.window_end_utc, job.status,
            _state(job, arrived, completed, minutes, predicted.get(job.id), now, policy),
            stamps.get((job.id, "en_route")), arrived, completed, minutes,
            reward.tier if active else None, f"{reward.value:.2f}" if active else None,
            reward.wording if active else None,
            reward.certificate_code if active and reward.certificate_status == "unused" else None,
            predicted.get(job.id),
            job.customer.make_next_visit_perfect and job.status not in ("completed",
                                                                        "cancelled",
                                                                        "rescheduled"),
            job.free, job.fault, job.rescheduled_by, job.version))
    return rows


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _predictions(jobs, stamps, now, versions) -> dict[int, dt.datetime]:
    by_truck: dict[int, list[rules.RouteStop]] = {}
    for job in jobs:
        if job.status in ("cancelled", "rescheduled") or job.truck_id is None:
            continue  # an unassigned job has no route to predict along
        by_truck.setdefault(job.truck_id, []).append(rules.RouteStop(
            job.id, job.window_start_utc, job.window_end_utc, job.duration_minutes,
            stamps.get((job.id, "arrival")), (job.id, "completion") in stamps))
    predicted: dict[int, dt.datetime] = {}
    for stops in by_truck.values():
        policy = policy_at(stops[0].window_end, versions)
        predicted.update(rules.predicted_arrivals(stops, policy))
    return predicted


def _state(job, arrived, completed, minutes, predicted, now, policy) -> str:
    if job.status in ("cancelled", "rescheduled"):
        return job.status
    if completed is not None:
        return "completed"
    if arrived is not None:
        if rules.is_late(job.window_end_utc, arrived):
            return "arrived_late"
        return "arrived_early" if arrived < job.window_start_utc else "arrived_on_time"
    if rules.arrival_not_recorded(now, job.window_end_utc, job.tz):
        return "not_recorded"
    if minutes is not None and minutes >= 1 or (minutes is None and
                                                 rules.is_late(job.window_end_utc, now)):
        return "late"
    if rules.at_risk(now, job.window_end_utc, predicted, policy):
        return "at_risk"
    return "scheduled"

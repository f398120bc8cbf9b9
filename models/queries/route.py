"""What a route sheet needs beyond day_jobs(): crews, redemptions, rewards still to hand over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import JOIN

from models.schema import Complaint, Job, Reward, Truck


@dataclass(frozen=True)
class TruckInfo:
    truck_id: int
    name: str
    crew: str
    active: bool


@dataclass(frozen=True)
class Handover:
    """A reward (and maybe its certificate) the crew gives the customer at a visit."""

    reward_id: int
    job_id: int  # the job that earned it
    window_start: dt.datetime  # of that job: a handover belongs to a *later or same* visit
    tier: int | None
    wording: str
    value: Decimal
    certificate_code: str | None
    certificate_value: Decimal | None


@dataclass(frozen=True)
class RouteExtras:
    trucks: list[TruckInfo]
    redeemed: dict[int, tuple[str, Decimal]]  # job id -> (code, value) redeemed on that job
    free_jobs: set[int]  # company-rescheduled jobs whose reschedule reward is not void
    handovers: dict[int, list[Handover]]  # customer id -> rewards still to hand over
    # customer id -> window start of the visit a resolved complaint was about: "make this
    # visit perfect" belongs to the visits after it, never to that visit itself.
    perfect_after: dict[int, dt.datetime] = field(default_factory=dict)


def route_extras(job_ids: list[int], customer_ids: list[int]) -> RouteExtras:
    """Crews, certificates redeemed on the jobs, free jobs, and customers' pending rewards.

    Five queries (more only for very long id lists, chunked), whatever the number of jobs.
    """
    trucks = [TruckInfo(t.id, t.name, t.crew, t.active)
              for t in Truck.select().order_by(Truck.name)]
    redeemed: dict[int, tuple[str, Decimal]] = {}
    free_jobs: set[int] = set()
    for chunk in _chunks(job_ids):
        for r in Reward.select(Reward.redeemed_on, Reward.certificate_code,
                               Reward.certificate_value).where(Reward.redeemed_on.in_(chunk)):
            value = r.certificate_value or Decimal(0)
            redeemed[r.redeemed_on_id] = (r.certificate_code or "", value)
        for r in Reward.select(Reward.job).where(Reward.job.in_(chunk)
                                                 & (Reward.kind == "reschedule")
                                                 & (Reward.status != "void")):
            free_jobs.add(r.job_id)
    handovers: dict[int, list[Handover]] = {}
    for chunk in _chunks(customer_ids):
        # 'proposed' = nobody has told or given the customer yet: the next visit does it.
        # Job.id too: without it the joined Job hides the reward's job id (r.job_id is None).
        query = (Reward.select(Reward, Job.id, Job.customer, Job.window_start_utc)
                 .join(Job, on=(Reward.job == Job.id))
                 .where(Job.customer.in_(chunk) & (Reward.kind == "lateness")
                        & (Reward.status == "proposed"))
                 .order_by(Job.window_start_utc, Reward.id))
        for r in query:
            code = r.certificate_code if r.certificate_status == "unused" else None
            handovers.setdefault(r.job.customer_id, []).append(Handover(
                r.id, r.job_id, r.job.window_start_utc, r.tier, r.wording, r.value, code,
                r.certificate_value if code else None))
    return RouteExtras(trucks, redeemed, free_jobs, handovers, perfect_after(customer_ids))


def perfect_after(customer_ids: list[int]) -> dict[int, dt.datetime]:
    """Per customer, the window start of the latest visit a resolved (or closed) complaint
    was about. A company reschedule's complaint is about the moved appointment, which is the
    visit to get right, so it does not count; nor do complaints without a job."""
    found: dict[int, dt.datetime] = {}
    for chunk in _chunks(customer_ids):
        query = (Complaint.select(Complaint.customer, Complaint.reward, Job.window_start_utc,
                                  Reward.kind)
                 .join(Job, on=(Complaint.job == Job.id))
                 .switch(Complaint).join(Reward, JOIN.LEFT_OUTER,
                                         on=(Complaint.reward == Reward.id))
                 .where(Complaint.customer.in_(chunk)
                        & Complaint.status.in_(["resolved", "closed"])))
        for row in query:
            if row.reward_id is not None and row.reward.kind != "lateness":
                continue
            customer_id, start = row.customer_id, row.job.window_start_utc
            if customer_id not in found or start > found[customer_id]:
                found[customer_id] = start
    return found


def _chunks(ids: list[int], size: int = 900):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]

"""Read-only rows for the recovery views: rewards, complaints (list and one), follow-ups due."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import JOIN, fn

from models.company import company_tz
from models.queries.complaint_words import current_words
from models.rules import local_day_bounds, zone
from models.schema import Complaint, ComplaintStep, Customer, FollowUp, Job, Reward
from models.services.complaints import (  # the first three: for the step rows on screen
    ALWAYS_APPLY,  # noqa: F401
    NEEDED_TO_CLOSE,  # noqa: F401
    NOT_APPLICABLE,  # noqa: F401
    STEP_TITLES,
)
from models.services.rewards import certificate_state

RED_AFTER = dt.timedelta(minutes=60)
_STATUS_ORDER = {"open": 0, "on_hold": 1, "resolved": 2, "closed": 3, "withdrawn": 4}


@dataclass(frozen=True)
class RewardRow:
    reward_id: int
    job_id: int | None  # None: a goodwill reward for the customer alone
    customer_id: int
    customer: str
    job_date: dt.date  # without a job: the local day the reward was recorded
    window_start: dt.datetime | None
    tier: str  # "1", "2", "3", "reschedule", "cancellation" or "goodwill"
    minutes_late: int | None
    wording: str
    value: Decimal
    status: str
    void_reason: str
    certificate_code: str | None
    certificate_value: Decimal | None
    certificate_expires_at: dt.datetime | None
    certificate_state: str | None
    earned_at: dt.datetime

    @property
    def is_open(self) -> bool:
        """Still owed: not yet handed over, or a certificate the customer can still use."""
        return self.status == "proposed" or self.certificate_state == "unused"


def rewards(now: dt.datetime, *, open_only: bool = False, start: dt.date | None = None,
            end: dt.date | None = None, customer_id: int | None = None,
            recent_from: dt.date | None = None) -> list[RewardRow]:
    """Rewards by their job's date (newest first), filtered; one query.

    ``recent_from`` keeps rewards of jobs from that day on plus every one that may still be
    owed, whatever its age (years of settled history need not be read to show today's).
    """
    job_ref = fn.COALESCE(Reward.job, Reward.goodwill_job)  # a goodwill reward's job
    query = (Reward.select(Reward, Job, Customer)
             .join(Job, JOIN.LEFT_OUTER, on=(Job.id == job_ref), attr="linked_job")
             .join(Customer, on=(Customer.id == fn.COALESCE(Reward.customer, Job.customer)),
                   attr="who", src=Reward)
             .order_by(fn.COALESCE(Job.window_start_utc, Reward.created_at).desc(),
                       Reward.id.desc()))
    tz = company_tz()
    if recent_from:
        query = query.where((Job.local_date >= recent_from) | (Reward.status == "proposed")
                            | ((Reward.certificate_status == "unused")
                               & (Reward.certificate_expires_at > now))
                            | (Job.id.is_null() & (Reward.created_at >= local_day_bounds(
                                recent_from, tz)[0])))
    if start:
        query = query.where((Job.local_date >= start) | (
            Job.id.is_null() & (Reward.created_at >= local_day_bounds(start, tz)[0])))
    if end:
        query = query.where((Job.local_date <= end) | (
            Job.id.is_null() & (Reward.created_at < local_day_bounds(end, tz)[1])))
    if customer_id:
        query = query.where(Customer.id == customer_id)
    rows = []
    for r in query:
        job = r.linked_job if (r.job_id or r.goodwill_job_id) else None
        row = RewardRow(
            r.id, job.id if job else None, r.who.id, r.who.name,
            job.local_date if job else r.created_at.astimezone(zone(tz)).date(),
            job.window_start_utc if job else None,
            str(r.tier) if r.kind == "lateness" else r.kind,
            r.minutes_late, r.wording, r.value, r.status, r.void_reason, r.certificate_code,
            r.certificate_value, r.certificate_expires_at, certificate_state(r, now),
            r.earned_at)
        if not open_only or row.is_open:
            rows.append(row)
    return rows


@dataclass(frozen=True)
class ComplaintRow:
    complaint_id: int
    opened_at: dt.datetime
    source: str
    customer_id: int
    customer: str
    job_id: int | None
    fault: str
    status: str
    owner: str | None
    steps_done: int
    first_response_at: dt.datetime | None
    words: str
    red: bool  # open and nobody has responded within 60 minutes


def is_red(status: str, opened_at: dt.datetime, first_response_at: dt.datetime | None,
           now: dt.datetime) -> bool:
    return status == "open" and first_response_at is None and now - opened_at >= RED_AFTER


def complaints(now: dt.datetime, *, include_finished: bool = True,
               finished_since: dt.datetime | None = None) -> list[ComplaintRow]:
    """Open ones first (oldest first within a state), then the finished; two queries.

    ``finished_since`` keeps only the closed and withdrawn ones opened since then (every
    unfinished one stays, however old).
    """
    query = (Complaint.select(Complaint, Customer).join(Customer)
             .order_by(Complaint.opened_at, Complaint.id))
    unfinished = Complaint.status.in_(("open", "on_hold", "resolved"))
    if not include_finished:
        query = query.where(unfinished)
    elif finished_since is not None:
        query = query.where(unfinished | (Complaint.opened_at >= finished_since))
    found = list(query)
    done = _steps_done([c.id for c in found])
    words = current_words([(c.id, c.words, c.job_id) for c in found], now)
    rows = [ComplaintRow(c.id, c.opened_at, c.source, c.customer_id, c.customer.name, c.job_id,
                         c.fault, c.status, c.owner, done.get(c.id, 0), c.first_response_at,
                         words[c.id], is_red(c.status, c.opened_at, c.first_response_at, now))
            for c in found]
    rows.sort(key=lambda r: (_STATUS_ORDER.get(r.status, 9), not r.red))
    return rows


def _steps_done(ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        for s in ComplaintStep.select(ComplaintStep.complaint).where(
                ComplaintStep.complaint.in_(ids[start:start + 900])
                & (ComplaintStep.done == True)):  # noqa: E712
            counts[s.complaint_id] = counts.get(s.complaint_id, 0) + 1
    return counts


@dataclass(frozen=True)
class StepRow:
    number: int
    title: str
    done: bool
    done_by: str | None
    done_at: dt.datetime | None
    data: dict


@dataclass(frozen=True)
class FollowUpRow:
    follow_up_id: int
    complaint_id: int
    customer: str
    phone: str
    due_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None
    note: str


@dataclass(frozen=True)
class ComplaintDetail:
    complaint_id: int
    status: str
    source: str
    fault: str
    words: str
    owner: str | None
    opened_at: dt.datetime
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    hold_note: str
    customer_id: int
    customer: str
    phone: str
    address: str
    job_id: int | None
    reward_id: int | None
    red: bool
    steps: list[StepRow] = field(default_factory=list)
    follow_ups: list[FollowUpRow] = field(default_factory=list)


def complaint(complaint_id: int, now: dt.datetime) -> ComplaintDetail:
    c = Complaint.select(Complaint, Customer).join(Customer).where(
        Complaint.id == complaint_id).get()
    steps = [StepRow(s.number, STEP_TITLES[s.number], s.done, s.done_by, s.done_at,
                     json.loads(s.data or "{}"))
             for s in ComplaintStep.select().where(ComplaintStep.complaint == c.id)
             .order_by(ComplaintStep.number)]
    follows = [_follow_row(f, c.customer) for f in
               FollowUp.select().where(FollowUp.complaint == c.id).order_by(FollowUp.due_at)]
    return ComplaintDetail(
        c.id, c.status, c.source, c.fault,
        current_words([(c.id, c.words, c.job_id)], now)[c.id], c.owner, c.opened_at, c.first_response_at,
        c.resolved_at, c.closed_at, c.outcome, c.hold_note, c.customer_id, c.customer.name,
        c.customer.phone, c.customer.address, c.job_id, c.reward_id,
        is_red(c.status, c.opened_at, c.first_response_at, now), steps, follows)


def _follow_row(f: FollowUp, customer: Customer) -> FollowUpRow:
    return FollowUpRow(f.id, f.complaint_id, customer.name, customer.phone, f.due_at,
                       f.done_at, f.done_by, f.note)


def follow_ups(*, due_by: dt.datetime | None = None) -> list[FollowUpRow]:
    """Calls not yet made, soonest first; with ``due_by`` only those due by then."""
    query = (FollowUp.select(FollowUp, Complaint, Customer).join(Complaint)
             .join(Customer, JOIN.INNER).where(FollowUp.done_at.is_null())
             .order_by(FollowUp.due_at, FollowUp.id))
    if due_by is not None:
        query = query.where(FollowUp.due_at <= due_by)
    return [_follow_row(f, f.complaint.customer) for f in query]


def customer_jobs(customer_id: int) -> list[tuple[int, dt.datetime, str, str]]:
    """(job id, window start, service, status) of a customer's jobs, newest first."""
    query = (Job.select(Job.id, Job.window_start_utc, Job.service, Job.status)
             .where(Job.customer == customer_id).order_by(Job.window_start_utc.desc()))
    return [(j.id, j.window_start_utc, j.service, j.status) for j in query]

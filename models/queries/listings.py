"""The rows of the jobs, rewards and complaints listings and CSV exports (INTERFACES.md)."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from models import rules
from models.company import company_tz
from models.csvout import safe_text
from models.queries.day import day_jobs
from models.schema import Complaint, ComplaintStep, Customer, Job, Reward, Stamp
from models.services.guarantee import measured_minutes
from models.services.rewards import certificate_state
from models.timefmt import format_local

JOBS_HEADER = ["id", "external_id", "truck", "customer", "window_start", "window_end",
               "status", "minutes_late"]
REWARDS_HEADER = ["reward_id", "job_id", "external_id", "customer", "date", "window_start",
                  "window_end", "arrived_at", "minutes_late", "tier", "reward", "value",
                  "fault", "status", "certificate_code", "certificate_expires",
                  "certificate_status"]
COMPLAINTS_HEADER = ["complaint_id", "opened_at", "source", "customer", "job_id",
                     "external_id", "fault", "status", "steps_done", "first_response_minutes",
                     "resolved_at", "outcome"] + [f"step_{n}" for n in range(1, 11)]
OPEN_COMPLAINT_STATES = ("open", "on_hold", "resolved")
# The `tier` column of a reward that is not one of the guarantee's lateness tiers.
TIER_NAMES = {"reschedule": "reschedule", "cancellation": "cancellation",
              "goodwill": "goodwill"}

def job_rows(day: dt.date, now: dt.datetime) -> list[list]:
    tz = company_tz()
    return [[j.job_id, safe_text(j.external_id or ""), safe_text(j.truck), safe_text(j.customer),
             format_local(j.window_start, tz), format_local(j.window_end, tz), j.status,
             "" if j.minutes_late is None else j.minutes_late]
            for j in day_jobs(day, now)]

def reward_rows(start: dt.date | None, end: dt.date | None, now: dt.datetime) -> list[list]:
    """By their job's date; a goodwill reward without a job by the local day it was made."""
    tz = company_tz()
    job_id = fn.COALESCE(Reward.job, Reward.goodwill_job)
    query = (Reward.select(Reward, Job, Customer)
             .join(Job, JOIN.LEFT_OUTER, on=(Job.id == job_id), attr="linked_job")
             .join(Customer, on=(Customer.id == fn.COALESCE(Reward.customer, Job.customer)),
                   attr="who", src=Reward)
             .order_by(fn.COALESCE(Job.window_start_utc, Reward.created_at), Reward.id))
    if start:
        query = query.where((Job.local_date >= start) | (
            Job.id.is_null() & (Reward.created_at >= rules.local_day_bounds(start, tz)[0])))
    if end:
        query = query.where((Job.local_date <= end) | (
            Job.id.is_null() & (Reward.created_at < rules.local_day_end(end, tz))))
    rewards = list(query)
    arrivals = _arrivals([r.job_id for r in rewards if r.job_id])
    rows = []
    for r in rewards:
        job = r.linked_job if (r.job_id or r.goodwill_job_id) else None
        arrived = arrivals.get(job.id) if job and r.job_id else None
        minutes = (measured_minutes(job, arrived, now) if r.kind == "lateness" else None)
        day = job.local_date.isoformat() if job else format_local(r.created_at, tz)[:10]
        rows.append([
            r.id, job.id if job else "", safe_text(job.external_id or "") if job else "",
            safe_text(r.who.name), day,
            format_local(job.window_start_utc, tz) if job else "",
            format_local(job.window_end_utc, tz) if job else "", format_local(arrived, tz),
            "" if minutes is None else minutes, TIER_NAMES.get(r.kind, r.tier),
            safe_text(r.wording), f"{r.value:.2f}", job.fault if r.job_id else "", r.status,
            r.certificate_code or "", format_local(r.certificate_expires_at, tz),
            certificate_state(r, now) or ""])
    return rows

def _arrivals(job_ids: list[int]) -> dict[int, dt.datetime]:
    found: dict[int, dt.datetime] = {}
    for start in range(0, len(job_ids), 900):
        chunk = job_ids[start:start + 900]
        for s in Stamp.select(Stamp.job, Stamp.at).where(
                Stamp.job.in_(chunk) & (Stamp.kind == "arrival") & (Stamp.active == True)):  # noqa: E712
            found[s.job_id] = s.at
    return found

def complaint_rows(open_only: bool) -> list[list]:
    tz = company_tz()
    query = (Complaint.select(Complaint, Customer, Job)
             .join(Customer).switch(Complaint).join(Job, JOIN.LEFT_OUTER)
             .order_by(Complaint.opened_at, Complaint.id))
    if open_only:
        query = query.where(Complaint.status.in_(OPEN_COMPLAINT_STATES))
    complaints = list(query)
    steps: dict[int, dict[int, bool]] = {}
    ids = [c.id for c in complaints]
    for start in range(0, len(ids), 900):
        for s in ComplaintStep.select(ComplaintStep.complaint, ComplaintStep.number,
                                      ComplaintStep.done).where(
                ComplaintStep.complaint.in_(ids[start:start + 900])):
            steps.setdefault(s.complaint_id, {})[s.number] = s.done
    rows = []
    for c in complaints:
        done = steps.get(c.id, {})
        first = ("" if c.first_response_at is None
                 else int((c.first_response_at - c.opened_at).total_seconds() // 60))
        rows.append([c.id, format_local(c.opened_at, tz), c.source, safe_text(c.customer.name),
                     c.job_id or "", safe_text(c.job.external_id or "") if c.job_id else "",
                     c.fault, c.status, sum(done.values()), first,
                     format_local(c.resolved_at, tz), c.outcome or ""]
                    + ["yes" if done.get(n) else "" for n in range(1, 11)])
    return rows

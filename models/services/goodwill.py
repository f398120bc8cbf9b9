"""Goodwill rewards given by hand: for step 5 of a complaint, or to keep a customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models import audit, rules
from models.company import company_tz, policy_at
from models.db import write_tx
from models.errors import DomainError
from models.schema import Complaint, Job, Reward
from models.services import certificates, customer_ref, lookup
from models.services.actor import Actor
from models.services.jobs import parse_price
from models.text import within


def add_goodwill(*, value: str | Decimal, wording: str, actor: Actor, now: dt.datetime,
                 customer: str | int | None = None, job: str | int | None = None,
                 complaint: str | int | None = None, certificate: bool = False) -> int:
    """Record a goodwill reward (proposed, like any reward) and return its id.

    It belongs to a customer (named, or the job's or the complaint's) and, where there is
    one, to a job and a complaint; they must all be the same customer's. It is never one of
    the guarantee's tiers: its job column stays empty and ``goodwill_job`` names the job.
    """
    amount = parse_price(value)
    if amount <= 0:
        raise DomainError("A goodwill reward needs a value above 0.00.")
    wording = within(wording, 500, "wording")
    if not wording:
        raise DomainError("Say what the goodwill reward is (its wording for the customer).")
    with write_tx():
        found = _links(customer, job, complaint)
        customer_id, job_row, complaint_row = found
        reward = Reward.create(
            job=None, kind="goodwill", customer=customer_id,
            goodwill_job=job_row.id if job_row else None,
            goodwill_complaint=complaint_row.id if complaint_row else None,
            wording=wording, value=amount, earned_at=now, created_at=now)
        if certificate:
            months = policy_at(now).certificate_months
            reward.certificate_code = certificates.new_code()
            reward.certificate_value = amount
            reward.certificate_expires_at = rules.add_months(now, months, company_tz())
            reward.certificate_status = "unused"
            reward.save()
        audit.record(actor.name, "create", "reward", reward.id, at=now, new={
            "kind": "goodwill", "customer": customer_id, "job": reward.goodwill_job_id,
            "complaint": reward.goodwill_complaint, "wording": wording,
            "value": f"{amount:.2f}", "status": "proposed",
            "certificate_code": reward.certificate_code,
            "certificate_status": reward.certificate_status})
        return reward.id


def _links(customer, job, complaint) -> tuple[int, Job | None, Complaint | None]:
    """(customer id, job, complaint) named, checked to belong together."""
    job_row = lookup.job(job) if job not in (None, "") else None
    complaint_row = lookup.complaint(complaint) if complaint not in (None, "") else None
    named = customer_ref.find(customer).id if customer not in (None, "") else None
    if complaint_row is not None and job_row is None and complaint_row.job_id:
        job_row = Job.get_by_id(complaint_row.job_id)
    owners = {c for c in (named, job_row.customer_id if job_row else None,
                          complaint_row.customer_id if complaint_row else None) if c}
    if not owners:
        raise DomainError("Name the customer, the job or the complaint the goodwill reward "
                          "is for.")
    if len(owners) > 1:
        raise DomainError("The customer, job and complaint named belong to different "
                          "customers; name ones that go together.")
    if (complaint_row is not None and job_row is not None and complaint_row.job_id
            and complaint_row.job_id != job_row.id):
        raise DomainError(f"Complaint {complaint_row.id} is about job {complaint_row.job_id}, "
                          f"not job {job_row.id}.")
    return owners.pop(), job_row, complaint_row

"""The complaint that goes with every guarantee event: opened, withdrawn, reopened by the program."""

from __future__ import annotations

import datetime as dt

from models import audit
from models.schema import Complaint, ComplaintStep, Reward

STEP_COUNT = 10


def create(*, customer_id: int, job_id: int | None, reward_id: int | None, source: str,
           fault: str, words: str, opened_at: dt.datetime, by: str, now: dt.datetime,
           owner: str | None = None) -> Complaint:
    complaint = Complaint.create(customer=customer_id, job=job_id, reward=reward_id,
                                 source=source, fault=fault, words=words, opened_at=opened_at,
                                 owner=owner, worked_on=source == "manual")
    ComplaintStep.insert_many(
        [{"complaint": complaint.id, "number": n} for n in range(1, STEP_COUNT + 1)]
    ).execute()
    audit.record(by, "open", "complaint", complaint.id, at=now,
                 new={"source": source, "job": job_id, "reward": reward_id, "fault": fault,
                      "opened_at": opened_at, "words": words})
    return complaint


def ensure_for_reward(reward: Reward, *, fault: str, words: str, by: str,
                      now: dt.datetime, opened_at: dt.datetime | None = None) -> Complaint:
    """The reward's automatic complaint: created once, or reopened if it was withdrawn.

    ``opened_at`` defaults to when the reward was earned (a reschedule or cancellation:
    when it was recorded).
    """
    complaint = Complaint.get_or_none(Complaint.reward == reward.id)
    if complaint is None:
        job = reward.job
        return create(customer_id=job.customer_id, job_id=job.id, reward_id=reward.id,
                      source="auto", fault=fault, words=words,
                      opened_at=opened_at or reward.earned_at, by=by, now=now)
    if complaint.status == "withdrawn":
        complaint.status = "open"
        complaint.save()
        audit.record(by, "reopen", "complaint", complaint.id, old={"status": "withdrawn"},
                     new={"status": "open"}, at=now)
    return complaint


def withdraw_if_untouched(reward_id: int, *, by: str, reason: str, now: dt.datetime) -> bool:
    """Withdraw the reward's automatic complaint unless a person has worked on it."""
    complaint = Complaint.get_or_none(Complaint.reward == reward_id)
    if complaint is None or complaint.worked_on or complaint.status != "open":
        return False
    complaint.status = "withdrawn"
    complaint.save()
    audit.record(by, "withdraw", "complaint", complaint.id, old={"status": "open"},
                 new={"status": "withdrawn"}, reason=reason, at=now)
    return True


def set_fault_of_job_complaints(job_id: int, fault: str, *, by: str, reason: str,
                                now: dt.datetime) -> None:
    for complaint in Complaint.select().where(
        (Complaint.job == job_id) & (Complaint.source == "auto")
    ):
        if complaint.fault != fault:
            audit.record(by, "fault", "complaint", complaint.id, old={"fault": complaint.fault},
                         new={"fault": fault}, reason=reason, at=now)
            complaint.fault = fault
            complaint.save()

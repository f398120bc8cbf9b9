"""What the office does with a reward: tell the customer, void it, redeem a certificate."""

from __future__ import annotations

import datetime as dt

from models import audit
from models.db import write_tx
from models.errors import DomainError, NotFound
from models.schema import Job, Reward
from models.services import certificates, lookup
from models.services.actor import Actor


def issue(reward_ref, actor: Actor, now: dt.datetime) -> bool:
    """Mark a proposed reward issued (the customer was told or given it)."""
    with write_tx():
        reward = lookup.reward(reward_ref)
        if reward.status == "issued":
            return False
        if reward.status != "proposed":
            raise DomainError(f"Reward {reward.id} is {reward.status}; only a proposed reward "
                              "can be issued.")
        Reward.update(status="issued").where(Reward.id == reward.id).execute()
        audit.record(actor.name, "issue", "reward", reward.id, old={"status": "proposed"},
                     new={"status": "issued"}, at=now)
        return True


def void(reward_ref, reason: str, actor: Actor, now: dt.datetime) -> None:
    if not reason.strip():
        raise DomainError("Voiding a reward needs a reason.")
    with write_tx():
        reward = lookup.reward(reward_ref)
        if reward.status == "void":
            raise DomainError(f"Reward {reward.id} is already void.")
        if reward.status in ("issued", "redeemed"):
            actor.require_owner(f"void reward {reward.id}, which was already {reward.status}")
        cert = "void" if reward.certificate_status == "unused" else reward.certificate_status
        Reward.update(status="void", void_reason=reason.strip(), voided_by_person=True,
                      certificate_status=cert).where(Reward.id == reward.id).execute()
        audit.record(actor.name, "void", "reward", reward.id, reason=reason.strip(), at=now,
                     old={"status": reward.status, "certificate_status": reward.certificate_status},
                     new={"status": "void", "certificate_status": cert})


def certificate_state(reward: Reward, now: dt.datetime) -> str | None:
    """unused, redeemed, expired or void; expiry is read off the clock, never stored."""
    status = reward.certificate_status
    if status == "unused" and reward.certificate_expires_at and now >= reward.certificate_expires_at:
        return "expired"
    return status


def redeem(code: str, job_ref, actor: Actor, now: dt.datetime) -> Reward:
    """Use a certificate on a later job of the same customer."""
    code = certificates.normalise(code)
    with write_tx():
        reward = Reward.get_or_none(Reward.certificate_code == code)
        if reward is None:
            raise NotFound(f"There is no certificate with code {code}.")
        job = lookup.job(job_ref)
        state = certificate_state(reward, now)
        if state != "unused":
            raise DomainError(f"Certificate {code} is {state}; it cannot be redeemed.")
        earned_on = Job.get_by_id(reward.job_id)
        if job.customer_id != earned_on.customer_id:
            raise DomainError(f"Certificate {code} belongs to another customer.")
        if job.window_start_utc <= earned_on.window_start_utc or job.id == earned_on.id:
            raise DomainError("A certificate is redeemed on a later job than the one that "
                              "earned it.")
        if job.status in ("cancelled", "rescheduled"):
            raise DomainError(f"Job {job.id} is {job.status}; pick the customer's next job.")
        if Reward.select().where(Reward.redeemed_on == job.id).exists():
            raise DomainError(f"Job {job.id} already has a certificate redeemed on it.")
        Reward.update(certificate_status="redeemed", status="redeemed", redeemed_on=job.id,
                      redeemed_at=now).where(Reward.id == reward.id).execute()
        audit.record(actor.name, "redeem", "reward", reward.id, at=now,
                     old={"status": reward.status, "certificate_status": "unused"},
                     new={"status": "redeemed", "certificate_status": "redeemed",
                          "redeemed_on": job.id})
        return Reward.get_by_id(reward.id)

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
        told = remembered(reward)
        Reward.update(status="issued", **told).where(Reward.id == reward.id).execute()
        audit.record(actor.name, "issue", "reward", reward.id, old={"status": "proposed"},
                     new={"status": "issued", **_plain(told)}, at=now)
        return True


def remembered(reward: Reward) -> dict:
    """What the reward remembers once the customer is told of it: the highest tier and value
    so far (never lowered by the program)."""
    value = reward.value if reward.issued_value is None else max(reward.issued_value,
                                                                  reward.value)
    tier = reward.tier
    if reward.issued_tier is not None:
        tier = max(reward.issued_tier, tier or 0)
    return {"issued_tier": tier, "issued_value": value}


def _plain(told: dict) -> dict:
    return {"issued_tier": told["issued_tier"], "issued_value": f"{told['issued_value']:.2f}"}


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


def about_job(reward: Reward) -> Job | None:
    """The job that earned the reward, or a goodwill reward's job (None: the customer only)."""
    job_id = reward.job_id or reward.goodwill_job_id
    return Job.get_by_id(job_id) if job_id else None


def customer_of(reward: Reward) -> int:
    if reward.customer_id is not None:
        return reward.customer_id
    return Job.get_by_id(reward.job_id).customer_id


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
        earned_on = about_job(reward)
        if job.customer_id != customer_of(reward):
            raise DomainError(f"Certificate {code} belongs to another customer.")
        if earned_on is not None and (job.window_start_utc <= earned_on.window_start_utc
                                      or job.id == earned_on.id):
            raise DomainError("A certificate is redeemed on a later job than the one that "
                              "earned it.")
        if job.status in ("cancelled", "rescheduled"):
            raise DomainError(f"Job {job.id} is {job.status}; pick the customer's next job.")
        if Reward.select().where(Reward.redeemed_on == job.id).exists():
            raise DomainError(f"Job {job.id} already has a certificate redeemed on it.")
        Reward.update(certificate_status="redeemed", status="redeemed", redeemed_on=job.id,
                      redeemed_at=now, **remembered(reward)).where(
            Reward.id == reward.id).execute()
        audit.record(actor.name, "redeem", "reward", reward.id, at=now,
                     old={"status": reward.status, "certificate_status": "unused"},
                     new={"status": "redeemed", "certificate_status": "redeemed",
                          "redeemed_on": job.id})
        return Reward.get_by_id(reward.id)

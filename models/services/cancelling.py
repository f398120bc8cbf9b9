"""What a company cancellation owes: a certificate worth the job's price, and a complaint."""

from __future__ import annotations

import datetime as dt

from models import audit, rules
from models.company import policy_at
from models.schema import Customer, Job, Reward
from models.services import certificates, complaints_auto
from models.services.actor import Actor
from models.services.guarantee import GuaranteeEvent

WORDING = "A certificate worth the price of the visit we had to cancel"


def owe_for_cancellation(job: Job, reason: str, actor: Actor,
                         now: dt.datetime) -> list[GuaranteeEvent]:
    """Call inside the cancelling transaction. The complaint opens when this is recorded."""
    policy = policy_at(now)
    value = job.price
    reward = Reward.create(
        job=job.id, customer=job.customer_id, kind="cancellation", wording=WORDING,
        value=value, earned_at=now, created_at=now,
        certificate_code=certificates.new_code(), certificate_value=value,
        certificate_expires_at=rules.add_months(now, policy.certificate_months, job.tz),
        certificate_status="unused")
    audit.record(actor.name, "create", "reward", reward.id, at=now, reason=reason,
                 new={"kind": "cancellation", "job": job.id, "value": f"{value:.2f}",
                      "status": "proposed", "certificate_code": reward.certificate_code,
                      "certificate_status": "unused"})
    complaints_auto.ensure_for_reward(
        reward, fault="company", by=actor.name, now=now, opened_at=now,
        words=f"We cancelled the visit and could not come: {reason}")
    name = Customer.get_by_id(job.customer_id).name
    return [GuaranteeEvent(job.id, name, "created", None, f"{value:.2f}", WORDING,
                           label="Cancellation")]

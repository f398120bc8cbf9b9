"""Taking back a reschedule made by mistake (the board's undo), audited like any change."""

from __future__ import annotations

import datetime as dt

from models import audit
from models.db import write_tx
from models.errors import DomainError
from models.schema import Job, Reward, Stamp
from models.services import complaints_auto
from models.services.actor import Actor
from models.services.guarantee import GuaranteeEvent, sync_lateness, was_told


def undo_reschedule(new_job_id: int, actor: Actor, now: dt.datetime,
                    reason: str = "undo") -> list[GuaranteeEvent]:
    """Close the successor job and reopen the job it replaced, as if it had not moved.

    Refused once the crew has stamped the new job. A reschedule reward on the new job is
    voided (its complaint withdrawn if nobody worked on it); the old job's guarantee runs on.
    """
    with write_tx():
        new = Job.get_or_none(Job.id == new_job_id)
        if new is None or new.rescheduled_from_id is None:
            raise DomainError(f"Job {new_job_id} did not come from a reschedule.")
        if new.status != "scheduled" or Stamp.select().where(
                (Stamp.job == new.id) & (Stamp.active == True)).exists():  # noqa: E712
            raise DomainError(f"Job {new.id} has already been worked on; it cannot be undone.")
        old = Job.get_by_id(new.rescheduled_from_id)
        if old.status != "rescheduled":
            raise DomainError(f"Job {old.id} is {old.status}; the reschedule cannot be undone.")
        ext = new.external_id
        Job.update(status="cancelled", cancel_reason=f"{reason}: reschedule taken back",
                   closed_at=now, external_id=None,
                   version=Job.version + 1).where(Job.id == new.id).execute()
        audit.record(actor.name, "cancel", "job", new.id, old={"status": "scheduled"},
                     new={"status": "cancelled"}, reason=reason, at=now)
        back = "en_route" if Stamp.select().where(
            (Stamp.job == old.id) & (Stamp.kind == "en_route")
            & (Stamp.active == True)).exists() else "scheduled"  # noqa: E712
        Job.update(status=back, closed_at=None, external_id=ext,
                   version=Job.version + 1).where(Job.id == old.id).execute()
        audit.record(actor.name, "reopen", "job", old.id, old={"status": "rescheduled"},
                     new={"status": back, "external_id": ext}, reason=reason, at=now)
        if old.free:  # the reward came over from the old job: it goes back with it
            events = _move_back(new, old, actor, now, reason)
        else:
            events = _void_reschedule_reward(new, actor, now, reason)
        events += sync_lateness(Job.get_by_id(old.id), now, actor, settle=False)
        return events


def _void_reschedule_reward(job: Job, actor: Actor, now: dt.datetime,
                            reason: str) -> list[GuaranteeEvent]:
    reward = Reward.get_or_none((Reward.job == job.id) & (Reward.kind == "reschedule"))
    if reward is None or reward.status == "void":
        return []
    if was_told(reward):
        actor.require_owner("void a reward the customer was already told about")
    Reward.update(status="void", void_reason=reason).where(Reward.id == reward.id).execute()
    audit.record(actor.name, "void", "reward", reward.id, old={"status": reward.status},
                 new={"status": "void"}, reason=reason, at=now)
    complaints_auto.withdraw_if_untouched(reward.id, by=actor.name, reason=reason, now=now)
    return [GuaranteeEvent(job.id, job.customer.name, "voided", None, str(reward.value),
                           reward.wording)]


def _move_back(new: Job, old: Job, actor: Actor, now: dt.datetime,
               reason: str) -> list[GuaranteeEvent]:
    reward = Reward.get_or_none((Reward.job == new.id) & (Reward.kind == "reschedule"))
    if reward is not None:
        Reward.update(job=old.id).where(Reward.id == reward.id).execute()
        audit.record(actor.name, "move", "reward", reward.id, old={"job": new.id},
                     new={"job": old.id}, reason=reason, at=now)
    return []

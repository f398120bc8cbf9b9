"""Taking back a board action exactly: the rows a job's action touched go back as they were."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import audit
from models.db import write_tx
from models.errors import DomainError
from models.schema import Complaint, ComplaintStep, Customer, FollowUp, Job, Reward, Stamp
from models.services.actor import Actor

# Children before parents: deleting in this order never breaks a foreign key.
ORDER = (FollowUp, ComplaintStep, Complaint, Reward, Stamp, Job, Customer)
ENTITY = {FollowUp: "follow_up", ComplaintStep: "complaint_step", Complaint: "complaint",
          Reward: "reward", Stamp: "stamp", Job: "job", Customer: "customer"}


@dataclass(frozen=True)
class Rows:
    """Every row that belongs to some jobs: the jobs, their customers, stamps, rewards,
    complaints with their steps and follow-ups. ``tables`` maps a model to {id: fields}."""

    job_ids: tuple[int, ...]
    tables: dict

    def same_as(self, other: "Rows") -> bool:
        return self.tables == other.tables


def _fields(row) -> dict:
    return {f.name: row.__data__.get(f.name) for f in type(row)._meta.sorted_fields}


def rows_of(job_ids) -> Rows:
    """What belongs to these jobs right now (read inside or outside a transaction)."""
    ids = tuple(sorted({int(i) for i in job_ids}))
    jobs = list(Job.select().where(Job.id.in_(ids)))
    rewards = list(Reward.select().where(Reward.job.in_(ids)))
    reward_ids = [r.id for r in rewards]
    complaints = list(Complaint.select().where(
        Complaint.job.in_(ids) | Complaint.reward.in_(reward_ids or [-1])))
    complaint_ids = [c.id for c in complaints] or [-1]
    found = {
        Job: jobs,
        Customer: list(Customer.select().where(Customer.id.in_(
            [j.customer_id for j in jobs] or [-1]))),
        Stamp: list(Stamp.select().where(Stamp.job.in_(ids))),
        Reward: rewards,
        Complaint: complaints,
        ComplaintStep: list(ComplaintStep.select().where(
            ComplaintStep.complaint.in_(complaint_ids))),
        FollowUp: list(FollowUp.select().where(FollowUp.complaint.in_(complaint_ids))),
    }
    return Rows(ids, {model: {r.id: _fields(r) for r in rows} for model, rows in found.items()})


def restore(before: Rows, after: Rows, actor: Actor, now: dt.datetime,
            reason: str = "undo") -> None:
    """Put back ``before`` where the database still holds exactly ``after``.

    Rows the action added are deleted, rows it changed get their old values back (the job's
    version too: what another desktop read before the action is true again). Every row
    written is audited with its old and new values. Refused, changing nothing, when anything
    in ``after`` changed since (someone else acted on these jobs in between).
    """
    job_ids = sorted(set(before.job_ids) | set(after.job_ids))
    with write_tx():
        current = rows_of(job_ids)
        if not current.same_as(after):
            raise DomainError("These jobs have changed since (another desktop or the "
                              "guarantee acted on them); nothing was undone.")
        for model in ORDER:
            old_rows, new_rows = before.tables.get(model, {}), after.tables.get(model, {})
            for row_id in sorted(set(new_rows) - set(old_rows), reverse=True):
                model.delete().where(model.id == row_id).execute()
                audit.record(actor.name, "delete", ENTITY[model], row_id,
                             old=new_rows[row_id], reason=reason, at=now)
        for model in reversed(ORDER):
            old_rows, new_rows = before.tables.get(model, {}), after.tables.get(model, {})
            for row_id, values in old_rows.items():
                if row_id not in new_rows:
                    model.insert(**values).execute()
                elif new_rows[row_id] != values:
                    changed = {k: v for k, v in values.items() if new_rows[row_id].get(k) != v}
                    model.update(**changed).where(model.id == row_id).execute()
                else:
                    continue
                audit.record(actor.name, "restore", ENTITY[model], row_id,
                             old=new_rows.get(row_id), new=values, reason=reason, at=now)

"""Taking a job off its truck: it waits in the tray until someone assigns it again.

The promise is to the customer, not the truck: the window, price and guarantee stay as they
are; only the truck is emptied. Assigning a truck later is ``jobs.assign``.
"""

from __future__ import annotations

import datetime as dt

from models import audit
from models.db import write_tx
from models.errors import DomainError
from models.schema import Job
from models.services import lookup
from models.services.actor import Actor
from models.services.jobs import EDITABLE, conflict


def unassign(job_ref, actor: Actor, now: dt.datetime, version: int | None = None) -> bool:
    """Empty the job's truck (audited); False when it had none. Refused once the crew is
    on its way or further, and for a closed job."""
    with write_tx():
        job = lookup.job(job_ref)
        if version is not None and job.version != version:
            raise conflict(job.id)
        if job.status != "scheduled":
            shown = "on the way" if job.status in EDITABLE else job.status
            raise DomainError(f"Job {job.id} is {shown}; only a scheduled job can go back to "
                              "the tray.")
        if job.truck_id is None:
            return False
        audit.record(actor.name, "unassign", "job", job.id, old={"truck": job.truck_id},
                     new={"truck": None}, at=now)
        Job.update(truck=None, version=Job.version + 1).where(Job.id == job.id).execute()
        return True

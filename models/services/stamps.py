"""Stamps the crews call in: en route, arrival, completion; corrections and removals."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from models import audit
from models.db import write_tx
from models.errors import DomainError
from models.queries.route import perfect_after
from models.schema import Job, Stamp
from models.services import lookup, people
from models.services.actor import Actor
from models.services.guarantee import GuaranteeEvent, sync_lateness

FUTURE_LIMIT = dt.timedelta(minutes=2)
LATE_ENTRY_LIMIT = dt.timedelta(minutes=10)
STAMPABLE = ("scheduled", "en_route", "arrived", "completed")


@dataclass
class StampResult:
    job_id: int
    changed: bool
    stamp_id: int | None = None
    events: list[GuaranteeEvent] = field(default_factory=list)
    message: str = ""


def _check_time(at: dt.datetime, now: dt.datetime, reason: str, what: str) -> None:
    if at > now + FUTURE_LIMIT:
        raise DomainError(f"The {what} time is more than 2 minutes in the future; "
                          "stamp it when it happens.")
    if at < now - LATE_ENTRY_LIMIT and not reason.strip():
        raise DomainError(f"The {what} time is more than 10 minutes ago; give a reason "
                          "(for example, 'crew called late').")


def _stampable(job: Job) -> None:
    if job.status not in STAMPABLE:
        raise DomainError(f"Job {job.id} is {job.status}; it cannot be stamped.")


def _put(job: Job, kind: str, at: dt.datetime, actor: Actor, now: dt.datetime, reason: str,
         client_uid: str | None) -> tuple[Stamp | None, bool]:
    """Write the stamp (replacing a different active one); (stamp, changed)."""
    if client_uid:
        retried = Stamp.get_or_none(Stamp.client_uid == client_uid)
        if retried is not None:
            return retried, False  # a retry of a stamp that was already saved
    current = lookup.active_stamp(job.id, kind)
    if current is not None and current.at == at:
        return current, False
    if current is not None:
        if not reason.strip():
            what = kind.replace("_", " ")
            article = "an" if what[0] in "aeiou" else "a"
            raise DomainError(f"Job {job.id} already has {article} {what} stamp; "
                              "changing it needs a reason.")
        Stamp.update(active=False).where(Stamp.id == current.id).execute()
        audit.record(actor.name, "replace", "stamp", current.id, at=now, reason=reason.strip(),
                     old={"active": True}, new={"active": False})
    stamp = Stamp.create(job=job.id, kind=kind, at=at, by=actor.name, recorded_at=now,
                         client_uid=client_uid or uuid.uuid4().hex, reason=reason.strip())
    audit.record(actor.name, "correct" if current else "stamp", "stamp", stamp.id, at=now,
                 old={"job": job.id, "kind": kind, "at": current.at} if current else None,
                 new={"job": job.id, "kind": kind, "at": at, "active": True,
                      "by": actor.name},
                 reason=reason.strip())
    return stamp, True


def _set_status(job: Job, status: str, actor: Actor, now: dt.datetime, reason: str = "") -> None:
    if job.status == status:
        return
    audit.record(actor.name, "status", "job", job.id, old={"status": job.status},
                 new={"status": status}, reason=reason, at=now)
    Job.update(status=status, version=Job.version + 1).where(Job.id == job.id).execute()
    job.status = status


def en_route(job_ref, at: dt.datetime, actor: Actor, now: dt.datetime, reason: str = "",
             client_uid: str | None = None) -> StampResult:
    with write_tx():
        job = lookup.job(job_ref)
        _stampable(job)
        _check_time(at, now, reason, "departure")
        stamp, changed = _put(job, "en_route", at, actor, now, reason, client_uid)
        if job.status == "scheduled":
            _set_status(job, "en_route", actor, now)
        return StampResult(job.id, changed, stamp.id if stamp else None)


def arrive(job_ref, at: dt.datetime, actor: Actor, now: dt.datetime, reason: str = "",
           client_uid: str | None = None) -> StampResult:
    """Stamp (or correct) the arrival; the stamp settles the job's lateness reward."""
    with write_tx():
        job = lookup.job(job_ref)
        _stampable(job)
        _check_time(at, now, reason, "arrival")
        done = lookup.active_stamp(job.id, "completion")
        if done is not None and at > done.at:
            raise DomainError(f"Job {job.id} was completed at an earlier time; the arrival "
                              "must come before the completion.")
        stamp, changed = _put(job, "arrival", at, actor, now, reason, client_uid)
        if not changed:
            return StampResult(job.id, False, stamp.id, message="That arrival is already "
                               "recorded; nothing changed.")
        if job.status in ("scheduled", "en_route"):
            _set_status(job, "arrived", actor, now)
        events = sync_lateness(job, now, actor, settle=True)
        return StampResult(job.id, True, stamp.id, events)


def complete(job_ref, at: dt.datetime, actor: Actor, now: dt.datetime, reason: str = "",
             client_uid: str | None = None) -> StampResult:
    with write_tx():
        job = lookup.job(job_ref)
        _stampable(job)
        _check_time(at, now, reason, "completion")
        arrival = lookup.active_stamp(job.id, "arrival")
        if arrival is None or arrival.at > at:
            raise DomainError(f"Job {job.id} needs an arrival at or before the completion "
                              "time; stamp the arrival first.")
        stamp, changed = _put(job, "completion", at, actor, now, reason, client_uid)
        if changed:
            _set_status(job, "completed", actor, now)
            # Finishing the visit the complaint was about does not fulfil "next visit perfect".
            since = perfect_after([job.customer_id]).get(job.customer_id)
            if since is None or job.window_start_utc > since:
                people.flag_perfect_visit(job.customer_id, False,
                                          f"job {job.id} was completed", actor, now)
        return StampResult(job.id, changed, stamp.id)


def unstamp(job_ref, reason: str, actor: Actor, now: dt.datetime) -> StampResult:
    """Remove the arrival (and completion) put on the wrong job; the guarantee runs again."""
    if not reason.strip():
        raise DomainError("Removing a stamp needs a reason.")
    with write_tx():
        job = lookup.job(job_ref)
        removed = [s for kind in ("completion", "arrival")
                   if (s := lookup.active_stamp(job.id, kind)) is not None]
        if not removed:
            raise DomainError(f"Job {job.id} has no arrival stamp to remove.")
        for stamp in removed:
            Stamp.update(active=False).where(Stamp.id == stamp.id).execute()
            audit.record(actor.name, "remove", "stamp", stamp.id, at=now, reason=reason.strip(),
                         old={"job": job.id, "kind": stamp.kind, "at": stamp.at,
                              "active": True}, new={"active": False})
        if job.status in ("arrived", "completed"):
            back = "en_route" if lookup.active_stamp(job.id, "en_route") else "scheduled"
            _set_status(job, back, actor, now, reason.strip())
        events = sync_lateness(job, now, actor, settle=True)
        return StampResult(job.id, True, None, events)

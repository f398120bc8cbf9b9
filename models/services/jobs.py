"""Booking, editing, moving, cancelling jobs and setting the fault of a late one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from models import audit, rules
from models.company import company_tz, policy_at
from models.db import write_tx
from models.errors import ConflictError, DomainError
from models.schema import Customer, Job, Reward
from models.services import complaints_auto, lookup
from models.services.actor import Actor
from models.services.guarantee import (
    GuaranteeEvent,
    arrival_at,
    measured_minutes,
    reward_row,
    sync_lateness,
    was_told,
)
from models.text import within

EDITABLE = ("scheduled", "en_route")


@dataclass
class JobDraft:
    """What a person types to book a job."""

    customer_id: int
    truck_id: int | None  # None: booked before a truck is chosen (the board's tray)
    day: dt.date
    start: dt.time
    fold: int = 0
    service: str = ""
    price: str | Decimal = "0.00"
    duration_minutes: int | None = None
    notes: str = ""
    external_id: str | None = None


@dataclass
class Booked:
    job_id: int
    warnings: list[str] = field(default_factory=list)
    events: list[GuaranteeEvent] = field(default_factory=list)


def parse_price(text) -> Decimal:
    try:
        value = Decimal(str(text).strip() or "0")
    except InvalidOperation:
        raise DomainError(f"'{text}' is not an amount; write it like 120.00.") from None
    if not value.is_finite() or value < 0:
        raise DomainError("A price must be 0.00 or more.")
    if value.as_tuple().exponent < -2:
        raise DomainError(f"'{text}' has more than 2 decimals.")
    if value >= Decimal("1e9"):
        raise DomainError(f"'{text}' is too large for a price.")
    return value.quantize(Decimal("0.01"))


def _duration(value, now: dt.datetime, service: str = "") -> int:
    if value is None:
        from models.services.service_durations import default_for

        own = default_for(service)
        return own if own is not None else policy_at(now).default_duration_minutes
    if not 1 <= int(value) <= 720:
        raise DomainError("The expected duration must be 1 to 720 minutes.")
    return int(value)


def book(draft: JobDraft, actor: Actor, now: dt.datetime, *,
         confirmed_decline: bool = False) -> Booked:
    """A new job. A customer marked 'decline next booking' needs ``confirmed_decline``."""
    tz = company_tz()
    start_utc, end_utc = rules.window_bounds(draft.day, draft.start, tz, draft.fold,
                                             policy_at(now).window_minutes)
    price = parse_price(draft.price)
    duration = _duration(draft.duration_minutes, now, draft.service)
    with write_tx():
        customer = Customer.get_or_none(Customer.id == draft.customer_id)
        if customer is None:
            raise DomainError("Pick a customer for the job.")
        truck_id = None if draft.truck_id is None else lookup.truck_by_id(draft.truck_id).id
        warnings = []
        if customer.decline_next_booking:
            if not confirmed_decline:
                raise DomainError(f"{customer.name} is marked 'decline next booking' "
                                  f"({customer.decline_reason}); confirm to book anyway.")
            warnings.append(f"{customer.name} was marked 'decline next booking'.")
        ext = within(draft.external_id or "", 100, "external id") or None
        if ext and Job.select().where(Job.external_id == ext).exists():
            raise DomainError(f"External id '{ext}' is already used by another job.")
        job = Job.create(external_id=ext, customer=customer.id, truck=truck_id,
                         service=within(draft.service, 200, "service"), price=price,
                         duration_minutes=duration,
                         notes=draft.notes.strip(), local_date=draft.day,
                         local_start=draft.start.strftime("%H:%M"), fold=draft.fold, tz=tz,
                         window_minutes=policy_at(now).window_minutes,
                         window_start_utc=start_utc, window_end_utc=end_utc, booked_at=now)
        audit.record(actor.name, "create", "job", job.id, at=now, new=job_snapshot(job))
        return Booked(job.id, warnings)


def job_snapshot(job: Job) -> dict:
    return {"external_id": job.external_id, "customer": job.customer_id,
            "truck": job.truck_id, "service": job.service, "price": f"{job.price:.2f}",
            "duration": job.duration_minutes, "notes": job.notes,
            "date": job.local_date, "start": job.local_start, "fold": job.fold,
            "status": job.status}


def edit(job_id: int, version: int, changes: dict, actor: Actor, now: dt.datetime) -> None:
    """Change service, price, duration or notes; refused if someone saved in between."""
    allowed = {"service", "price", "duration_minutes", "notes"}
    if set(changes) - allowed:
        raise DomainError("Only service, price, duration and notes are edited here; move the "
                          "window by rescheduling.")
    if "service" in changes:
        changes["service"] = within(changes["service"], 200, "service")
    if "price" in changes:
        changes["price"] = parse_price(changes["price"])
    if "duration_minutes" in changes:
        changes["duration_minutes"] = _duration(changes["duration_minutes"], now)
    with write_tx():
        job = Job.get_by_id(job_id)
        before = job_snapshot(job)
        updated = (Job.update(version=Job.version + 1, **changes)
                   .where((Job.id == job_id) & (Job.version == version)).execute())
        if updated == 0:
            raise conflict(job_id)
        job = Job.get_by_id(job_id)
        audit.record(actor.name, "edit", "job", job_id, old=before, new=job_snapshot(job),
                     at=now)
        if job.free:
            _sync_reschedule_value(job, actor, now)


def conflict(job_id: int) -> ConflictError:
    """'Changed by NAME at TIME', from the job's newest audit row."""
    from models.schema import AuditEntry
    from models.timefmt import format_local

    last = (AuditEntry.select().where((AuditEntry.entity == "job")
                                      & (AuditEntry.entity_id == str(job_id)))
            .order_by(AuditEntry.id.desc()).first())
    who = f" by {last.by} at {format_local(last.at, company_tz())}" if last else ""
    return ConflictError(f"Job {job_id} was changed{who} since you opened it. Reload it to "
                         "see the change, then try again.")


def _expect(job: Job, version: int | None) -> None:
    if version is not None and job.version != version:
        raise conflict(job.id)


def assign(job_ref, truck_name: str, actor: Actor, now: dt.datetime,
           version: int | None = None) -> None:
    """Move a job to another truck at the same window: not a reschedule."""
    with write_tx():
        job = lookup.job(job_ref)
        _expect(job, version)
        truck = lookup.truck(truck_name)
        if job.status not in EDITABLE:
            raise DomainError(f"Job {job.id} is {job.status}; it can no longer be moved.")
        if job.truck_id == truck.id:
            return
        audit.record(actor.name, "assign", "job", job.id, old={"truck": job.truck_id},
                     new={"truck": truck.id}, at=now)
        Job.update(truck=truck.id, version=Job.version + 1).where(Job.id == job.id).execute()


def reschedule(job_ref, day: dt.date, start: dt.time, fold: int, by_whom: str, actor: Actor,
               now: dt.datetime, truck_name: str | None = None, reason: str = "",
               version: int | None = None) -> Booked:
    """Close the job and book its successor in the new window.

    ``company``: the new job is free (a reschedule reward and complaint). ``customer``: the
    old job's guarantee ends now (a tier already reached stays); the new job has its own.
    """
    if by_whom not in ("company", "customer"):
        raise DomainError("Say who asked for the reschedule: company or customer.")
    tz = company_tz()
    start_utc, end_utc = rules.window_bounds(day, start, tz, fold, policy_at(now).window_minutes)
    with write_tx():
        old = lookup.job(job_ref)
        _expect(old, version)
        if old.status not in EDITABLE:
            raise DomainError(f"Job {old.id} is {old.status}; only a job the crew has not "
                              "reached yet can be rescheduled.")
        if (old.local_date, old.local_start, old.fold) == (day, start.strftime("%H:%M"), fold):
            raise DomainError("That is the job's current window; pick another time.")
        truck = lookup.truck(truck_name) if truck_name else (
            lookup.truck_by_id(old.truck_id) if old.truck_id else None)  # None: stays in the tray
        events = sync_lateness(old, now, actor, settle=False)
        ext = old.external_id
        Job.update(status="rescheduled", closed_at=now, external_id=None,
                   version=Job.version + 1).where(Job.id == old.id).execute()
        new = Job.create(external_id=ext, customer=old.customer_id,
                         truck=truck.id if truck else None,
                         service=old.service, price=old.price,
                         duration_minutes=old.duration_minutes, notes=old.notes,
                         local_date=day, local_start=start.strftime("%H:%M"), fold=fold, tz=tz,
                         window_minutes=policy_at(now).window_minutes,
                         window_start_utc=start_utc, window_end_utc=end_utc,
                         rescheduled_from=old.id, rescheduled_by=by_whom,
                         free=by_whom == "company", booked_at=now)
        audit.record(actor.name, "reschedule", "job", old.id, at=now, reason=reason,
                     old={"status": old.status, "external_id": ext},
                     new={"status": "rescheduled", "by": by_whom, "new_job": new.id})
        audit.record(actor.name, "create", "job", new.id, at=now, new=job_snapshot(new))
        if by_whom == "company":
            if old.free:
                _move_reschedule_reward(old, new, actor, now)
            events += _sync_reschedule_value(new, actor, now)
        return Booked(new.id, [], events)


def _move_reschedule_reward(old: Job, new: Job, actor: Actor, now: dt.datetime) -> None:
    """One free job per booking: moving a free job again carries its reschedule reward (the
    same row, and the fault that decides it) over to the new job."""
    reward = reward_row(old.id, "reschedule")
    if reward is None:
        return
    Reward.update(job=new.id).where(Reward.id == reward.id).execute()
    Job.update(fault=old.fault, fault_reason=old.fault_reason).where(Job.id == new.id).execute()
    new.fault, new.fault_reason = old.fault, old.fault_reason
    audit.record(actor.name, "move", "reward", reward.id, at=now, old={"job": old.id},
                 new={"job": new.id})


def _sync_reschedule_value(job: Job, actor: Actor, now: dt.datetime) -> list[GuaranteeEvent]:
    """The reschedule reward of a free job: its value is the job's price, whatever it is."""
    reward = reward_row(job.id, "reschedule")
    wording = policy_at(now).reschedule_wording
    applies = rules.guarantee_applies(job.fault)
    name = Customer.get_by_id(job.customer_id).name
    if reward is None:
        if not applies:
            return []
        reward = Reward.create(job=job.id, customer=job.customer_id, kind="reschedule",
                               wording=wording, value=job.price, earned_at=now, created_at=now)
        audit.record(actor.name, "create", "reward", reward.id, at=now,
                     new={"kind": "reschedule", "value": str(job.price), "job": job.id})
        complaints_auto.ensure_for_reward(reward, fault=job.fault, by=actor.name, now=now,
                                          words="We had to move the appointment.")
        return [GuaranteeEvent(job.id, name, "created", None, f"{job.price:.2f}", wording)]
    status = reward.status
    if not applies and status != "void":
        if was_told(reward):
            actor.require_owner("void a reward the customer was already told about")
        status = "void"
    elif applies and status == "void" and not reward.voided_by_person:
        status = "proposed"
    told = reward.issued_value
    if told is not None and job.price < told:
        actor.require_owner(f"lower reward {reward.id} below the {told:.2f} the customer was "
                            "told of")
    if status == "issued" and job.price > reward.value:
        status = "proposed"  # the customer must hear of the bigger reward
    elif status == "proposed" and told is not None and job.price == told:
        status = "issued"
    if (status, reward.value) != (reward.status, job.price):
        audit.record(actor.name, "update", "reward", reward.id, at=now,
                     old={"status": reward.status, "value": str(reward.value)},
                     new={"status": status, "value": str(job.price)})
        Reward.update(status=status, value=job.price).where(Reward.id == reward.id).execute()
        if status != "void":
            complaints_auto.ensure_for_reward(reward, fault=job.fault, by=actor.name, now=now,
                                              words="")
    return []


def cancel(job_ref, reason: str, actor: Actor, now: dt.datetime,
           by_whom: str = "customer") -> list[GuaranteeEvent]:
    """Cancel a job; the tier already reached stays. ``company`` (it cannot come and the
    customer does not rebook) owes her a certificate worth the job's price, with a complaint."""
    if by_whom not in ("company", "customer"):
        raise DomainError("Say who cancelled: company or customer.")
    if not reason.strip():
        raise DomainError("Cancelling a job needs a reason.")
    with write_tx():
        job = lookup.job(job_ref)
        if job.status not in EDITABLE:
            raise DomainError(f"Job {job.id} is {job.status}; it cannot be cancelled.")
        events = sync_lateness(job, now, actor, settle=False)
        Job.update(status="cancelled", cancel_reason=reason.strip(), closed_at=now,
                   version=Job.version + 1).where(Job.id == job.id).execute()
        audit.record(actor.name, "cancel", "job", job.id, old={"status": job.status},
                     new={"status": "cancelled", "by": by_whom}, reason=reason.strip(), at=now)
        if by_whom == "company":
            from models.services.cancelling import owe_for_cancellation

            events += owe_for_cancellation(job, reason.strip(), actor, now)
        return events


def set_fault(job_ref, fault: str, reason: str, actor: Actor,
              now: dt.datetime) -> list[GuaranteeEvent]:
    """Who caused a late arrival or a company reschedule; ``customer`` voids the reward."""
    rules.guarantee_applies(fault)  # refuses an unknown category
    if not reason.strip():
        raise DomainError("Setting the fault needs a reason.")
    with write_tx():
        job = lookup.job(job_ref)
        minutes = measured_minutes(job, arrival_at(job.id), now) or 0
        if minutes < 1 and not job.free:
            raise DomainError(f"Job {job.id} is not late and was not rescheduled by the "
                              "company; there is no fault to set.")
        if job.fault == fault:
            return []
        audit.record(actor.name, "fault", "job", job.id, old={"fault": job.fault},
                     new={"fault": fault}, reason=reason.strip(), at=now)
        Job.update(fault=fault, fault_reason=reason.strip(),
                   version=Job.version + 1).where(Job.id == job.id).execute()
        job = Job.get_by_id(job.id)
        complaints_auto.set_fault_of_job_complaints(job.id, fault, by=actor.name,
                                                    reason=reason.strip(), now=now)
        events = sync_lateness(job, now, actor, settle=True)
        if job.free:
            events += _sync_reschedule_value(job, actor, now)
        return events

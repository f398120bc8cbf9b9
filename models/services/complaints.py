"""What a person does with a complaint: open, own, walk the ten steps, hold, resolve, close."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from models import audit
from models.company import company_tz, get_setting
from models.db import write_tx
from models.errors import DomainError, NotFound
from models.followups import follow_up_due, parse_office_hours
from models.rules import FAULTS
from models.schema import Complaint, ComplaintStep, Customer, FollowUp, Job, Reward
from models.services import complaints_auto, lookup, people
from models.services.actor import Actor

STEP_TITLES = {
    1: "Listened all the way through",
    2: "Took responsibility",
    3: "Offered two options",
    4: "Agreed the resolution",
    5: "Offer for next visit",
    6: "Follow-up call",
    7: "Letter sent",
    8: "Asked for a testimonial",
    9: "Lessons learned",
    10: "Prove it next time",
}
OUTCOMES = ("great", "good", "bad", "really_bad")
WORKABLE = ("open", "on_hold", "resolved")
# Steps every complaint needs; the others may not apply to a given customer (no second
# visit to offer, no postal address, a customer who will not take a call), which a person
# says with a reason. Step 10 is proven at the next visit, often after the complaint closed.
ALWAYS_APPLY = (1, 2, 4)
NEEDED_TO_CLOSE = tuple(range(1, 10))
NOT_APPLICABLE = "not_applicable"


def _is_person(actor: Actor) -> bool:
    return actor.role != "system"


def _complaint(complaint_id: int) -> Complaint:
    return lookup.complaint(complaint_id)


def _touch(complaint: Complaint, actor: Actor) -> None:
    """Anything a person does marks the complaint as worked on: it is never withdrawn again."""
    if _is_person(actor) and not complaint.worked_on:
        complaint.worked_on = True


def _require_workable(complaint: Complaint) -> None:
    if complaint.status not in WORKABLE:
        raise DomainError(f"Complaint {complaint.id} is {complaint.status}; it can no longer "
                          "be changed.")


def open_complaint(customer_id: int, job_id: int | None, words: str, fault: str,
                   actor: Actor, now: dt.datetime, received_at: dt.datetime | None = None) -> int:
    """Open a complaint by hand (a customer called); the person who took the call owns it."""
    words = (words or "").strip()
    if not words:
        raise DomainError("Write down what the customer said, in their own words.")
    if fault not in FAULTS:
        raise DomainError(f"Fault must be one of: {', '.join(FAULTS)}.")
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=2):
        raise DomainError("A complaint cannot be received in the future.")
    with write_tx():
        if Customer.get_or_none(Customer.id == customer_id) is None:
            raise NotFound("Pick the customer who called.")
        if job_id is not None:
            job = Job.get_or_none(Job.id == job_id)
            if job is None:
                raise NotFound(f"There is no job {job_id}.")
            if job.customer_id != customer_id:
                raise DomainError(f"Job {job_id} is another customer's job.")
        complaint = complaints_auto.create(
            customer_id=customer_id, job_id=job_id, reward_id=None, source="manual",
            fault=fault, words=words, opened_at=received_at, by=actor.name, now=now,
            owner=actor.name if _is_person(actor) else None)
        return complaint.id


def take_ownership(complaint_id: int, actor: Actor, now: dt.datetime) -> None:
    with write_tx():
        complaint = _complaint(complaint_id)
        _require_workable(complaint)
        if complaint.owner == actor.name:
            return
        old = complaint.owner
        complaint.owner = actor.name
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "own", "complaint", complaint.id, old={"owner": old},
                     new={"owner": actor.name}, at=now)


def _step(complaint_id: int, number: int) -> ComplaintStep:
    if number not in STEP_TITLES:
        raise DomainError("Steps are numbered 1 to 10.")
    return ComplaintStep.get((ComplaintStep.complaint == complaint_id)
                             & (ComplaintStep.number == number))


def _reward_of_customer(reward: Reward | None, customer_id: int, what: str) -> Reward:
    if reward is None:
        raise NotFound(f"There is no {what}.")
    from models.services.rewards import customer_of

    if customer_of(reward) != customer_id:
        raise DomainError(f"That {what} belongs to another customer.")
    return reward


def _clean_data(number: int, data: dict[str, Any], complaint: Complaint) -> dict[str, Any]:
    """Check a step's answers; returns what is stored."""
    if number == 3:
        options = [str(o).strip() for o in data.get("options", []) if str(o).strip()]
        if len(options) > 2:
            raise DomainError("Offer the two best options, never more than two.")
        choice = (data.get("choice") or "").strip()
        alternative = (data.get("customer_alternative") or "").strip()
        if not options:
            raise DomainError("Write down the options you offered (one or two).")
        if choice and choice not in options:
            raise DomainError("The customer's choice must be one of the options offered.")
        if not choice and not alternative:
            raise DomainError("Record the option the customer chose, or their own "
                              "alternative.")
        return {"options": options, "choice": choice, "customer_alternative": alternative}
    if number == 4:
        resolution = (data.get("resolution") or "").strip()
        if not resolution:
            raise DomainError("Write down the resolution you agreed with the customer.")
        return {"resolution": resolution}
    if number == 5:
        code = (data.get("certificate_code") or "").strip().upper()
        reward_id = data.get("reward_id")
        if code:
            reward = _reward_of_customer(Reward.get_or_none(Reward.certificate_code == code),
                                         complaint.customer_id, f"certificate {code}")
            return {"certificate_code": code, "reward_id": reward.id}
        if reward_id not in (None, ""):
            from models.text import as_id

            number = as_id(reward_id)
            _reward_of_customer(Reward.get_or_none(Reward.id == number) if number else None,
                                complaint.customer_id, f"reward {reward_id}")
            return {"reward_id": number}
        raise DomainError("Link the offer to a reward or a certificate.")
    if number == 8:
        return {"testimonial": (data.get("testimonial") or "").strip()}
    if number == 9:
        root = (data.get("root_cause") or "").strip()
        if not root:
            raise DomainError("Write down the root cause.")
        return {"root_cause": root, "systemic": bool(data.get("systemic")),
                "change": (data.get("change") or "").strip(),
                "customer_told": bool(data.get("customer_told"))}
    return {k: v for k, v in data.items() if isinstance(v, (str, int, bool))}


def tick_step(complaint_id: int, number: int, actor: Actor, now: dt.datetime,
              data: dict[str, Any] | None = None) -> None:
    """Mark a step done (with its answers); ticking a done step again updates its answers."""
    with write_tx():
        complaint = _complaint(complaint_id)
        _require_workable(complaint)
        step = _step(complaint.id, number)
        old_data = json.loads(step.data or "{}")
        new_data = _clean_data(number, data or {}, complaint) if (data or number in (3, 4, 5, 9)) \
            else old_data
        new_data.pop(NOT_APPLICABLE, None)  # done after all
        if step.done and new_data == old_data:
            return
        old = {"done": step.done, "data": old_data}
        if not step.done:
            step.done, step.done_by, step.done_at = True, actor.name, now
        step.data = json.dumps(new_data, ensure_ascii=False)
        step.save()
        if _is_person(actor) and complaint.first_response_at is None:
            complaint.first_response_at = now
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "step", "complaint", complaint.id, at=now, old=old,
                     new={"step": number, "done": True, "data": new_data})
        if number == 6:
            _finish_follow_ups(complaint.id, actor, now)


def untick_step(complaint_id: int, number: int, actor: Actor, now: dt.datetime,
                reason: str = "") -> None:
    """Take a tick back (answers are kept); step 4 cannot be unticked once resolved."""
    with write_tx():
        complaint = _complaint(complaint_id)
        _require_workable(complaint)
        step = _step(complaint.id, number)
        if not step.done:
            return
        if number == 4 and complaint.status == "resolved":
            raise DomainError("The complaint is resolved on this agreement; step 4 stays done.")
        old = {"done": True, "by": step.done_by, "at": step.done_at}
        step.done, step.done_by, step.done_at = False, None, None
        step.save()
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "unstep", "complaint", complaint.id, at=now, old=old,
                     new={"step": number, "done": False}, reason=reason)


def set_not_applicable(complaint_id: int, number: int, reason: str | None, actor: Actor,
                       now: dt.datetime) -> None:
    """Say why step ``number`` does not apply to this complaint (``reason`` None: it applies
    again). A step that is done, or one every complaint needs, cannot be set aside."""
    if number in ALWAYS_APPLY:
        raise DomainError(f"Step {number} ({STEP_TITLES[number]}) applies to every complaint.")
    text = None if reason is None else reason.strip()
    if text == "":
        raise DomainError("Say why the step does not apply.")
    if text is not None and len(text) > 500:
        raise DomainError("Keep the reason under 500 characters.")
    with write_tx():
        complaint = _complaint(complaint_id)
        _require_workable(complaint)
        step = _step(complaint.id, number)
        data = json.loads(step.data or "{}")
        if step.done and text is not None:
            raise DomainError(f"Step {number} is done; untick it first if it did not apply.")
        if data.get(NOT_APPLICABLE) == text:
            return
        old = {"step": number, NOT_APPLICABLE: data.get(NOT_APPLICABLE)}
        if text is None:
            data.pop(NOT_APPLICABLE, None)
        else:
            data[NOT_APPLICABLE] = text
        step.data = json.dumps(data, ensure_ascii=False)
        step.save()
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "step_applies", "complaint", complaint.id, at=now, old=old,
                     new={"step": number, NOT_APPLICABLE: text}, reason=text or "")


def missing_to_close(complaint_id: int) -> list[int]:
    """The steps neither done nor set aside as not applying."""
    return [s.number for s in ComplaintStep.select().where(
        (ComplaintStep.complaint == complaint_id) & ComplaintStep.number.in_(NEEDED_TO_CLOSE)
        & (ComplaintStep.done == False)).order_by(ComplaintStep.number)  # noqa: E712
        if not json.loads(s.data or "{}").get(NOT_APPLICABLE)]


def put_on_hold(complaint_id: int, note: str, actor: Actor, now: dt.datetime) -> None:
    """Communication refused (the customer curses or threatens), with a note."""
    if not (note or "").strip():
        raise DomainError("Putting a complaint on hold needs a note of what happened.")
    with write_tx():
        complaint = _complaint(complaint_id)
        if complaint.status != "open":
            raise DomainError(f"Complaint {complaint.id} is {complaint.status}; only an open "
                              "complaint can be put on hold.")
        complaint.status, complaint.hold_note = "on_hold", note.strip()
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "hold", "complaint", complaint.id, old={"status": "open"},
                     new={"status": "on_hold", "note": note.strip()}, at=now)


def back_to_open(complaint_id: int, actor: Actor, now: dt.datetime) -> None:
    with write_tx():
        complaint = _complaint(complaint_id)
        if complaint.status != "on_hold":
            raise DomainError(f"Complaint {complaint.id} is {complaint.status}, not on hold.")
        complaint.status = "open"
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "reopen", "complaint", complaint.id,
                     old={"status": "on_hold"}, new={"status": "open"}, at=now)


def default_follow_up(resolved_at: dt.datetime) -> dt.datetime:
    """When the follow-up call falls due under the company's settings."""
    try:
        days = int(get_setting("follow_up_days") or 3)
    except ValueError:
        days = 3
    return follow_up_due(resolved_at, company_tz(), days,
                         parse_office_hours(get_setting("office_hours")))


def resolve(complaint_id: int, actor: Actor, now: dt.datetime,
            follow_up_at: dt.datetime | None = None) -> int:
    """Resolve (step 4 must be done): schedules the follow-up call and flags the next visit.

    Returns the follow-up's id."""
    with write_tx():
        complaint = _complaint(complaint_id)
        if complaint.status != "open":
            raise DomainError(f"Complaint {complaint.id} is {complaint.status}; only an open "
                              "complaint can be resolved.")
        step4 = ComplaintStep.get((ComplaintStep.complaint == complaint.id)
                                  & (ComplaintStep.number == 4))
        if not step4.done:
            raise DomainError("Agree the resolution with the customer (step 4) before "
                              "resolving.")
        due = follow_up_at or default_follow_up(now)
        if due < now:
            raise DomainError("The follow-up call cannot be due in the past.")
        complaint.status, complaint.resolved_at = "resolved", now
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "resolve", "complaint", complaint.id, at=now,
                     old={"status": "open"}, new={"status": "resolved", "resolved_at": now})
        follow = FollowUp.create(complaint=complaint.id, due_at=due)
        audit.record(actor.name, "create", "follow_up", follow.id, at=now,
                     new={"complaint": complaint.id, "due_at": due})
        people.flag_perfect_visit(complaint.customer_id, True,
                                  f"complaint {complaint.id} was resolved", actor, now)
        return follow.id


def close(complaint_id: int, outcome: str, actor: Actor, now: dt.datetime) -> None:
    """Close a resolved complaint whose steps that apply are all done, with the outcome
    that feeds the word-of-mouth estimate."""
    if outcome not in OUTCOMES:
        raise DomainError(f"The outcome must be one of: {', '.join(OUTCOMES)}.")
    with write_tx():
        complaint = _complaint(complaint_id)
        _require_workable(complaint)
        if complaint.status != "resolved":
            raise DomainError(f"Complaint {complaint.id} is {complaint.status.replace('_', ' ')}"
                              "; resolve it (step 4 agreed) before closing.")
        missing = missing_to_close(complaint.id)
        if missing:
            steps = ", ".join(f"{n} ({STEP_TITLES[n]})" for n in missing)
            raise DomainError(f"Before closing, do each step that applies or say why it does "
                              f"not: step {steps}.")
        old = {"status": complaint.status}
        complaint.status, complaint.outcome, complaint.closed_at = "closed", outcome, now
        _touch(complaint, actor)
        complaint.save()
        audit.record(actor.name, "close", "complaint", complaint.id, old=old,
                     new={"status": "closed", "outcome": outcome}, at=now)


def _finish_follow_ups(complaint_id: int, actor: Actor, now: dt.datetime) -> None:
    """Ticking step 6 by hand means the call was made: pending follow-ups are done too."""
    for follow in FollowUp.select().where((FollowUp.complaint == complaint_id)
                                          & FollowUp.done_at.is_null()):
        FollowUp.update(done_at=now, done_by=actor.name).where(
            FollowUp.id == follow.id).execute()
        audit.record(actor.name, "done", "follow_up", follow.id, at=now,
                     old={"done_at": None}, new={"done_at": now, "by": actor.name})

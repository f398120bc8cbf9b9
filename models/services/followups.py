"""Follow-up calls: mark one done (ticks step 6) or move it, recording who and when."""

from __future__ import annotations

import datetime as dt

from models import audit
from models.db import write_tx
from models.errors import DomainError, NotFound
from models.schema import ComplaintStep, FollowUp
from models.services.actor import Actor


def _follow_up(follow_up_id: int) -> FollowUp:
    found = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if found is None:
        raise NotFound(f"There is no follow-up call {follow_up_id}.")
    return found


def done(follow_up_id: int, note: str, actor: Actor, now: dt.datetime) -> None:
    """The call was made; the complaint's step 6 is ticked with the same who and when."""
    with write_tx():
        follow = _follow_up(follow_up_id)
        if follow.done_at is not None:
            raise DomainError(f"This follow-up call was already done by {follow.done_by}.")
        FollowUp.update(done_at=now, done_by=actor.name, note=(note or "").strip()).where(
            FollowUp.id == follow.id).execute()
        audit.record(actor.name, "done", "follow_up", follow.id, at=now,
                     old={"done_at": None}, new={"done_at": now, "note": (note or "").strip()})
        # Step 6 goes through the complaint service (nested: a savepoint in this
        # transaction) so first response and worked_on stay right.
        from models.services import complaints

        step = ComplaintStep.get((ComplaintStep.complaint == follow.complaint_id)
                                 & (ComplaintStep.number == 6))
        if not step.done and follow.complaint.status in complaints.WORKABLE:
            complaints.tick_step(follow.complaint_id, 6, actor, now,
                                 {"note": note.strip()} if (note or "").strip() else None)


def reschedule(follow_up_id: int, due_at: dt.datetime, reason: str, actor: Actor,
               now: dt.datetime) -> None:
    """Move a call that is not done yet (the customer asked for another day, say)."""
    from models.date_limits import check_day

    check_day(due_at.date())
    if due_at < now - dt.timedelta(minutes=1):
        raise DomainError("Pick a time from now on for the follow-up call.")
    with write_tx():
        follow = _follow_up(follow_up_id)
        if follow.done_at is not None:
            raise DomainError("This follow-up call is already done.")
        FollowUp.update(due_at=due_at).where(FollowUp.id == follow.id).execute()
        audit.record(actor.name, "reschedule", "follow_up", follow.id, at=now,
                     old={"due_at": follow.due_at}, new={"due_at": due_at},
                     reason=(reason or "").strip())

"""Working a complaint: manual open, the ten steps, hold, resolve, close, roles, audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models.errors import DomainError, PermissionDenied
from models.queries import recovery
from models.schema import AuditEntry, Complaint, ComplaintStep, Customer, FollowUp
from models.services import complaints, complaints_auto, people, rewards, stamps
from models.services.actor import SYSTEM
from tests.conftest import NOW
from tests.recovery.conftest import OWNER

MIN = dt.timedelta(minutes=1)


def _step(complaint_id: int, number: int) -> ComplaintStep:
    return ComplaintStep.get((ComplaintStep.complaint == complaint_id)
                             & (ComplaintStep.number == number))


def _walk_to_resolution(cid: int, actor, now) -> None:
    complaints.tick_step(cid, 1, actor, now)
    complaints.tick_step(cid, 2, actor, now)
    complaints.tick_step(cid, 3, actor, now, {"options": ["Re-clean today", "Refund half"],
                                              "choice": "Re-clean today"})
    complaints.tick_step(cid, 4, actor, now, {"resolution": "Crew comes back at 16:00."})


def _walk_to_close(cid: int, actor, now) -> None:
    """Resolved, with every other step done or set aside with a reason."""
    _walk_to_resolution(cid, actor, now)
    complaints.resolve(cid, actor, now)
    complaints.tick_step(cid, 6, actor, now)
    complaints.tick_step(cid, 9, actor, now, {"root_cause": "truck broke down"})
    for number in (5, 7, 8):
        complaints.set_not_applicable(cid, number, "moved out of the area", actor, now)


def test_open_by_hand_is_owned_worked_on_and_audited(late_day, dispatcher):
    cid = complaints.open_complaint(late_day.customer_id, late_day.job_id,
                                    "The hallway was left wet.", "company", dispatcher, NOW)
    c = Complaint.get_by_id(cid)
    assert (c.source, c.status, c.owner, c.worked_on, c.opened_at) == (
        "manual", "open", "dana", True, NOW)
    assert ComplaintStep.select().where(ComplaintStep.complaint == cid).count() == 10
    assert AuditEntry.select().where((AuditEntry.entity == "complaint")
                                     & (AuditEntry.entity_id == str(cid))).count() == 1


@pytest.mark.parametrize("words,fault,job,message", [
    ("", "company", None, "own words"),
    ("Late", "aliens", None, "Fault must be"),
    ("Late", "company", "other", "another customer's"),
])
def test_open_by_hand_refusals(late_day, dispatcher, words, fault, job, message):
    job_id = late_day.other_job_id if job == "other" else None
    before = Complaint.select().count()
    with pytest.raises(DomainError, match=message):
        complaints.open_complaint(late_day.customer_id, job_id, words, fault, dispatcher, NOW)
    assert Complaint.select().count() == before


def test_each_step_records_who_and_when_and_first_response(late_day, dispatcher, owner):
    cid = late_day.complaint.id
    assert late_day.complaint.first_response_at is None
    complaints.tick_step(cid, 1, dispatcher, NOW + 5 * MIN)
    complaints.tick_step(cid, 2, owner, NOW + 9 * MIN)
    c = Complaint.get_by_id(cid)
    assert c.first_response_at == NOW + 5 * MIN and c.worked_on
    assert (_step(cid, 1).done_by, _step(cid, 1).done_at) == ("dana", NOW + 5 * MIN)
    assert (_step(cid, 2).done_by, _step(cid, 2).done_at) == ("owner", NOW + 9 * MIN)
    complaints.untick_step(cid, 2, owner, NOW + 10 * MIN, reason="ticked by mistake")
    assert not _step(cid, 2).done and _step(cid, 2).done_by is None
    assert Complaint.get_by_id(cid).first_response_at == NOW + 5 * MIN
    actions = [e.action for e in AuditEntry.select().where(
        (AuditEntry.entity == "complaint") & (AuditEntry.entity_id == str(cid)))]
    assert actions[-3:] == ["step", "step", "unstep"]


def test_step_answers_are_checked_and_stored(late_day, dispatcher):
    cid = late_day.complaint.id
    with pytest.raises(DomainError, match="never more than two"):
        complaints.tick_step(cid, 3, dispatcher, NOW, {"options": ["a", "b", "c"],
                                                       "choice": "a"})
    with pytest.raises(DomainError, match="one of the options"):
        complaints.tick_step(cid, 3, dispatcher, NOW, {"options": ["a", "b"], "choice": "z"})
    assert not _step(cid, 3).done
    assert Complaint.get_by_id(cid).first_response_at is None  # a refusal changes nothing
    complaints.tick_step(cid, 3, dispatcher, NOW, {"options": ["a", "b"],
                                                   "customer_alternative": "Come Saturday"})
    assert json.loads(_step(cid, 3).data)["customer_alternative"] == "Come Saturday"
    with pytest.raises(DomainError, match="resolution"):
        complaints.tick_step(cid, 4, dispatcher, NOW, {"resolution": "  "})
    complaints.tick_step(cid, 4, dispatcher, NOW, {"resolution": "Free re-clean"})
    with pytest.raises(DomainError, match="another customer"):
        sam_complaint = complaints.open_complaint(late_day.other_customer_id, None, "Rude",
                                                  "company", dispatcher, NOW)
        complaints.tick_step(sam_complaint, 5, dispatcher, NOW,
                             {"certificate_code": late_day.reward.certificate_code})
    complaints.tick_step(cid, 5, dispatcher, NOW,
                         {"certificate_code": late_day.reward.certificate_code.lower()})
    assert json.loads(_step(cid, 5).data) == {
        "certificate_code": late_day.reward.certificate_code, "reward_id": late_day.reward.id}
    complaints.tick_step(cid, 8, dispatcher, NOW, {"testimonial": "They made it right."})
    complaints.tick_step(cid, 9, dispatcher, NOW, {
        "root_cause": "Two long jobs booked back to back", "systemic": True,
        "change": "Book 30 minutes of slack after long jobs", "customer_told": True})
    nine = json.loads(_step(cid, 9).data)
    assert nine["systemic"] is True and nine["customer_told"] is True


def test_worked_on_prevents_auto_withdraw(late_day, dispatcher):
    complaints.take_ownership(late_day.complaint.id, dispatcher, NOW)
    assert Complaint.get_by_id(late_day.complaint.id).owner == "dana"
    with stamps_tx():
        assert not complaints_auto.withdraw_if_untouched(
            late_day.reward.id, by="system", reason="no lateness after all", now=NOW)
    assert Complaint.get_by_id(late_day.complaint.id).status == "open"


def test_untouched_automatic_complaint_can_be_withdrawn(late_day):
    complaints.take_ownership(late_day.complaint.id, SYSTEM, NOW)  # the program: not a person
    with stamps_tx():
        assert complaints_auto.withdraw_if_untouched(
            late_day.reward.id, by="system", reason="no lateness after all", now=NOW)


def stamps_tx():
    from models.db import write_tx

    return write_tx()


def test_on_hold_and_back(late_day, dispatcher):
    cid = late_day.complaint.id
    with pytest.raises(DomainError, match="needs a note"):
        complaints.put_on_hold(cid, " ", dispatcher, NOW)
    complaints.put_on_hold(cid, "Customer shouted and hung up.", dispatcher, NOW)
    c = Complaint.get_by_id(cid)
    assert (c.status, c.hold_note, c.worked_on) == ("on_hold", "Customer shouted and hung up.",
                                                    True)
    with pytest.raises(DomainError, match="only an open"):
        complaints.resolve(cid, dispatcher, NOW)
    complaints.back_to_open(cid, dispatcher, NOW + 60 * MIN)
    assert Complaint.get_by_id(cid).status == "open"


def test_resolve_needs_step_4_then_schedules_and_flags(late_day, dispatcher):
    cid = late_day.complaint.id
    with pytest.raises(DomainError, match="step 4"):
        complaints.resolve(cid, dispatcher, NOW)
    _walk_to_resolution(cid, dispatcher, NOW)
    follow_id = complaints.resolve(cid, dispatcher, NOW)
    c = Complaint.get_by_id(cid)
    assert (c.status, c.resolved_at) == ("resolved", NOW)
    # Monday noon in Chicago, three days later: Thursday noon, inside office hours.
    assert FollowUp.get_by_id(follow_id).due_at == NOW + dt.timedelta(days=3)
    assert Customer.get_by_id(late_day.customer_id).make_next_visit_perfect
    with pytest.raises(DomainError, match="step 4 stays done"):
        complaints.untick_step(cid, 4, dispatcher, NOW)
    # The next job, completed, clears the flag (stamps.complete does it).
    later = recovery.customer_jobs(late_day.customer_id)[0][0]
    assert later == late_day.next_job_id
    start = dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.timezone.utc)
    stamps.arrive(later, start, OWNER, start)
    stamps.complete(later, start + 90 * MIN, OWNER, start + 90 * MIN)
    assert not Customer.get_by_id(late_day.customer_id).make_next_visit_perfect


def test_resolve_with_an_edited_follow_up_time(late_day, dispatcher):
    cid = late_day.complaint.id
    _walk_to_resolution(cid, dispatcher, NOW)
    with pytest.raises(DomainError, match="past"):
        complaints.resolve(cid, dispatcher, NOW, follow_up_at=NOW - MIN)
    follow_id = complaints.resolve(cid, dispatcher, NOW, follow_up_at=NOW + 2 * 60 * MIN)
    assert FollowUp.get_by_id(follow_id).due_at == NOW + 2 * 60 * MIN


def test_close_with_outcome(late_day, dispatcher):
    cid = late_day.complaint.id
    with pytest.raises(DomainError, match="outcome"):
        complaints.close(cid, "meh", dispatcher, NOW)
    _walk_to_close(cid, dispatcher, NOW)
    complaints.close(cid, "really_bad", dispatcher, NOW + 4 * 24 * 60 * MIN)
    c = Complaint.get_by_id(cid)
    assert (c.status, c.outcome, c.closed_at) == ("closed", "really_bad",
                                                  NOW + 4 * 24 * 60 * MIN)
    with pytest.raises(DomainError, match="no longer"):
        complaints.tick_step(cid, 8, dispatcher, NOW)


def test_red_after_sixty_minutes_without_response(late_day, dispatcher):
    opened = late_day.complaint.opened_at
    row = lambda now: next(r for r in recovery.complaints(now)  # noqa: E731
                           if r.complaint_id == late_day.complaint.id)
    assert not row(opened + 59 * MIN).red
    assert row(opened + 60 * MIN).red
    complaints.tick_step(late_day.complaint.id, 1, dispatcher, opened + 70 * MIN)
    assert not row(opened + 80 * MIN).red


def test_list_puts_open_first(late_day, dispatcher):
    done = complaints.open_complaint(late_day.other_customer_id, None, "Rude on the phone",
                                     "company", dispatcher, NOW - 3 * 60 * MIN)
    _walk_to_close(done, dispatcher, NOW)
    complaints.close(done, "good", dispatcher, NOW)
    fresh = complaints.open_complaint(late_day.customer_id, None, "Mud on the rug",
                                      "company", dispatcher, NOW)
    ids = [r.complaint_id for r in recovery.complaints(NOW)]
    assert ids == [late_day.complaint.id, fresh, done]  # the red one leads


def test_void_issued_reward_is_owner_only(late_day, dispatcher, owner):
    rewards.issue(late_day.reward.id, dispatcher, NOW)
    with pytest.raises(PermissionDenied):
        rewards.void(late_day.reward.id, "duplicate", dispatcher, NOW)
    rewards.void(late_day.reward.id, "Customer moved away", owner, NOW)
    row = recovery.rewards(NOW, customer_id=late_day.customer_id)[0]
    assert (row.status, row.void_reason, row.certificate_state) == (
        "void", "Customer moved away", "void")
    assert not row.is_open


def test_decline_next_booking_is_owner_only(late_day, dispatcher, owner):
    with pytest.raises(PermissionDenied):
        people.set_decline(late_day.customer_id, True, "Threatened the crew", dispatcher, NOW)
    people.set_decline(late_day.customer_id, True, "Threatened the crew", owner, NOW)
    assert Customer.get_by_id(late_day.customer_id).decline_next_booking


def test_reward_filters(late_day, owner):
    assert [r.reward_id for r in recovery.rewards(NOW, open_only=True)] == [late_day.reward.id]
    assert recovery.rewards(NOW, customer_id=late_day.other_customer_id) == []
    day = late_day.reward.job.local_date
    assert len(recovery.rewards(NOW, start=day, end=day)) == 1
    assert recovery.rewards(NOW, start=day + dt.timedelta(days=1)) == []


def test_closing_needs_resolution_and_every_step_that_applies(late_day, dispatcher):
    cid = late_day.complaint.id
    with pytest.raises(DomainError, match="resolve it"):
        complaints.close(cid, "good", dispatcher, NOW)
    _walk_to_resolution(cid, dispatcher, NOW)
    complaints.resolve(cid, dispatcher, NOW)
    with pytest.raises(DomainError) as refused:
        complaints.close(cid, "good", dispatcher, NOW)
    assert str(refused.value) == (
        "Before closing, do each step that applies or say why it does not: step 5 (Offer for "
        "next visit), 6 (Follow-up call), 7 (Letter sent), 8 (Asked for a testimonial), "
        "9 (Lessons learned).")
    assert Complaint.get_by_id(cid).status == "resolved"  # refused: nothing changed
    for number in (5, 6, 7, 8):
        complaints.set_not_applicable(cid, number, "customer asked us never to call or write",
                                      dispatcher, NOW)
    assert complaints.missing_to_close(cid) == [9]
    complaints.tick_step(cid, 9, dispatcher, NOW, {"root_cause": "double-booked crew"})
    complaints.close(cid, "bad", dispatcher, NOW)
    assert Complaint.get_by_id(cid).status == "closed"


def test_a_step_set_aside_needs_a_reason_and_can_apply_again(late_day, dispatcher):
    cid = late_day.complaint.id
    for number, reason, words in ((1, "x", "every complaint"), (4, "x", "every complaint"),
                                  (7, "   ", "why"), (7, "y" * 501, "500"),
                                  (11, "x", "numbered")):
        with pytest.raises(DomainError, match=words):
            complaints.set_not_applicable(cid, number, reason, dispatcher, NOW)
    complaints.set_not_applicable(cid, 7, "no postal address on file", dispatcher, NOW)
    step = ComplaintStep.get((ComplaintStep.complaint == cid) & (ComplaintStep.number == 7))
    assert json.loads(step.data) == {"not_applicable": "no postal address on file"}
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.action, entry.by, entry.reason) == ("step_applies", "dana",
                                                      "no postal address on file")
    complaints.set_not_applicable(cid, 7, None, dispatcher, NOW)
    assert 7 in complaints.missing_to_close(cid)
    complaints.set_not_applicable(cid, 8, "gave one last year", dispatcher, NOW)
    complaints.tick_step(cid, 8, dispatcher, NOW, {"testimonial": "Came back and fixed it"})
    step = ComplaintStep.get((ComplaintStep.complaint == cid) & (ComplaintStep.number == 8))
    assert json.loads(step.data) == {"testimonial": "Came back and fixed it"}  # done after all
    with pytest.raises(DomainError, match="untick"):
        complaints.set_not_applicable(cid, 8, "changed my mind", dispatcher, NOW)

"""The guarantee on a real SQLite file: live evaluation, stamps, corrections, faults, roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models import rules
from models.errors import DomainError, PermissionDenied
from models.policy import DEFAULT_POLICY, Policy, Tier
from models.queries.day import day_jobs
from models.schema import AuditEntry, Complaint, PolicyVersion, Reward, Stamp
from models.services import jobs, rewards, stamps
from models.services.actor import Actor
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, counts, end_of, lateness

UTC = dt.timezone.utc
S = dt.timedelta(seconds=1)


# Live evaluation ---------------------------------------------------------------------------
def test_live_tiers_appear_when_crossed_with_earned_at_at_the_crossing(job_id):
    end = end_of(job_id)
    assert evaluate(end + 29 * MIN + 59 * S) == []
    assert lateness(job_id) is None
    events = evaluate(end + 45 * MIN)  # noticed late: earned_at is still the crossing
    assert [(e.kind, e.tier) for e in events] == [("created", 1)]
    reward = lateness(job_id)
    assert reward.earned_at == end + 30 * MIN and reward.created_at == end + 45 * MIN
    assert complaint_of(reward).opened_at == end + 30 * MIN
    assert [(e.kind, e.tier) for e in evaluate(end + 60 * MIN)] == [("upgraded", 2)]
    assert lateness(job_id).earned_at == end + 60 * MIN
    assert evaluate(end + 120 * MIN + 59 * S) == []
    assert [(e.kind, e.tier) for e in evaluate(end + 121 * MIN)] == [("upgraded", 3)]
    reward = lateness(job_id)
    assert reward.id == lateness(job_id).id and reward.tier == 3
    assert reward.earned_at == end + 121 * MIN
    assert reward.certificate_code and reward.certificate_status == "unused"
    assert counts() == (1, 1)


def test_live_tier_follows_every_minute_and_never_goes_down(job_id):
    end = end_of(job_id)
    seen = []
    for minute in range(135):
        evaluate(end + minute * MIN)
        reward = lateness(job_id)
        tier = reward.tier if reward else 0
        assert tier == rules.tier_for(minute, DEFAULT_POLICY)
        seen.append(tier)
    assert seen == sorted(seen)
    evaluate(end + 10 * MIN)  # a clock stepping back never takes a reward away
    assert lateness(job_id).tier == 3
    assert counts() == (1, 1)


def test_stamp_settles_the_tier_after_live_growth(job_id):
    end = end_of(job_id)
    evaluate(end + 70 * MIN)
    assert lateness(job_id).tier == 2
    arrive(job_id, end + 40 * MIN, now=end + 70 * MIN)
    reward = lateness(job_id)
    assert (reward.tier, reward.minutes_late, reward.value) == (1, 40, Decimal("25.00"))
    assert reward.earned_at == end + 30 * MIN


def test_job_booked_after_its_window_closed_earns_nothing_live(truck_id, cust):
    end = dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
    job_id = factories.job(truck_id, cust, DAY, "09:00", booked_at=end + 5 * MIN)
    assert evaluate(end + 5 * 60 * MIN) == []
    assert lateness(job_id) is None
    assert day_jobs(DAY, end + 3 * 60 * MIN)[0].minutes_late is None
    arrive(job_id, end + 40 * MIN, now=end + 5 * 60 * MIN)  # the stamp decides
    assert lateness(job_id).tier == 1


def test_arrival_not_recorded_caps_the_reward(truck_id, cust):
    """Window 22:30-23:30 Chicago: the day ends 30 minutes after the window closed."""
    job_id = factories.job(truck_id, cust, DAY, "22:30", booked_at=BOOKED)
    end = end_of(job_id)
    day_end = rules.local_day_end(DAY, "America/Chicago")
    assert day_end - end == 30 * MIN
    evaluate(end + 3 * 60 * MIN)
    reward = lateness(job_id)
    assert (reward.tier, reward.minutes_late) == (1, 30)
    row = day_jobs(DAY, end + 3 * 60 * MIN)[0]
    assert (row.state, row.minutes_late, row.tier) == ("not_recorded", 30, 1)
    assert evaluate(end + 24 * 60 * MIN) == []
    arrive(job_id, end + 65 * MIN, now=end + 5 * 60 * MIN)  # the office settles it
    assert lateness(job_id).tier == 2


def test_policy_in_force_when_the_window_closed_is_used(truck_id, cust):
    early = factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED)
    later = factories.job(truck_id, cust, DAY, "13:00", booked_at=BOOKED)
    changed_at = end_of(early) + 60 * MIN  # between the two window ends
    tiers = (Tier(10, "Ten minutes", Decimal("40.00")),) + DEFAULT_POLICY.tiers[1:]
    PolicyVersion.create(effective_from=changed_at, data=Policy(tiers=tiers).to_json(),
                         created_by="owner")
    arrive(early, end_of(early) + 15 * MIN, now=end_of(later) + 15 * MIN)
    arrive(later, end_of(later) + 15 * MIN)
    assert lateness(early) is None
    reward = lateness(later)
    assert (reward.tier, reward.value, reward.wording) == (1, Decimal("40.00"), "Ten minutes")
    assert reward.earned_at == end_of(later) + 10 * MIN


def test_evaluate_twice_creates_nothing_new(truck_id, cust):
    ids = [factories.job(truck_id, cust, DAY, f"{h:02d}:00", booked_at=BOOKED)
           for h in (7, 8, 9, 10)]
    at = end_of(ids[-1]) + 45 * MIN
    first = evaluate(at)
    assert len(first) == 4
    audit_rows = AuditEntry.select().count()
    assert evaluate(at) == []
    assert counts() == (4, 4)
    assert AuditEntry.select().count() == audit_rows


# Stamps and corrections ------------------------------------------------------------------
def test_corrections_up_and_down_reuse_one_reward_and_complaint(job_id):
    end = end_of(job_id)
    later = end + 5 * 60 * MIN
    arrive(job_id, end + 45 * MIN, now=later)
    first = lateness(job_id)
    complaint = complaint_of(first)
    res = arrive(job_id, end + 130 * MIN, now=later)  # up: tier 3
    assert [e.kind for e in res.events] == ["upgraded"]
    reward = lateness(job_id)
    assert (reward.id, reward.tier, reward.value) == (first.id, 3, Decimal("250.00"))
    assert reward.certificate_status == "unused"
    code = reward.certificate_code
    res = arrive(job_id, end + 65 * MIN, now=later)  # down: tier 2, certificate voided
    assert [e.kind for e in res.events] == ["lowered"]
    reward = lateness(job_id)
    assert (reward.tier, reward.certificate_status, reward.certificate_code) == (2, "void", code)
    assert reward.earned_at == end + 60 * MIN
    res = arrive(job_id, end + 10 * MIN, now=later)  # on time after all
    assert [e.kind for e in res.events] == ["voided"]
    assert lateness(job_id).status == "void"
    assert complaint_of(first).status == "withdrawn"
    res = arrive(job_id, end + 125 * MIN, now=later)  # and back up to tier 3
    assert [e.kind for e in res.events] == ["reactivated"]
    reward = lateness(job_id)
    assert (reward.status, reward.tier, reward.certificate_status) == ("proposed", 3, "unused")
    assert reward.certificate_code == code
    assert complaint_of(reward).id == complaint.id and complaint_of(reward).status == "open"
    assert counts() == (1, 1)
    assert Stamp.select().where(Stamp.job == job_id).count() == 5
    assert Stamp.select().where((Stamp.job == job_id) & Stamp.active).count() == 1


def test_correction_needs_a_reason_and_same_time_changes_nothing(job_id):
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    with pytest.raises(DomainError, match="reason"):
        stamps.arrive(job_id, end + 50 * MIN, OWNER, end + 50 * MIN)
    again = stamps.arrive(job_id, end + 45 * MIN, OWNER, end + 50 * MIN)
    assert not again.changed
    assert Stamp.select().count() == 1


def test_correction_to_on_time_keeps_a_worked_on_complaint(job_id):
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    complaint = complaint_of(lateness(job_id))
    Complaint.update(worked_on=True).where(Complaint.id == complaint.id).execute()
    arrive(job_id, end, now=end + 50 * MIN)
    assert lateness(job_id).status == "void"
    assert Complaint.get_by_id(complaint.id).status == "open"


def test_unstamp_removes_the_arrival_and_live_evaluation_resumes(job_id):
    end = end_of(job_id)
    arrive(job_id, end + 5 * MIN)
    assert lateness(job_id) is None
    with pytest.raises(DomainError):
        stamps.unstamp(job_id, "", OWNER, end + 50 * MIN)
    result = stamps.unstamp(job_id, "stamped on the wrong job", OWNER, end + 50 * MIN)
    assert [e.kind for e in result.events] == ["created"]
    assert lateness(job_id).tier == 1
    assert day_jobs(DAY, end + 50 * MIN)[0].state == "late"


def test_stamp_in_the_future_or_old_without_reason_refused(job_id):
    end = end_of(job_id)
    with pytest.raises(DomainError, match="future"):
        stamps.arrive(job_id, end + 3 * MIN, OWNER, end)
    with pytest.raises(DomainError, match="reason"):
        stamps.arrive(job_id, end, OWNER, end + 11 * MIN)
    assert Stamp.select().count() == 0


# Faults -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["shared", "third_party", "no_one"])
def test_faults_other_than_customer_keep_the_reward(job_id, fault):
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    jobs.set_fault(job_id, fault, "snowstorm", OWNER, end + 50 * MIN)
    reward = lateness(job_id)
    assert reward.status == "proposed" and reward.tier == 1
    assert complaint_of(reward).fault == fault


def test_customer_fault_voids_and_setting_back_reactivates_the_same_row(job_id):
    end = end_of(job_id)
    arrive(job_id, end + 70 * MIN)
    reward = lateness(job_id)
    complaint = complaint_of(reward)
    events = jobs.set_fault(job_id, "customer", "nobody home, gate locked", OWNER,
                            end + 80 * MIN)
    assert [e.kind for e in events] == ["voided"]
    assert lateness(job_id).status == "void"
    kept = Complaint.get_by_id(complaint.id)
    assert (kept.status, kept.fault) == ("open", "customer")
    events = jobs.set_fault(job_id, "company", "customer showed the gate was open", OWNER,
                            end + 90 * MIN)
    assert [e.kind for e in events] == ["reactivated"]
    back = lateness(job_id)
    assert (back.id, back.status, back.tier) == (reward.id, "proposed", 2)
    assert Complaint.get_by_id(complaint.id).status == "open"
    assert counts() == (1, 1)


def test_fault_refusals(job_id):
    end = end_of(job_id)
    with pytest.raises(DomainError, match="not late"):
        jobs.set_fault(job_id, "customer", "why not", OWNER, end - 5 * MIN)
    arrive(job_id, end + 45 * MIN)
    with pytest.raises(DomainError, match="reason"):
        jobs.set_fault(job_id, "customer", " ", OWNER, end + 50 * MIN)
    with pytest.raises(DomainError):
        jobs.set_fault(job_id, "aliens", "they did it", OWNER, end + 50 * MIN)
    assert lateness(job_id).status == "proposed"


def test_customer_fault_job_is_left_alone_by_the_sweep(job_id):
    end = end_of(job_id)
    evaluate(end + 40 * MIN)
    jobs.set_fault(job_id, "customer", "not home", OWNER, end + 41 * MIN)
    assert evaluate(end + 200 * MIN) == []
    reward = lateness(job_id)
    assert (reward.status, reward.tier) == ("void", 1)


# Roles -------------------------------------------------------------------------------------
def _issued(job_id: int, minutes: int) -> Reward:
    end = end_of(job_id)
    arrive(job_id, end + minutes * MIN)
    reward = lateness(job_id)
    rewards.issue(reward.id, OWNER, end + minutes * MIN)
    return Reward.get_by_id(reward.id)


def test_dispatcher_cannot_lower_or_void_an_issued_reward(job_id, dispatcher):
    reward = _issued(job_id, 70)
    end = end_of(job_id)
    audit_rows = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        arrive(job_id, end + 40 * MIN, actor=dispatcher, now=end + 80 * MIN)  # lower
    with pytest.raises(PermissionDenied):
        arrive(job_id, end, actor=dispatcher, now=end + 80 * MIN)  # void
    with pytest.raises(PermissionDenied):
        rewards.void(reward.id, "goodwill no longer needed", dispatcher, end + 80 * MIN)
    with pytest.raises(PermissionDenied):
        jobs.set_fault(job_id, "customer", "dog in the yard", dispatcher, end + 80 * MIN)
    # Nothing changed: the stamp, the reward, the job's fault and the audit trail.
    assert Reward.get_by_id(reward.id).status == "issued"
    assert Reward.get_by_id(reward.id).tier == 2
    assert stamps.lookup.active_stamp(job_id, "arrival").at == end + 70 * MIN
    assert stamps.lookup.job(job_id).fault == "company"
    assert AuditEntry.select().count() == audit_rows


def test_dispatcher_may_raise_an_issued_reward(job_id, dispatcher):
    reward = _issued(job_id, 40)
    end = end_of(job_id)
    arrive(job_id, end + 70 * MIN, actor=dispatcher, now=end + 80 * MIN)
    raised = Reward.get_by_id(reward.id)
    assert (raised.tier, raised.status) == (2, "proposed")  # the customer must be told again


def test_owner_may_lower_and_void_an_issued_reward(job_id):
    reward = _issued(job_id, 70)
    end = end_of(job_id)
    arrive(job_id, end + 40 * MIN, now=end + 80 * MIN)
    assert Reward.get_by_id(reward.id).tier == 1
    rewards.void(reward.id, "owner's decision", OWNER, end + 90 * MIN)
    voided = Reward.get_by_id(reward.id)
    assert (voided.status, voided.voided_by_person) == ("void", True)
    # A reward a person voided is never revived by the program.
    arrive(job_id, end + 130 * MIN, now=end + 140 * MIN)
    assert Reward.get_by_id(reward.id).status == "void"


def test_dispatcher_may_void_a_proposed_reward(job_id, dispatcher):
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    with pytest.raises(DomainError, match="reason"):
        rewards.void(lateness(job_id).id, "", dispatcher, end + 50 * MIN)
    rewards.void(lateness(job_id).id, "duplicate", dispatcher, end + 50 * MIN)
    assert lateness(job_id).status == "void"


def test_system_actor_is_not_a_person(db_path):
    assert Actor("system", "system").is_owner
    assert not Actor("dana", "dispatcher").is_owner

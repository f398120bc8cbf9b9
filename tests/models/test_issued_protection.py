"""A reward the customer was told of keeps its protection after it is raised: no dispatcher
path takes it below the tier she was told of, or voids it; an owner may."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import rules
from models.arrivals_import import import_arrivals
from models.csvin import ImportRefused
from models.errors import DomainError, PermissionDenied
from models.schema import AuditEntry, Complaint, Job, Reward, Stamp
from models.services import jobs, rewards, stamps, undo
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, end_of, lateness


def _state(job_id: int) -> tuple:
    """Everything the refused step must leave as it was."""
    rewards_now = [tuple(r.__data__.items()) for r in Reward.select().order_by(Reward.id)]
    stamps_now = [(s.id, s.at, s.active) for s in Stamp.select().order_by(Stamp.id)]
    jobs_now = [(j.id, j.status, j.fault, j.price, j.version)
                for j in Job.select().order_by(Job.id)]
    complaints_now = [(c.id, c.status) for c in Complaint.select().order_by(Complaint.id)]
    return rewards_now, stamps_now, jobs_now, complaints_now, AuditEntry.select().count()


def _issue_then_raise_live(job_id: int, dispatcher) -> Reward:
    """Steps 1 and 2: 35 minutes late live (tier 1), issued; the sweep raises it to tier 2."""
    end = end_of(job_id)
    evaluate(end + 35 * MIN)
    reward = lateness(job_id)
    assert reward.tier == 1
    rewards.issue(reward.id, dispatcher, end + 36 * MIN)
    evaluate(end + 61 * MIN)
    raised = Reward.get_by_id(reward.id)
    assert (raised.tier, raised.status, raised.issued_tier) == (2, "proposed", 1)
    return raised


def _issue_then_raise_stamped(job_id: int, dispatcher) -> Reward:
    """Steps 1 and 2 by stamps: stamped 35 minutes late, issued, corrected to 65."""
    end = end_of(job_id)
    arrive(job_id, end + 35 * MIN, actor=dispatcher, now=end + 36 * MIN)
    reward = lateness(job_id)
    rewards.issue(reward.id, dispatcher, end + 37 * MIN)
    arrive(job_id, end + 65 * MIN, actor=dispatcher, now=end + 70 * MIN)
    raised = Reward.get_by_id(reward.id)
    assert (raised.tier, raised.status, raised.issued_tier) == (2, "proposed", 1)
    return raised


def test_defect_by_a_stamp_is_refused_and_changes_nothing(job_id, dispatcher):
    reward = _issue_then_raise_live(job_id, dispatcher)
    end = end_of(job_id)
    before = _state(job_id)
    with pytest.raises(PermissionDenied, match="already told"):
        arrive(job_id, end + 5 * MIN, actor=dispatcher, now=end + 70 * MIN)
    assert _state(job_id) == before
    assert Reward.get_by_id(reward.id).status == "proposed"


def test_defect_by_a_correction_is_refused_and_changes_nothing(job_id, dispatcher):
    _issue_then_raise_stamped(job_id, dispatcher)
    end = end_of(job_id)
    before = _state(job_id)
    with pytest.raises(PermissionDenied):
        arrive(job_id, end + 5 * MIN, actor=dispatcher, now=end + 80 * MIN)
    with pytest.raises(PermissionDenied):  # below the told tier, not voided: still refused
        arrive(job_id, end + 20 * MIN, actor=dispatcher, now=end + 80 * MIN)
    assert _state(job_id) == before


def test_a_correction_back_to_the_told_tier_is_allowed_and_issued_again(job_id, dispatcher):
    reward = _issue_then_raise_stamped(job_id, dispatcher)
    end = end_of(job_id)
    arrive(job_id, end + 40 * MIN, actor=dispatcher, now=end + 80 * MIN)
    back = Reward.get_by_id(reward.id)
    assert (back.tier, back.status, back.issued_tier) == (1, "issued", 1)


def test_defect_by_an_unstamp_is_refused_and_changes_nothing(truck_id, cust, dispatcher):
    # Entered after its window had closed: without its stamp it earns nothing, so removing
    # the stamp would void the reward.
    late_entry = factories.job(truck_id, cust, DAY, "08:00", booked_at=BOOKED + dt.timedelta(
        days=1, hours=2))
    _issue_then_raise_stamped(late_entry, dispatcher)
    end = end_of(late_entry)
    before = _state(late_entry)
    with pytest.raises(PermissionDenied):
        stamps.unstamp(late_entry, "stamped on the wrong job", dispatcher, end + 90 * MIN)
    assert _state(late_entry) == before


def test_defect_by_a_fault_change_is_refused_and_changes_nothing(job_id, dispatcher):
    _issue_then_raise_live(job_id, dispatcher)
    end = end_of(job_id)
    before = _state(job_id)
    with pytest.raises(PermissionDenied):
        jobs.set_fault(job_id, "customer", "not home", dispatcher, end + 70 * MIN)
    assert _state(job_id) == before


def test_defect_by_import_arrivals_is_refused_and_changes_nothing(job_id, dispatcher,
                                                                   tmp_path):
    end = end_of(job_id)
    tz = Job.get_by_id(job_id).tz

    def file(minutes: int):
        local = (end + minutes * MIN).astimezone(rules.zone(tz)).strftime("%Y-%m-%d %H:%M")
        path = tmp_path / f"arrivals-{minutes}.csv"
        path.write_text(f"job_id,arrived_at\n{job_id},{local}\n", encoding="utf-8")
        return path

    import_arrivals(file(35), "crew log", dispatcher, end + 36 * MIN)
    reward = lateness(job_id)
    rewards.issue(reward.id, dispatcher, end + 37 * MIN)
    import_arrivals(file(65), "GPS export", dispatcher, end + 70 * MIN)
    assert (lateness(job_id).tier, lateness(job_id).status) == (2, "proposed")
    before = _state(job_id)
    with pytest.raises(ImportRefused, match="already told"):
        import_arrivals(file(5), "crew log, corrected", dispatcher, end + 80 * MIN)
    assert _state(job_id) == before


def test_defect_by_undo_is_refused_and_changes_nothing(job_id, dispatcher, now):
    """The reschedule reward: issued, raised (the new job's price went up, so she must hear
    of it again), then the dispatcher undoes the reschedule, which would void it."""
    booked = jobs.reschedule(job_id, DAY + dt.timedelta(days=2), dt.time(9), 0, "company",
                             dispatcher, now)
    reward = Reward.get((Reward.job == booked.job_id) & (Reward.kind == "reschedule"))
    rewards.issue(reward.id, dispatcher, now)
    version = Job.get_by_id(booked.job_id).version
    jobs.edit(booked.job_id, version, {"price": "180.00"}, dispatcher, now)
    raised = Reward.get_by_id(reward.id)
    assert (raised.value, raised.status, raised.issued_value) == (Decimal("180.00"),
                                                                  "proposed",
                                                                  Decimal("150.00"))
    before = _state(job_id)
    with pytest.raises(PermissionDenied):
        undo.undo_reschedule(booked.job_id, dispatcher, now)
    with pytest.raises(PermissionDenied):  # nor may a price cut take it below 150.00
        jobs.edit(booked.job_id, Job.get_by_id(booked.job_id).version, {"price": "100.00"},
                  dispatcher, now)
    assert _state(job_id) == before
    undo.undo_reschedule(booked.job_id, OWNER, now)  # the owner may
    assert Reward.get_by_id(reward.id).status == "void"


def test_the_owner_may_take_a_raised_reward_below_what_was_told(job_id, dispatcher):
    reward = _issue_then_raise_live(job_id, dispatcher)
    end = end_of(job_id)
    arrive(job_id, end + 5 * MIN, actor=OWNER, now=end + 70 * MIN)
    assert Reward.get_by_id(reward.id).status == "void"


def test_issuing_remembers_the_highest_tier_and_value(job_id, dispatcher):
    reward = _issue_then_raise_live(job_id, dispatcher)
    end = end_of(job_id)
    rewards.issue(reward.id, dispatcher, end + 62 * MIN)
    told = Reward.get_by_id(reward.id)
    assert (told.issued_tier, told.issued_value) == (2, Decimal("75.00"))


# Any sequence, after an issue --------------------------------------------------------------
arrive_op = st.tuples(st.just("arrive"), st.integers(-90, 250))
unstamp_op = st.tuples(st.just("unstamp"), st.just(0))
fault_op = st.tuples(st.just("fault"), st.sampled_from(rules.FAULTS))
sweep_op = st.tuples(st.just("sweep"), st.integers(0, 600))
operations = st.lists(st.one_of(arrive_op, unstamp_op, fault_op, sweep_op), min_size=1,
                      max_size=8)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(30, 200), late_entry=st.booleans(), ops=operations)
def test_a_dispatcher_never_takes_an_issued_reward_below_its_tier(truck_id, cust, dispatcher,
                                                                  first, late_entry, ops):
    booked = BOOKED + dt.timedelta(days=1, hours=2) if late_entry else BOOKED
    job_id = factories.job(truck_id, cust, DAY, "08:00", booked_at=booked)
    end = end_of(job_id)
    now = end + 300 * MIN  # the same local day
    arrive(job_id, end + first * MIN, actor=dispatcher, now=now)
    reward = lateness(job_id)
    rewards.issue(reward.id, dispatcher, now)
    told = Reward.get_by_id(reward.id).tier
    for kind, arg in ops:
        try:
            if kind == "arrive":
                stamps.arrive(job_id, end + arg * MIN, dispatcher, now, reason="crew log")
            elif kind == "unstamp":
                stamps.unstamp(job_id, "wrong job", dispatcher, now)
            elif kind == "fault":
                jobs.set_fault(job_id, arg, "office decision", dispatcher, now)
            else:
                evaluate(end + arg * MIN)
        except DomainError:
            pass  # refused: nothing changed
        current = Reward.get_by_id(reward.id)
        assert current.status != "void"
        assert current.tier >= told
        assert current.issued_tier >= told
        assert Reward.select().where(Reward.job == job_id).count() == 1

"""Random sequences of stamps, corrections, removals and fault changes on a real file: the
job's one reward, its certificate and its complaint always match what the rules say."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import rules
from models.errors import DomainError
from models.policy import DEFAULT_POLICY
from models.schema import Complaint, Job, Reward
from models.services import jobs, stamps
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, complaint_of, lateness

NOW_AFTER = 5 * 60  # minutes after the window end the office works at (same local day)

arrive_op = st.tuples(st.just("arrive"), st.integers(-90, 200))
unstamp_op = st.tuples(st.just("unstamp"), st.just(0))
fault_op = st.tuples(st.just("fault"), st.sampled_from(rules.FAULTS))
operations = st.lists(st.one_of(arrive_op, unstamp_op, fault_op), min_size=1, max_size=6)


def _apply(job_id: int, op: tuple, now: dt.datetime, end: dt.datetime) -> None:
    kind, arg = op
    try:
        if kind == "arrive":
            stamps.arrive(job_id, end + arg * MIN, OWNER, now, reason="crew called in")
        elif kind == "unstamp":
            stamps.unstamp(job_id, "stamped on the wrong job", OWNER, now)
        else:
            jobs.set_fault(job_id, arg, "office decision", OWNER, now)
    except DomainError:
        pass  # a refusal changes nothing; the invariants below still hold


def _check(job_id: int, now: dt.datetime) -> None:
    job = Job.get_by_id(job_id)
    end = job.window_end_utc
    arrived = stamps.lookup.active_stamp(job_id, "arrival")
    minutes = rules.minutes_late(end, arrived.at if arrived else now)
    tier = rules.tier_for(minutes, DEFAULT_POLICY)
    reward = lateness(job_id)
    assert Reward.select().where(Reward.job == job_id).count() <= 1
    assert Complaint.select().where(Complaint.job == job_id).count() <= 1
    if reward is None:
        assert tier == 0 or job.fault == "customer"
        return
    complaint = complaint_of(reward)
    if tier and job.fault != "customer":
        assert (reward.status, reward.tier, reward.minutes_late) == ("proposed", tier, minutes)
        assert reward.earned_at == rules.earned_at(end, tier, DEFAULT_POLICY)
        assert reward.value == rules.reward_for(tier, DEFAULT_POLICY, job.price)[1]
        assert complaint.status == "open"
        assert reward.certificate_status == ("unused" if tier == 3 else
                                             reward.certificate_status and "void")
    else:
        assert reward.status == "void"
        assert reward.certificate_status in (None, "void")
        assert complaint.status == ("withdrawn" if tier == 0 else "open")
    assert complaint.fault == job.fault


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_reward_always_matches_the_rules(truck_id, cust, ops):
    job_id = factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED)
    end = Job.get_by_id(job_id).window_end_utc
    now = end + NOW_AFTER * MIN
    for op in ops:
        _apply(job_id, op, now, end)
        evaluate(now)  # the live sweep runs all the time; it must agree with the stamps
        _check(job_id, now)

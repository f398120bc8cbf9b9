"""Reschedules (customer and company), moving trucks, and cancellations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.errors import DomainError
from models.queries.day import day_jobs
from models.schema import Complaint, Job, Reward
from models.services import jobs, lookup, stamps
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, counts, end_of, lateness

NEXT = DAY + dt.timedelta(days=1)
NINE = dt.time(9, 0)


@pytest.fixture
def ext_job(truck_id, cust) -> int:
    return factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED, external_id="EXT-1")


def reschedule_reward(job_id: int) -> Reward | None:
    return Reward.get_or_none((Reward.job == job_id) & (Reward.kind == "reschedule"))


def test_customer_reschedule_keeps_the_tier_reached_and_stops_growth(ext_job):
    end = end_of(ext_job)
    booked = jobs.reschedule("EXT-1", NEXT, NINE, 0, "customer", OWNER, end + 45 * MIN,
                             reason="customer asked")
    old, new = Job.get_by_id(ext_job), Job.get_by_id(booked.job_id)
    reward = lateness(ext_job)
    assert (reward.tier, reward.status, reward.earned_at) == (1, "proposed", end + 30 * MIN)
    assert [e.kind for e in booked.events] == ["created"]
    assert (old.status, old.external_id, old.closed_at) == ("rescheduled", None,
                                                            end + 45 * MIN)
    assert (new.external_id, new.rescheduled_from_id, new.rescheduled_by, new.free) == \
        ("EXT-1", ext_job, "customer", False)
    assert lookup.job("EXT-1").id == new.id
    assert reschedule_reward(new.id) is None
    evaluate(end + 5 * 60 * MIN)  # the old job's guarantee ended with the reschedule
    assert lateness(ext_job).tier == 1
    row = next(r for r in day_jobs(DAY, end + 5 * 60 * MIN) if r.job_id == ext_job)
    assert (row.state, row.minutes_late) == ("rescheduled", 45)
    with pytest.raises(DomainError):
        stamps.arrive(ext_job, end + 5 * 60 * MIN, OWNER, end + 5 * 60 * MIN)
    # The new job has its own guarantee.
    new_end = end_of(new.id)
    arrive(new.id, new_end + 65 * MIN)
    assert lateness(new.id).tier == 2
    assert counts() == (2, 2)


def test_customer_reschedule_before_the_window_owes_nothing(ext_job):
    end = end_of(ext_job)
    jobs.reschedule(ext_job, NEXT, NINE, 0, "customer", OWNER, end - 3 * 60 * MIN)
    evaluate(end + 5 * 60 * MIN)
    assert counts() == (0, 0)


def test_company_reschedule_makes_the_new_job_free(ext_job):
    end = end_of(ext_job)
    at = end - 3 * 60 * MIN
    booked = jobs.reschedule(ext_job, NEXT, dt.time(13, 0), 0, "company", OWNER, at,
                             reason="truck broke down")
    new = Job.get_by_id(booked.job_id)
    assert (new.free, new.rescheduled_by, new.external_id) == (True, "company", "EXT-1")
    reward = reschedule_reward(new.id)
    assert (reward.value, reward.status, reward.tier, reward.earned_at) == \
        (Decimal("150.00"), "proposed", None, at)
    complaint = complaint_of(reward)
    assert (complaint.source, complaint.status, complaint.fault, complaint.job_id) == \
        ("auto", "open", "company", new.id)
    assert complaint.opened_at == at
    assert [(e.kind, e.tier) for e in booked.events] == [("created", None)]
    assert lateness(ext_job) is None
    # The reward follows the new job's price.
    jobs.edit(new.id, new.version, {"price": "180.00"}, OWNER, at + MIN)
    assert reschedule_reward(new.id).value == Decimal("180.00")
    # And the new job can still earn a lateness reward.
    new_end = end_of(new.id)
    evaluate(new_end + 61 * MIN)
    assert lateness(new.id).tier == 2
    assert reschedule_reward(new.id).id == reward.id
    assert counts() == (2, 2)
    assert Complaint.select().where(Complaint.job == new.id).count() == 2


def test_company_reschedule_of_a_late_job_keeps_its_lateness_reward(ext_job):
    end = end_of(ext_job)
    booked = jobs.reschedule(ext_job, NEXT, NINE, 0, "company", OWNER, end + 70 * MIN)
    assert lateness(ext_job).tier == 2
    assert reschedule_reward(booked.job_id).value == Decimal("150.00")
    assert counts() == (2, 2)


def test_customer_fault_on_a_company_reschedule_voids_its_reward(ext_job):
    end = end_of(ext_job)
    booked = jobs.reschedule(ext_job, NEXT, NINE, 0, "company", OWNER, end - 3 * 60 * MIN)
    jobs.set_fault(booked.job_id, "customer", "she asked us to say it was us", OWNER,
                   end - 2 * 60 * MIN)
    reward = reschedule_reward(booked.job_id)
    assert reward.status == "void"
    assert complaint_of(reward).status == "open"
    jobs.set_fault(booked.job_id, "company", "it was us after all", OWNER, end - 60 * MIN)
    back = reschedule_reward(booked.job_id)
    assert (back.id, back.status) == (reward.id, "proposed")


def test_reschedule_refusals(ext_job, truck_id):
    end = end_of(ext_job)
    with pytest.raises(DomainError, match="current window"):
        jobs.reschedule(ext_job, DAY, NINE, 0, "company", OWNER, end - 3 * 60 * MIN)
    with pytest.raises(DomainError, match="company or customer"):
        jobs.reschedule(ext_job, NEXT, NINE, 0, "office", OWNER, end - 3 * 60 * MIN)
    with pytest.raises(DomainError, match="does not exist"):
        jobs.reschedule(ext_job, dt.date(2027, 3, 14), dt.time(2, 15), 0, "company", OWNER,
                        end)
    arrive(ext_job, end - 10 * MIN)
    with pytest.raises(DomainError):
        jobs.reschedule(ext_job, NEXT, NINE, 0, "company", OWNER, end)
    assert Job.select().count() == 1 and counts() == (0, 0)


def test_moving_to_another_truck_is_not_a_reschedule(ext_job):
    factories.truck("Truck 2", now=BOOKED)
    end = end_of(ext_job)
    jobs.assign(ext_job, "Truck 2", OWNER, end - 3 * 60 * MIN)
    job = Job.get_by_id(ext_job)
    assert (job.status, job.truck.name, job.external_id) == ("scheduled", "Truck 2", "EXT-1")
    assert Job.select().count() == 1 and counts() == (0, 0)


def test_cancelling_a_late_job_keeps_the_reward_reached(ext_job):
    end = end_of(ext_job)
    with pytest.raises(DomainError, match="reason"):
        jobs.cancel(ext_job, "  ", OWNER, end + 45 * MIN)
    events = jobs.cancel(ext_job, "customer called off", OWNER, end + 45 * MIN)
    assert [e.kind for e in events] == ["created"]
    job = Job.get_by_id(ext_job)
    assert (job.status, job.cancel_reason) == ("cancelled", "customer called off")
    evaluate(end + 5 * 60 * MIN)
    assert lateness(ext_job).tier == 1
    with pytest.raises(DomainError):
        jobs.cancel(ext_job, "again", OWNER, end + 50 * MIN)
    with pytest.raises(DomainError):
        stamps.arrive(ext_job, end + 50 * MIN, OWNER, end + 50 * MIN)


def test_cancelling_in_time_owes_nothing(ext_job):
    end = end_of(ext_job)
    jobs.cancel(ext_job, "moved away", OWNER, end - 60 * MIN)
    evaluate(end + 5 * 60 * MIN)
    assert counts() == (0, 0)
    assert day_jobs(DAY, end)[0].state == "cancelled"


def test_event_messages_show_money_with_two_decimals(ext_job):
    """Regression: a price read back from SQLite printed as '$150' in the event."""
    end = end_of(ext_job)
    booked = jobs.reschedule(ext_job, NEXT, NINE, 0, "company", OWNER, end - 3 * 60 * MIN)
    assert [e.value for e in booked.events] == ["150.00"]
    assert booked.events[0].message().endswith("($150.00).")
    arrive(booked.job_id, end_of(booked.job_id) + 45 * MIN)
    events = arrive(booked.job_id, end_of(booked.job_id), now=end_of(booked.job_id) + 50 * MIN,
                    reason="typo").events
    assert [(e.kind, e.value) for e in events] == [("voided", "25.00")]

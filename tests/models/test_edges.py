"""Edge cases around faults, corrections and the complaint that goes with a reward."""

from __future__ import annotations

import datetime as dt

import pytest

from models import rules
from models.errors import DomainError
from models.policy import DEFAULT_POLICY
from models.queries.day import day_jobs
from models.schema import Complaint, Job, PolicyVersion, Stamp
from models.services import jobs, stamps
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, counts, end_of, lateness

UTC = dt.timezone.utc


def test_customer_fault_then_on_time_withdraws_the_untouched_complaint(job_id):
    """Regression: a reward already void (customer fault) skipped the complaint withdrawal."""
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    complaint = complaint_of(lateness(job_id))
    jobs.set_fault(job_id, "customer", "not home", OWNER, end + 50 * MIN)
    assert Complaint.get_by_id(complaint.id).status == "open"
    arrive(job_id, end - 5 * MIN, now=end + 60 * MIN, reason="wrong time typed")
    assert lateness(job_id).status == "void"
    assert Complaint.get_by_id(complaint.id).status == "withdrawn"
    # Late again, still the customer's fault: no reward, but the complaint is looked after.
    arrive(job_id, end + 40 * MIN, now=end + 70 * MIN, reason="it was 40 after all")
    assert lateness(job_id).status == "void"
    assert Complaint.get_by_id(complaint.id).status == "open"
    assert counts() == (1, 1)


def test_worked_on_complaint_survives_customer_fault_and_correction(job_id):
    end = end_of(job_id)
    arrive(job_id, end + 45 * MIN)
    complaint = complaint_of(lateness(job_id))
    Complaint.update(worked_on=True).where(Complaint.id == complaint.id).execute()
    jobs.set_fault(job_id, "customer", "not home", OWNER, end + 50 * MIN)
    arrive(job_id, end, now=end + 60 * MIN, reason="wrong time typed")
    assert Complaint.get_by_id(complaint.id).status == "open"


def test_certificate_expiry_on_a_leap_day():
    earned = dt.datetime(2028, 2, 29, 18, 1, tzinfo=UTC)
    assert rules.add_months(earned, 12) == dt.datetime(2029, 2, 28, 18, 1, tzinfo=UTC)
    assert rules.add_months(dt.datetime(2026, 1, 31, tzinfo=UTC), 1) == \
        dt.datetime(2026, 2, 28, tzinfo=UTC)
    assert rules.add_months(dt.datetime(2026, 11, 30, tzinfo=UTC), 3) == \
        dt.datetime(2027, 2, 28, tzinfo=UTC)


def test_window_length_in_force_when_booked(truck_id, cust):
    before = factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED)
    PolicyVersion.create(effective_from=BOOKED + 60 * MIN,
                         data=DEFAULT_POLICY.with_changes(window_minutes=120).to_json(),
                         created_by="owner")
    after = factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED + 2 * 60 * MIN)
    a, b = Job.get_by_id(before), Job.get_by_id(after)
    assert (a.window_minutes, b.window_minutes) == (60, 120)
    assert b.window_end_utc - b.window_start_utc == 120 * MIN
    arrive(after, a.window_end_utc + 45 * MIN)  # 45 after the 1-hour end, within 2 hours
    assert lateness(after) is None


def test_second_arrival_without_reason_is_refused_not_overwritten(job_id):

    end = end_of(job_id)
    stamps.arrive(job_id, end - 10 * MIN, OWNER, end - 10 * MIN, client_uid="desk-1")
    with pytest.raises(DomainError, match="already has an arrival stamp"):
        stamps.arrive(job_id, end - 8 * MIN, OWNER, end - 8 * MIN, client_uid="desk-2")
    assert [s.client_uid for s in Stamp.select()] == ["desk-1"]


def test_stamp_order_rules(job_id):

    end = end_of(job_id)
    with pytest.raises(DomainError, match="arrival"):
        stamps.complete(job_id, end, OWNER, end)
    stamps.en_route(job_id, end - 40 * MIN, OWNER, end - 40 * MIN)
    assert Job.get_by_id(job_id).status == "en_route"
    arrive(job_id, end - 20 * MIN)
    stamps.complete(job_id, end + 60 * MIN, OWNER, end + 60 * MIN)
    with pytest.raises(DomainError, match="before the completion"):
        arrive(job_id, end + 70 * MIN, now=end + 70 * MIN)
    assert Job.get_by_id(job_id).status == "completed"
    stamps.unstamp(job_id, "wrong job", OWNER, end + 80 * MIN)
    assert Job.get_by_id(job_id).status == "en_route"


def test_not_recorded_on_the_25_hour_fall_back_day(truck_id, cust):
    fall = dt.date(2026, 11, 1)
    booked = dt.datetime(2026, 10, 1, tzinfo=UTC)
    factories.job(truck_id, cust, fall, "22:30", booked_at=booked)
    day_end = dt.datetime(2026, 11, 2, 6, 0, tzinfo=UTC)  # midnight CST
    assert rules.local_day_end(fall, "America/Chicago") == day_end
    assert day_jobs(fall, day_end - MIN)[0].state == "late"
    row = day_jobs(fall, day_end + 5 * 60 * MIN)[0]
    assert (row.state, row.minutes_late) == ("not_recorded", 30)

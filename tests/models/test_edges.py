"""Edge cases around faults, corrections and the complaint that goes with a reward."""

from __future__ import annotations

import datetime as dt

from models import rules
from models.schema import Complaint
from models.services import jobs
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

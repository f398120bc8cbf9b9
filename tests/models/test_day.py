"""The day listing: each job's state, live lateness, prediction, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from playhouse.test_utils import count_queries

from models.queries.day import day_jobs
from models.schema import Customer
from models.services import jobs, stamps
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, end_of

UTC = dt.timezone.utc


def _state(job_id: int, now: dt.datetime) -> str:
    return next(r.state for r in day_jobs(DAY, now) if r.job_id == job_id)


def test_states_through_a_job_s_life(job_id):
    end = end_of(job_id)
    assert _state(job_id, end - 2 * 60 * MIN) == "scheduled"
    assert _state(job_id, end - 16 * MIN) == "scheduled"
    assert _state(job_id, end - 15 * MIN) == "at_risk"
    assert _state(job_id, end + 59 * dt.timedelta(seconds=1)) == "at_risk"
    assert _state(job_id, end + MIN) == "late"
    evaluate(end + 45 * MIN)
    row = day_jobs(DAY, end + 45 * MIN)[0]
    assert (row.minutes_late, row.tier, row.reward_value) == (45, 1, "25.00")
    arrive(job_id, end + 50 * MIN)
    assert _state(job_id, end + 55 * MIN) == "arrived_late"
    stamps.complete(job_id, end + 2 * 60 * MIN, OWNER, end + 2 * 60 * MIN)
    assert _state(job_id, end + 3 * 60 * MIN) == "completed"


def test_arrival_states(truck_id, cust):
    early = factories.job(truck_id, cust, DAY, "07:00", booked_at=BOOKED)
    on_time = factories.job(truck_id, cust, DAY, "11:00", booked_at=BOOKED)
    arrive(early, end_of(early) - 61 * MIN)
    arrive(on_time, end_of(on_time))
    now = end_of(on_time) + MIN
    assert _state(early, now) == "arrived_early"
    assert _state(on_time, now) == "arrived_on_time"


def test_predicted_arrival_makes_the_next_job_at_risk(truck_id, cust):
    first = factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED)  # 90 min job
    second = factories.job(truck_id, cust, DAY, "10:00", booked_at=BOOKED)
    start = end_of(first) - 60 * MIN
    arrive(first, start + 30 * MIN)
    now = start + 40 * MIN
    row = next(r for r in day_jobs(DAY, now) if r.job_id == second)
    assert row.predicted_arrival == start + 30 * MIN + 90 * MIN + 20 * MIN
    assert row.state == "at_risk"


def test_not_recorded_after_the_local_day(job_id):
    day_end = dt.datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # midnight in Chicago
    assert _state(job_id, day_end - MIN) == "late"
    assert _state(job_id, day_end) == "not_recorded"


def test_closed_jobs_and_perfect_visit_flag(truck_id, cust):
    cancelled = factories.job(truck_id, cust, DAY, "07:00", booked_at=BOOKED)
    moved = factories.job(truck_id, cust, DAY, "13:00", booked_at=BOOKED)
    jobs.cancel(cancelled, "no longer needed", OWNER, BOOKED)
    new = jobs.reschedule(moved, DAY, dt.time(15, 0), 0, "company", OWNER, BOOKED).job_id
    Customer.update(make_next_visit_perfect=True).where(Customer.id == cust).execute()
    rows = {r.job_id: r for r in day_jobs(DAY, BOOKED)}
    assert rows[cancelled].state == "cancelled" and rows[moved].state == "rescheduled"
    assert (rows[new].free, rows[new].rescheduled_by, rows[new].make_visit_perfect) == \
        (True, "company", True)
    assert not rows[cancelled].make_visit_perfect


def test_fixed_number_of_queries(truck_id, cust):
    def queries_for_a_day() -> int:
        with count_queries() as counter:
            day_jobs(DAY, end_of(1) + 3 * 60 * MIN)
        return counter.count

    factories.job(truck_id, cust, DAY, "06:00", booked_at=BOOKED)
    few = queries_for_a_day()
    for hour in range(7, 20):
        factories.job(truck_id, cust, DAY, f"{hour:02d}:00", booked_at=BOOKED)
    evaluate(dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC))
    assert queries_for_a_day() == few

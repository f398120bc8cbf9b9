"""The week query: jobs, free capacity, late and at-risk marks per truck and day, one read."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from models.errors import DomainError, PermissionDenied
from models.integrity import check
from models.queries.day import day_jobs
from models.queries.week import DEFAULT_DAY_MINUTES, day_minutes, monday_of, week
from models.schema import AuditEntry
from models.services import jobs
from models.services.actor import Actor
from models.services.capacity import set_day_minutes
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive

MONDAY = monday_of(DAY)  # DAY (Mon 23 Nov 2026) is a Monday itself


def _book(truck, cust, day, start, duration=90):
    return factories.job(truck, cust, day, start, booked_at=BOOKED, duration=duration)


@pytest.fixture
def busy(truck_id, cust, now):
    t2 = factories.truck("Truck 2", "Cy", now=BOOKED)
    late = _book(truck_id, cust, DAY, "09:00")  # arrives 40 minutes late
    arrive(late, late_end(late) + 40 * MIN)
    _book(truck_id, cust, DAY, "11:00", duration=120)  # 11:00-12:00, now 12:00: at risk
    soon = _book(t2, cust, DAY, "11:30")  # window ends 12:30: 30 minutes left, no one before
    _book(t2, cust, DAY, "12:00")  # ends 13:00
    _book(t2, cust, DAY + dt.timedelta(days=2), "08:00", duration=300)
    cancelled = _book(t2, cust, DAY + dt.timedelta(days=3), "08:00")
    jobs.cancel(cancelled, "customer called", OWNER, now, by_whom="customer")
    _book(t2, cust, DAY + dt.timedelta(days=7), "08:00")  # next week
    draft = jobs.JobDraft(cust, None, DAY + dt.timedelta(days=1), dt.time(10, 0))
    jobs.book(draft, OWNER, BOOKED)
    return {"t1": truck_id, "t2": t2, "soon": soon}


def late_end(job_id):
    from models.schema import Job

    return Job.get_by_id(job_id).window_end_utc


def test_the_weeks_cells_count_jobs_free_time_late_and_at_risk(busy, now):
    w = week(DAY + dt.timedelta(days=3), now)  # any day of the week gives its Monday
    assert w.first == MONDAY and len(w.days) == 7 and w.day_minutes == 480
    assert [t.name for t in w.trucks] == ["Truck 1", "Truck 2"]
    one = w.cell(busy["t1"], DAY)
    assert (one.jobs, one.booked_minutes, one.free_minutes, one.late, one.at_risk) == (
        2, 210, 270, 1, 1)
    two = w.cell(busy["t2"], DAY)
    # 11:30 follows nothing unfinished; 12:00 follows it: predicted 11:30+90+20 = 13:20 > 13:00
    assert (two.jobs, two.free_minutes, two.late, two.at_risk) == (2, 300, 0, 1)
    assert w.cell(busy["t2"], DAY + dt.timedelta(days=2)).free_minutes == 180
    assert w.cell(busy["t2"], DAY + dt.timedelta(days=3)).jobs == 0  # cancelled: left out
    assert w.cell(busy["t2"], DAY + dt.timedelta(days=3)).free_minutes == 480
    waiting = w.cell(None, DAY + dt.timedelta(days=1))
    assert (waiting.jobs, waiting.booked_minutes) == (1, 90) and w.unassigned
    total = w.day_total(DAY)
    assert (total.jobs, total.late, total.at_risk) == (4, 1, 2)
    # the same marks as the board shows for that day
    states = [j.state for j in day_jobs(DAY, now) if j.truck_id]
    assert (states.count("arrived_late") + states.count("late"), states.count("at_risk")) == (
        total.late, total.at_risk)


def test_the_week_is_read_in_a_fixed_number_of_queries(busy, truck_id, cust, now):
    with count_queries() as few:
        week(DAY, now)
    for day in range(7):
        for start in ("07:00", "15:00", "17:00"):
            _book(busy["t2"], cust, DAY + dt.timedelta(days=day), start)
    factories.truck("Truck 3", now=BOOKED)
    with count_queries() as many:
        week(DAY, now)
    assert many.count == few.count <= 5


def test_the_day_length_is_an_audited_owner_setting(db_path, now):
    assert day_minutes() == DEFAULT_DAY_MINUTES
    with pytest.raises(DomainError, match="30 to 1440"):
        set_day_minutes("20", OWNER, now)
    with pytest.raises(DomainError, match="not a number"):
        set_day_minutes("eight hours", OWNER, now)
    with pytest.raises(PermissionDenied):
        set_day_minutes("600", Actor("dora", "dispatcher"), now)
    assert set_day_minutes(" 600 ", OWNER, now) == 600
    assert day_minutes() == 600
    assert AuditEntry.select().where((AuditEntry.action == "setting")
                                     & (AuditEntry.entity_id == "truck_day_minutes")).exists()
    assert check() == []

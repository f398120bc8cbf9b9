"""Complaint figures worked through by hand: response and resolution medians, follow-ups,
systemic causes, word of mouth, a complaint without a job dated by its local day."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from models import rules
from models.reports.complaints import complaint_figures, complaint_periods
from models.reports.dashboard import dashboard
from models.reports.figures import LATE_MINUTES
from models.reports.period import DateRange
from models.reports.table import HEADER, stats_table
from models.schema import Complaint, FollowUp, Job
from models.services import complaints, followups
from tests.reports import history

D = dt.date
M = dt.timedelta(minutes=1)
RANGE = DateRange(D(2026, 11, 10), D(2026, 11, 12))


@pytest.fixture
def worked(db_path, owner, now):
    """Three of the range's automatic complaints worked on, and one taken by phone."""
    ids = history.build(now)
    by_job = {c.job_id: c for c in Complaint.select().where(Complaint.status != "withdrawn")}
    first, second, third = (by_job[ids[n]] for n in ("j5", "j6", "j7"))
    o = history.OWNER
    complaints.tick_step(first.id, 1, o, first.opened_at + 10 * M)
    complaints.tick_step(second.id, 1, o, second.opened_at + 30 * M)
    complaints.tick_step(third.id, 1, o, third.opened_at + 90 * M)
    for c, hours in ((first, 2), (second, 5)):
        at = c.opened_at + dt.timedelta(hours=hours)
        complaints.tick_step(c.id, 4, o, at, {"resolution": "free protector"})
        complaints.resolve(c.id, o, at)
    due = {f.complaint_id: f for f in FollowUp.select()}
    followups.done(due[first.id].id, "happy", o, due[first.id].due_at + 3 * M)
    followups.done(due[second.id].id, "", o, due[second.id].due_at + dt.timedelta(days=2))
    complaints.tick_step(first.id, 9, o, first.opened_at + 3 * 60 * M,
                         {"root_cause": "route planned too tight", "systemic": True,
                          "change": "20 more minutes between jobs"})
    # Words that look like the flag inside the text must not count: only the answer does.
    complaints.tick_step(second.id, 9, o, second.opened_at + 6 * 60 * M,
                         {"root_cause": 'said "systemic": true on the phone', "systemic": False})
    for c in (first, second):
        closing = c.opened_at + dt.timedelta(days=5)
        complaints.tick_step(c.id, 2, o, closing)
        for number in (3, 5, 7, 8):
            complaints.set_not_applicable(c.id, number, "a regular customer, all agreed by "
                                          "phone", o, closing)
    complaints.close(first.id, "great", o, first.opened_at + dt.timedelta(days=5))
    complaints.close(second.id, "bad", o, second.opened_at + dt.timedelta(days=5))
    customer = Job.get_by_id(ids["j1"]).customer_id
    # 05:30 UTC on the 12th is 23:30 on the 11th in Chicago: the 11th's complaint.
    phoned = dt.datetime(2026, 11, 12, 5, 30, tzinfo=dt.UTC)
    complaints.open_complaint(customer, None, "nobody called back", "company", o, now,
                              received_at=phoned)
    return ids


def test_response_resolution_follow_ups_and_word_of_mouth(worked):
    f = complaint_figures(RANGE)
    assert f.total == 6  # five automatic (j5, j6, j7, j8, j11's reschedule) and the call
    assert f.median_response_minutes == 30.0  # 10, 30, 90
    assert f.median_resolution_hours == 3.5  # 2 and 5
    assert (f.follow_ups_due, f.follow_ups_on_time) == (2, 1)  # one two days late
    assert f.outcomes == {"great": 1, "bad": 1}
    assert (f.told_favourably, f.told_unfavourably) == (10, 25)
    assert [(c.day, c.root_cause, c.change) for c in f.systemic] == [
        ("2026-11-10", "route planned too tight", "20 more minutes between jobs")]


def test_a_complaint_without_a_job_counts_on_its_local_day(worked):
    rows = {r[0]: dict(zip(HEADER, r)) for r in stats_table(RANGE, "day")}
    assert [rows[d]["complaints"] for d in ("2026-11-10", "2026-11-11", "2026-11-12")] == [
        "4", "1", "1"]
    assert rows["total"]["complaints"] == "6"
    assert complaint_figures(DateRange(D(2026, 11, 12), D(2026, 11, 12))).total == 1


def test_previous_period_rides_along(worked):
    current, before = complaint_periods(DateRange(D(2026, 11, 13), D(2026, 11, 15)),
                                        previous=True)
    assert current.total == 0 and before.total == 6
    assert before.median_response_minutes == 30.0
    data = dashboard(DateRange(D(2026, 11, 13), D(2026, 11, 15)))
    assert data.previous.jobs == 11 and data.previous.late == 5
    assert data.previous.p90_minutes_late == 121 and data.previous.complaints == 6
    assert data.previous_complaints.total == 6 and data.total.jobs == 0


@pytest.mark.parametrize("arrived", ["2026-08-15 16:36:59.999829", "2026-08-15 16:00:59.999999",
                                     "2026-08-16 16:00:00.000000"])
def test_sql_minutes_never_round_the_micros_up(arrived):
    end = "2026-08-15 16:00:00.000000"
    got = sqlite3.connect(":memory:").execute(
        f"SELECT coalesce({LATE_MINUTES}, 0) FROM (SELECT ? AS at) s, "
        "(SELECT ? AS window_end_utc) j", (arrived, end)).fetchone()[0]
    as_dt = lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)  # noqa: E731
    assert got == rules.minutes_late(as_dt(end), as_dt(arrived))


def test_by_truck_the_total_keeps_a_complaint_without_a_job(worked):
    rows = [dict(zip(HEADER, r)) for r in stats_table(RANGE, "truck")]
    assert sum(int(r["complaints"]) for r in rows[:-1]) == 5
    assert rows[-1]["group"] == "total" and rows[-1]["complaints"] == "6"

"""Daylight saving: windows stay one elapsed hour, the gap is refused, fold picks the repeat."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from models import rules, store, timefmt
from models.errors import DomainError
from models.policy import DEFAULT_POLICY
from models.schema import Job
from models.services import jobs
from tests import factories
from tests.conftest import NOW, PASSWORD
from tests.models.helpers import OWNER, arrive, lateness

UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)
T = dt.time

# (zone, spring-forward day, a time in the gap, fall-back day, a time in the repeated hour)
ZONES = [
    ("America/Chicago", dt.date(2026, 3, 8), T(2, 30), dt.date(2026, 11, 1), T(1, 30)),
    ("Europe/Berlin", dt.date(2026, 3, 29), T(2, 30), dt.date(2026, 10, 25), T(2, 30)),
]


@pytest.mark.parametrize("tz, spring, gap, fall, repeated", ZONES)
def test_window_across_spring_forward_is_one_elapsed_hour(tz, spring, gap, fall, repeated):
    start = (dt.datetime.combine(spring, gap) - HOUR).time()  # the hour before the gap
    begin, end = rules.window_bounds(spring, start, tz)
    assert end - begin == HOUR
    local_end = end.astimezone(ZoneInfo(tz))
    # The wall clock jumped: the window ends two wall-clock hours after it started.
    assert local_end.hour == start.hour + 2 and local_end.minute == start.minute


@pytest.mark.parametrize("tz, spring, gap, fall, repeated", ZONES)
def test_window_across_fall_back_is_one_elapsed_hour(tz, spring, gap, fall, repeated):
    start = repeated  # first occurrence: the clocks go back during the window
    begin, end = rules.window_bounds(fall, start, tz)
    assert end - begin == HOUR
    local_end = end.astimezone(ZoneInfo(tz))
    # The wall clock went back: the window ends at the same wall time, in the second pass.
    assert (local_end.hour, local_end.minute, local_end.fold) == (start.hour, start.minute, 1)


@pytest.mark.parametrize("tz, spring, gap, fall, repeated", ZONES)
def test_start_in_the_gap_is_refused(tz, spring, gap, fall, repeated):
    with pytest.raises(rules.NonexistentLocalTime, match="does not exist"):
        rules.window_bounds(spring, gap, tz)
    with pytest.raises(DomainError):
        rules.window_bounds(spring, gap, tz, fold=1)
    with pytest.raises(DomainError):
        timefmt.parse_window_start(f"{spring} {gap:%H:%M}", tz)


@pytest.mark.parametrize("tz, spring, gap, fall, repeated", ZONES)
def test_fold_picks_the_occurrence(tz, spring, gap, fall, repeated):
    assert rules.is_ambiguous(fall, repeated, tz)
    first, first_end = rules.window_bounds(fall, repeated, tz, fold=0)
    second, second_end = rules.window_bounds(fall, repeated, tz, fold=1)
    assert second - first == HOUR
    assert first_end - first == second_end - second == HOUR
    local = second.astimezone(ZoneInfo(tz))
    assert (local.hour, local.minute) == (repeated.hour, repeated.minute)


def test_exact_instants_chicago_and_berlin():
    assert rules.window_bounds(dt.date(2026, 11, 1), T(1, 30), "America/Chicago", 0)[0] == \
        dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert rules.window_bounds(dt.date(2026, 11, 1), T(1, 30), "America/Chicago", 1)[0] == \
        dt.datetime(2026, 11, 1, 7, 30, tzinfo=UTC)
    assert rules.window_bounds(dt.date(2026, 10, 25), T(2, 30), "Europe/Berlin", 0)[0] == \
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert rules.window_bounds(dt.date(2026, 10, 25), T(2, 30), "Europe/Berlin", 1)[0] == \
        dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_typed_offset_picks_the_second_occurrence():
    tz = "America/Chicago"
    assert timefmt.parse_window_start("2026-11-01 01:30", tz) == (dt.date(2026, 11, 1),
                                                                  T(1, 30), 0)
    assert timefmt.parse_window_start("2026-11-01 01:30-06:00", tz)[2] == 1
    assert timefmt.parse_window_start("2026-11-01 01:30-05:00", tz)[2] == 0
    with pytest.raises(DomainError):
        timefmt.parse_window_start("2026-11-01 01:30+01:00", tz)
    second = rules.window_bounds(dt.date(2026, 11, 1), T(1, 30), tz, 1)[0]
    assert timefmt.format_local(second, tz) == "2026-11-01 01:30-06:00"
    assert timefmt.parse_instant("2026-11-01 01:30-06:00", tz) == second
    assert timefmt.parse_instant("2026-11-01 01:30", tz) == second - HOUR


def test_local_day_is_23_and_25_hours():
    tz = "America/Chicago"
    start, end = rules.local_day_bounds(dt.date(2026, 3, 8), tz)
    assert end - start == dt.timedelta(hours=23)
    start, end = rules.local_day_bounds(dt.date(2026, 11, 1), tz)
    assert end - start == dt.timedelta(hours=25)


def test_lateness_across_fall_back_uses_utc():
    """Window 00:30-01:30 CDT; crew arrives 01:15 CST: wall clock says early, truth is 45 late."""
    tz = ZoneInfo("America/Chicago")
    _, end = rules.window_bounds(dt.date(2026, 11, 1), T(0, 30), "America/Chicago")
    arrived = dt.datetime(2026, 11, 1, 1, 15, tzinfo=tz, fold=1)
    assert rules.minutes_late(end, arrived) == 45
    # Regression: the same instants given in the local zone (shared tzinfo) must not be
    # compared as wall-clock times.
    assert rules.minutes_late(end.astimezone(tz), arrived) == 45
    assert rules.is_late(end.astimezone(tz), arrived)


def test_earned_at_across_fall_back_is_elapsed():
    tz = ZoneInfo("America/Chicago")
    _, end = rules.window_bounds(dt.date(2026, 11, 1), T(0, 0), "America/Chicago")
    local_end = end.astimezone(tz)  # 01:00 CDT, half an hour before the clocks go back
    earned = rules.earned_at(local_end, 2, DEFAULT_POLICY)
    assert earned.astimezone(UTC) - end == HOUR


# Through the booking service and a real file.
def test_booked_dst_windows_in_chicago(db_path, now):
    truck = factories.truck(now=now)
    cust = factories.customer(now=now).id
    booked = dt.datetime(2026, 1, 1, tzinfo=UTC)
    spring = factories.job(truck, cust, dt.date(2026, 3, 8), "01:30", booked_at=booked)
    fall0 = factories.job(truck, cust, dt.date(2026, 11, 1), "01:30", booked_at=booked)
    fall1 = factories.job(truck, cust, dt.date(2026, 11, 1), "01:30", booked_at=booked, fold=1)
    for job_id in (spring, fall0, fall1):
        job = Job.get_by_id(job_id)
        assert job.window_end_utc - job.window_start_utc == HOUR
    a, b = Job.get_by_id(fall0), Job.get_by_id(fall1)
    assert (a.fold, b.fold) == (0, 1)
    assert b.window_start_utc - a.window_start_utc == HOUR
    before = Job.select().count()
    with pytest.raises(DomainError, match="does not exist"):
        factories.job(truck, cust, dt.date(2026, 3, 8), "02:30", booked_at=booked)
    assert Job.select().count() == before


def test_lateness_stamped_across_fall_back(db_path, now):
    truck = factories.truck(now=now)
    cust = factories.customer(now=now).id
    booked = dt.datetime(2026, 10, 1, tzinfo=UTC)
    job_id = factories.job(truck, cust, dt.date(2026, 11, 1), "00:30", booked_at=booked)
    arrived = dt.datetime(2026, 11, 1, 1, 15, tzinfo=ZoneInfo("America/Chicago"), fold=1)
    arrive(job_id, arrived.astimezone(UTC))
    reward = lateness(job_id)
    assert (reward.tier, reward.minutes_late) == (1, 45)


@pytest.fixture
def berlin_db(tmp_path):
    path = tmp_path / "berlin.sqlite3"
    store.create_db(str(path), company="Teppich Blitz", tz="Europe/Berlin", owner="owner",
                    password=PASSWORD, now=NOW)
    yield path
    store.close()


def test_booked_dst_windows_in_berlin(berlin_db):
    truck = factories.truck(now=NOW)
    cust = factories.customer(now=NOW).id
    booked = dt.datetime(2026, 1, 1, tzinfo=UTC)
    spring = factories.job(truck, cust, dt.date(2026, 3, 29), "01:30", booked_at=booked)
    fall = factories.job(truck, cust, dt.date(2026, 10, 25), "02:30", booked_at=booked, fold=1)
    for job_id in (spring, fall):
        job = Job.get_by_id(job_id)
        assert job.tz == "Europe/Berlin"
        assert job.window_end_utc - job.window_start_utc == HOUR
    assert Job.get_by_id(fall).window_start_utc == dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    with pytest.raises(DomainError):
        factories.job(truck, cust, dt.date(2026, 3, 29), "02:30", booked_at=booked)
    with pytest.raises(DomainError):
        jobs.reschedule(spring, dt.date(2026, 3, 29), T(2, 0), 0, "customer", OWNER, booked)
    assert Job.get_by_id(spring).status == "scheduled"

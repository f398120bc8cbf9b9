"""Follow-up calls: the office-hours rule (incl. daylight saving) and done / reschedule."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from models.errors import DomainError
from models.followups import follow_up_due, into_office_hours, parse_office_hours
from models.queries import recovery
from models.schema import AuditEntry, ComplaintStep, FollowUp
from models.services import complaints, followups
from tests.conftest import NOW

CHI = ZoneInfo("America/Chicago")
UTC = dt.timezone.utc
HOURS = parse_office_hours("Mon-Sat 08:00-18:00")


def chicago(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHI)


def due(local: dt.datetime, days: int = 3) -> dt.datetime:
    return follow_up_due(local.astimezone(UTC), "America/Chicago", days, HOURS).astimezone(CHI)


def test_parse_office_hours():
    assert HOURS.days == frozenset(range(6))
    assert (HOURS.opens, HOURS.closes) == (dt.time(8), dt.time(18))
    assert parse_office_hours("Sat-Mon 09:00-12:00").days == frozenset({5, 6, 0})
    assert parse_office_hours("Sun 10:00-14:00").days == frozenset({6})
    for bad in ("weekdays 9-5", "Mon-Fri 18:00-08:00", "Mon-Fro 08:00-18:00"):
        with pytest.raises(DomainError):
            parse_office_hours(bad)


@pytest.mark.parametrize("resolved,expected", [
    (chicago(2026, 11, 23, 12, 0), chicago(2026, 11, 26, 12, 0)),   # Mon noon -> Thu noon
    (chicago(2026, 11, 23, 7, 15), chicago(2026, 11, 26, 8, 0)),    # before opening
    (chicago(2026, 11, 23, 18, 0), chicago(2026, 11, 27, 8, 0)),    # closing time: next day
    (chicago(2026, 11, 26, 10, 30), chicago(2026, 11, 30, 8, 0)),   # lands on Sunday
    (chicago(2026, 11, 25, 17, 59), chicago(2026, 11, 28, 17, 59)),  # Saturday is open
])
def test_office_hours(resolved, expected):
    assert due(resolved) == expected


def test_same_wall_time_across_spring_forward():
    # Thu 2026-03-05 14:30 CST + 3 days = Sunday (closed, and the change day): Mon 08:00 CDT.
    assert due(chicago(2026, 3, 5, 14, 30)) == chicago(2026, 3, 9, 8, 0)
    # Fri 2026-03-06 11:00 CST + 3 days = Mon 11:00 CDT: 71 elapsed hours, same wall time.
    start = chicago(2026, 3, 6, 11, 0)
    end = due(start)
    assert end == chicago(2026, 3, 9, 11, 0) and end.utcoffset() == dt.timedelta(hours=-5)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=71)


def test_same_wall_time_across_fall_back():
    start = chicago(2026, 10, 30, 9, 45)  # Fri CDT; fall back on Sun 2026-11-01
    end = due(start)
    assert end == chicago(2026, 11, 2, 9, 45) and end.utcoffset() == dt.timedelta(hours=-6)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=73)


def test_into_office_hours_on_spring_forward_night():
    sunday_night = chicago(2026, 3, 8, 1, 30).astimezone(UTC)  # Sunday: closed
    assert into_office_hours(sunday_night, "America/Chicago", HOURS).astimezone(CHI) == \
        chicago(2026, 3, 9, 8, 0)
    night = parse_office_hours("Sun 02:30-04:00")  # opening time skipped by the change
    opened = into_office_hours(chicago(2026, 3, 8, 1, 0).astimezone(UTC), "America/Chicago",
                               night)
    assert opened.astimezone(CHI) == chicago(2026, 3, 8, 3, 30)


@pytest.fixture
def resolved(late_day, dispatcher) -> int:
    cid = late_day.complaint.id
    complaints.tick_step(cid, 4, dispatcher, NOW, {"resolution": "Free re-clean Friday"})
    return complaints.resolve(cid, dispatcher, NOW)


def test_due_list_and_done_ticks_step_6(late_day, dispatcher, resolved):
    follow = FollowUp.get_by_id(resolved)
    assert recovery.follow_ups(due_by=follow.due_at - dt.timedelta(seconds=1)) == []
    rows = recovery.follow_ups(due_by=follow.due_at)
    assert [(r.follow_up_id, r.customer) for r in rows] == [(resolved, "Zoë Ñúñez")]
    at = follow.due_at + dt.timedelta(minutes=20)
    followups.done(resolved, "Happy with the re-clean", dispatcher, at)
    follow = FollowUp.get_by_id(resolved)
    assert (follow.done_by, follow.done_at, follow.note) == ("dana", at,
                                                             "Happy with the re-clean")
    step = ComplaintStep.get((ComplaintStep.complaint == late_day.complaint.id)
                             & (ComplaintStep.number == 6))
    assert (step.done, step.done_by, step.done_at) == (True, "dana", at)
    assert recovery.follow_ups() == []
    with pytest.raises(DomainError, match="already done"):
        followups.done(resolved, "", dispatcher, at)


def test_ticking_step_6_by_hand_finishes_the_call(late_day, dispatcher, resolved):
    complaints.tick_step(late_day.complaint.id, 6, dispatcher, NOW + dt.timedelta(days=3))
    assert FollowUp.get_by_id(resolved).done_by == "dana"


def test_reschedule_records_who_when_and_why(dispatcher, resolved):
    new_due = NOW + dt.timedelta(days=5)
    with pytest.raises(DomainError, match="from now on"):
        followups.reschedule(resolved, NOW - dt.timedelta(hours=1), "", dispatcher, NOW)
    followups.reschedule(resolved, new_due, "Customer away until Saturday", dispatcher,
                         NOW + dt.timedelta(hours=1))
    assert FollowUp.get_by_id(resolved).due_at == new_due
    entry = AuditEntry.select().where(AuditEntry.entity == "follow_up").order_by(
        AuditEntry.id.desc()).get()
    assert (entry.action, entry.by, entry.at, entry.reason) == (
        "reschedule", "dana", NOW + dt.timedelta(hours=1), "Customer away until Saturday")

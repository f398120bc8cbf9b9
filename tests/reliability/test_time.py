"""Time: windows across zones, folds and gaps; lateness in UTC; suspends and clock jumps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import rules

UTC = dt.timezone.utc
ZONES = ["America/Chicago", "America/New_York", "America/Los_Angeles", "America/St_Johns",
         "America/Sao_Paulo", "America/Santiago", "Europe/London", "Europe/Berlin",
         "Europe/Dublin", "Africa/Casablanca", "Asia/Tehran", "Asia/Kathmandu",
         "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia",
         "Pacific/Kiritimati", "UTC"]
DAYS = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))  # the dates the program takes
TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def _window_property(tz: str, day: dt.date, start: dt.time, fold: int) -> None:
    naive = dt.datetime.combine(day, start)
    try:
        begin, end = rules.window_bounds(day, start, tz, fold)
    except rules.NonexistentLocalTime:  # refused only when the wall time really is skipped
        back = naive.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC).astimezone(ZoneInfo(tz))
        assert back.replace(tzinfo=None) != naive
        return
    assert begin.utcoffset() == dt.timedelta(0) and end.utcoffset() == dt.timedelta(0)
    assert (end - begin).total_seconds() == 3600  # elapsed, whatever the clocks do
    local = begin.astimezone(ZoneInfo(tz))
    assert local.replace(tzinfo=None) == naive  # the customer was told this wall time
    if fold and rules.is_ambiguous(day, start, tz):
        first, _ = rules.window_bounds(day, start, tz, 0)
        assert begin > first  # the second occurrence is the later instant


def _lateness_property(end: dt.datetime, seconds: float, end_tz: str, at_tz: str) -> None:
    arrived = end + dt.timedelta(seconds=seconds)
    # Give both values wall-clock zones: aware datetimes sharing a tzinfo subtract as wall
    # time in Python, which is the trap the rule must avoid.
    got = rules.minutes_late(end.astimezone(ZoneInfo(end_tz)),
                             arrived.astimezone(ZoneInfo(at_tz)))
    utc_delta = arrived.astimezone(UTC) - end.astimezone(UTC)
    expected = max(0, int(utc_delta.total_seconds() // 60))
    assert got == expected
    assert rules.is_late(end, arrived) == (expected >= 1)


ZONE = st.sampled_from(ZONES)
END = st.datetimes(dt.datetime(1995, 1, 1), dt.datetime(2040, 12, 31),
                   timezones=st.just(UTC))
OFFSET = st.one_of(st.floats(-3 * 86400, 3 * 86400, allow_nan=False),
                   st.integers(-120, 8000).map(lambda m: m * 60.0),
                   st.sampled_from([59.999999, 60.0, 1799.999, 1800.0, 3600.0, 7260.0, -0.5]))


def _run(examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None)
    @given(ZONE, DAYS, TIMES, st.integers(0, 1))
    def windows(tz, day, start, fold):
        _window_property(tz, day, start, fold)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(END, OFFSET, ZONE, ZONE)
    def lateness(end, seconds, end_tz, at_tz):
        _lateness_property(end, seconds, end_tz, at_tz)

    windows()
    lateness()
    print(f"\nFIGURE time: {examples} window examples + {examples} lateness examples, "
          f"{len(ZONES)} zones, all held")


def test_known_transitions():
    chicago = "America/Chicago"
    with pytest.raises(rules.NonexistentLocalTime):
        rules.window_bounds(dt.date(2027, 3, 14), dt.time(2, 30), chicago)
    first = rules.window_bounds(dt.date(2026, 11, 1), dt.time(1, 30), chicago, 0)
    second = rules.window_bounds(dt.date(2026, 11, 1), dt.time(1, 30), chicago, 1)
    assert second[0] - first[0] == dt.timedelta(hours=1)
    # a window crossing the change is still one elapsed hour
    _window_property(chicago, dt.date(2026, 11, 1), dt.time(0, 45), 0)
    with pytest.raises(rules.NonexistentLocalTime):  # Samoa skipped 2011-12-30 entirely
        rules.window_bounds(dt.date(2011, 12, 30), dt.time(9, 0), "Pacific/Apia")
    _window_property("Australia/Lord_Howe", dt.date(2026, 4, 5), dt.time(1, 45), 1)


def test_windows_and_lateness_short():
    _run(500)


@pytest.mark.slow
def test_windows_and_lateness_long():
    _run(10_000)


# --- the live sweep against a suspend and clock jumps -------------------------------------

T0 = dt.datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # 13:00 in Chicago
T1 = T0 + dt.timedelta(hours=6)
STARTS = [f"{h:02d}:{m:02d}" for h in range(11, 18) for m in (0, 20, 40)]


def _company(path):
    from models import store
    from tests import factories
    from tests.conftest import PASSWORD

    store.close()
    store.create_db(str(path), company="Jump Co", tz="America/Chicago", owner="owner",
                    password=PASSWORD, now=T0 - dt.timedelta(days=30))
    booked = T0 - dt.timedelta(days=1)
    trucks = [factories.truck(f"T{n}", "Crew", now=booked) for n in range(3)]
    for n, start in enumerate(STARTS):
        cust = factories.customer(f"C{n}", phone=f"555-{n:04d}", now=booked).id
        factories.job(trucks[n % 3], cust, T0.date(), start, booked_at=booked)


def _state() -> tuple:
    from models.schema import AuditEntry, Complaint, Reward

    rewards = tuple(sorted((r.job_id, r.tier, r.status, str(r.value), r.earned_at)
                           for r in Reward.select()))
    complaints = tuple(sorted(c.reward_id for c in Complaint.select()))
    creates = (AuditEntry.select().where((AuditEntry.entity == "reward")
                                         & (AuditEntry.action == "create")).count())
    return rewards, complaints, creates


def _simulate(path, clock_of, step: dt.timedelta) -> tuple[dict, int]:
    """Tick from T0 to T1; ``clock_of(real)`` is what the clock reads (None: asleep)."""
    from models.integrity import check
    from models.schema import AuditEntry
    from models.services.guarantee import evaluate

    _company(path)
    states = {}
    real = T0
    while real <= T1:
        reading = clock_of(real)
        if reading is not None:
            evaluate(reading)
            states[real] = (_state(), AuditEntry.select().count())
        real += step
    assert check() == []
    return states


def _same_rewards(a, b) -> None:
    assert a[0] == b[0] and a[1] == b[1] and a[2] == b[2]


@pytest.mark.parametrize("minutes", [3])
def test_suspend_and_clock_jumps(tmp_path, minutes):
    step = dt.timedelta(minutes=minutes)
    hour = dt.timedelta(hours=1)
    gap = (T0 + 1 * hour, T0 + 3 * hour)        # the laptop sleeps two hours
    ahead = (T0 + 2 * hour, T0 + 2.5 * hour)    # the clock runs an hour fast for 30 minutes
    behind = (T0 + 2 * hour, T0 + 2.5 * hour)   # ... or an hour slow
    base = _simulate(tmp_path / "base.sqlite3", lambda r: r, step)
    final = base[max(base)][0]
    rewards, complaints, creates = final
    assert len({r[0] for r in rewards}) == len(rewards)  # one reward per job
    assert len(complaints) == len(rewards) == creates
    assert {r[1] for r in rewards} == {1, 2, 3}  # the day covers every tier

    slept = _simulate(tmp_path / "slept.sqlite3",
                      lambda r: None if gap[0] < r < gap[1] else r, step)
    first_after = min(t for t in slept if t >= gap[1])
    _same_rewards(slept[first_after][0], base[first_after][0])  # nothing missed on waking
    _same_rewards(slept[max(slept)][0], final)

    fast = _simulate(tmp_path / "fast.sqlite3",
                     lambda r: r + hour if ahead[0] <= r < ahead[1] else r, step)
    _same_rewards(fast[max(fast)][0], final)
    during = fast[ahead[0]][0]
    assert during[0] == base[ahead[0] + hour][0][0]  # acted on what the clock said, once

    slow = _simulate(tmp_path / "slow.sqlite3",
                     lambda r: r - hour if behind[0] <= r < behind[1] else r, step)
    inside = [t for t in slow if behind[0] <= t < behind[1]]
    assert len({slow[t][1] for t in inside}) == 1  # going back in time writes nothing
    _same_rewards(slow[behind[1]][0], base[behind[1]][0])  # caught up, not done twice
    _same_rewards(slow[max(slow)][0], final)
    print(f"\nFIGURE sweep: {len(rewards)} rewards over a 6-hour afternoon; a 2-hour suspend "
          "and +/-1 hour jumps end with the same rewards, complaints and create rows")

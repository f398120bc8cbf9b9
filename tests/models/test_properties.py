"""Property tests over zones and instants: windows, lateness and tiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from models import rules
from models.policy import DEFAULT_POLICY, Policy, Tier

UTC = dt.timezone.utc
ZONES = ["America/Chicago", "Europe/Berlin", "America/New_York", "America/Denver",
         "America/Los_Angeles", "America/St_Johns", "America/Santiago", "Australia/Sydney",
         "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "Europe/London",
         "Asia/Tokyo", "UTC"]

zones = st.sampled_from(ZONES)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
clocks = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))
folds = st.integers(0, 1)
offsets = st.integers(-3 * 86_400, 3 * 86_400)  # seconds, either side of the window end
instants = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31),
                        timezones=st.just(UTC))


@st.composite
def policies(draw) -> Policy:
    first = draw(st.integers(1, 200))
    second = draw(st.integers(first + 1, first + 200))
    third = draw(st.integers(second + 1, second + 400))
    tiers = tuple(Tier(m, f"tier {n}", Decimal(n)) for n, m in enumerate((first, second,
                                                                           third), 1))
    return Policy(tiers=tiers)


@settings(max_examples=100, deadline=None)
@given(zones, days, clocks, folds, st.integers(1, 240))
def test_every_window_is_its_length_in_elapsed_seconds(tz, day, start, fold, length):
    try:
        begin, end = rules.window_bounds(day, start, tz, fold, length)
    except rules.NonexistentLocalTime:
        # Only a wall time the zone skips is refused.
        naive = dt.datetime.combine(day, start)
        back = naive.replace(tzinfo=ZoneInfo(tz), fold=fold).astimezone(UTC)
        assert back.astimezone(ZoneInfo(tz)).replace(tzinfo=None) != naive
        return
    assert begin.tzinfo is UTC and end.tzinfo is UTC
    assert (end - begin).total_seconds() == length * 60
    local = begin.astimezone(ZoneInfo(tz))
    assert (local.date(), local.hour, local.minute) == (day, start.hour, start.minute)


@settings(max_examples=100, deadline=None)
@given(zones, days, clocks, folds)
def test_default_window_is_3600_seconds(tz, day, start, fold):
    try:
        begin, end = rules.window_bounds(day, start, tz, fold)
    except rules.NonexistentLocalTime:
        return
    assert (end - begin).total_seconds() == 3600


@settings(max_examples=100, deadline=None)
@given(zones, zones, days, clocks, folds, offsets)
def test_lateness_is_utc_difference_floored(tz, arrival_tz, day, start, fold, offset):
    """Whatever zone the instants are written in, lateness is the UTC difference, floored."""
    try:
        _, end = rules.window_bounds(day, start, tz, fold)
    except rules.NonexistentLocalTime:
        return
    arrived = end + dt.timedelta(seconds=offset)
    expected = max(0, offset // 60)
    for a_end, a_arr in ((end, arrived),
                         (end.astimezone(ZoneInfo(tz)), arrived.astimezone(ZoneInfo(tz))),
                         (end.astimezone(ZoneInfo(tz)), arrived.astimezone(ZoneInfo(arrival_tz)))):
        assert rules.minutes_late(a_end, a_arr) == expected
        assert rules.is_late(a_end, a_arr) is (offset >= 60)


@settings(max_examples=100, deadline=None)
@given(instants, st.integers(-10**6, 10**6))
def test_lateness_from_instants(end, seconds):
    arrived = end + dt.timedelta(seconds=seconds)
    expected = int((arrived - end).total_seconds() // 60) if arrived > end else 0
    assert rules.minutes_late(end, arrived) == expected


@settings(max_examples=100, deadline=None)
@given(policies(), st.integers(0, 2000), st.integers(0, 2000))
def test_tier_never_goes_down_as_lateness_grows(policy, a, b):
    low, high = sorted((a, b))
    assert rules.tier_for(low, policy) <= rules.tier_for(high, policy)


@settings(max_examples=100, deadline=None)
@given(policies(), st.integers(0, 2000))
def test_tier_matches_thresholds(policy, minutes):
    tier = rules.tier_for(minutes, policy)
    thresholds = [t.threshold_minutes for t in policy.tiers]
    assert tier == sum(1 for t in thresholds if minutes >= t)


@settings(max_examples=100, deadline=None)
@given(zones, days, clocks, st.integers(0, 500), st.integers(0, 500))
def test_tier_monotone_over_arrivals_of_one_window(tz, day, start, a, b):
    try:
        _, end = rules.window_bounds(day, start, tz)
    except rules.NonexistentLocalTime:
        return
    early, later = sorted((a, b))
    t1 = rules.tier_for(rules.minutes_late(end, end + dt.timedelta(minutes=early)),
                        DEFAULT_POLICY)
    t2 = rules.tier_for(rules.minutes_late(end, end + dt.timedelta(minutes=later)),
                        DEFAULT_POLICY)
    assert t1 <= t2


@settings(max_examples=100, deadline=None)
@given(zones, days, clocks, folds, st.integers(1, 3))
def test_earned_at_is_elapsed_threshold_after_end(tz, day, start, fold, tier):
    try:
        _, end = rules.window_bounds(day, start, tz, fold)
    except rules.NonexistentLocalTime:
        return
    earned = rules.earned_at(end.astimezone(ZoneInfo(tz)), tier, DEFAULT_POLICY)
    threshold = DEFAULT_POLICY.tiers[tier - 1].threshold_minutes
    assert earned.astimezone(UTC) - end == dt.timedelta(minutes=threshold)
    assert rules.tier_for(rules.minutes_late(end, earned), DEFAULT_POLICY) == tier


@settings(max_examples=100, deadline=None)
@given(zones, days)
def test_local_day_bounds_contain_every_window_start(tz, day):
    begin, end = rules.local_day_bounds(day, tz)
    assert dt.timedelta(hours=22) <= end - begin <= dt.timedelta(hours=26)
    for clock in (dt.time(0, 0), dt.time(12, 0), dt.time(23, 59)):
        try:
            start, _ = rules.window_bounds(day, clock, tz)
        except rules.NonexistentLocalTime:
            continue
        assert begin <= start < end

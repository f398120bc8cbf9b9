"""The forecast of a truck's day: conditioning on stamps, ordering, monotone probabilities,
the earliness limit, the reason, and the at-risk rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.forecast import DayJob, LearnedState, TruckDay, at_risk, forecast_day
from models.forecast.model import compile_state
from models.forecast.risk import expected_cost
from models.forecast.route import _remaining
from models.forecast.timeline import DayClock
from models.policy import Policy
from tests.benchmarks.forecast_sim import Truth, history, simulate

POLICY = Policy()


@pytest.fixture(scope="module")
def model():
    state = LearnedState()
    state.learn(history(simulate(Truth.make(), 40, seed=4)))
    return compile_state(state)


def _day(**first) -> TruckDay:
    jobs = (
        DayJob(1, "Upholstery", 120, 480, 540, "60614", 250.0),
        DayJob(2, "Carpet", 120, 630, 690, "60617", 250.0),
        DayJob(3, "Area rug", 60, 780, 840, "60601", 150.0),
    )
    return TruckDay("Truck 01", (dataclasses.replace(jobs[0], **first), *jobs[1:]))


def test_the_rest_of_a_job_in_progress_is_conditioned_on_how_long_it_has_run():
    rng = np.random.default_rng(1)
    mu, sd, booked = math.log(1.25), 0.2, 120.0
    fresh = _remaining(mu, sd, booked, 0.0, 20000, rng)
    long_run = _remaining(mu, sd, booked, 170.0, 20000, rng)
    assert long_run.min() >= 170.0
    assert np.median(long_run) > np.median(fresh)
    # the median of a log-normal above 170: compare with the unconditional draws above it
    tail = fresh[fresh > 170.0]
    assert np.median(long_run) == pytest.approx(np.median(tail), abs=3.0)
    # far beyond anything seen, the job still ends, a little later
    extreme = _remaining(mu, sd, booked, 1000.0, 1000, rng)
    assert extreme.min() >= 1000.0 and np.median(extreme) < 1030.0


def test_a_job_still_running_pushes_the_next_arrivals(model):
    now = 640.0
    on_time = {f.job_id: f for f in forecast_day(model, _day(arrived=480.0, completed=600.0),
                                                    now, POLICY)}
    running = {f.job_id: f for f in forecast_day(model, _day(arrived=480.0), now, POLICY)}
    assert running[2].p50 > on_time[2].p50
    assert running[2].p_late > on_time[2].p_late
    assert running[3].p50 > on_time[3].p50


def test_the_forecast_changes_after_a_stamp(model):
    before = forecast_day(model, _day(), 470.0, POLICY)
    after = forecast_day(model, _day(arrived=470.0), 470.0, POLICY)
    assert [f.job_id for f in before] == [1, 2, 3]
    assert [f.job_id for f in after] == [2, 3]
    assert after[0].p50 != before[1].p50


def test_uncertainty_adds_up_along_the_day(model):
    forecasts = forecast_day(model, _day(), 450.0, POLICY)
    widths = [f.p90 - f.p10 for f in forecasts]
    assert widths[0] < widths[1] < widths[2]


def test_a_crew_never_arrives_before_the_allowed_earliness(model):
    day = TruckDay("Truck 01", (
        DayJob(1, "Stairs", 45, 480, 540, "60614", arrived=480.0, completed=500.0),
        DayJob(2, "Carpet", 120, 720, 780, "60614"),
    ))
    (f,) = forecast_day(model, day, 505.0, POLICY, max_early=20)
    assert f.p10 >= 700.0


def test_the_same_seed_gives_the_same_forecast(model):
    a = forecast_day(model, _day(), 450.0, POLICY, np.random.default_rng(3))
    b = forecast_day(model, _day(), 450.0, POLICY, np.random.default_rng(3))
    assert a == b


def test_the_reason_names_the_previous_job_and_the_drive(model):
    forecasts = forecast_day(model, _day(arrived=480.0), 560.0, POLICY)
    why = forecasts[0].why
    assert why.startswith("still on the previous job (Upholstery) after 80 min of 120 booked")
    assert "usually runs" in why and "over" in why
    assert " km at " in why
    first = forecast_day(model, _day(), 400.0, POLICY)[0].why
    assert first.startswith("first job of the day")


def test_expected_cost_follows_the_policy_tiers():
    assert expected_cost((0.0, 0.0, 0.0), 250.0, POLICY) == 0.0
    assert expected_cost((1.0, 0.0, 0.0), 250.0, POLICY) == pytest.approx(25.0)
    assert expected_cost((1.0, 1.0, 0.0), 250.0, POLICY) == pytest.approx(75.0)
    assert expected_cost((1.0, 1.0, 1.0), 250.0, POLICY) == pytest.approx(350.0)
    assert expected_cost((0.5, 0.2, 0.1), 0.0, POLICY) == pytest.approx(
        0.3 * 25 + 0.1 * 75 + 0.1 * 100)


@pytest.mark.parametrize("now, arrived, p_late, expected", [
    (600.0, False, 0.49, False),   # an hour before the window ends, unlikely late
    (600.0, False, 0.5, True),     # the policy's 0.5 threshold
    (645.0, False, 0.0, True),     # 15 minutes before the window end
    (644.0, False, 0.0, False),
    (660.0, False, 0.9, True),     # at the window end: not late yet
    (661.0, False, 0.9, False),    # a minute after: late, no longer "at risk"
    (600.0, True, 0.9, False),     # arrived
])
def test_at_risk_rule(now, arrived, p_late, expected):
    assert at_risk(now, 660.0, arrived, p_late, POLICY) is expected


def test_at_risk_uses_the_policy_minutes():
    policy = POLICY.with_changes(at_risk_minutes=30)
    assert at_risk(630.0, 660.0, False, 0.0, policy)
    assert at_risk(600.0, 660.0, False, 0.7, policy, threshold=0.8) is False


services = st.sampled_from(["Carpet", "Upholstery", "Tile & grout", "Area rug", "Oven"])
zips = st.sampled_from(["60614", "60617", "60601", "60660", None, "K1A 0B1"])


@st.composite
def days(draw):
    n = draw(st.integers(1, 7))
    start, jobs = 480.0, []
    for i in range(n):
        booked = float(draw(st.sampled_from([45, 60, 90, 120, 180])))
        jobs.append(DayJob(i + 1, draw(services), booked, start, start + 60, draw(zips),
                           float(draw(st.sampled_from([0, 150, 400])))))
        start += 30 * math.ceil((booked + draw(st.integers(0, 90))) / 30)
    now = draw(st.floats(400, start))
    # stamps up to some job: completed before it, maybe arrived at it
    done = draw(st.integers(0, n))
    stamped = []
    t = 470.0
    for j in jobs[:done]:
        t = max(t, j.window_start - 10)
        if t > now:
            break
        end = t + j.booked_minutes
        stamped.append(dataclasses.replace(j, arrived=t, completed=end if end <= now else None))
        if end > now:
            break
        t = end + 15
    jobs[: len(stamped)] = stamped
    return TruckDay(draw(st.sampled_from(["Truck 01", "Truck 07", "New truck"])),
                    tuple(jobs)), now


@settings(max_examples=40, deadline=None)
@given(days())
def test_percentiles_are_ordered_and_probabilities_monotone(model, case):
    day, now = case
    forecasts = forecast_day(model, day, now, POLICY, samples=400)
    waiting = [j for j in day.jobs if j.arrived is None]
    assert [f.job_id for f in forecasts] == [j.job_id for j in waiting]
    for f, job in zip(forecasts, waiting):
        assert f.p10 <= f.p50 <= f.p90
        assert f.p10 >= now or f.p10 >= job.window_start - 30
        assert f.p50 >= now
        t1, t2, t3 = f.p_tiers
        assert 1 >= f.p_late >= t1 >= t2 >= t3 >= 0
        assert f.expected_cost >= 0
        assert f.why


def test_the_day_clock_counts_elapsed_minutes_across_daylight_saving():
    clock = DayClock(dt.date(2026, 11, 1), "America/Chicago")  # fall back at 02:00
    nine = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    local_nine = dt.datetime(2026, 11, 1, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert clock.minutes(local_nine) == 10 * 60  # the day had an extra hour before nine
    assert clock.instant(clock.minutes(nine)) == nine
    with pytest.raises(ValueError):
        clock.minutes(dt.datetime(2026, 11, 1, 9, 0))

"""Learning recovers what generated the history; sparse groups fall back to the company."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from models.forecast import HistoryRecord, LearnedState
from models.forecast.model import PRIOR_TRAVEL_MINUTES, compile_state
from tests.benchmarks.forecast_sim import RUSH, TRAVEL_B, Truth, history, simulate


@pytest.fixture(scope="module")
def generated():
    truth = Truth.make()
    records = history(simulate(truth, 80, seed=3))
    state = LearnedState()
    state.learn(records)
    return truth, records, state


def test_a_service_that_takes_150_when_booked_at_120_is_learned(generated):
    _truth, _records, state = generated
    model = compile_state(state)
    mu, _sd = model.duration("Upholstery", "Truck 01")
    real = 120 * math.exp(mu - model.crew_delta["Truck 01"])
    assert 143 <= real <= 157
    carpet, _ = model.duration("Carpet", "Truck 01")
    assert abs(120 * math.exp(carpet - model.crew_delta["Truck 01"]) - 120) <= 7


def test_the_slow_crew_is_found_and_the_others_are_not(generated):
    truth, _records, state = generated
    model = compile_state(state)
    assert model.crew_delta["Truck 07"] == pytest.approx(0.25, abs=0.06)
    for crew, delta in truth.crews.items():
        if crew != "Truck 07":
            assert abs(model.crew_delta[crew] - delta) < 0.06


def test_travel_grows_with_distance_and_at_rush_hour(generated):
    _truth, _records, state = generated
    model = compile_state(state)
    assert model.beta[2] == pytest.approx(TRAVEL_B, abs=0.08)
    noon, five = model.travel_mu(10.0, np.array([12, 17]))
    assert five - noon == pytest.approx(RUSH[17], abs=0.12)
    assert model.travel_sigma == pytest.approx(0.3, abs=0.05)


def test_how_early_waiting_crews_arrive_per_crew(generated):
    truth, _records, state = generated
    model = compile_state(state)
    for crew in ("Truck 01", "Truck 05"):
        typical = float(np.arange(len(model.early(crew))) @ model.early(crew))
        assert typical == pytest.approx(truth.early[crew], abs=3.0)


def test_first_job_starts_around_its_window(generated):
    _truth, _records, state = generated
    model = compile_state(state)
    offsets = np.arange(len(model.first(""))) - 60
    assert float(offsets @ model.first("")) == pytest.approx(-4.0, abs=2.0)


def test_incremental_updates_batch_learning_and_merge_agree(generated):
    _truth, records, _state = generated
    part = records[:300]
    one_by_one = LearnedState()
    for r in part:
        one_by_one.update(r)
    batch = LearnedState()
    batch.learn(part)
    merged = LearnedState()
    merged.learn(part[:120])
    rest = LearnedState()
    rest.learn(part[120:])
    merged.merge(rest)
    for other in (batch, merged):
        a, b = one_by_one.to_dict(), other.to_dict()
        assert a["early"] == b["early"] and a["first"] == b["first"]
        np.testing.assert_allclose(a["travel"]["xtx"], b["travel"]["xtx"])
        np.testing.assert_allclose(a["travel"]["xty"], b["travel"]["xty"])
        for service, crews in a["cells"].items():
            for crew, cell in crews.items():
                np.testing.assert_allclose(cell, b["cells"][service][crew])


def test_the_state_survives_json(generated):
    _truth, _records, state = generated
    back = LearnedState.from_dict(json.loads(json.dumps(state.to_dict())))
    a, b = compile_state(state), compile_state(back)
    assert a.duration("Upholstery", "Truck 07") == b.duration("Upholstery", "Truck 07")
    np.testing.assert_allclose(a.beta, b.beta)


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError):
        LearnedState.from_dict({"version": 99})


def test_with_no_history_the_booking_and_the_fixed_allowance_stand():
    model = compile_state(LearnedState())
    assert model.duration("Carpet", "Truck 01") == (0.0, pytest.approx(0.25))
    assert math.exp(model.travel_mu(None, np.array([10]))[0]) == pytest.approx(
        PRIOR_TRAVEL_MINUTES, rel=0.01)


def test_a_new_service_or_crew_falls_back_to_company_figures(generated):
    _truth, _records, state = generated
    model = compile_state(state)
    assert model.duration("Oven", "Truck 01")[0] == pytest.approx(
        model.company_mu + model.crew_delta["Truck 01"])
    assert model.duration("Carpet", "New truck")[0] == model.service_mu["Carpet"]
    assert model.first("New truck") is model.first("")


def test_a_sparse_service_is_shrunk_toward_the_company(generated):
    _truth, _records, state = generated
    rare = LearnedState()
    rare.merge(state)
    # two jobs of a new service that ran twice as long as booked
    for i in range(2):
        rare.update(HistoryRecord("Oven", "Truck 01", 60, 600, 660, 600, 720))
    model = compile_state(rare)
    mu, _ = model.duration("Oven", "Truck 01")
    assert model.company_mu < mu - model.crew_delta["Truck 01"] < math.log(2) / 2

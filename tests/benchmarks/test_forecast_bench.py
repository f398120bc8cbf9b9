"""Forecasts measured honestly: run with `pytest --benchmark-only tests/benchmarks/
test_forecast_bench.py -s`. Nothing here runs in the normal suite (--benchmark-skip).

Learns from 300 simulated days of 12 trucks, replays 30 held-out days at 09:00, 11:00,
13:00 and 15:00, and scores on the same (job, time) pairs the learned forecast, the first
release's fixed rule and an oracle that knows the simulator's true figures.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from models.forecast import LearnedState, forecast_day
from models.forecast.model import compile_state
from tests.benchmarks.forecast_moments import forecast_moments
from tests.benchmarks.forecast_replay import POLICY, replay
from tests.benchmarks.forecast_sim import Oracle, Truth, history, simulate

TRAIN_DAYS, TEST_DAYS = 300, 30
TIMES = (540.0, 660.0, 780.0, 900.0)


@pytest.fixture(scope="module")
def company():
    truth = Truth.make()
    days = simulate(truth, TRAIN_DAYS + TEST_DAYS)
    n_train = TRAIN_DAYS * len(truth.crews)
    state = LearnedState()
    state.learn(history(days[:n_train]))
    return truth, state, days[n_train:]


def test_forecast_accuracy(benchmark, company):
    truth, state, test_days = company
    model = compile_state(state)
    scores = benchmark.pedantic(replay, args=(test_days, TIMES, model, Oracle(truth)),
                                rounds=1, iterations=1)
    figures = {name: score.figures() for name, score in scores.items()}
    print()
    for name, f in figures.items():
        print(f"{name:9s} pairs {f['pairs']}  MAE p50 {f['mae']:6.2f} min  "
              f"Brier {f['brier']:.4f}  [p10,p90] coverage {f['coverage']:.1%}  "
              f"at-risk precision {f['precision']:.1%} recall {f['recall']:.1%}")
    ours, best, old = figures["forecast"], figures["oracle"], figures["old rule"]
    print(f"MAE vs oracle {ours['mae'] / best['mae']:.2f}x, Brier vs oracle "
          f"{ours['brier'] / best['brier']:.2f}x, MAE vs old rule {ours['mae'] / old['mae']:.2f}x")
    assert ours["mae"] <= 1.3 * best["mae"]
    assert ours["brier"] <= 1.3 * best["brier"]
    assert ours["mae"] <= 0.7 * old["mae"]
    assert 0.70 <= ours["coverage"] <= 0.90


def test_forecast_samples_tradeoff(benchmark, company):
    """How many Monte Carlo samples: accuracy and time for a few choices."""
    truth, state, test_days = company
    model = compile_state(state)

    def compare():
        print()
        for samples in (250, 500, 2000, 8000):
            start = time.perf_counter()
            f = replay(test_days[:120], TIMES, model, Oracle(truth), samples)[
                "forecast"].figures()
            took = time.perf_counter() - start
            print(f"{samples:5d} samples: MAE {f['mae']:.2f}  Brier {f['brier']:.4f}  "
                  f"coverage {f['coverage']:.1%}  replay of 120 truck-days {took:.2f} s")

    benchmark.pedantic(compare, rounds=1, iterations=1)


def test_monte_carlo_against_closed_form_moments(benchmark, company):
    """The method chosen by measuring: Monte Carlo against moment propagation, both on
    the same learned figures and the same pairs."""
    truth, state, test_days = company
    model = compile_state(state)
    extra = {"moments": lambda day, now: forecast_moments(model, day, now, POLICY)}
    scores = benchmark.pedantic(replay, args=(test_days, TIMES, model, Oracle(truth)),
                                kwargs={"extra": extra}, rounds=1, iterations=1)
    print()
    for name in ("forecast", "moments"):
        f = scores[name].figures()
        print(f"{name:9s} MAE p50 {f['mae']:6.2f} min  Brier {f['brier']:.4f}  "
              f"coverage {f['coverage']:.1%}  at-risk precision {f['precision']:.1%} "
              f"recall {f['recall']:.1%}")
    start = time.perf_counter()
    for sim in test_days:
        forecast_moments(model, sim.as_of(660.0), 660.0, POLICY)
    took_moments = time.perf_counter() - start
    start = time.perf_counter()
    for sim in test_days:
        forecast_day(model, sim.as_of(660.0), 660.0, POLICY)
    took_mc = time.perf_counter() - start
    print(f"{len(test_days)} truck-days at 11:00: moments {took_moments * 1000:.0f} ms, "
          f"Monte Carlo {took_mc * 1000:.0f} ms")


def test_forecast_100_job_day_with_state_load(benchmark, company):
    """A 100-job day on 12 trucks, from the stored (JSON) learned state to every forecast."""
    truth, state, test_days = company
    stored = json.dumps(state.to_dict())
    days, jobs = [], 0
    for sim in test_days:
        if jobs >= 100:
            break
        days.append(sim.as_of(600.0))
        jobs += len(sim.jobs)

    def run():
        model = compile_state(LearnedState.from_dict(json.loads(stored)))
        rng = np.random.default_rng(15)
        return [f for d in days for f in forecast_day(model, d, 600.0, POLICY, rng)]

    out = benchmark(run)
    print(f"\n{jobs} jobs on {len(days)} trucks ({len(out)} not arrived), state "
          f"{len(stored) / 1024:.0f} KiB: median {benchmark.stats.stats.median * 1000:.1f} ms")
    assert benchmark.stats.stats.median <= 1.0


def test_learning_one_million_from_scratch(benchmark):
    truth = Truth.make()
    records = history(simulate(truth, 1_000_000 // (7 * len(truth.crews)) + 1, seed=9))
    records = records[:1_000_000]

    def learn():
        state = LearnedState()
        state.learn(records)
        return state

    state = benchmark.pedantic(learn, rounds=1, iterations=1)
    took = benchmark.stats.stats.median
    print(f"\nlearning from {len(records):,} records: {took:.1f} s "
          f"({state.n_travel:,} drives used)")
    assert took <= 30


def test_incremental_update(benchmark, company):
    _truth, state, test_days = company
    records = history(test_days[:50])
    it = iter(records * 100)
    benchmark(lambda: state.update(next(it)))
    print(f"\none incremental update: median {benchmark.stats.stats.median * 1000:.2f} ms")
    assert benchmark.stats.stats.median <= 0.005

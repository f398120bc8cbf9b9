"""From sufficient statistics to the figures a forecast draws from, shrinking sparse
groups toward the company (credibility weighting: a group of n jobs gets weight
n / (n + k), k being the prior strength below, in jobs)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from models.forecast import features as F
from models.forecast.geo import centroid
from models.forecast.learning import LearnedState

SERVICE_STRENGTH = 20.0   # jobs: a service with 20 jobs is believed half-way
CREW_STRENGTH = 30.0
COMPANY_STRENGTH = 5.0    # pseudo-jobs pulling a brand-new company toward the booking
PRIOR_SIGMA = 0.25        # log-ratio spread before any history (about +-25%)
HOUR_STRENGTH = 20.0      # drives: an hour of day with 20 drives is believed half-way
PRIOR_TRAVEL_MINUTES = 20.0  # the first release's fixed travel allowance
PRIOR_TRAVEL_SIGMA = 0.5
HISTOGRAM_STRENGTH = 20.0


@dataclass
class Model:
    """Compiled figures; the same interface as the benchmark's oracle."""

    company_mu: float
    company_sigma: float
    service_mu: dict[str, float]
    service_sigma: dict[str, float]
    crew_delta: dict[str, float]
    beta: np.ndarray
    travel_sigma: float
    early_probs: dict[str, np.ndarray]
    first_probs: dict[str, np.ndarray]
    places: dict[str, list[float]] = field(default_factory=dict)

    def duration(self, service: str, crew: str) -> tuple[float, float]:
        """(mean, sd) of log(real / booked) for this service done by this crew."""
        mu = self.service_mu.get(service, self.company_mu) + self.crew_delta.get(crew, 0.0)
        return mu, self.service_sigma.get(service, self.company_sigma)

    def travel_mu(self, km: float | None, hours: np.ndarray) -> np.ndarray:
        base = self.beta[0] + (self.beta[1] if km is None else self.beta[2] * math.log1p(km))
        return base + self.beta[3 + (hours.astype(int) % F.HOURS)]

    def early(self, crew: str) -> np.ndarray:
        return self.early_probs.get(crew, self.early_probs[""])

    def first(self, crew: str) -> np.ndarray:
        return self.first_probs.get(crew, self.first_probs[""])

    def place(self, zip_code: str | None) -> tuple[float, float] | None:
        if not zip_code:
            return None
        known = self.places.get(zip_code[:5])
        return tuple(known) if known else centroid(zip_code)


def compile_state(state: LearnedState) -> Model:
    company_mu, company_sigma, service_mu, service_sigma, crew_delta = _durations(state)
    beta, travel_sigma = _travel(state)
    early = _blend(state.early, _early_prior())
    first = _blend(state.first, _first_prior())
    return Model(company_mu, company_sigma, service_mu, service_sigma, crew_delta, beta,
                 travel_sigma, early, first, state.places)


def _durations(state: LearnedState):
    n_all = sum(c[0] for crews in state.cells.values() for c in crews.values())
    s_all = sum(c[1] for crews in state.cells.values() for c in crews.values())
    company_mu = s_all / (n_all + COMPANY_STRENGTH)
    service_mu: dict[str, float] = {}
    for service, crews in state.cells.items():
        n = sum(c[0] for c in crews.values())
        mean = sum(c[1] for c in crews.values()) / n if n else company_mu
        service_mu[service] = company_mu + n / (n + SERVICE_STRENGTH) * (mean - company_mu)
    # A crew's effect: how far its jobs run from each service's own figure (so a crew that
    # does mostly long services is not called slow for it).
    residual: dict[str, list[float]] = {}
    for service, crews in state.cells.items():
        for crew, (n, s, _ss) in crews.items():
            acc = residual.setdefault(crew, [0.0, 0.0])
            acc[0] += n
            acc[1] += s - n * service_mu[service]
    crew_delta = {crew: sr / (n + CREW_STRENGTH) for crew, (n, sr) in residual.items()}
    # Spread left once service and crew are known, per service, shrunk toward the company's.
    rss_all = 0.0
    per_service: dict[str, tuple[float, float]] = {}
    for service, crews in state.cells.items():
        rss = n_s = 0.0
        for crew, (n, s, ss) in crews.items():
            m = service_mu[service] + crew_delta.get(crew, 0.0)
            rss += ss - 2 * m * s + n * m * m
            n_s += n
        per_service[service] = (max(rss, 0.0), n_s)
        rss_all += max(rss, 0.0)
    company_var = (rss_all + COMPANY_STRENGTH * PRIOR_SIGMA ** 2) / (n_all + COMPANY_STRENGTH)
    service_sigma = {
        s: math.sqrt((rss + SERVICE_STRENGTH * company_var) / (n + SERVICE_STRENGTH))
        for s, (rss, n) in per_service.items()
    }
    return company_mu, math.sqrt(company_var), service_mu, service_sigma, crew_delta


def _travel(state: LearnedState) -> tuple[np.ndarray, float]:
    # Ridge toward a prior: the intercept toward the fixed 20-minute allowance, every hour
    # of day toward "no different from the rest", distance weakly toward no effect.
    prior = np.zeros(F.N_FEATURES)
    prior[0] = math.log(PRIOR_TRAVEL_MINUTES)
    strength = np.full(F.N_FEATURES, HOUR_STRENGTH)
    strength[0], strength[1], strength[2] = COMPANY_STRENGTH, COMPANY_STRENGTH, 1.0
    lam = np.diag(strength)
    beta = np.linalg.solve(state.xtx + lam, state.xty + lam @ prior)
    rss = state.yty - 2 * beta @ state.xty + beta @ state.xtx @ beta
    var = (max(rss, 0.0) + COMPANY_STRENGTH * PRIOR_TRAVEL_SIGMA ** 2) / (
        state.n_travel + COMPANY_STRENGTH)
    return beta, math.sqrt(var)


def _early_prior() -> np.ndarray:
    p = np.zeros(F.EARLY_BINS)
    p[:11] = 1.0  # before any history: a waiting crew turns up 0-10 minutes early
    return p / p.sum()


def _first_prior() -> np.ndarray:
    offsets = np.arange(F.FIRST_BINS) + F.FIRST_LOW
    p = np.exp(-0.5 * (offsets / 10.0) ** 2)  # around the window start, +-10 minutes
    return p / p.sum()


def _blend(table: dict[str, list[int]], prior: np.ndarray) -> dict[str, np.ndarray]:
    rows = {crew: np.asarray(row, dtype=float) for crew, row in table.items()}
    total = sum(rows.values(), np.zeros(len(prior)))
    n = total.sum()
    company = (total + HISTOGRAM_STRENGTH * prior) / (n + HISTOGRAM_STRENGTH)
    out = {"": company}
    for crew, row in rows.items():
        out[crew] = (row + HISTOGRAM_STRENGTH * company) / (row.sum() + HISTOGRAM_STRENGTH)
    return out

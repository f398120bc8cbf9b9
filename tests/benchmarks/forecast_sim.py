"""A company's days with known structure, for measuring forecasts (and for their tests).

The truth: each service runs a fixed factor off its booked duration (Upholstery truly takes
150 min when booked at 120), each crew is a little faster or slower (Truck 07 is slow),
drives grow with the distance between ZIP centroids and are longer at rush hour, a crew
that would be early waits until a few minutes before the window (its own habit, never
more than MAX_EARLY), and the first job starts around its window's opening. ``Oracle``
exposes those true figures through the same interface as the learned model, so the same
Monte Carlo engine gives the best possible forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from models.forecast import features as F
from models.forecast.geo import centroid, haversine_km
from models.forecast.records import DayJob, HistoryRecord, TruckDay

MAX_EARLY = 30
# Chicago ZIPs; their centroids come from the same offline table the forecast uses.
ZIPS = {z: centroid(z) for z in (
    "60601", "60605", "60607", "60608", "60609", "60611", "60613", "60614", "60615",
    "60616", "60617", "60618", "60619", "60620", "60622", "60623", "60624", "60625",
    "60626", "60628", "60629", "60630", "60631", "60632", "60634", "60636", "60637",
    "60638", "60639", "60640", "60641", "60643", "60644", "60645", "60646", "60647",
    "60649", "60651", "60652", "60653", "60655", "60656", "60657", "60659", "60660",
)}
SERVICES = {  # name: (booked minutes, true mean log(real / booked), sd, share of jobs)
    "Carpet": (120, 0.0, 0.15, 0.35),
    "Upholstery": (120, math.log(150 / 120), 0.18, 0.2),
    "Tile & grout": (90, -0.12, 0.15, 0.15),
    "Area rug": (60, 0.05, 0.2, 0.15),
    "Water damage": (150, 0.15, 0.25, 0.1),
    "Stairs": (45, 0.1, 0.2, 0.05),
}
TRAVEL_A, TRAVEL_B, TRAVEL_SD = math.log(5.0), 0.55, 0.3
RUSH = {7: 0.25, 8: 0.2, 16: 0.3, 17: 0.4, 18: 0.2}
FIRST_MEAN, FIRST_SD = -4.0, 9.0


def _discrete_normal(offsets: np.ndarray, mean: float, sd: float, low: float, high: float
                     ) -> np.ndarray:
    p = np.exp(-0.5 * ((offsets - mean) / sd) ** 2) * (offsets >= low) * (offsets <= high)
    return p / p.sum()


@dataclass
class Truth:
    crews: dict[str, float]              # crew -> true log-duration effect
    early: dict[str, float]              # crew -> mean minutes early when waiting
    zips: list[str] = field(default_factory=lambda: sorted(ZIPS))

    @classmethod
    def make(cls, n_trucks: int = 12, seed: int = 1) -> Truth:
        rng = np.random.default_rng(seed)
        crews = {f"Truck {i + 1:02d}": float(rng.normal(0, 0.06)) for i in range(n_trucks)}
        if "Truck 07" in crews:
            crews["Truck 07"] = 0.25  # the slow crew
        early = {c: float(rng.uniform(2, 20)) for c in crews}
        return cls(crews, early)


class Oracle:
    """The simulator's true figures behind the learned model's interface."""

    travel_sigma = TRAVEL_SD

    def __init__(self, truth: Truth) -> None:
        self.truth = truth
        self.places = {z: list(v) for z, v in ZIPS.items()}
        self._rush = np.array([RUSH.get(h, 0.0) for h in range(24)])

    def duration(self, service: str, crew: str) -> tuple[float, float]:
        _b, mu, sd, _w = SERVICES[service]
        return mu + self.truth.crews[crew], sd

    def travel_mu(self, km: float | None, hours: np.ndarray) -> np.ndarray:
        return TRAVEL_A + TRAVEL_B * math.log1p(km or 0.0) + self._rush[
            hours.astype(int) % 24]

    def early(self, crew: str) -> np.ndarray:
        return _discrete_normal(np.arange(F.EARLY_BINS), self.truth.early[crew], 4.0, 0,
                                MAX_EARLY)

    def first(self, crew: str) -> np.ndarray:
        offsets = np.arange(F.FIRST_BINS) + F.FIRST_LOW
        return _discrete_normal(offsets, FIRST_MEAN, FIRST_SD, -MAX_EARLY, 1e9)

    def place(self, zip_code: str | None):
        return ZIPS.get(zip_code or "")


@dataclass
class SimJob:
    job: DayJob          # as booked (no stamps)
    arrived: float
    completed: float


@dataclass
class SimDay:
    crew: str
    jobs: list[SimJob]

    def records(self) -> list[HistoryRecord]:
        out, prev = [], None
        for s in self.jobs:
            j = s.job
            out.append(HistoryRecord(j.service, self.crew, j.booked_minutes, j.window_start,
                                     j.window_end, s.arrived, s.completed, j.zip,
                                     prev.completed if prev else None,
                                     prev.job.zip if prev else None))
            prev = s
        return out

    def as_of(self, now: float) -> TruckDay:
        """The truck's day as the office sees it at ``now``: stamps up to then."""
        jobs = []
        for s in self.jobs:
            arrived = s.arrived if s.arrived <= now else None
            completed = s.completed if s.completed <= now else None
            jobs.append(DayJob(s.job.job_id, s.job.service, s.job.booked_minutes,
                               s.job.window_start, s.job.window_end, s.job.zip, s.job.price,
                               arrived, completed))
        return TruckDay(self.crew, tuple(jobs))


def simulate(truth: Truth, days: int, seed: int = 2, only: dict | None = None
             ) -> list[SimDay]:
    """``days`` working days for every truck. ``only`` may force one service or crew."""
    rng = np.random.default_rng(seed)
    names = list(SERVICES)
    shares = np.array([SERVICES[n][3] for n in names])
    zips = truth.zips
    out: list[SimDay] = []
    job_id = 0
    rush = np.array([RUSH.get(h, 0.0) for h in range(24)])
    for _d in range(days):
        for crew, delta in truth.crews.items():
            n = int(rng.integers(4, 11))
            start, jobs, free_at, prev_zip = 480.0, [], None, None
            for _i in range(n):
                job_id += 1
                service = (only or {}).get("service") or names[rng.choice(len(names), p=shares)]
                booked, mu, sd, _w = SERVICES[service]
                zip_code = zips[int(rng.integers(len(zips)))]
                job = DayJob(job_id, service, float(booked), start, start + 60, zip_code,
                             float(rng.choice([150.0, 250.0, 400.0])))
                if free_at is None:
                    offset = max(rng.normal(FIRST_MEAN, FIRST_SD), -MAX_EARLY)
                    arrived = start + offset
                else:
                    km = haversine_km(ZIPS[prev_zip], ZIPS[zip_code])
                    drive = math.exp(TRAVEL_A + TRAVEL_B * math.log1p(km)
                                     + rush[int(free_at // 60) % 24] + TRAVEL_SD * rng.normal())
                    wait = min(max(rng.normal(truth.early[crew], 4.0), 0.0), MAX_EARLY)
                    arrived = max(free_at + drive, start - wait)
                arrived = round(arrived)  # stamps are whole minutes
                completed = round(arrived + booked * math.exp(mu + delta + sd * rng.normal()))
                jobs.append(SimJob(job, float(arrived), float(completed)))
                free_at, prev_zip = float(completed), zip_code
                # the office books the next window after the booked duration plus a drive
                start = 30 * math.ceil((start + booked + 30) / 30)
            out.append(SimDay(crew, jobs))
    return out


def history(days: list[SimDay]) -> list[HistoryRecord]:
    return [r for d in days for r in d.records()]

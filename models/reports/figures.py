"""On-time, lateness and reward figures per day and per truck, in a fixed number of queries.

Each query reads the range once and groups it inside SQLite, so Python only sees a few
hundred rows however many jobs there are. Late arrivals travel as one packed integer each (minutes,
fault, policy version) inside a group_concat, which gives tiers, faults, the average and
the 90th percentile without a query per group.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from models.company import policy_versions
from models.db import db
from models.errors import DomainError
from models.reports.period import DateRange
from models.rules import FAULTS

A, E = "s.at", "j.window_end_utc"
# Whole minutes late, floored, exactly as rules.minutes_late. A window ends on a whole minute
# (it starts at HH:MM and lasts whole minutes), so the floor is the difference of the two
# instants' minute stamps; the general formula in microseconds covers any other end.
_FAST = f"(unixepoch(substr({A}, 1, 16)) - unixepoch(substr({E}, 1, 16))) / 60"
_EXACT = (f"((unixepoch(substr({A}, 1, 19)) - unixepoch(substr({E}, 1, 19))) * 1000000"
          f" + substr({A}, 21, 6) - substr({E}, 21, 6)) / 60000000")
LATE_MINUTES = (f"(CASE WHEN {A} > {E} THEN CASE WHEN substr({E}, 17) = ':00.000000' THEN "
                f"CASE WHEN substr({A}, 1, 16) > substr({E}, 1, 16) THEN {_FAST} END "
                f"ELSE nullif({_EXACT}, 0) END END)")
FAULT_CODE = ("(CASE j.fault " + " ".join(f"WHEN '{f}' THEN {i}" for i, f in enumerate(FAULTS))
              + " ELSE 0 END)")


@dataclass
class Figures:
    """Everything counted for one group (a day, week, month, truck or the whole range)."""

    jobs: int = 0
    arrived: int = 0
    free_jobs: int = 0
    late_minutes: list[int] = field(default_factory=list)
    late_tier: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # by minutes: 0..3
    late_fault: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULTS, 0))
    reward_tiers: list[int] = field(default_factory=lambda: [0, 0, 0])  # non-void rewards
    reschedule_rewards: int = 0
    rewards_cents: int = 0
    certificates_issued: int = 0
    certificates_redeemed: int = 0
    complaints: int = 0

    @property
    def late(self) -> int:
        return len(self.late_minutes)

    @property
    def on_time(self) -> int:
        return self.arrived - self.late

    @property
    def on_time_pct(self) -> float | None:
        return round(100.0 * self.on_time / self.arrived, 1) if self.arrived else None

    @property
    def avg_minutes_late(self) -> float | None:
        return round(sum(self.late_minutes) / self.late, 1) if self.late else None

    @property
    def p90_minutes_late(self) -> int | None:
        """Nearest rank: the smallest value with at least 90 % of late jobs at or below it."""
        if not self.late_minutes:
            return None
        ordered = sorted(self.late_minutes)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]

    @property
    def rewards(self) -> int:
        return sum(self.reward_tiers) + self.reschedule_rewards

    @property
    def rewards_value(self) -> Decimal:
        return Decimal(self.rewards_cents) / 100

    def add(self, other: Figures) -> None:
        for name in ("jobs", "arrived", "free_jobs", "reschedule_rewards", "rewards_cents",
                     "certificates_issued", "certificates_redeemed", "complaints"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.late_minutes += other.late_minutes
        for i in range(4):
            self.late_tier[i] += other.late_tier[i]
        for i in range(3):
            self.reward_tiers[i] += other.reward_tiers[i]
        for key, value in other.late_fault.items():
            self.late_fault[key] += value


@dataclass
class Cube:
    """Figures of a range per local date (ISO text) and per truck id, and their total."""

    by_day: dict[str, Figures]
    by_truck: dict[int, Figures]
    total: Figures
    job_ids: tuple[int, int]  # lowest and highest job id of the range (0, -1 when none)


def _sqlite() -> None:
    if "sqlite" not in type(db.obj).__name__.lower():
        raise DomainError("Statistics are only available on an SQLite database for now.")


def _hint(index: str) -> str:
    found = db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                           (index,)).fetchone()
    return f"INDEXED BY {index}" if found else ""


def _hints() -> tuple[str, str]:
    """INDEXED BY clauses when our indexes exist (the planner may otherwise pick a wider one)."""
    names = {r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE name IN ('job_stats_cover', "
        "'stamp_active_arrival')").fetchall()}
    return ("INDEXED BY job_stats_cover" if "job_stats_cover" in names else "",
            "INDEXED BY stamp_active_arrival" if "stamp_active_arrival" in names else "")


def cube(rng: DateRange, *, trucks: bool = True) -> Cube:
    """All figures of the range per day (and per truck). At most five queries, any size."""
    _sqlite()
    by_day: dict[str, Figures] = {}
    by_truck: dict[int, Figures] = {}
    job_ids = _jobs(rng, by_day, by_truck, trucks)
    _rewards(rng, job_ids, by_day, by_truck, trucks)
    total = Figures()
    for figures in by_day.values():
        total.add(figures)
    return Cube(by_day, by_truck, total, job_ids)


def job_id_bounds(rng: DateRange) -> tuple[int, int]:
    """Lowest and highest job id dated in the range: bounds for reading rewards, complaints."""
    job_hint, _ = _hints()
    lo, hi = db.execute_sql(
        f"SELECT min(id), max(id) FROM job {job_hint} WHERE local_date BETWEEN ? AND ?",
        (rng.first.isoformat(), rng.last.isoformat())).fetchone()
    return (lo, hi) if lo is not None else (0, -1)


def _policy_case(versions) -> tuple[str, list[tuple[int, int, int]]]:
    thresholds = [tuple(t.threshold_minutes for t in p.tiers) for _, p in versions]
    if len(versions) <= 1:
        return "0", thresholds or [(30, 60, 121)]
    parts = " ".join(
        f"WHEN {E} >= '{begins.strftime('%Y-%m-%d %H:%M:%S.%f')}' THEN {i}"
        for i, (begins, _) in reversed(list(enumerate(versions))))
    return f"(CASE {parts} ELSE 0 END)", thresholds


def _jobs(rng: DateRange, by_day, by_truck, trucks: bool) -> tuple[int, int]:
    versions = policy_versions()
    version_case, thresholds = _policy_case(versions)
    n = len(thresholds)
    job_hint, stamp_hint = _hints()
    packed = (f"(CASE WHEN {A} > {E} THEN ({LATE_MINUTES} * 8 + {FAULT_CODE}) * {n} "
              f"+ {version_case} END)")
    # One pass per grouping: grouping by day and truck at once (and rolling up) costs more
    # than a second pass, because SQLite sets up every aggregate again for each small group.
    bounds = (0, -1)
    for kind, column in ((0, "j.local_date"), (1, "j.truck_id"))[:2 if trucks else 1]:
        sql = f"""
SELECT {column}, sum(j.status <> 'rescheduled'), count({A}),
       sum(j.free = 1 AND j.status NOT IN ('rescheduled', 'cancelled')),
       group_concat({packed}), min(j.id), max(j.id)
FROM job j {job_hint}
LEFT JOIN stamp s {stamp_hint} ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = 1
WHERE j.local_date BETWEEN ? AND ?
GROUP BY {column}"""
        for key, jobs, arrived, free, late, lo, hi in db.execute_sql(
                sql, (rng.first.isoformat(), rng.last.isoformat())).fetchall():
            if kind == 0:
                bounds = (min(lo, bounds[0]) if bounds[1] >= 0 else lo, max(hi, bounds[1]))
            figures = Figures(jobs=jobs, arrived=arrived, free_jobs=free)
            if late:
                _unpack(figures, late, n, thresholds)
            (by_truck if kind else by_day)[key if kind else str(key)] = figures
    return bounds


def _unpack(figures: Figures, late: str, n: int, thresholds) -> None:
    minutes = figures.late_minutes
    tiers = figures.late_tier
    faults = figures.late_fault
    for value in map(int, late.split(",")):
        rest, version = divmod(value, n)
        m, fault = divmod(rest, 8)
        minutes.append(m)
        t1, t2, t3 = thresholds[version]
        tiers[3 if m >= t3 else 2 if m >= t2 else 1 if m >= t1 else 0] += 1
        faults[FAULTS[fault]] += 1


def _rewards(rng: DateRange, job_ids, by_day, by_truck, trucks: bool) -> None:
    """Non-void rewards of the range's jobs, and certificates redeemed on the range's jobs."""
    # CROSS JOIN keeps the reward table outside: the range's rewards are few, its jobs many.
    sql = f"""
WITH r AS MATERIALIZED (
  SELECT j.local_date AS d, j.truck_id AS t,
         sum(r.kind = 'lateness' AND r.tier = 1) AS t1,
         sum(r.kind = 'lateness' AND r.tier = 2) AS t2,
         sum(r.kind = 'lateness' AND r.tier = 3) AS t3,
         sum(r.kind = 'reschedule') AS moved,
         sum(CAST(round(r.value * 100) AS INTEGER)) AS cents,
         sum(r.certificate_code IS NOT NULL) AS certs, 0 AS redeemed
  FROM reward r {_hint('reward_stats_cover')} CROSS JOIN job j ON j.id = r.job_id
  WHERE r.job_id BETWEEN ?3 AND ?4 AND r.status <> 'void' AND j.local_date BETWEEN ?1 AND ?2
  GROUP BY 1, 2
  UNION ALL
  SELECT j.local_date, j.truck_id, 0, 0, 0, 0, 0, 0, count(*)
  FROM reward r CROSS JOIN job j ON j.id = r.redeemed_on_id
  WHERE r.redeemed_on_id > 0 AND r.certificate_status = 'redeemed'
        AND j.local_date BETWEEN ?1 AND ?2
  GROUP BY 1, 2)
SELECT 0, d, sum(t1), sum(t2), sum(t3), sum(moved), sum(cents), sum(certs), sum(redeemed)
FROM r GROUP BY d
{"UNION ALL SELECT 1, t, sum(t1), sum(t2), sum(t3), sum(moved), sum(cents), sum(certs), "
 "sum(redeemed) FROM r GROUP BY t" if trucks else ""}"""
    for kind, key, t1, t2, t3, moved, cents, certs, redeemed in db.execute_sql(
            sql, (rng.first.isoformat(), rng.last.isoformat(), *job_ids)).fetchall():
        target = by_truck if kind else by_day
        figures = target.setdefault(key if kind else str(key), Figures())
        figures.reward_tiers = [t1, t2, t3]
        figures.reschedule_rewards = moved
        figures.rewards_cents = cents
        figures.certificates_issued = certs
        figures.certificates_redeemed = redeemed


def truck_names() -> dict[int, str]:
    from models.schema import Truck

    return {t.id: t.name for t in Truck.select(Truck.id, Truck.name)}


def day_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


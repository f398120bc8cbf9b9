"""On-time, lateness and reward figures per day and per truck, in one query whatever the range.

The query reads the range's jobs once, in index order, with each job's live arrival stamp,
and groups them per (day, truck) inside the database; those partials are rolled up per day
and per truck there too, so Python only sees a few hundred rows. Late arrivals travel as one
packed integer each (minutes, fault, policy version) in a comma-joined list per group; the
list is counted, not walked, so tiers, faults, the average and the 90th percentile cost a
few thousand distinct values however many jobs there are. The period before the range can
ride along in the same query (per day only), which is how the dashboard gets its "change
against the previous period" without a second read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from models.company import company_tz, policy_versions
from models.db import UtcField
from models.reports.dialect import FAULT_CODE, SQLITE_LATE_MINUTES, Dialect, dialect
from models.reports.period import DateRange
from models.rules import FAULTS, local_day_bounds, zone

LATE_MINUTES = SQLITE_LATE_MINUTES  # the SQLite text of minutes late ("s.at", "j.window_end_utc")
_UTC = UtcField()
__all__ = ["FAULT_CODE", "LATE_MINUTES", "Cube", "Figures", "cube", "truck_names"]


@dataclass
class Figures:
    """Everything counted for one group (a day, week, month, truck or the whole range)."""

    jobs: int = 0
    arrived: int = 0
    free_jobs: int = 0
    reward_tiers: list[int] = field(default_factory=lambda: [0, 0, 0])  # non-void rewards
    reschedule_rewards: int = 0
    rewards_cents: int = 0
    certificates_issued: int = 0
    certificates_redeemed: int = 0
    complaints: int = 0
    # Late arrivals: counted from the packed lists the query returns only when first asked
    # for, so adding days into weeks, months and the total just joins lists.
    _counts: Counter = field(default_factory=Counter, repr=False)  # minutes -> late jobs
    _tiers: list[int] = field(default_factory=lambda: [0, 0, 0, 0], repr=False)
    _faults: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULTS, 0),
                                    repr=False)
    _pending: list[str] = field(default_factory=list, repr=False)
    _decode: dict | None = field(default=None, repr=False)

    def _settle(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            _unpack(self, ",".join(pending), self._decode)

    @property
    def late_counts(self) -> Counter:
        """Minutes late -> how many late jobs."""
        self._settle()
        return self._counts

    @property
    def late_tier(self) -> list[int]:
        """Late jobs by the tier their minutes reach: 0 (under the first threshold) .. 3."""
        self._settle()
        return self._tiers

    @property
    def late_fault(self) -> dict[str, int]:
        self._settle()
        return self._faults

    @property
    def late(self) -> int:
        return sum(self.late_tier)

    @property
    def late_minutes(self) -> list[int]:
        """Every late job's minutes, in order."""
        return [m for m in sorted(self.late_counts) for _ in range(self.late_counts[m])]

    @property
    def on_time(self) -> int:
        return self.arrived - self.late

    @property
    def on_time_pct(self) -> float | None:
        return round(100.0 * self.on_time / self.arrived, 1) if self.arrived else None

    @property
    def avg_minutes_late(self) -> float | None:
        late = self.late
        total = sum(m * n for m, n in self.late_counts.items())
        return round(total / late, 1) if late else None

    @property
    def p90_minutes_late(self) -> int | None:
        """Nearest rank: the smallest value with at least 90 % of late jobs at or below it."""
        late = self.late
        if not late:
            return None
        rank = -(-9 * late // 10)  # ceil(0.9 * late) in exact integers
        seen = 0
        for minutes in sorted(self.late_counts):
            seen += self.late_counts[minutes]
            if seen >= rank:
                return minutes
        return None  # not reached: the counts add up to ``late``

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
        if other._pending:
            self._pending += other._pending
            self._decode = other._decode
        if other._counts:
            self._counts.update(other._counts)
            for i in range(4):
                self._tiers[i] += other._tiers[i]
            for key, value in other._faults.items():
                self._faults[key] += value
        for i in range(3):
            self.reward_tiers[i] += other.reward_tiers[i]


@dataclass
class Cube:
    """Figures of a range per local date (ISO text) and per truck id, and their total."""

    by_day: dict[str, Figures]
    by_truck: dict[int, Figures]
    total: Figures
    job_ids: tuple[int, int]  # lowest and highest job id read (0, -1 when none)
    previous: Figures | None = None  # the period just before, when asked for


def _policy_case(versions) -> tuple[str, list[tuple[int, int, int]]]:
    thresholds = [tuple(t.threshold_minutes for t in p.tiers) for _, p in versions]
    if len(versions) <= 1:
        return "0", thresholds or [(30, 60, 121)]
    parts = " ".join(
        f"WHEN j.window_end_utc >= '{begins.strftime('%Y-%m-%d %H:%M:%S.%f')}' THEN {i}"
        for i, (begins, _) in reversed(list(enumerate(versions))))
    return f"(CASE {parts} ELSE 0 END)", thresholds


def _jobs_sql(d: Dialect, packed: str, first: str, last: str, trucks: bool) -> str:
    """One date range's jobs with their live arrival, per (day, truck) or per day."""
    truck = "j.truck_id" if trucks else "CAST(NULL AS INTEGER)"
    return f"""
SELECT 0, j.local_date, {truck},
       count(*) FILTER (WHERE j.status <> 'rescheduled'), count(s.at),
       count(*) FILTER (WHERE j.free AND j.status NOT IN ('rescheduled', 'cancelled')),
       {d.concat(packed)}, 0, 0, 0, 0, 0, 0, 0, 0
FROM job j {d.hint("job_stats_cover")}
LEFT JOIN stamp s {d.hint("stamp_active_arrival")}
       ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = {d.true}
WHERE j.local_date BETWEEN {first} AND {last}
GROUP BY j.local_date{", j.truck_id" if trucks else ""}"""


def _money_sql(d: Dialect) -> str:
    """CTE ``m``: one row per non-void reward of the jobs read, certificate redeemed on them,
    and complaint (withdrawn ones never were), with its job's day and truck. They are found
    by the jobs' ids (a range's jobs were booked around the same time), then their job by its
    row id, so only rewards and complaints are read; ``b`` holds the lowest and highest id.
    ``k``: 1-3 a lateness reward's tier, 4 a reschedule reward, 5 a redemption, 6 a complaint.
    """
    ids = "BETWEEN (SELECT lo FROM b) AND (SELECT hi FROM b)"
    return f"""m AS MATERIALIZED (
SELECT j.local_date AS d, j.truck_id AS t,
       CASE WHEN r.kind = 'reschedule' THEN 4 ELSE r.tier END AS k,
       CAST(round(r.value * 100) AS INTEGER) AS cents, r.certificate_code AS code
FROM reward r {d.hint("reward_stats_cover")} {d.cross_join} job j ON j.id = r.job_id
WHERE r.job_id {ids} AND r.status <> 'void' AND j.local_date BETWEEN :lowest AND :last
UNION ALL
SELECT j.local_date, j.truck_id, 5, 0, NULL
FROM reward r {d.cross_join} job j ON j.id = r.redeemed_on_id
WHERE r.redeemed_on_id {ids} AND r.certificate_status = 'redeemed'
      AND j.local_date BETWEEN :lowest AND :last
UNION ALL
SELECT j.local_date, j.truck_id, 6, 0, NULL
FROM complaint c {d.hint("complaint_stats_cover")} {d.cross_join} job j ON j.id = c.job_id
WHERE c.job_id {ids} AND c.status <> 'withdrawn' AND j.local_date BETWEEN :lowest AND :last)"""


def _money_arms(trucks: bool) -> str:
    """The money and complaints per day, per truck (the range's days only), and complaints
    without a job (dated in Python by the local day they were opened)."""
    counts = ", ".join(f"count(*) FILTER (WHERE k = {k})" for k in range(1, 5))
    columns = (f"0, 0, 0, NULL, {counts}, coalesce(sum(cents), 0), count(code), "
               "count(*) FILTER (WHERE k = 5), count(*) FILTER (WHERE k = 6)")
    per_truck = f"""
UNION ALL
SELECT 4, CAST(NULL AS DATE), t, {columns} FROM m WHERE d >= :first GROUP BY t"""
    return f"""
SELECT 1, d, CAST(NULL AS INTEGER), {columns} FROM m GROUP BY d{per_truck if trucks else ""}
UNION ALL
SELECT 3, NULL, NULL, 0, 0, 0, CAST(c.opened_at AS TEXT), 0, 0, 0, 0, 0, 0, 0, 1
FROM complaint c
WHERE c.job_id IS NULL AND c.status <> 'withdrawn' AND c.opened_at >= :start
      AND c.opened_at < :end
UNION ALL
SELECT 2, NULL, NULL, lo, hi, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0 FROM b"""


def cube(rng: DateRange, *, trucks: bool = True, previous: bool = False) -> Cube:
    """All figures of the range per day (and per truck); with ``previous``, the total of the
    period of the same length just before it too. One query, any size."""
    d = dialect()
    versions = policy_versions()
    version_case, thresholds = _policy_case(versions)
    packed = f"({d.late()} * 8 + {FAULT_CODE}) * {len(thresholds)} + {version_case}"
    before = rng.previous()
    lowest = before.first if previous else rng.first
    tz = company_tz()
    params = {"first": d.date(rng.first), "last": d.date(rng.last),
              "before_first": d.date(before.first), "before_last": d.date(before.last),
              "lowest": d.date(lowest), "start": d.instant(local_day_bounds(lowest, tz)[0]),
              "end": d.instant(local_day_bounds(rng.last, tz)[1])}
    arms = [_jobs_sql(d, packed, ":first", ":last", trucks)]
    if previous:  # the period before: per day only, its trucks are never shown
        arms.append(_jobs_sql(d, packed, ":before_first", ":before_last", False))
    sql = (f"WITH b AS ({d.id_bounds(':lowest', ':last')}),\n{_money_sql(d)}"
           + "\nUNION ALL".join(arms) + "\nUNION ALL" + _money_arms(trucks))
    return _collect(d.run(sql, params), rng.first.isoformat(), trucks, previous, thresholds, tz)


def _collect(rows, first: str, trucks: bool, previous: bool, thresholds, tz: str) -> Cube:
    """Roll the (day, truck) partials up per day, per truck and in total."""
    days: dict[str, list] = {}
    by_truck: dict[int, list] = {}
    earlier = _acc()
    bounds = (0, -1)
    last_key = day_acc = None
    for row in rows:  # a day's rows come together: its accumulator is looked up once
        kind, key, truck, n, a, f, late = row[:7]
        if kind == 2:
            bounds = (n, a) if n is not None else (0, -1)
            continue
        if kind == 3:  # a complaint without a job: the local day it was opened
            key, late = _local_day(late, tz), None
        if kind == 4:  # a truck's money and complaints
            targets = (by_truck.get(truck) or by_truck.setdefault(truck, _acc()),)
        else:
            if key != last_key:
                last_key, day = key, key if isinstance(key, str) else key.isoformat()
                day_acc = earlier if day < first else (
                    days.get(day) or days.setdefault(day, _acc()))
            targets = (day_acc,) if truck is None or day_acc is earlier else (
                day_acc, by_truck.get(truck) or by_truck.setdefault(truck, _acc()))
        for acc in targets:
            acc[0] += n
            acc[1] += a
            acc[2] += f
            if late:
                acc[3].append(late)
            if kind:
                for i, value in enumerate(row[7:], 4):
                    acc[i] += int(value or 0)
    decode = _decoder(thresholds)
    by_day = {day: _figures(acc, decode) for day, acc in days.items()}
    per_truck = {truck: _figures(acc, decode) for truck, acc in by_truck.items()}
    total = Figures()
    for figures in by_day.values():  # complaints without a job have a day but no truck
        total.add(figures)
    return Cube(by_day, per_truck, total, bounds,
                _figures(earlier, decode) if previous else None)


def _acc() -> list:
    """jobs, arrived, free, late lists, tier 1-3 rewards, moved, cents, certificates, redeemed,
    complaints"""
    return [0, 0, 0, [], 0, 0, 0, 0, 0, 0, 0, 0]


def _local_day(instant, tz: str) -> str:
    return _UTC.python_value(instant).astimezone(zone(tz)).date().isoformat()


def _figures(acc: list, decode: dict) -> Figures:
    jobs, arrived, free, late, t1, t2, t3, moved, cents, certs, redeemed, complaints = acc
    figures = Figures(jobs, arrived, free, reward_tiers=[t1, t2, t3], reschedule_rewards=moved,
                      rewards_cents=cents, certificates_issued=certs,
                      certificates_redeemed=redeemed, complaints=complaints)
    figures._pending, figures._decode = late, decode
    return figures


def _decoder(thresholds) -> dict:
    """packed text -> (minutes, tier by minutes, fault); filled as values are first seen."""
    n = len(thresholds)

    def decode(value: str) -> tuple[int, int, str]:
        rest, version = divmod(int(value), n)
        minutes, fault = divmod(rest, 8)
        t1, t2, t3 = thresholds[version]
        tier = 3 if minutes >= t3 else 2 if minutes >= t2 else 1 if minutes >= t1 else 0
        return minutes, tier, FAULTS[fault]

    class Decoded(dict):
        def __missing__(self, value: str):
            self[value] = found = decode(value)
            return found

    return Decoded()


def _unpack(figures: Figures, late: str, decode: dict) -> None:
    """Count a group's packed late arrivals: each distinct value is decoded once."""
    minutes_seen = figures._counts
    tiers, faults = figures._tiers, figures._faults
    for value, count in Counter(late.split(",")).items():
        minutes, tier, fault = decode[value]
        minutes_seen[minutes] += count
        tiers[tier] += count
        faults[fault] += count


def job_id_bounds(rng: DateRange) -> tuple[int, int]:
    """Lowest and highest job id dated in the range: bounds for reading rewards, complaints."""
    d = dialect()
    lo, hi = d.run(f"SELECT min(id), max(id) FROM job {d.hint('job_stats_cover')} "
                   "WHERE local_date BETWEEN :first AND :last",
                   {"first": d.date(rng.first), "last": d.date(rng.last)})[0]
    return (lo, hi) if lo is not None else (0, -1)


def truck_names() -> dict[int, str]:
    from models.schema import Truck

    return {t.id: t.name for t in Truck.select(Truck.id, Truck.name)}


def day_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


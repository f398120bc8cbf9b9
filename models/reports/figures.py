"""On-time, lateness, reward and complaint figures per day and per truck, in one query.

The query reads the summary cells (one per local day and truck, see cells.py) of the range
and of the period before it, adds them up per day, per truck and in total inside the
database, and computes the days whose cells are out of date from the facts in the same
statement; Python only sees a few hundred rows. Late arrivals travel as one packed integer
each (minutes, fault, tier) in comma-joined lists; a list is counted, not walked, so tiers,
faults, the average and the 90th percentile cost a few thousand distinct values however
many jobs there are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from models.company import company_tz
from models.db import UtcField
from models.reports import cells
from models.reports.complaints import ComplaintFigures, median_of
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
    goodwill_cents: int = 0  # goodwill rewards by hand, not void: apart from rewards_cents
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

    def _settle(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            _unpack(self, ",".join(pending))

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

    @property
    def goodwill_value(self) -> Decimal:
        return Decimal(self.goodwill_cents) / 100

    def add(self, other: Figures) -> None:
        for name in ("jobs", "arrived", "free_jobs", "reschedule_rewards", "rewards_cents",
                     "goodwill_cents", "certificates_issued", "certificates_redeemed",
                     "complaints"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other._pending:
            self._pending += other._pending
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
    """Figures of a range per local date (ISO text) and per truck id, their total and the
    range's complaint figures (systemic causes apart: see complaints.add_systemic_causes)."""

    by_day: dict[str, Figures]
    by_truck: dict[int, Figures]
    total: Figures
    complaints: ComplaintFigures
    previous: Figures | None = None  # the period just before, when asked for
    previous_complaints: ComplaintFigures | None = None


def _source(table: str, cond: str) -> str:
    """The summary rows of ``table`` (stats_day or stats_cell) a condition on ``local_date``
    picks: clean days as stored, dirty days as computed from the facts (``fresh``, per day
    and truck, which the caller's grouping adds up either way)."""
    columns = ", ".join(("local_date", "truck_id" if table == "stats_cell" else
                         "CAST(NULL AS INTEGER)", *cells.COLUMNS))
    fresh = ", ".join(("local_date", "truck_id", *cells.COLUMNS))
    return (f"(SELECT {columns} FROM {table} WHERE {cond} AND local_date NOT IN "
            f"(SELECT local_date FROM stats_dirty) UNION ALL "
            f"SELECT {fresh} FROM fresh WHERE {cond}) c")


def _read_sql(d: Dialect, trucks: bool, previous: bool) -> str:
    """kind 0 per day, 1 per truck (this range), 2 the period before in total, 3 one row per
    complaint without a job (dated by the local day it was opened, in Python)."""
    sums = cells.sums(d)
    this = "local_date BETWEEN :first AND :last"
    arms = [f"SELECT 0, CAST(local_date AS TEXT), CAST(NULL AS INTEGER), {sums} "
            f"FROM {_source('stats_day', this)} GROUP BY local_date"]
    if trucks:
        arms.append(f"SELECT 1, NULL, truck_id, {sums} FROM {_source('stats_cell', this)} "
                    "GROUP BY truck_id")
    if previous:
        before = _source("stats_day", "local_date BETWEEN :before_first AND :before_last")
        arms.append(f"SELECT 2, NULL, NULL, {sums} FROM {before}")
    arms.append(_no_job_complaints(d))
    fresh = cells.build_sql(d, "j.local_date IN (SELECT local_date FROM stats_dirty "
                               "WHERE local_date BETWEEN :lowest AND :last)")
    return f"WITH fresh AS MATERIALIZED ({fresh})\n" + "\nUNION ALL\n".join(arms)


def _no_job_complaints(d: Dialect) -> str:
    """Complaints without a job, one row each, in the shape of a cell."""
    flag = "CASE WHEN {} THEN 1 ELSE 0 END"
    values = {
        "complaints": "1",
        **{f"fault_{f}": flag.format(f"c.fault = '{f}'") for f in FAULTS},
        **{f"outcome_{o}": flag.format(f"c.status = 'closed' AND c.outcome = '{o}'")
           for o in cells.OUTCOMES},
        "follow_ups_due": "(SELECT count(*) FROM follow_up f WHERE f.complaint_id = c.id "
                          "AND c.resolved_at IS NOT NULL)",
        "follow_ups_on_time": "(SELECT count(*) FROM follow_up f WHERE f.complaint_id = c.id "
                              "AND c.resolved_at IS NOT NULL AND f.done_at IS NOT NULL "
                              f"AND f.done_at <= {d.plus_day('f.due_at')})",
        "late": "CAST(NULL AS TEXT)",
        "answered": f"CAST({d.millis('c.first_response_at', 'c.opened_at')} AS TEXT)",
        "resolved": f"CAST({d.millis('c.resolved_at', 'c.opened_at')} AS TEXT)",
    }
    columns = ", ".join(values.get(c, "0") for c in cells.COLUMNS)
    # Withdrawn complaints never were (the crew was on time after all): they are left out.
    return (f"SELECT 3, CAST(c.opened_at AS TEXT), CAST(NULL AS INTEGER), {columns} "
            "FROM complaint c WHERE c.job_id IS NULL AND c.status <> 'withdrawn' "
            "AND c.opened_at >= :start AND c.opened_at < :end")


def cube(rng: DateRange, *, trucks: bool = True, previous: bool = False) -> Cube:
    """All figures of the range per day (and per truck), its complaint figures; with
    ``previous``, the totals of the period of the same length just before it too.
    One statement, any size: it reads the summary cells (see cells.py)."""
    d = dialect()
    before = rng.previous()
    lowest = before.first if previous else rng.first
    tz = company_tz()
    params = {"first": d.date(rng.first), "last": d.date(rng.last),
              "before_first": d.date(before.first), "before_last": d.date(before.last),
              "lowest": d.date(lowest), "start": d.instant(local_day_bounds(lowest, tz)[0]),
              "end": d.instant(local_day_bounds(rng.last, tz)[1])}
    rows = d.run(_read_sql(d, trucks, previous), params)
    return _collect(rows, rng.first.isoformat(), previous, tz)


_N = len(cells.COUNTS)
_COMPLAINT_COLUMNS = slice(cells.COUNTS.index(f"fault_{FAULTS[0]}"), _N)  # faults .. follow-ups
_COMPLAINTS = cells.COUNTS.index("complaints")


def _collect(rows, first: str, previous: bool, tz: str) -> Cube:
    """The query's rows (see _read_sql) as figures per day, per truck, in total, before."""
    by_day: dict[str, Figures] = {}
    by_truck: dict[int, Figures] = {}
    earlier = Figures()
    complaints = (_ComplaintSums(), _ComplaintSums())  # this range, the period before
    for kind, key, truck, *values in rows:
        counts, lists = values[:_N], values[_N:]
        if kind == 2:
            _add(earlier, counts, lists)
            complaints[1].add(counts, lists)
            continue
        if kind == 3:  # a complaint without a job: the local day it was opened
            key = _local_day(key, tz)
            if key < first:
                earlier.complaints += 1
                complaints[1].add(counts, lists)
                continue
        if kind == 1:
            _add(by_truck.setdefault(truck, Figures()), counts, lists)
            continue
        _add(by_day.setdefault(str(key), Figures()), counts, lists)
        complaints[0].add(counts, lists)
    total = Figures()
    for figures in by_day.values():
        total.add(figures)
    return Cube(by_day, by_truck, total, complaints[0].figures(),
                earlier if previous else None,
                complaints[1].figures() if previous else None)


def _add(figures: Figures, counts, lists) -> None:
    (jobs, arrived, free, t1, t2, t3, moved, cents, certificates, redeemed,
     complaints) = (int(v or 0) for v in counts[:11])
    figures.jobs += jobs
    figures.arrived += arrived
    figures.free_jobs += free
    for i, n in enumerate((t1, t2, t3)):
        figures.reward_tiers[i] += n
    figures.reschedule_rewards += moved
    figures.rewards_cents += cents
    figures.certificates_issued += certificates
    figures.certificates_redeemed += redeemed
    figures.complaints += complaints
    if lists[0]:
        figures._pending.append(lists[0])


class _ComplaintSums:
    """Complaint counts and time lists added up over rows, then made into figures."""

    def __init__(self) -> None:
        self.counts = [0] * (_COMPLAINT_COLUMNS.stop - _COMPLAINT_COLUMNS.start)
        self.total = 0
        self.answered: list[str] = []
        self.resolved: list[str] = []

    def add(self, counts, lists) -> None:
        self.total += int(counts[_COMPLAINTS] or 0)
        for i, value in enumerate(counts[_COMPLAINT_COLUMNS]):
            self.counts[i] += int(value or 0)
        if lists[1]:
            self.answered.append(lists[1])
        if lists[2]:
            self.resolved.append(lists[2])

    def figures(self) -> ComplaintFigures:
        n_faults, n_outcomes = len(FAULTS), len(cells.OUTCOMES)
        faults = self.counts[:n_faults]
        outcomes = self.counts[n_faults:n_faults + n_outcomes]
        due, on_time = self.counts[n_faults + n_outcomes:]
        figures = ComplaintFigures(
            total=self.total, by_fault=dict(zip(FAULTS, faults)),
            outcomes={o: n for o, n in zip(cells.OUTCOMES, outcomes) if n},
            follow_ups_due=due, follow_ups_on_time=on_time)
        if self.answered:
            figures.median_response_minutes = median_of(",".join(self.answered), 60_000)
        if self.resolved:
            figures.median_resolution_hours = median_of(",".join(self.resolved), 3_600_000)
        return figures


def _local_day(instant, tz: str) -> str:
    return _UTC.python_value(instant).astimezone(zone(tz)).date().isoformat()


def _unpack(figures: Figures, late: str) -> None:
    """Count a group's packed late arrivals: each distinct value is decoded once."""
    minutes_seen = figures._counts
    tiers, faults = figures._tiers, figures._faults
    for value, count in Counter(late.split(",")).items():
        minutes, fault, tier = cells.decode_late(int(value))
        minutes_seen[minutes] += count
        tiers[tier] += count
        faults[fault] += count


def truck_names() -> dict[int, str]:
    from models.schema import Truck

    # Unassigned jobs are counted under truck id 0 (cells.UNASSIGNED).
    return {0: "(unassigned)", **{t.id: t.name for t in Truck.select(Truck.id, Truck.name)}}


"""What the owner's dashboard shows for a range, and the jobs behind any bar of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import rules
from models.company import policy_at, policy_versions
from models.db import UtcField
from models.reports.complaints import ComplaintFigures, add_systemic_causes
from models.reports.dialect import dialect
from models.reports.figures import Figures, cube, truck_names
from models.reports.goodwill import add_goodwill
from models.reports.period import DateRange, key_of, natural_by
from models.reports.table import grouped

_UTC = UtcField()


@dataclass
class DashboardData:
    rng: DateRange
    by: str
    total: Figures
    previous: Figures
    complaints: ComplaintFigures
    previous_complaints: ComplaintFigures
    series: list[tuple[str, Figures]]  # per day / week / month, empty ones included
    trucks: list[tuple[str, Figures]]
    truck_ids: dict[str, int]


def dashboard(rng: DateRange, by: str | None = None) -> DashboardData:
    """Everything on the dashboard: this range per period and truck, the previous one's total."""
    by = by or natural_by(rng)
    data = cube(rng, previous=True)
    add_goodwill(data, rng)
    complaints, previous_complaints = data.complaints, data.previous_complaints
    add_systemic_causes(rng, complaints, previous_complaints)
    names = truck_names()
    return DashboardData(
        rng, by, data.total, data.previous, complaints, previous_complaints,
        grouped(data, rng, by), grouped(data, rng, "truck"),
        {name: truck_id for truck_id, name in names.items()})


def change(now: float | None, before: float | None, *, points: bool = False) -> str:
    """'+3.5' style change against the previous period ('' when either side is unknown)."""
    if now is None or before is None:
        return ""
    diff = now - before
    if points:
        return f"{diff:+.1f} pts"
    if before == 0:
        return "new" if now else "same"
    return f"{100.0 * diff / before:+.0f} %"


def headlines(d: DashboardData, currency: str = "") -> list[tuple[str, str, str]]:
    """(label, value, change against the previous period) for the top of the dashboard;
    money is shown with ``currency`` in front and thousands grouped."""
    t, p = d.total, d.previous
    c, pc = d.complaints, d.previous_complaints
    blank = lambda v, fmt="{}": "" if v is None else fmt.format(v)  # noqa: E731
    return [
        ("On time", blank(t.on_time_pct, "{} %"), change(t.on_time_pct, p.on_time_pct,
                                                         points=True)),
        ("Late arrivals", str(t.late), change(t.late, p.late)),
        ("Average minutes late", blank(t.avg_minutes_late),
         change(t.avg_minutes_late, p.avg_minutes_late)),
        ("90 % arrive within (min late)", blank(t.p90_minutes_late),
         change(t.p90_minutes_late, p.p90_minutes_late)),
        ("Rewards", f"{t.rewards} ({currency}{t.rewards_value:,.2f})",
         change(float(t.rewards_value), float(p.rewards_value))),
        ("Free jobs", str(t.free_jobs), change(t.free_jobs, p.free_jobs)),
        ("Certificates issued / redeemed", f"{t.certificates_issued} / "
         f"{t.certificates_redeemed}", change(t.certificates_issued, p.certificates_issued)),
        ("Complaints", str(c.total), change(c.total, pc.total)),
        ("Median first response (min)", blank(c.median_response_minutes),
         change(c.median_response_minutes, pc.median_response_minutes)),
        ("Median time to resolve (h)", blank(c.median_resolution_hours),
         change(c.median_resolution_hours, pc.median_resolution_hours)),
        ("Follow-ups done on time", f"{c.follow_ups_on_time} of {c.follow_ups_due}", ""),
        ("Word of mouth (told well / badly)", f"{c.told_favourably} / {c.told_unfavourably}",
         ""),
    ]


@dataclass(frozen=True)
class JobLine:
    job_id: int
    date: str
    truck: str
    customer: str
    window_start: dt.datetime
    status: str
    arrived_at: dt.datetime | None
    minutes_late: int | None
    tier: int  # by minutes, 0 when not late
    fault: str


JOB_HEADER = ("job_id", "date", "truck", "customer", "window_start", "status", "arrived_at",
              "minutes_late", "tier", "fault")


UNASSIGNED = "(unassigned)"  # truck id 0 in the figures: jobs booked without a truck


def _truck_filter(truck_id: int | None) -> str:
    if truck_id is None:
        return ""
    return "AND j.truck_id IS NULL" if truck_id == 0 else "AND j.truck_id = :truck"


def jobs_behind(rng: DateRange, *, group: str | None = None, by: str | None = None,
                truck_id: int | None = None, tier: int | None = None,
                fault: str | None = None) -> list[JobLine]:
    """The jobs a bar stands for: a period (``group`` of ``by``), a truck, a tier, a fault.

    ``tier`` 0 means late but under the first threshold; any tier or fault lists late jobs.
    """
    d = dialect()
    sql = f"""
SELECT j.id, j.local_date, COALESCE(t.name, '{UNASSIGNED}'), c.name, j.window_start_utc,
       j.status, s.at, {d.late()}, j.window_end_utc, j.fault
FROM job j LEFT JOIN truck t ON t.id = j.truck_id JOIN customer c ON c.id = j.customer_id
LEFT JOIN stamp s ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = {d.true}
WHERE j.local_date BETWEEN :first AND :last AND j.status <> 'rescheduled'
      {_truck_filter(truck_id)}
ORDER BY j.local_date, t.name, j.window_start_utc, j.id"""
    params = {"first": d.date(rng.first), "last": d.date(rng.last), "truck": truck_id}
    versions = policy_versions()
    lines = []
    for (job_id, day, truck, customer, start, status, arrived, late, end,
         job_fault) in d.run(sql, params):
        if group is not None and key_of(dt.date.fromisoformat(str(day)), by) != group:
            continue
        end_at = _UTC.python_value(end)
        level = rules.tier_for(late or 0, policy_at(end_at, versions))
        if (tier is not None or fault is not None) and not late:
            continue
        if (tier is not None and level != tier) or (fault is not None and job_fault != fault):
            continue
        lines.append(JobLine(job_id, str(day), truck, customer, _UTC.python_value(start),
                             status, _UTC.python_value(arrived),
                             (late or 0) if arrived else None, level, job_fault))
    return lines

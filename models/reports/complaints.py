"""Complaint figures of a range: by fault, response and resolution times, follow-ups,
systemic causes and the word-of-mouth estimate. One query whatever the range."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field

from models.company import company_tz
from models.db import UtcField
from models.reports.dialect import dialect
from models.reports.figures import job_id_bounds
from models.reports.indexes import SYSTEMIC_STEP
from models.reports.period import DateRange
from models.rules import FAULTS, local_day_bounds, zone

# People a customer tells, by how the complaint ended (DOMAIN.md).
FAVOURABLE = {"great": 10, "good": 3}
UNFAVOURABLE = {"bad": 25, "really_bad": 50}
OUTCOMES = (*FAVOURABLE, *UNFAVOURABLE)
_UTC = UtcField()


@dataclass(frozen=True)
class SystemicCause:
    complaint_id: int
    day: str
    root_cause: str
    change: str


@dataclass
class ComplaintFigures:
    """Complaints dated by their job's day (or the local day they were opened without one);
    the counts per day and per truck are in figures.cube."""

    total: int = 0
    by_fault: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULTS, 0))
    outcomes: dict[str, int] = field(default_factory=dict)
    median_response_minutes: float | None = None
    median_resolution_hours: float | None = None
    follow_ups_due: int = 0
    follow_ups_on_time: int = 0
    systemic: list[SystemicCause] = field(default_factory=list)

    @property
    def told_favourably(self) -> int:
        return sum(self.outcomes.get(k, 0) * n for k, n in FAVOURABLE.items())

    @property
    def told_unfavourably(self) -> int:
        return sum(self.outcomes.get(k, 0) * n for k, n in UNFAVOURABLE.items())


def complaint_figures(rng: DateRange, job_ids: tuple[int, int] | None = None
                      ) -> ComplaintFigures:
    """``job_ids``: bounds holding the range's job ids when the caller already knows them."""
    return complaint_periods(rng, job_ids)[0]


def complaint_periods(rng: DateRange, job_ids: tuple[int, int] | None = None, *,
                      previous: bool = False) -> tuple[ComplaintFigures, ComplaintFigures]:
    """The range's complaint figures and (with ``previous``) those of the period of the same
    length just before it, in one query; ``job_ids`` must then cover both periods."""
    d = dialect()
    tz = company_tz()
    first = rng.previous().first if previous else rng.first
    job_ids = job_ids or job_id_bounds(DateRange(first, rng.last))
    start, split = local_day_bounds(first, tz)[0], rng.utc_bounds(tz)[0]
    end = rng.utc_bounds(tz)[1]
    fault = ", ".join(f"count(*) FILTER (WHERE fault = '{f}')" for f in FAULTS)
    outcome = ", ".join(f"count(*) FILTER (WHERE status = 'closed' AND outcome = '{o}')"
                        for o in OUTCOMES)
    text = "CAST(NULL AS TEXT)"
    pad = ", ".join(["CAST(NULL AS BIGINT)"] * (len(FAULTS) + len(OUTCOMES)))
    pad_less_one = pad.split(", ", 1)[1]
    # Withdrawn complaints never were (the crew was on time after all): they are left out.
    # Each complaint is read once (by its job's id, then the job by its row id); one pass
    # over those rows counts faults, outcomes and the times, per period.
    sql = f"""
WITH c AS MATERIALIZED (
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, j.local_date AS d, j.truck_id AS t,
         CASE WHEN j.local_date >= :first THEN 1 ELSE 0 END AS pe,
         {d.millis("c.first_response_at", "c.opened_at")} AS answered,
         {d.millis("c.resolved_at", "c.opened_at")} AS resolved
  FROM complaint c {d.hint("complaint_stats_cover")} {d.cross_join} job j ON j.id = c.job_id
  WHERE c.job_id BETWEEN :lo AND :hi AND c.status <> 'withdrawn'
        AND j.local_date BETWEEN :lowest AND :last
  UNION ALL
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, NULL, NULL,
         CASE WHEN c.opened_at >= :split THEN 1 ELSE 0 END,
         {d.millis("c.first_response_at", "c.opened_at")},
         {d.millis("c.resolved_at", "c.opened_at")}
  FROM complaint c
  WHERE c.job_id IS NULL AND c.status <> 'withdrawn' AND c.opened_at >= :start
        AND c.opened_at < :end)
SELECT 'sum', pe, CAST(NULL AS DATE), CAST(NULL AS INTEGER), CAST(NULL AS TIMESTAMP),
       count(*), {fault}, {outcome}, {d.concat("answered")}, {d.concat("resolved")}
FROM c GROUP BY pe
UNION ALL SELECT 'follow_up', pe, NULL, NULL, NULL, count(*),
       count(*) FILTER (WHERE f.done_at IS NOT NULL AND f.done_at <= {d.plus_day("f.due_at")}),
       {pad_less_one}, {text}, {text}
FROM c JOIN follow_up f ON f.complaint_id = c.id WHERE c.resolved IS NOT NULL GROUP BY pe
UNION ALL SELECT 'systemic', 1, j.local_date, NULL, c.opened_at, c.id, {pad}, st.data, {text}
FROM complaint_step st {d.hint("complaint_step_systemic")}
{d.cross_join} complaint c ON c.id = st.complaint_id
LEFT JOIN job j ON j.id = c.job_id
WHERE {SYSTEMIC_STEP}
      AND st.complaint_id BETWEEN (SELECT min(id) FROM c) AND (SELECT max(id) FROM c)
      AND c.status <> 'withdrawn'
      AND (CASE WHEN c.job_id IS NULL THEN c.opened_at >= :split AND c.opened_at < :end
           ELSE j.local_date BETWEEN :first AND :last END)
"""
    params = {"first": d.date(rng.first), "last": d.date(rng.last), "lowest": d.date(first),
              "lo": job_ids[0], "hi": job_ids[1], "start": d.instant(start),
              "split": d.instant(split), "end": d.instant(end)}
    out = (ComplaintFigures(), ComplaintFigures())
    for kind, pe, day, truck, at, count, *rest in d.run(sql, params):
        figures = out[0 if pe else 1]
        if kind == "sum":
            _sums(figures, int(count), rest)
        elif kind == "follow_up":
            figures.follow_ups_due, figures.follow_ups_on_time = int(count), int(rest[0] or 0)
        elif kind == "systemic":
            cause = _systemic(int(count), day, at, rest[-2], tz)
            if cause:
                figures.systemic.append(cause)
    for figures in out:
        figures.systemic.sort(key=lambda c: (c.day, c.complaint_id))
    return out


def _sums(figures: ComplaintFigures, total: int, rest: list) -> None:
    faults, outcomes = rest[:len(FAULTS)], rest[len(FAULTS):len(FAULTS) + len(OUTCOMES)]
    answered, resolved = rest[-2:]
    figures.total = total
    figures.by_fault = {f: int(n) for f, n in zip(FAULTS, faults)}
    figures.outcomes = {o: int(n) for o, n in zip(OUTCOMES, outcomes) if n}
    if answered:
        figures.median_response_minutes = _median(answered, 60_000)
    if resolved:
        figures.median_resolution_hours = _median(resolved, 3_600_000)


def _median(values: str, unit: int) -> float:
    """The median of comma-joined whole milliseconds, in ``unit`` milliseconds, 1 decimal."""
    return round(statistics.median(sorted(map(int, values.split(",")))) / unit, 1)


def _systemic(complaint_id: int, day, opened, data: str, tz: str) -> SystemicCause | None:
    """A step 9 answer that names a systemic cause, else None."""
    try:
        answer = json.loads(data)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("systemic") is not True:
        return None
    if day is None:  # no job: the local day it was opened
        day = _UTC.python_value(opened).astimezone(zone(tz)).date()
    day = day if isinstance(day, str) else day.isoformat()
    return SystemicCause(complaint_id, day, str(answer.get("root_cause", "")),
                         str(answer.get("change", "")))

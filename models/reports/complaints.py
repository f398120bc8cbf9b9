"""Complaint figures of a range: by fault, response and resolution times, follow-ups,
systemic causes and the word-of-mouth estimate. One query whatever the range."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, field

from models.company import company_tz
from models.db import UtcField
from models.reports.dialect import dialect
from models.reports.figures import job_id_bounds
from models.reports.period import DateRange
from models.rules import FAULTS, local_day_bounds, zone

# People a customer tells, by how the complaint ended (DOMAIN.md).
FAVOURABLE = {"great": 10, "good": 3}
UNFAVOURABLE = {"bad": 25, "really_bad": 50}
_UTC = UtcField()


@dataclass(frozen=True)
class SystemicCause:
    complaint_id: int
    day: str
    root_cause: str
    change: str


@dataclass
class ComplaintFigures:
    """Complaints dated by their job's day (or the local day they were opened without one)."""

    total: int = 0
    by_fault: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULTS, 0))
    by_day: dict[str, int] = field(default_factory=dict)
    by_truck: dict[int, int] = field(default_factory=dict)
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
    # Withdrawn complaints never were (the crew was on time after all): they are left out.
    sql = f"""
WITH c AS MATERIALIZED (
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, c.first_response_at,
         c.resolved_at, j.local_date AS d, j.truck_id AS t,
         CASE WHEN j.local_date >= :first THEN 1 ELSE 0 END AS pe
  FROM complaint c {d.hint("complaint_stats_cover")} {d.cross_join} job j ON j.id = c.job_id
  WHERE c.job_id BETWEEN :lo AND :hi AND c.status <> 'withdrawn'
        AND j.local_date BETWEEN :lowest AND :last
  UNION ALL
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, c.first_response_at,
         c.resolved_at, NULL, NULL, CASE WHEN c.opened_at >= :split THEN 1 ELSE 0 END
  FROM complaint c
  WHERE c.job_id IS NULL AND c.status <> 'withdrawn' AND c.opened_at >= :start
        AND c.opened_at < :end)
SELECT 'day', pe, d, CAST(NULL AS INTEGER), CAST(NULL AS TIMESTAMP), CAST(NULL AS TEXT),
  count(*), CAST(NULL AS BIGINT), CAST(NULL AS TEXT) FROM c
  WHERE d IS NOT NULL AND pe = 1 GROUP BY pe, d
UNION ALL SELECT 'opened', pe, NULL, NULL, opened_at, NULL, 1, NULL, NULL FROM c
  WHERE d IS NULL AND pe = 1
UNION ALL SELECT 'truck', pe, NULL, t, NULL, NULL, count(*), NULL, NULL FROM c
  WHERE t IS NOT NULL AND pe = 1 GROUP BY pe, t
UNION ALL SELECT 'fault', pe, NULL, NULL, NULL, fault, count(*), NULL, NULL FROM c
  GROUP BY pe, fault
UNION ALL SELECT 'outcome', pe, NULL, NULL, NULL, outcome, count(*), NULL, NULL FROM c
  WHERE status = 'closed' GROUP BY pe, outcome
UNION ALL SELECT 'response', pe, NULL, NULL, NULL, NULL, count(*), NULL,
  {d.concat(d.minutes("first_response_at", "opened_at"))} FROM c
  WHERE first_response_at IS NOT NULL GROUP BY pe
UNION ALL SELECT 'resolution', pe, NULL, NULL, NULL, NULL, count(*), NULL,
  {d.concat(d.minutes("resolved_at", "opened_at") + " / 60.0")} FROM c
  WHERE resolved_at IS NOT NULL GROUP BY pe
UNION ALL SELECT 'follow_up', pe, NULL, NULL, NULL, NULL, count(*),
  count(*) FILTER (WHERE f.done_at IS NOT NULL AND f.done_at <= {d.plus_day("f.due_at")}),
  NULL FROM c JOIN follow_up f ON f.complaint_id = c.id GROUP BY pe
UNION ALL SELECT 'systemic', pe, d, NULL, opened_at, NULL, c.id, NULL, st.data
  FROM c JOIN complaint_step st ON st.complaint_id = c.id AND st.number = 9
  WHERE pe = 1 AND (st.data LIKE :systemic OR st.data LIKE :compact)
"""
    params = {"first": d.date(rng.first), "last": d.date(rng.last), "lowest": d.date(first),
              "lo": job_ids[0], "hi": job_ids[1], "start": d.instant(start),
              "split": d.instant(split), "end": d.instant(end),
              "systemic": '%"systemic": true%', "compact": '%"systemic":true%'}
    out = (ComplaintFigures(), ComplaintFigures())
    for kind, pe, day, truck, at, label, count, extra, values in d.run(sql, params):
        figures = out[0 if pe else 1]
        if kind == "day":
            key = day if isinstance(day, str) else day.isoformat()
            figures.by_day[key] = figures.by_day.get(key, 0) + int(count)
        elif kind == "opened":
            key = _UTC.python_value(at).astimezone(zone(tz)).date().isoformat()
            figures.by_day[key] = figures.by_day.get(key, 0) + 1
        elif kind == "truck":
            figures.by_truck[truck] = int(count)
        elif kind == "fault":
            figures.by_fault[label] = figures.by_fault.get(label, 0) + int(count)
            figures.total += int(count)
        elif kind == "outcome" and label:
            figures.outcomes[label] = int(count)
        elif kind == "response" and values:
            figures.median_response_minutes = _median(values)
        elif kind == "resolution" and values:
            figures.median_resolution_hours = _median(values)
        elif kind == "follow_up":
            figures.follow_ups_due, figures.follow_ups_on_time = int(count), int(extra or 0)
        elif kind == "systemic":
            cause = _systemic(int(count), day, at, values, tz)
            if cause:
                figures.systemic.append(cause)
    for figures in out:
        figures.systemic.sort(key=lambda c: (c.day, c.complaint_id))
    return out


def _median(values: str) -> float:
    return round(statistics.median(map(float, values.split(","))), 1)


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

"""Complaint figures of a range: by fault, response and resolution times, follow-ups,
systemic causes and the word-of-mouth estimate. Two queries whatever the range."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from dataclasses import dataclass, field

from models.company import company_tz
from models.db import UtcField, db
from models.reports.figures import _hint, job_id_bounds
from models.reports.period import DateRange
from models.rules import FAULTS, zone

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


def _text(instant: dt.datetime) -> str:
    return _UTC.db_value(instant)


def complaint_figures(rng: DateRange, job_ids: tuple[int, int] | None = None
                      ) -> ComplaintFigures:
    """``job_ids``: the range's lowest and highest job id when the caller already knows them."""
    tz = company_tz()
    job_ids = job_ids or job_id_bounds(rng)
    start, end = rng.utc_bounds(tz)
    # Withdrawn complaints never were (the crew was on time after all): they are left out.
    base = """
WITH c AS MATERIALIZED (
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, c.first_response_at,
         c.resolved_at, j.local_date AS d, j.truck_id AS t
  FROM complaint c %s CROSS JOIN job j ON j.id = c.job_id
  WHERE c.job_id BETWEEN ?5 AND ?6 AND c.status <> 'withdrawn'
        AND j.local_date BETWEEN ?1 AND ?2
  UNION ALL
  SELECT c.id, c.fault, c.status, c.outcome, c.opened_at, c.first_response_at,
         c.resolved_at, NULL, NULL
  FROM complaint c
  WHERE c.job_id IS NULL AND c.status <> 'withdrawn' AND c.opened_at >= ?3 AND c.opened_at < ?4)
""" % _hint("complaint_stats_cover")
    sql = base + """
SELECT 'day', d, count(*) FROM c WHERE d IS NOT NULL GROUP BY d
UNION ALL SELECT 'opened', opened_at, 1 FROM c WHERE d IS NULL
UNION ALL SELECT 'truck', t, count(*) FROM c WHERE t IS NOT NULL GROUP BY t
UNION ALL SELECT 'fault', fault, count(*) FROM c GROUP BY fault
UNION ALL SELECT 'outcome', outcome, count(*) FROM c WHERE status = 'closed' GROUP BY outcome
UNION ALL SELECT 'response', group_concat((julianday(first_response_at) - julianday(opened_at))
                 * 1440.0), count(*) FROM c WHERE first_response_at IS NOT NULL
UNION ALL SELECT 'resolution', group_concat((julianday(resolved_at) - julianday(opened_at))
                 * 24.0), count(*) FROM c WHERE resolved_at IS NOT NULL
UNION ALL SELECT 'follow_up', count(*), sum(f.done_at IS NOT NULL
                 AND f.done_at <= datetime(f.due_at, '+1 day'))
          FROM c JOIN follow_up f ON f.complaint_id = c.id
UNION ALL SELECT 'systemic', c.id || '|' || coalesce(c.d, c.opened_at), st.data
          FROM c JOIN complaint_step st ON st.complaint_id = c.id AND st.number = 9
          WHERE st.data LIKE '%systemic%'
"""
    params = (rng.first.isoformat(), rng.last.isoformat(), _text(start), _text(end), *job_ids)
    out = ComplaintFigures()
    for kind, key, count in db.execute_sql(sql, params).fetchall():
        if kind == "day":
            out.by_day[key] = out.by_day.get(key, 0) + count
        elif kind == "opened":
            day = _UTC.python_value(key).astimezone(zone(tz)).date().isoformat()
            out.by_day[day] = out.by_day.get(day, 0) + 1
        elif kind == "truck":
            out.by_truck[key] = count
        elif kind == "fault":
            out.by_fault[key] = out.by_fault.get(key, 0) + count
            out.total += count
        elif kind == "outcome" and key:
            out.outcomes[key] = count
        elif kind == "response" and key:
            out.median_response_minutes = round(statistics.median(map(float, key.split(","))), 1)
        elif kind == "resolution" and key:
            out.median_resolution_hours = round(statistics.median(map(float, key.split(","))), 1)
        elif kind == "follow_up":
            out.follow_ups_due, out.follow_ups_on_time = int(key or 0), int(count or 0)
        elif kind == "systemic":
            cause = _systemic(key, count, tz)
            if cause:
                out.systemic.append(cause)
    out.systemic.sort(key=lambda c: (c.day, c.complaint_id))
    return out


def _systemic(key: str, data: str, tz: str) -> SystemicCause | None:
    """A step 9 answer that names a systemic cause, else None."""
    try:
        answer = json.loads(data)
    except ValueError:
        return None
    if not isinstance(answer, dict) or answer.get("systemic") is not True:
        return None
    complaint_id, day = key.split("|", 1)
    if len(day) > 10:  # no job: the local day it was opened
        day = _UTC.python_value(day).astimezone(zone(tz)).date().isoformat()
    return SystemicCause(int(complaint_id), day, str(answer.get("root_cause", "")),
                         str(answer.get("change", "")))

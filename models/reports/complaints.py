"""Complaint figures of a range: by fault, response and resolution times, follow-ups,
systemic causes and the word-of-mouth estimate. The counts come with the other figures
(figures.cube, from the summary cells); the systemic causes are one more small query."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from models.company import company_tz
from models.db import UtcField
from models.reports.dialect import dialect
from models.reports.indexes import SYSTEMIC_STEP
from models.reports.period import DateRange
from models.rules import FAULTS, zone

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


def complaint_figures(rng: DateRange) -> ComplaintFigures:
    return complaint_periods(rng)[0]


def complaint_periods(rng: DateRange, *, previous: bool = False
                      ) -> tuple[ComplaintFigures, ComplaintFigures]:
    """The range's complaint figures and (with ``previous``) those of the period of the same
    length just before it: the summary's counts (figures.cube) and the systemic causes."""
    from models.reports.figures import cube

    data = cube(rng, trucks=False, previous=previous)
    out = (data.complaints, data.previous_complaints or ComplaintFigures())
    add_systemic_causes(rng, *out)
    return out


def add_systemic_causes(rng: DateRange, current: ComplaintFigures,
                        before: ComplaintFigures | None = None) -> None:
    """Fill in the systemic causes named in step 9 of the range's complaints (and of the
    period before it): a few rows found through a small partial index."""
    d = dialect()
    tz = company_tz()
    earlier = rng.previous()
    split, end = rng.utc_bounds(tz)
    params = {"first": d.date(rng.first), "last": d.date(rng.last),
              "lowest": d.date(earlier.first), "start": d.instant(earlier.utc_bounds(tz)[0]),
              "split": d.instant(split), "end": d.instant(end)}
    sql = f"""
SELECT CAST(j.local_date AS TEXT), c.opened_at, c.id, st.data
FROM complaint_step st {d.hint("complaint_step_systemic")}
{d.cross_join} complaint c ON c.id = st.complaint_id
LEFT JOIN job j ON j.id = c.job_id
WHERE {SYSTEMIC_STEP} AND c.status <> 'withdrawn'
      AND (CASE WHEN c.job_id IS NULL THEN c.opened_at >= :start AND c.opened_at < :end
           ELSE j.local_date BETWEEN :lowest AND :last END)"""
    first = rng.first.isoformat()
    for day, opened, complaint_id, data in d.run(sql, params):
        cause = _systemic(int(complaint_id), day, opened, data, tz)
        if cause is None:
            continue
        target = current if cause.day >= first else before
        if target is not None:
            target.systemic.append(cause)
    for figures in (current, before):
        if figures is not None:
            figures.systemic.sort(key=lambda c: (c.day, c.complaint_id))


def median_of(values: str, unit: int) -> float:
    """The median of comma-joined whole milliseconds, in ``unit`` milliseconds, 1 decimal."""
    ordered = sorted(map(int, values.split(",")))
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value / unit, 1)


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

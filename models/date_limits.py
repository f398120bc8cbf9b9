"""The span of dates the program accepts anywhere: 2000-01-01 to 2100-12-31.

Year 1 or 9999 parse as dates, but a window there overflows once a zone offset or a day is
added (arrive, stats and migrate-to then fail), and no dispatch board books such a job.
"""

from __future__ import annotations

import datetime as dt

from models.errors import DomainError

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def in_span(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def check_day(day: dt.date, text: str | None = None) -> dt.date:
    """``day`` if it lies in the span; else a refusal naming the span."""
    if not in_span(day):
        shown = text if text is not None else day.isoformat()
        raise DomainError(f"'{shown}' is out of range: dates go from {FIRST_DAY.isoformat()} "
                          f"to {LAST_DAY.isoformat()}.")
    return day

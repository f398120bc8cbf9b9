"""The forecasts' history records, read from the jobs and their active stamps in one query.

A record is a job with an active arrival and an active completion: its service, truck,
booked duration, window, arrival, completion (minutes since its local midnight), the ZIP of
the customer's address (the last group of exactly five digits, if any), and the same truck's
previous completion and ZIP that day (by completion time). The previous job is found in the
same pass over the rows (ordered by truck, day and completion), never by a query per job.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from models.forecast.records import HistoryRecord
from models.forecast.timeline import DayClock
from models.reports.dialect import Dialect, dialect

_ZIP = re.compile(r"(?<!\d)\d{5}(?!\d)")


def zip_of(address: str | None) -> str | None:
    """The last group of exactly five digits in an address (``60614`` of ``… IL 60614-1234``)."""
    found = _ZIP.findall(address or "")
    return found[-1] if found else None


@dataclass(frozen=True)
class Row:
    """One record and where it came from (the learning decides which rows are new)."""

    record: HistoryRecord
    job_id: int
    truck_id: int
    local_date: dt.date
    newest_stamp: int  # the higher of its arrival's and completion's stamp ids


def crew_key(truck_id: int) -> str:
    """How the learned state names a crew: its truck's id (a renamed truck stays itself)."""
    return str(truck_id)


def _sql(d: Dialect, where: str) -> str:
    return f"""SELECT j.id, j.truck_id, j.local_date, j.tz, j.service, j.duration_minutes,
       j.window_start_utc, j.window_end_utc, cu.address, a.at, c.at, a.id, c.id
FROM job j
JOIN stamp a ON a.job_id = j.id AND a.kind = 'arrival' AND a.active = {d.true}
JOIN stamp c ON c.job_id = j.id AND c.kind = 'completion' AND c.active = {d.true}
JOIN customer cu ON cu.id = j.customer_id
WHERE j.truck_id IS NOT NULL AND a.id <= :mark AND c.id <= :mark{where}
ORDER BY j.truck_id, j.local_date, c.at, j.id"""


def all_rows(mark: int, first: dt.date | None = None, last: dt.date | None = None
             ) -> list[Row]:
    """Every record whose stamps are at most ``mark`` (within [first, last] when given)."""
    d = dialect()
    where, params = "", {"mark": mark}
    if first is not None:
        where += " AND j.local_date >= :first"
        params["first"] = d.date(first)
    if last is not None:
        where += " AND j.local_date <= :last"
        params["last"] = d.date(last)
    return _rows(d.run(_sql(d, where), params))


def touched_rows(after: int, mark: int) -> list[Row]:
    """The records of every (truck, day) that has a stamp in (after, mark]: the new records
    and the ones before them that day (their previous jobs, and the out-of-order check)."""
    d = dialect()
    touched = ("SELECT k.truck_id, k.local_date FROM stamp s JOIN job k ON k.id = s.job_id "
               "WHERE s.id > :after AND s.id <= :mark AND k.truck_id IS NOT NULL")
    pairs = {(int(t), _date(day)) for t, day in d.run(touched, {"after": after, "mark": mark})}
    if not pairs:
        return []
    days = sorted({day for _t, day in pairs})
    # Dialect.bind names are letters and underscores: day_b, day_c, ... day_bc
    names = {"day_" + "".join(chr(97 + int(c)) for c in str(i)): d.date(day)
             for i, day in enumerate(days)}
    where = f" AND j.local_date IN ({', '.join(':' + n for n in names)})"
    rows = _rows(d.run(_sql(d, where), {"mark": mark, **names}))
    return [r for r in rows if (r.truck_id, r.local_date) in pairs]


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _instant(value) -> dt.datetime:
    """A stored instant as naive UTC (SQLite gives text, PostgreSQL a naive datetime)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else \
            value.astimezone(dt.UTC).replace(tzinfo=None)
    return dt.datetime.fromisoformat(str(value))


def _rows(raw) -> list[Row]:
    out: list[Row] = []
    clocks: dict[tuple, dt.datetime] = {}
    prev_key = None
    prev_completed = prev_zip = None
    for (job_id, truck_id, local_date, tz, service, booked, w_start, w_end, address, arrived,
         completed, a_id, c_id) in raw:
        day = _date(local_date)
        midnight = clocks.get((day, tz))
        if midnight is None:
            midnight = DayClock(day, tz).midnight.replace(tzinfo=None)
            clocks[(day, tz)] = midnight

        def minutes(value) -> float:
            return (_instant(value) - midnight).total_seconds() / 60.0

        key = (truck_id, day)
        if key != prev_key:
            prev_key, prev_completed, prev_zip = key, None, None
        zip_code = zip_of(address)
        done = minutes(completed)
        record = HistoryRecord(service or "", crew_key(truck_id), float(booked),
                               minutes(w_start), minutes(w_end), minutes(arrived), done,
                               zip_code, prev_completed, prev_zip)
        out.append(Row(record, int(job_id), int(truck_id), day, max(int(a_id), int(c_id))))
        prev_completed, prev_zip = done, zip_code
    return out

"""import-jobs: the jobs CSV of INTERFACES.md, all rows or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from models import audit, rules
from models.company import company_tz, policy_at
from models.csvin import ImportRefused, Problem, read_table
from models.date_limits import FIRST_DAY, LAST_DAY, in_span
from models.db import write_tx
from models.errors import DomainError
from models.schema import Job, Reward, Stamp, Truck
from models.services.actor import Actor
from models.services.people import PALETTE
from models.text import is_number

REQUIRED = ("date", "window_start", "truck", "customer")
KNOWN = REQUIRED + ("external_id", "phone", "address", "service", "price", "duration", "notes")
LIMITS = {"external_id": 100, "truck": 60, "customer": 200, "phone": 40, "address": 500,
          "service": 200, "notes": 5000}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    external_id: str | None
    day: dt.date
    start: str
    window: tuple[dt.datetime, dt.datetime]
    truck: str
    customer: str
    phone: str
    address: str
    service: str | None
    price: Decimal | None
    duration: int | None
    notes: str | None


def _cell(cells: dict, name: str, line: int, problems: list[Problem]) -> str:
    value = cells.get(name, "").strip()
    if "\x00" in value:
        problems.append(Problem(line, name, "contains a NUL character"))
    elif len(value) > LIMITS.get(name, 10**9):
        problems.append(Problem(line, name, f"longer than {LIMITS[name]} characters"))
    return value


def _parse_row(line: int, cells: dict, tz: str, problems: list[Problem], windows: dict):
    count = len(problems)
    text = {n: _cell(cells, n, line, problems) for n in KNOWN}
    for name in REQUIRED:
        if not text[name] and len(problems) == count:
            problems.append(Problem(line, name, "is required but empty"))
    day = start = None
    if text["date"]:
        try:
            day = dt.date.fromisoformat(text["date"]) if len(text["date"]) == 10 else None
        except ValueError:
            day = None
        if day is None:
            problems.append(Problem(line, "date", f"'{text['date']}' is not a date "
                                    "(YYYY-MM-DD)"))
        elif not in_span(day):
            problems.append(Problem(line, "date", f"'{text['date']}' is out of range (dates "
                                    f"go from {FIRST_DAY} to {LAST_DAY})"))
            day = None
    if text["window_start"]:
        parts = text["window_start"].split(":")
        if (len(parts) == 2 and all(is_number(p) for p in parts) and len(parts[1]) == 2
                and int(parts[0]) < 24 and int(parts[1]) < 60):
            start = dt.time(int(parts[0]), int(parts[1]))
        else:
            problems.append(Problem(line, "window_start", f"'{text['window_start']}' is not a "
                                    "time (HH:MM, 24-hour)"))
    window = None
    if day and start:
        key = (day, start)
        if key not in windows:
            try:
                windows[key] = rules.window_bounds(day, start, tz)
            except DomainError as exc:
                windows[key] = exc
        window = windows[key]
        if isinstance(window, DomainError):
            problems.append(Problem(line, "window_start", str(window)))
    price = duration = None
    if text["price"]:
        try:
            price = Decimal(text["price"])
            if not price.is_finite() or price < 0 or price.as_tuple().exponent < -2 \
                    or price >= Decimal("1e9"):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(line, "price", f"'{text['price']}' is not an amount of "
                                    "0 or more with at most 2 decimals"))
    if text["duration"]:
        if is_number(text["duration"]) and 1 <= int(text["duration"]) <= 720:
            duration = int(text["duration"])
        else:
            problems.append(Problem(line, "duration", f"'{text['duration']}' is not a whole "
                                    "number of minutes from 1 to 720"))
    if len(problems) > count:
        return None
    present = cells.keys()
    return _Row(line, text["external_id"] or None, day, start.strftime("%H:%M"), window,
                text["truck"], text["customer"], text["phone"], text["address"],
                text["service"] if "service" in present else None,
                price.quantize(Decimal("0.01")) if price is not None else None, duration,
                text["notes"] if "notes" in present else None)


def import_jobs(path, actor: Actor, now: dt.datetime, create_missing: bool = False
                ) -> ImportResult:
    table = read_table(path, REQUIRED, KNOWN)
    result = ImportResult(warnings=list(table.warnings))
    if not table.rows:
        result.warnings.append("The file has a header but no rows; nothing was imported.")
        return result
    tz = company_tz()
    problems: list[Problem] = []
    windows: dict = {}
    rows = [r for line, cells in table.rows
            if (r := _parse_row(line, cells, tz, problems, windows)) is not None]
    seen: dict[str, int] = {}
    for row in rows:
        if row.external_id:
            if row.external_id in seen:
                problems.append(Problem(row.line, "external_id", f"'{row.external_id}' is also "
                                        f"on line {seen[row.external_id]}"))
            seen.setdefault(row.external_id, row.line)
    with write_tx():
        trucks = {t.name: t.id for t in Truck.select(Truck.id, Truck.name)}
        missing = sorted({r.truck for r in rows if r.truck not in trucks})
        if missing and not create_missing:
            first = {}
            for r in rows:
                first.setdefault(r.truck, r.line)
            problems += [Problem(first[name], "truck", f"there is no truck named '{name}' (add "
                                 "it, or import with --create-missing)") for name in missing]
        elif missing:
            problems += _bad_truck_names(missing, list(trucks), rows)
        existing = _existing_jobs([r.external_id for r in rows if r.external_id])
        for row in rows:
            job = existing.get(row.external_id)
            if job is not None:
                _check_update(row, job, problems)
        if problems:
            raise ImportRefused(sorted(problems, key=lambda p: (p.line, p.column)))
        for name in missing:
            trucks[name] = _create_truck(name, len(trucks), actor, now)
        _apply(rows, trucks, existing, actor, now, tz, result)
    return result


def _existing_jobs(ids: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for job in Job.select().where(Job.external_id.in_(chunk)):
            found[job.external_id] = {"job": job, "locked": None}
    if found:
        job_ids = [v["job"].id for v in found.values()]
        locked: set[int] = set()
        for start in range(0, len(job_ids), 900):
            chunk = job_ids[start:start + 900]
            locked |= {s.job_id for s in Stamp.select(Stamp.job).where(Stamp.job.in_(chunk))}
            locked |= {r.job_id for r in Reward.select(Reward.job).where(Reward.job.in_(chunk))}
        for value in found.values():
            job = value["job"]
            value["locked"] = (job.id in locked or job.rescheduled_from_id is not None
                               or job.status != "scheduled")
    return found


def _check_update(row: _Row, entry: dict, problems: list[Problem]) -> None:
    job = entry["job"]
    moved = (row.day, row.start) != (job.local_date, job.local_start)
    if moved and entry["locked"]:
        problems.append(Problem(row.line, "date" if row.day != job.local_date else
                                "window_start", f"job '{row.external_id}' is already "
                                f"{job.status} or stamped, rewarded or rescheduled; its window "
                                "cannot move by import (reschedule it instead)"))


def _bad_truck_names(missing: list[str], taken: list[str], rows) -> list[Problem]:
    """A truck the import would create gets the rules add-truck applies (models/names.py)."""
    from models.names import check_truck_name

    first: dict[str, int] = {}
    for r in rows:
        first.setdefault(r.truck, r.line)
    found, names = [], list(taken)
    for name in missing:
        try:
            check_truck_name(name, names)
        except DomainError as exc:
            found.append(Problem(first[name], "truck", str(exc)))
            continue
        names.append(name)
    return found


def _create_truck(name: str, index: int, actor: Actor, now: dt.datetime) -> int:
    truck = Truck.create(name=name, color=PALETTE[index % len(PALETTE)])
    audit.record(actor.name, "create", "truck", truck.id, new={"name": name}, at=now,
                 reason="import --create-missing")
    return truck.id


def _apply(rows, trucks, existing, actor, now, tz, result: ImportResult) -> None:
    from models.services.importing import apply_rows

    apply_rows(rows, trucks, existing, actor, now, tz, result, policy_at(now))

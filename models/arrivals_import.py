"""import-arrivals: many arrival (and completion) stamps at once, all or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.company import company_tz
from models.csvin import ImportRefused, Problem, read_table
from models.db import write_tx
from models.errors import DomainError
from models.schema import Job
from models.services import stamps
from models.services.actor import Actor
from models.text import as_id
from models.timefmt import parse_instant

KNOWN = ("external_id", "job_id", "arrived_at", "completed_at")


@dataclass
class ArrivalsResult:
    stamped: int = 0
    corrected: int = 0
    unchanged: int = 0
    warnings: list[str] | None = None
    events: list | None = None


def _parse(line: int, cells: dict, tz: str, problems: list[Problem]):
    ref = (cells.get("external_id") or "").strip() or (cells.get("job_id") or "").strip()
    if not ref:
        problems.append(Problem(line, "external_id", "give the job's external_id or job_id"))
        return None
    times = {}
    for column in ("arrived_at", "completed_at"):
        text = (cells.get(column) or "").strip()
        if not text:
            if column == "arrived_at":
                problems.append(Problem(line, column, "is required but empty"))
            continue
        try:
            times[column] = parse_instant(text, tz)
        except DomainError as exc:
            problems.append(Problem(line, column, str(exc)))
    if "arrived_at" not in times:
        return None
    if "completed_at" in times and times["completed_at"] < times["arrived_at"]:
        problems.append(Problem(line, "completed_at", "is before the arrival"))
        return None
    by_id = not (cells.get("external_id") or "").strip()
    return line, ref, by_id, times["arrived_at"], times.get("completed_at")


def import_arrivals(path, reason: str, actor: Actor, now: dt.datetime) -> ArrivalsResult:
    if not reason.strip():
        raise DomainError("import-arrivals needs --reason (e.g. 'crew log of 2026-11-23').")
    table = read_table(path, ("arrived_at",), KNOWN)
    result = ArrivalsResult(warnings=list(table.warnings), events=[])
    if not table.rows:
        result.warnings.append("The file has a header but no rows; nothing was imported.")
        return result
    if "external_id" not in [h.lower() for h in table.header] and "job_id" not in [
            h.lower() for h in table.header]:
        raise ImportRefused([Problem(1, "external_id", "the file needs an external_id or a "
                                     "job_id column")])
    tz = company_tz()
    problems: list[Problem] = []
    rows = [r for line, cells in table.rows if (r := _parse(line, cells, tz, problems))]
    with write_tx():
        seen: dict[int, int] = {}
        resolved = []
        for line, ref, by_id, arrived, completed in rows:
            if by_id:
                job = Job.get_or_none(Job.id == as_id(ref)) if as_id(ref) else None
            else:
                job = Job.get_or_none(Job.external_id == ref)
            column = "job_id" if by_id else "external_id"
            if job is None:
                problems.append(Problem(line, column, f"there is no job '{ref}'"))
                continue
            if job.id in seen:
                problems.append(Problem(line, column, f"job '{ref}' is also on line "
                                        f"{seen[job.id]}"))
                continue
            seen[job.id] = line
            resolved.append((line, job.id, arrived, completed))
        if problems:
            raise ImportRefused(sorted(problems, key=lambda p: p.line))
        for line, job_id, arrived, completed in resolved:
            try:
                _stamp(job_id, arrived, completed, reason, actor, now, result)
            except DomainError as exc:
                problems.append(Problem(line, "arrived_at", str(exc)))
        if problems:
            raise ImportRefused(problems)  # rolls back every stamp of the file
    return result


def _stamp(job_id, arrived, completed, reason, actor, now, result) -> None:
    had = stamps.lookup.active_stamp(job_id, "arrival")
    done = stamps.lookup.active_stamp(job_id, "completion")
    if done is not None and arrived > done.at and completed is None:
        raise DomainError("the job was completed before this arrival time")
    if done is not None and completed is not None and arrived > done.at:
        stamps.complete(job_id, completed, actor, now, reason)  # move the end first
        completed = None
    outcome = stamps.arrive(job_id, arrived, actor, now, reason)
    result.events += outcome.events
    if not outcome.changed:
        result.unchanged += 1
    elif had is None:
        result.stamped += 1
    else:
        result.corrected += 1
    if completed is not None:
        stamps.complete(job_id, completed, actor, now, reason)

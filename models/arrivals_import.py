"""import-arrivals: many arrival (and completion) stamps at once, all or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from models import arrivals_bulk, rules
from models.company import company_tz, policy_versions
from models.csvin import ImportRefused, Problem, read_table
from models.db import write_tx
from models.errors import DomainError
from models.schema import AuditEntry
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
    rows: list | None = None  # (line, job id, external id, stamped|corrected|unchanged, minutes)
    complaints: dict[str, int] = field(default_factory=dict)  # audit action -> how many


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


def import_arrivals(path, reason: str, actor: Actor, now: dt.datetime, log=None, *,
                    bulk: bool = True) -> ArrivalsResult:
    """Stamp every row of the file, or none. ``log`` (an arrivals_log.LogFile) gets one line
    per row, put in place only once the stamps are committed. ``bulk=False`` sends every
    row through the per-row service: the reference the bulk path is checked against."""
    if not reason.strip():
        raise DomainError("import-arrivals needs --reason (e.g. 'crew log of 2026-11-23').")
    table = read_table(path, ("arrived_at",), KNOWN)
    result = ArrivalsResult(warnings=list(table.warnings), events=[], rows=[])
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
    with arrivals_bulk.big_cache(), write_tx():
        first_entry = _last_audit_id()
        by_name, by_number, flagged = arrivals_bulk.load_targets(
            [(ref, by_id) for _, ref, by_id, _, _ in rows])
        seen: dict[int, int] = {}
        resolved = []
        for line, ref, by_id, arrived, completed in rows:
            target = by_number.get(as_id(ref)) if by_id else by_name.get(ref)
            column = "job_id" if by_id else "external_id"
            if target is None:
                problems.append(Problem(line, column, f"there is no job '{ref}'"))
                continue
            if target.id in seen:
                problems.append(Problem(line, column, f"job '{ref}' is also on line "
                                        f"{seen[target.id]}"))
                continue
            seen[target.id] = line
            resolved.append((line, target, arrived, completed))
        if problems:
            raise ImportRefused(sorted(problems, key=lambda p: p.line))
        batch = arrivals_bulk.Batch(actor, now, reason.strip(), policy_versions(), flagged)
        for line, target, arrived, completed in resolved:
            if bulk and arrivals_bulk.simple(target, arrived, completed, now):
                outcome = batch.add(target, arrived, completed)
            else:
                result.events += batch.flush()
                try:
                    outcome = _stamp(target.id, arrived, completed, reason, actor, now, result)
                except DomainError as exc:
                    problems.append(Problem(line, "arrived_at", str(exc)))
                    continue
                if target.customer_id in flagged and not arrivals_bulk.still_flagged(
                        target.customer_id):
                    flagged.discard(target.customer_id)
            setattr(result, outcome, getattr(result, outcome) + 1)
            result.rows.append((line, target.id, target.external_id, outcome,
                                rules.minutes_late(target.window_end_utc, arrived)))
        if problems:
            raise ImportRefused(problems)  # rolls back every stamp of the file
        result.events += batch.flush()
        result.complaints = _complaint_counts(first_entry)
        if log is not None:
            log.write(result)  # a temporary file: a failure here still changes nothing
    if log is not None:
        log.put_in_place()
    return result


def _last_audit_id() -> int:
    return AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0


def _complaint_counts(after: int) -> dict[str, int]:
    """Complaints this import opened, reopened and withdrew, from its audit entries."""
    query = (AuditEntry.select(AuditEntry.action, fn.COUNT(AuditEntry.id))
             .where((AuditEntry.id > after) & (AuditEntry.entity == "complaint"))
             .group_by(AuditEntry.action).tuples())
    return dict(query)


def _stamp(job_id, arrived, completed, reason, actor, now, result) -> str:
    """One row through the per-row services; what it did to the arrival."""
    had = stamps.lookup.active_stamp(job_id, "arrival")
    done = stamps.lookup.active_stamp(job_id, "completion")
    if done is not None and arrived > done.at and completed is None:
        raise DomainError("the job was completed before this arrival time")
    if done is not None and completed is not None and arrived > done.at:
        stamps.complete(job_id, completed, actor, now, reason)  # move the end first
        completed = None
    outcome = stamps.arrive(job_id, arrived, actor, now, reason)
    result.events += outcome.events
    if completed is not None:
        stamps.complete(job_id, completed, actor, now, reason)
    if not outcome.changed:
        return "unchanged"
    return "stamped" if had is None else "corrected"

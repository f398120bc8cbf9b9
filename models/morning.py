"""The morning route sheets: which day is due, its file by date, written once (no Qt here).

The file in the folder is the record that a day was done: a day whose file exists is never
written again unless forced, and the file is created exclusively, so two desktops starting
at once cannot both write it. A morning missed because the app was closed is caught up at
the next start the same day; a day that has ended is not printed after the fact.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.company import DEFAULTS, get_setting
from models.route_sheets import RouteSheets, build_route_sheets
from models.rules import UTC, NonexistentLocalTime, local_to_utc, zone

Renderer = Callable[[RouteSheets, Path], int]


@dataclass(frozen=True)
class MorningPlan:
    day: dt.date  # the company's local date
    due_at: dt.datetime  # UTC instant the sheets fall due that day
    path: Path


@dataclass(frozen=True)
class MorningResult:
    status: str  # written | already | not_yet
    plan: MorningPlan
    pages: int = 0


def file_name(day: dt.date) -> str:
    return f"route-sheets-{day.isoformat()}.pdf"


def sheet_time(text: str) -> dt.time:
    """The setting ``route_sheet_time`` (HH:MM); a broken value falls back to 06:00."""
    try:
        hours, minutes = (int(x) for x in text.strip().split(":"))
        return dt.time(hours, minutes)
    except (ValueError, TypeError):
        hours, minutes = (int(x) for x in DEFAULTS["route_sheet_time"].split(":"))
        return dt.time(hours, minutes)


def sheet_folder(text: str) -> Path:
    """The setting ``route_sheet_folder``; empty means a folder in the user's documents."""
    if text.strip():
        return Path(text.strip()).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "OnTime Dispatch" / "Route sheets"


def due_instant(day: dt.date, at: dt.time, tz: str) -> dt.datetime:
    """``at`` on ``day`` in the zone, as UTC; a time skipped by spring-forward moves on an hour."""
    try:
        return local_to_utc(day, at, tz)
    except NonexistentLocalTime:  # the spring-forward gap: the first real minute after it
        naive = dt.datetime.combine(day, at) + dt.timedelta(hours=1)
        return naive.replace(tzinfo=zone(tz)).astimezone(UTC)


def plan_for(now: dt.datetime, folder: Path | None = None) -> MorningPlan:
    """Today's plan (the company's local today at ``now``), from the settings."""
    tz = get_setting("tz")
    day = now.astimezone(zone(tz)).date()
    at = sheet_time(get_setting("route_sheet_time"))
    folder = folder or sheet_folder(get_setting("route_sheet_folder"))
    return MorningPlan(day, due_instant(day, at, tz), folder / file_name(day))


def next_due(now: dt.datetime) -> dt.datetime:
    """The next instant the morning job should wake: today's time, or tomorrow's."""
    plan = plan_for(now)
    if now < plan.due_at:
        return plan.due_at
    tz = get_setting("tz")
    at = sheet_time(get_setting("route_sheet_time"))
    return due_instant(plan.day + dt.timedelta(days=1), at, tz)


def run_morning(now: dt.datetime, render: Renderer, *, force: bool = False,
                folder: Path | None = None) -> MorningResult:
    """Write today's sheets if they are due and not written yet (or always, if forced)."""
    plan = plan_for(now, folder)
    if not force and now < plan.due_at:
        return MorningResult("not_yet", plan)
    if not force and plan.path.exists():
        return MorningResult("already", plan)
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    sheets = build_route_sheets(plan.day, now)
    try:
        pages = write_atomically(plan.path, lambda tmp: render(sheets, tmp), replace=force)
    except FileExistsError:  # another desktop wrote it a moment ago
        return MorningResult("already", plan)
    return MorningResult("written", plan, pages)


def write_atomically(target: Path, write: Callable[[Path], int], *, replace: bool) -> int:
    """Write to a temporary file beside ``target``, then put it in place in one step.

    Readers never see half a PDF. Without ``replace`` the final step is exclusive: it raises
    FileExistsError when ``target`` appeared meanwhile (a hard link cannot overwrite).
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        result = write(tmp)
        if replace:
            os.replace(tmp, target)
        else:
            _link_exclusive(tmp, target)
        return result
    finally:
        tmp.unlink(missing_ok=True)


def _link_exclusive(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some shares): O_EXCL copy
        with open(target, "xb") as out, open(source, "rb") as src:
            out.write(src.read())

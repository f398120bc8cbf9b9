"""The nightly automatic backup: its settings, file names, which are due and which to delete."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.db import is_postgres, write_tx
from models.errors import DomainError
from models.rules import zone
from models.services.actor import Actor

DEFAULT_KEEP = 7
DEFAULT_TIME = dt.time(2, 0)
NAME = re.compile(r"^ontime-([0-9]{4}-[0-9]{2}-[0-9]{2})\.sqlite3$")
UTC = dt.timezone.utc


@dataclass(frozen=True)
class BackupSettings:
    folder: Path
    keep: int
    time: dt.time


def default_folder(db_target: str) -> Path:
    if is_postgres(db_target):
        import platformdirs

        return Path(platformdirs.user_data_dir("OnTimeDispatch", "OnTime")) / "backups"
    return Path(db_target).resolve().parent / "backups"


def _time(text: str) -> dt.time:
    match = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", text.strip())
    if not match:
        raise DomainError(f"'{text}' is not a time of day (HH:MM, 24-hour).")
    return dt.time(int(match[1]), int(match[2]))


def current_settings(db_target: str) -> BackupSettings:
    """The saved settings; a missing or unreadable value falls back to its default."""
    from models.company import get_setting

    folder = get_setting("backup_folder").strip()
    try:
        keep = max(1, int(get_setting("backup_keep") or DEFAULT_KEEP))
    except ValueError:
        keep = DEFAULT_KEEP
    try:
        at = _time(get_setting("backup_time") or "02:00")
    except DomainError:
        at = DEFAULT_TIME
    return BackupSettings(Path(folder) if folder else default_folder(db_target), keep, at)


def save_settings(folder: str, keep: int, at: str, actor: Actor, now: dt.datetime) -> None:
    """Change where, when and how many nightly backups are kept (owner only, audited)."""
    from models.company import get_setting, set_setting

    actor.require_owner("change the backup settings")
    if not 1 <= int(keep) <= 365:
        raise DomainError("Keep between 1 and 365 nightly backups.")
    new = {"backup_folder": folder.strip(), "backup_keep": str(int(keep)),
           "backup_time": _time(at).strftime("%H:%M")}
    with write_tx():
        old = {key: get_setting(key) for key in new}
        if old == new:
            return
        for key, value in new.items():
            set_setting(key, value)
        audit.record(actor.name, "settings", "backup", 1, old=old, new=new, at=now)


def file_name(day: dt.date) -> str:
    return f"ontime-{day.isoformat()}.sqlite3"


def _slot_instant(day: dt.date, at: dt.time, tz: str) -> dt.datetime:
    # A time in a spring-forward gap lands just after the gap (fold=0 keeps the old offset);
    # a repeated fall-back time means its first occurrence. Either way: once per local day.
    naive = dt.datetime.combine(day, at)
    return naive.replace(tzinfo=zone(tz), fold=0).astimezone(UTC)


def last_slot(now: dt.datetime, tz: str, at: dt.time) -> tuple[dt.date, dt.datetime]:
    """The local day and instant of the most recent backup time at or before ``now``."""
    day = now.astimezone(zone(tz)).date()
    instant = _slot_instant(day, at, tz)
    if instant > now:
        day -= dt.timedelta(days=1)
        instant = _slot_instant(day, at, tz)
    return day, instant


def next_slot(now: dt.datetime, tz: str, at: dt.time) -> dt.datetime:
    """The instant of the first backup time after ``now``."""
    day, _ = last_slot(now, tz, at)
    return _slot_instant(day + dt.timedelta(days=1), at, tz)


def backups_in(folder: Path) -> list[str]:
    """Our nightly files in ``folder``, oldest first (other files are never touched)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and NAME.match(p.name))


def due(now: dt.datetime, tz: str, at: dt.time, existing: list[str]) -> dt.date | None:
    """The day whose backup should be made now, or None when the latest one exists."""
    day, _ = last_slot(now, tz, at)
    return None if file_name(day) in existing else day


def to_delete(existing: list[str], keep: int) -> list[str]:
    """The nightly files beyond the newest ``keep``."""
    ours = sorted(name for name in existing if NAME.match(name))
    return ours[:-keep] if keep > 0 else ours


def run_nightly(now: dt.datetime, db_target: str) -> Path | None:
    """Make today's backup if it is due, then delete the oldest beyond the number kept.

    The statistics summary is brought up to date first (the night's quiet moment), so the
    backup and the next morning's dashboard both have every past day summarised."""
    from models.backup import backup_to
    from models.company import company_tz
    from models.reports import cells

    settings = current_settings(db_target)
    day = due(now, company_tz(), settings.time, backups_in(settings.folder))
    if day is None:
        return None
    try:
        settings.folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError(f"Cannot make the backup folder {settings.folder}: "
                          f"{exc.strerror or exc}.") from None
    cells.refresh()
    made = backup_to(settings.folder / file_name(day), force=True)
    for name in to_delete(backups_in(settings.folder), settings.keep):
        (settings.folder / name).unlink(missing_ok=True)
    _log(settings.folder, now, made)
    return made


LOG_NAME = "backups.log"


def _log(folder: Path, now: dt.datetime, made: Path) -> None:
    """A line per nightly backup with the audit trail's head, kept beside the backups: an
    anchor outside the database that a later ``check`` can be compared with."""
    from models.audit import head_line

    line = f"{now.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M}Z  {made.name}  {head_line()}\n"
    try:
        with open(folder / LOG_NAME, "a", encoding="utf-8") as handle:
            handle.write(line)
    except OSError:  # the backup itself is made; a log that cannot be written is no reason
        pass

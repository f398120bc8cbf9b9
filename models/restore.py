"""Restoring a backup: check a copy of it first, then replace the database all at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee

from models import audit
from models.db import bind, db, is_postgres, write_tx
from models.errors import DatabaseUnavailable, DomainError
from models.services.actor import Actor


SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class Restored:
    replaced_copy: Path | None  # what the database held before, or None if there was no file
    stamps: int
    jobs: int


@contextlib.contextmanager
def bound_to(path: Path, read_only: bool = True) -> Iterator[peewee.SqliteDatabase]:
    """Bind models/ to another SQLite file for a moment, then bind back what was there."""
    previous = db.obj
    pragmas = {"foreign_keys": 1, "query_only": 1 if read_only else 0}
    other = peewee.SqliteDatabase(str(path), pragmas=pragmas, timeout=10)
    try:
        other.connect()
        bind(other)
        yield other
    finally:
        other.close()
        db.initialize(previous)


def check_file(path: Path) -> list[str]:
    """Every problem in a backup file (as `check` finds them); empty when it is fit to use.

    The file itself is never opened: a private copy is judged (and, if it is of an earlier
    version, migrated), so nothing in the file can run against it or change it.
    """
    import tempfile

    from models.restore_check import check_copy

    with tempfile.TemporaryDirectory(prefix="ontime-check-") as folder:
        copy = Path(folder) / "backup.sqlite3"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            return [f"the file cannot be read ({exc.strerror or exc})"]
        return check_copy(copy)


def stage(source: Path, staging: Path) -> None:
    """Copy the backup to ``staging`` and check the copy; refuses (nothing replaced) if it
    cannot be copied or does not pass every check."""
    try:
        shutil.copyfile(source, staging)
    except OSError as exc:
        raise DomainError(f"Cannot copy {source}: {exc.strerror or exc}. "
                          "Nothing was replaced.") from None
    from models.restore_check import check_copy

    findings = check_copy(staging)  # an earlier version is migrated in the staged copy
    if findings:
        shown = "\n".join(findings[:20])
        raise DomainError(f"The backup {source} did not pass the checks; nothing was "
                          f"replaced.\n{shown}")


def _replaced_name(target: Path, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.name}.replaced-{stamp}")
    n = 2
    while candidate.exists():
        candidate = target.with_name(f"{target.name}.replaced-{stamp}-{n}")
        n += 1
    return candidate


def _open_live(target: Path) -> peewee.Database | None:
    from models import store

    store.close()
    try:
        return store.open_db(str(target))
    except DatabaseUnavailable as exc:
        store.close()
        if any(word in str(exc).lower() for word in ("locked", "busy")):
            raise DomainError("The database is busy in another program; close it (or wait a "
                              "moment) and restore again. Nothing was replaced.") from None
        return None  # missing or damaged: the file itself is replaced


def restore_database(backup: str | Path, target: str | Path, who: Callable[[], Actor],
                     now: dt.datetime) -> Restored:
    """Replace the database at ``target`` with ``backup`` after the backup passed every check.

    ``who`` gives the acting user; it is asked while the current database is bound, or, when
    that cannot be opened at all (damaged, missing), while the checked backup is bound. Only
    an owner may restore. A copy of what is replaced is kept next to the database. On any
    refusal or failure the database is left as it was.
    """
    if is_postgres(str(target)):  # before Path(), which would fold 'postgresql://'
        from models.restore_server import restore_server

        return restore_server(Path(backup), str(target), who, now)
    source, target = Path(backup), Path(target)
    if not source.is_file():
        raise DomainError(f"There is no backup file at {source}.")
    if target.exists() and source.resolve() == target.resolve():
        raise DomainError("That is the database itself; pick a backup file.")
    staging = target.with_name(target.name + ".restoring")
    try:
        stage(source, staging)
        live = _open_live(target)
        replaced: Path | None
        if live is not None:
            actor = who()
            actor.require_owner("restore a backup")
            replaced = _swap_pages(staging, live, target, now)
        else:
            with bound_to(staging):
                actor = who()
                actor.require_owner("restore a backup")
            replaced = _swap_files(staging, target, now)
            if _open_live(target) is None:
                raise DomainError(f"The restored database at {target} does not open; the "
                                  f"replaced file is at {replaced}.")
        with write_tx():
            audit.record(actor.name, "restore", "database", 1, at=now,
                         new={"from": str(source), "replaced_copy": str(replaced or "")})
        from models.schema import Job, Stamp

        return Restored(replaced, Stamp.select().count(), Job.select().count())
    finally:
        for leftover in (staging, *(Path(f"{staging}{suffix}") for suffix in SIDE_FILES)):
            leftover.unlink(missing_ok=True)


def _swap_pages(staging: Path, live: peewee.Database, target: Path, now) -> Path:
    """The database opens: copy it aside, then write the backup's pages into it in one step.

    SQLite's backup API writes the destination inside one transaction, so other programs
    that have the file open see either all of the old database or all of the new one.
    """
    from models.backup import backup_to

    replaced = backup_to(_replaced_name(target, now))
    source = sqlite3.connect(str(staging))
    try:
        source.backup(live.connection())
    except sqlite3.Error as exc:
        raise DomainError(f"The database could not be replaced ({exc}); it was left as it "
                          f"was. A copy is at {replaced}.") from None
    finally:
        source.close()
    return replaced


def _swap_files(staging: Path, target: Path, now) -> Path | None:
    """The database does not open (damaged or missing): move it aside, put the backup there."""
    replaced = None
    if target.exists():
        replaced = _replaced_name(target, now)
        shutil.copy2(target, replaced)
    for suffix in ("-wal", "-shm"):  # they belong to the old file; never apply them to the new
        old = Path(f"{target}{suffix}")
        if old.exists():
            if replaced is not None and suffix == "-wal":
                shutil.copy2(old, Path(f"{replaced}{suffix}"))
            old.unlink()
    os.replace(staging, target)
    return replaced

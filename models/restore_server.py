"""Restoring a backup file into a server database: checked first, replaced in one transaction.

A server's backups are SQLite files (see backup.py), so a restore reads such a file and puts
its rows in place of the server's, in one transaction that holds the write lock: every other
desktop waits a moment, then sees either the old data or the restored data, never a mix.
Emptying the tables takes the TRUNCATE right, which only the login that owns the tables (the
one that ran 'init') has; a desktop's least-privilege role is refused and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import peewee

from models import audit
from models.db import PG_WRITE_LOCK, write_tx
from models.errors import DomainError
from models.services.actor import Actor


def restore_server(source: Path, target: str, who: Callable[[], Actor], now: dt.datetime):
    """Replace the server database ``target`` with the backup file ``source``."""
    from models import store
    from models.restore import Restored, stage

    if not source.is_file():
        raise DomainError(f"There is no backup file at {source}.")
    with tempfile.TemporaryDirectory(prefix="ontime-restore-") as folder:
        staging = Path(folder) / "backup.sqlite3"
        stage(source, staging)
        store.close()
        live = store.open_db(target)
        actor = who()
        actor.require_owner("restore a backup")
        replaced = _keep_a_copy(target, now)
        _replace_rows(staging, live, replaced)
    with write_tx():
        audit.record(actor.name, "restore", "database", 1, at=now,
                     new={"from": str(source), "replaced_copy": str(replaced)})
    from models.schema import Job, Stamp

    return Restored(replaced, Stamp.select().count(), Job.select().count())


def _keep_a_copy(target: str, now: dt.datetime) -> Path:
    """What the server holds now, as a backup file in the backup folder."""
    from models.backup import backup_to
    from models.backup_schedule import current_settings

    folder = current_settings(target).folder
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"ontime-replaced-{stamp}.sqlite3"
    n = 2
    while path.exists():
        path = folder / f"ontime-replaced-{stamp}-{n}.sqlite3"
        n += 1
    try:
        return backup_to(path)
    except OSError as exc:
        raise DomainError(f"Cannot keep a copy of the server database in {folder}: "
                          f"{exc.strerror or exc}. Nothing was replaced.") from None


def _replace_rows(staging: Path, live: peewee.Database, replaced: Path) -> None:
    from models.forecast_db import table as forecast_table
    from models.reports import cells
    from models.restore import bound_to
    from models.schema import TABLES
    from models.store import SCHEMA_VERSION
    from models.transfer import copy_table, reset_sequences

    tables = ", ".join(f'"{m._meta.table_name}"' for m in TABLES)
    try:
        with bound_to(staging) as backup, live.atomic():
            live.execute_sql("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK,))
            live.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            # The backup's rows come with their own audit trail: the row triggers must not
            # add snapshots of the copy (nor the guards judge it) while it is put in place.
            for model in TABLES:
                live.execute_sql(f'ALTER TABLE "{model._meta.table_name}" DISABLE TRIGGER USER')
            for model in TABLES:
                copy_table(model, backup, live)
            reset_sequences(live)
            # the backup may come from an older version: its rows now sit in today's schema
            # (the staged copy was upgraded, so the version is the copy's own, unaudited)
            live.execute_sql("UPDATE setting SET value = %s WHERE key = 'schema_version'",
                             (str(SCHEMA_VERSION),))
            for model in TABLES:
                live.execute_sql(f'ALTER TABLE "{model._meta.table_name}" ENABLE TRIGGER USER')
            cells.rebuild_all(live)
            forecast_table.clear(live)  # learned from the replaced stamps: learn again
    except peewee.DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0]
        hint = (" Restore with the login that owns the tables (the one that ran 'init'); a "
                "desktop's own login may not empty them." if "permission" in reason.lower()
                else "")
        raise DomainError(f"The server database could not be replaced ({reason}); it was "
                          f"left as it was. A copy is at {replaced}.{hint}") from None

"""Copying a whole database, audit trail included, into a new one (SQLite <-> PostgreSQL)."""

# A copy is whole or it is not there. A new SQLite file is built under a temporary name in the
# same folder and renamed at the very end; a server database is filled in one transaction.
# Either way the schema version, which every command looks for first, is written last: a copy
# stopped half-way is refused by every command as an unfinished copy.

from __future__ import annotations

import os
import signal
from pathlib import Path

import peewee

from models import audit, audit_key, audit_rows, audit_server
from models.db import db, is_postgres, make_database
from models.forecast_db import table as forecast_table
from models.errors import DomainError
from models.reports import cells
from models.reports.indexes import ensure_indexes
from models.schema import TABLES, Setting

CHUNK = 2000
UNFINISHED = ".unfinished"  # the name a new SQLite copy has until it is whole
SIDE_FILES = ("-wal", "-shm", "-journal")
# Test-only: the copy kills its own process (SIGKILL) when it reaches step N (see _step);
# tests/cli/test_migrate_complete.py uses it to stop a copy at every step.
KILL_AT = "ONTIME_TEST_KILL_COPY_AT"


def copy_all(target: str) -> dict[str, int]:
    """Copy every row of the bound database into ``target`` (which must be new or empty).

    Rows keep their ids, so the audit chain and every link stay exactly as they were.
    Returns the number of rows copied per table.
    """
    if is_postgres(target):
        dest = make_database(target, create=True)
        try:
            with dest.atomic():  # PostgreSQL's DDL is transactional: all of it, or nothing
                return _fill(db.obj, dest)
        finally:
            dest.close()
    return _copy_to_file(db.obj, Path(target))


def _copy_to_file(source, target: Path) -> dict[str, int]:
    if target.exists():
        raise DomainError(f"{target} already exists; copy into a new file.")
    building = target.with_name(target.name + UNFINISHED)
    _remove(building)  # what a copy stopped earlier left behind
    dest = make_database(str(building), create=True)
    try:
        counts = _fill(source, dest)
        dest.execute_sql("PRAGMA journal_mode=DELETE")  # everything into the one file
        dest.close()
        _step("publish")
        _publish(building, target)
    except BaseException:
        dest.close()
        _remove(building)
        raise
    return counts


def _fill(source, dest) -> dict[str, int]:
    counts: dict[str, int] = {}
    with dest.bind_ctx(TABLES):
        if any(dest.table_exists(m._meta.table_name) for m in TABLES):
            raise DomainError("The target database already has OnTime Dispatch tables; "
                              "copy into an empty one.")
        dest.create_tables(TABLES)
    _step("tables")
    with source.atomic():  # one consistent snapshot of the source
        if isinstance(source, peewee.PostgresqlDatabase):
            source.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in TABLES:
            only = (Setting.key != "schema_version") if model is Setting else None
            counts[model._meta.table_name] = copy_table(model, source, dest, only)
            _step(model._meta.table_name)
        version = Setting.get(Setting.key == "schema_version").value
        db_id = Setting.get(Setting.key == audit_key.DB_ID_KEY).value
        key = audit.current_key()  # refuses here, before anything is published, if absent
    if isinstance(dest, peewee.PostgresqlDatabase):
        reset_sequences(dest)
    with dest.atomic():  # the statistics summary is built on the copy, not copied
        if not isinstance(dest, peewee.PostgresqlDatabase):
            ensure_indexes(dest)
        cells.install(dest)
        forecast_table.create_table(dest)  # empty: the first forecast on the copy learns
        _carry_audit_key(dest, db_id, key)
    _step("summary")
    with dest.bind_ctx([Setting]), dest.atomic():  # last: the copy is now whole
        Setting.create(key="schema_version", value=version)
        audit_rows.install(dest)  # after every row: copying them is not a change to record
        if isinstance(dest, peewee.PostgresqlDatabase):
            audit_server.install(dest)
    counts[Setting._meta.table_name] += 1
    _step("version")
    return counts


def _carry_audit_key(dest, db_id: str, key: bytes) -> None:
    """The copy keeps the original's audit id, so it needs the same key: in the server's own
    table for a server copy, in this computer's key store for a file."""
    if isinstance(dest, peewee.PostgresqlDatabase):
        audit_server.store_key(dest, key)
        return
    kept = audit_key.load_key(db_id)
    if kept is None:
        audit_key.store_key(db_id, key)
    elif kept != key:
        raise DomainError(f"This computer keeps a different audit key for database {db_id}; "
                          "the copy was not made (see the README, 'Audit key').")


def _publish(building: Path, target: Path) -> None:
    """Give the finished file its name, never over a file that appeared meanwhile."""
    try:
        os.link(building, target)  # fails if the name is taken
    except FileExistsError:
        raise DomainError(f"{target} appeared while the copy was made; it was left alone "
                          "and the copy removed.") from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise DomainError(f"{target} appeared while the copy was made.") from None
        os.replace(building, target)
    building.unlink(missing_ok=True)
    try:  # make the new name itself survive a power cut
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass


def _remove(path: Path) -> None:
    for name in (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)):
        name.unlink(missing_ok=True)


def _step(name: str) -> None:
    """Test-only hook: die here, as a kill at this moment would, if KILL_AT names this step."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def copy_table(model, source, dest, where=None) -> int:
    fields = model._meta.sorted_fields
    pk = model._meta.primary_key
    copied = 0
    last = None
    while True:
        query = model.select(*fields).order_by(pk).limit(CHUNK)
        if last is not None:
            query = query.where(pk > last)
        if where is not None:
            query = query.where(where)
        rows = list(query.tuples())  # read through the source binding
        if not rows:
            return copied
        with dest.bind_ctx([model]):
            with dest.atomic():
                model.insert_many(rows, fields=fields).execute()
        copied += len(rows)
        last = rows[-1][fields.index(pk)]


def reset_sequences(dest) -> None:
    for model in TABLES:
        pk = model._meta.primary_key
        if isinstance(pk, peewee.AutoField):
            table = model._meta.table_name
            dest.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk.column_name}'), "
                f"COALESCE((SELECT MAX(\"{pk.column_name}\") FROM \"{table}\"), 0) + 1, false)")

"""Copying a whole database, audit trail included, into a new one (SQLite <-> PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import peewee

from models.db import db, is_postgres, make_database
from models.errors import DomainError
from models.reports import cells
from models.reports.indexes import ensure_indexes
from models.schema import TABLES

CHUNK = 2000


def copy_all(target: str) -> dict[str, int]:
    """Copy every row of the bound database into ``target`` (which must be new or empty).

    Rows keep their ids, so the audit chain and every link stay exactly as they were.
    Returns the number of rows copied per table.
    """
    source = db.obj
    if not is_postgres(target) and Path(target).exists():
        raise DomainError(f"{target} already exists; copy into a new file.")
    dest = make_database(target, create=True)
    counts: dict[str, int] = {}
    try:
        with dest.bind_ctx(TABLES):
            if any(dest.table_exists(m._meta.table_name) for m in TABLES):
                raise DomainError("The target database already has OnTime Dispatch tables; "
                                  "copy into an empty one.")
            dest.create_tables(TABLES)
        with source.atomic():  # one consistent snapshot of the source
            if isinstance(source, peewee.PostgresqlDatabase):
                source.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in TABLES:
                counts[model._meta.table_name] = copy_table(model, source, dest)
        if isinstance(dest, peewee.PostgresqlDatabase):
            reset_sequences(dest)
        with dest.atomic():  # the statistics summary is built on the copy, not copied
            if not isinstance(dest, peewee.PostgresqlDatabase):
                ensure_indexes(dest)
            cells.install(dest)
    except BaseException:
        dest.close()
        if not is_postgres(target):
            Path(target).unlink(missing_ok=True)
        raise
    dest.close()
    return counts


def copy_table(model, source, dest) -> int:
    fields = model._meta.sorted_fields
    pk = model._meta.primary_key
    copied = 0
    last = None
    while True:
        query = model.select(*fields).order_by(pk).limit(CHUNK)
        if last is not None:
            query = query.where(pk > last)
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

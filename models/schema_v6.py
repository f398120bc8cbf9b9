"""Schema 6: a job may be booked before a truck is chosen (``job.truck_id`` may be empty)."""

from __future__ import annotations

import peewee
from playhouse.migrate import PostgresqlMigrator, migrate


def upgrade(database) -> None:
    """Let job.truck_id be empty; every row, index, trigger and foreign key stays as it is."""
    columns = {c.name: c for c in database.get_columns("job")}
    if columns["truck_id"].null:  # made by this version and marked older (tests)
        return
    if isinstance(database, peewee.PostgresqlDatabase):
        migrate(PostgresqlMigrator(database).drop_not_null("job", "truck_id"))
    else:
        drop_not_null_sqlite(database, "job", "truck_id")


def drop_not_null_sqlite(database, table: str, column: str) -> None:
    """Drop NOT NULL from one INTEGER column of an SQLite table, in place.

    SQLite documents this edit of the stored table definition for removing a NOT NULL
    constraint ("Making Other Kinds Of Table Schema Changes"): the rows on disk, the table's
    indexes, its triggers (the trail's row snapshots, the statistics' dirty marks) and the
    foreign keys pointing at it or from it are untouched, so nothing has to be recreated.
    Rebuilding the table instead needs foreign keys switched off, which SQLite only allows
    outside the migration's transaction.
    """
    (sql,) = database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    before = f'"{column}" INTEGER NOT NULL'
    if sql.count(before) != 1:
        raise RuntimeError(f"unexpected {table} table definition: {sql}")
    (version,) = database.execute_sql("PRAGMA schema_version").fetchone()
    database.execute_sql("PRAGMA writable_schema = ON")
    try:
        database.execute_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
            (sql.replace(before, f'"{column}" INTEGER'), table))
        database.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        database.execute_sql("PRAGMA writable_schema = OFF")

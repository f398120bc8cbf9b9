"""Schema 4: what a reward remembers of what the customer was told, and goodwill rewards."""

from __future__ import annotations

import peewee
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

from models.schema import Reward

NEW_COLUMNS = ("issued_tier", "issued_value", "customer", "goodwill_job", "goodwill_complaint")


def upgrade(database) -> None:
    """Add the new reward columns and let a reward have no job (goodwill)."""
    postgres = isinstance(database, peewee.PostgresqlDatabase)
    migrator = PostgresqlMigrator(database) if postgres else SqliteMigrator(database)
    columns = {c.name: c for c in database.get_columns("reward")}
    fields = [Reward._meta.fields[name] for name in NEW_COLUMNS]
    # Idempotent: a database made by this version and marked older (tests) already has them.
    migrate(*(migrator.add_column("reward", f.column_name, f) for f in fields
              if f.column_name not in columns))
    if not columns["job_id"].null:
        if postgres:
            migrate(migrator.drop_not_null("reward", "job_id"))
        else:
            _sqlite_job_optional(database)
    # Nothing to fill in: an older reward's customer is its job's, and an issued or redeemed
    # one remembers its own tier (see guarantee.told_tier). A reward raised before this
    # version had already forgotten what the customer was told.


def _sqlite_job_optional(database) -> None:
    """Drop NOT NULL from reward.job_id in place.

    SQLite documents this edit of the stored table definition for removing a NOT NULL
    constraint ("Making Other Kinds Of Table Schema Changes"): the rows on disk do not
    change. Rebuilding the table instead needs foreign keys switched off, which SQLite only
    allows outside the migration's transaction.
    """
    (sql,) = database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'reward'").fetchone()
    before = '"job_id" INTEGER NOT NULL'
    if sql.count(before) != 1:
        raise RuntimeError(f"unexpected reward table definition: {sql}")
    (version,) = database.execute_sql("PRAGMA schema_version").fetchone()
    database.execute_sql("PRAGMA writable_schema = ON")
    try:
        database.execute_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'reward'",
            (sql.replace(before, '"job_id" INTEGER'),))
        database.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        database.execute_sql("PRAGMA writable_schema = OFF")

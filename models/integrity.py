"""`check`: the database file, every foreign key, the audit chain and its head, and the
statistics summary against the facts it sums.

Beyond the chain itself, every row of the covered tables (users, trucks, customers, jobs,
stamps, rewards, complaints and their steps, follow-ups, the policy and settings) is replayed
from its snapshots in the trail (models/audit_rows.py): a row added, edited or removed
outside the program no longer matches what the trail says.
"""

from __future__ import annotations

import peewee

from models import audit_rows
from models.audit import verify_chain
from models.db import db
from models.reports import cells
from models.schema import TABLES

def check() -> list[str]:
    """Every problem found, one line each; an empty list means all is well."""
    from models.schema_check import findings as schema_findings

    findings, schema_is_ours = schema_findings()  # first, and alone if the schema is not ours
    if not schema_is_ours:
        return findings
    database = db.obj
    if isinstance(database, peewee.SqliteDatabase):
        for (line,) in database.execute_sql("PRAGMA integrity_check").fetchall():
            if line != "ok":
                findings.append(f"database file: {line}")
        for table, rowid, parent, _ in database.execute_sql("PRAGMA foreign_key_check"):
            findings.append(f"{table} row {rowid}: points to a missing {parent} row")
    else:  # the server enforces them, but a restore tool or a superuser can switch them off
        findings += _missing_parents()
    findings += verify_chain()
    findings += audit_rows.replay_all()
    findings += cells.verify()
    return findings


def _missing_parents() -> list[str]:
    """Rows whose foreign key names no row, found with one anti-join per key."""
    findings = []
    for model in TABLES:
        table = model._meta.table_name
        for field in model._meta.sorted_fields:
            if not isinstance(field, peewee.ForeignKeyField):
                continue
            parent = field.rel_model._meta.table_name
            key, parent_key = field.column_name, field.rel_field.column_name
            rows = db.execute_sql(
                f'SELECT c."{model._meta.primary_key.column_name}" FROM "{table}" c '
                f'LEFT JOIN "{parent}" p ON p."{parent_key}" = c."{key}" '
                f'WHERE c."{key}" IS NOT NULL AND p."{parent_key}" IS NULL ORDER BY 1')
            findings += [f"{table} row {row_id}: points to a missing {parent} row"
                         for (row_id,) in rows]
    return findings

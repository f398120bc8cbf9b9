"""`check`: the database file, every foreign key, the audit chain and its head, and the
statistics summary against the facts it sums.

Beyond the chain itself, stamps and rewards (money) are replayed from their audit rows: a row
added without its audit row, or edited in place, no longer matches what the trail says.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import peewee

from models.audit import verify_chain
from models.db import db
from models.reports import cells
from models.schema import TABLES, AuditEntry, Reward, Stamp

# What the trail records of each, and how to read the row's column for comparison.
STAMP_FIELDS = {"job": "job_id", "kind": "kind", "at": "at", "active": "active", "by": "by"}
REWARD_FIELDS = {"tier": "tier", "value": "value", "status": "status",
                 "certificate_code": "certificate_code",
                 "certificate_status": "certificate_status"}


def check() -> list[str]:
    """Every problem found, one line each; an empty list means all is well."""
    findings: list[str] = []
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
    findings += _replay(Stamp, "stamp", STAMP_FIELDS)
    findings += _replay(Reward, "reward", REWARD_FIELDS)
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


CREATED_BY = {"stamp": ("stamp", "correct"), "reward": ("create",)}


def _trail(entity: str) -> tuple[dict[int, dict], list[str]]:
    """The state each row should have, folded from the ``new`` values of its audit rows.

    Only rows whose creation is in the trail are known at all.
    """
    expected: dict[int, dict] = {}
    created: set[int] = set()
    findings = []
    rows = (AuditEntry.select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.action,
                              AuditEntry.new)
            .where(AuditEntry.entity == entity).order_by(AuditEntry.id).tuples())
    for audit_id, entity_id, action, new in rows:
        try:
            key = int(entity_id)
            values = json.loads(new) if new else {}
        except (ValueError, TypeError):
            findings.append(f"audit row {audit_id}: names {entity} '{entity_id}', which cannot "
                            "be read")
            continue
        if action == "delete":  # an undo took back a row the action had added
            expected.pop(key, None)
            created.discard(key)
            continue
        if action in CREATED_BY[entity]:
            created.add(key)
        if isinstance(values, dict):
            expected.setdefault(key, {}).update(values)
    return {k: v for k, v in expected.items() if k in created}, findings


def _same(recorded, actual) -> bool:
    if recorded is None or actual is None:
        return recorded is None and actual is None
    if isinstance(actual, bool) or isinstance(recorded, bool):
        return bool(recorded) == bool(actual)
    if isinstance(actual, Decimal) or isinstance(actual, int):
        try:
            return Decimal(str(recorded)) == Decimal(str(actual))
        except InvalidOperation:
            return False
    if hasattr(actual, "isoformat"):
        from models.audit import _plain

        return _plain(actual) == recorded
    return str(recorded) == str(actual)


def _replay(model, entity: str, fields: dict[str, str]) -> list[str]:
    expected, findings = _trail(entity)
    present: set[int] = set()
    for row in model.select().order_by(model.id):
        present.add(row.id)
        recorded = expected.get(row.id)
        if recorded is None:
            findings.append(f"{entity} {row.id}: has no audit row (added outside the program)")
            continue
        for key, column in fields.items():
            if key in recorded and not _same(recorded[key], getattr(row, column)):
                findings.append(f"{entity} {row.id}: its {key} differs from the audit trail "
                                "(changed outside the program)")
    findings += [f"{entity} {key}: the audit trail records it, but the row is gone (deleted "
                 "outside the program)" for key in sorted(set(expected) - present)]
    return findings

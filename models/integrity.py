"""`check`: the database file, every foreign key, the audit chain and its head."""

from __future__ import annotations

import peewee

from models.audit import verify_chain
from models.db import db
from models.schema import AuditEntry, Reward, Stamp


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
    findings += verify_chain()
    findings += _unaudited(Stamp, "stamp", ("stamp", "correct"))
    findings += _unaudited(Reward, "reward", ("create",))
    return findings


def _unaudited(model, entity: str, actions: tuple[str, ...]) -> list[str]:
    audited = (AuditEntry.select(AuditEntry.entity_id)
               .where((AuditEntry.entity == entity) & AuditEntry.action.in_(actions)))
    ids = {int(e.entity_id) for e in audited}
    return [f"{entity} {row.id}: has no audit row (added outside the program)"
            for row in model.select(model.id).order_by(model.id) if row.id not in ids]

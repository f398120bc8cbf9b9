"""Least privilege on a shared PostgreSQL server: what a desktop's login role may do."""

from __future__ import annotations

import re

import peewee

from models.db import db
from models.errors import DomainError
from models.reports.cells import SUMMARY_TABLES
from models.schema import TABLES, AuditEntry, Setting

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str) -> list[str]:
    """GRANTs for a desktop role: read and write the data, never drop or alter tables, and
    only append to the audit trail (no UPDATE or DELETE on it)."""
    if not ROLE_NAME.match(role):
        raise DomainError(f"'{role}' is not a plain PostgreSQL role name (a-z, 0-9, _).")
    statements = [f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"',
                  f'GRANT USAGE ON SCHEMA public TO "{role}"',
                  f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"']
    for model in TABLES:
        table = model._meta.table_name
        if model is AuditEntry:
            rights = "SELECT, INSERT"
        elif model is Setting:
            rights = "SELECT, INSERT, UPDATE"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {rights} ON "{table}" TO "{role}"')
    # The statistics summary: a copy of the facts that every change marks and any desktop
    # may rebuild (see models/reports/cells.py).
    for table in SUMMARY_TABLES:
        statements.append(f'GRANT SELECT, INSERT, DELETE ON "{table}" TO "{role}"')
    return statements


def grant_app_role(role: str) -> list[str]:
    """Apply the grants (run as the tables' owner); returns the statements run."""
    if not isinstance(db.obj, peewee.PostgresqlDatabase):
        raise DomainError("Roles are a PostgreSQL matter; an SQLite file has none.")
    statements = grant_statements(role)
    with db.atomic():
        for sql in statements:
            db.execute_sql(sql)
    return statements

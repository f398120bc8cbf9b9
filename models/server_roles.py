"""Least privilege on a shared PostgreSQL server: what a desktop's login role may do.

A desktop role reads and writes the day's work (jobs, stamps, rewards, complaints), but:
- never drops or alters tables, and never writes the audit trail itself: entries are appended
  and sealed by the server's own functions (models/audit_server.py), which name the login;
- cannot read the audit key, nor move the trail's head or the database's audit settings;
- cannot add users, change a role or a password hash, or edit the policy, unless it is in
  the owner group ``ontime_owners`` (``server-grant NAME --owner``);
- cannot void or lower an issued reward unless it is in that group (a trigger checks).
"""

from __future__ import annotations

import re

import peewee

from models.db import db
from models.errors import DomainError
from models.forecast_db.table import SUMMARY_TABLES as FORECAST_TABLES
from models.reports.cells import SUMMARY_TABLES
from models.schema import TABLES, AuditEntry, PolicyVersion, Setting, User

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
OWNER_GROUP = "ontime_owners"
SERVER_FUNCTIONS = ["ontime_audit_append(timestamp[], text[], text[], text[], text[], text[], "
                    "text[], text[])", "ontime_audit_seal(integer, text, timestamp)",
                    "ontime_audit_bad_seals(integer)"]


def _rights(model) -> list[tuple[str, str]]:
    """(privilege, column list or '') a desktop role gets on ``model``'s table."""
    if model is AuditEntry:
        return [("SELECT", "")]
    if model is User:  # sign-in reads the hash; only owners add users or change roles
        return [("SELECT", "")]
    if model is PolicyVersion:
        return [("SELECT", "")]
    if model is Setting:
        return [("SELECT", ""), ("INSERT", ""), ("UPDATE", "")]
    return [("SELECT", ""), ("INSERT", ""), ("UPDATE", ""), ("DELETE", "")]


OWNER_RIGHTS = [(User, "INSERT"), (User, "UPDATE"), (PolicyVersion, "INSERT")]


def grant_statements(role: str, owner: bool = False) -> list[str]:
    """GRANTs for a desktop role (and, with ``owner``, its place in the owner group)."""
    if not ROLE_NAME.match(role):
        raise DomainError(f"'{role}' is not a plain PostgreSQL role name (a-z, 0-9, _).")
    statements = [f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"',
                  f'GRANT USAGE ON SCHEMA public TO "{role}"',
                  f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"']
    for model in TABLES:
        table = model._meta.table_name
        rights = ", ".join(p + (f" ({c})" if c else "") for p, c in _rights(model))
        statements.append(f'GRANT {rights} ON "{table}" TO "{role}"')
    # The statistics summary: a copy of the facts that every change marks and any desktop
    # may rebuild (see models/reports/cells.py).
    for table in SUMMARY_TABLES:
        statements.append(f'GRANT SELECT, INSERT, DELETE ON "{table}" TO "{role}"')
    for table in FORECAST_TABLES:  # the forecasts' learned state: the same kind of copy
        statements.append(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO "{role}"')
    for function in SERVER_FUNCTIONS:
        statements.append(f'GRANT EXECUTE ON FUNCTION {function} TO "{role}"')
    statements.append(f'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '
                      f"'{OWNER_GROUP}') THEN CREATE ROLE {OWNER_GROUP} NOLOGIN; END IF; END $$")
    for model, privilege in OWNER_RIGHTS:
        statements.append(f'GRANT {privilege} ON "{model._meta.table_name}" TO {OWNER_GROUP}')
    statements.append(f'{"GRANT" if owner else "REVOKE"} {OWNER_GROUP} '
                      f'{"TO" if owner else "FROM"} "{role}"')
    return statements


def grant_app_role(role: str, owner: bool = False) -> list[str]:
    """Apply the grants (run as the tables' owner); returns the statements run.

    PostgreSQL answers a GRANT from a role that may not grant with a mere warning, so every
    right is read back afterwards: anything missing refuses the whole change."""
    if not isinstance(db.obj, peewee.PostgresqlDatabase):
        raise DomainError("Roles are a PostgreSQL matter; an SQLite file has none.")
    statements = grant_statements(role, owner)
    exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if exists is None:
        raise DomainError(f"The server has no role '{role}'; create it first "
                          f"(createuser {role}).")
    try:
        with db.atomic():
            for sql in statements:
                db.execute_sql(sql)
            missing = _missing_rights(role, owner)
            if missing:
                raise DomainError(
                    f"This login may not grant these rights ({', '.join(missing[:4])}"
                    f"{', …' if len(missing) > 4 else ''}); run server-grant as the role "
                    "that owns the tables. Nothing was changed.")
    except peewee.DatabaseError as exc:
        raise DomainError(f"The server refused the grants: {str(exc).splitlines()[0]}. "
                          "Run server-grant as the role that owns the tables; nothing was "
                          "changed.") from None
    return statements


def _missing_rights(role: str, owner: bool) -> list[str]:
    missing = []
    for model in TABLES:
        table = model._meta.table_name
        for privilege, _ in _rights(model):
            ok = db.execute_sql("SELECT has_table_privilege(%s, %s, %s)",
                                (role, f'public."{table}"', privilege)).fetchone()[0]
            if not ok:
                missing.append(f"{privilege} on {table}")
    if owner:
        member = db.execute_sql("SELECT pg_has_role(%s, %s, 'MEMBER')",
                                (role, OWNER_GROUP)).fetchone()[0]
        if not member:
            missing.append(f"membership of {OWNER_GROUP}")
    return missing

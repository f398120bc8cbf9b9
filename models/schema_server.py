"""A server database's schema against today's, built in a scratch schema and rolled back."""

# PostgreSQL's DDL is transactional: today's schema is built by store.create_schema in a new,
# empty schema inside a transaction, read from the catalog, and rolled back, so nothing is
# left behind. That needs the right to create a schema (the login that owns the tables has
# it); a desktop's own login does not, and then every table, column, index, trigger and
# function the models name is looked for by name, and any view, rule or other trigger or
# function in the schema is reported.

from __future__ import annotations

import os
import re

import peewee

from models.schema_check import Objects, compare


class _RolledBack(Exception):
    pass


def server_findings(database: peewee.PostgresqlDatabase, older: bool = False) -> list[str]:
    """One line per difference between the tables' schema and today's (``older``: see
    schema_check.compare)."""
    schema = database.execute_sql("SELECT current_schema()").fetchone()[0]
    actual = catalog(database, schema)
    expected = _expected(database)
    if expected is None:
        return _by_name(actual, older)
    return compare(actual, expected, older=older)


def _expected(database) -> Objects | None:
    from models.store import create_schema

    scratch = f"ontime_expected_{os.getpid()}"
    found: list[Objects] = []
    try:
        with database.atomic():
            try:
                database.execute_sql(f'CREATE SCHEMA "{scratch}"')
            except peewee.ProgrammingError as exc:
                if "permission" in str(exc).lower():
                    raise _RolledBack from None
                raise
            database.execute_sql(f'SET LOCAL search_path TO "{scratch}"')
            create_schema(database)
            found.append(catalog(database, scratch))
            raise _RolledBack
    except _RolledBack:
        pass
    return found[0] if found else None


def _clean(text: str | None, schema: str) -> str:
    text = (text or "").replace(f'"{schema}".', "").replace(f"{schema}.", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def catalog(database, schema: str) -> Objects:
    """Every relation, column, constraint, index, trigger, function and rule of ``schema``."""
    run = lambda sql: database.execute_sql(sql, (schema,)).fetchall()  # noqa: E731
    out: Objects = {}
    kinds = {"r": "table", "p": "table", "v": "view", "m": "view", "f": "table",
             "S": "sequence"}
    for name, kind, oid in run(
            "SELECT c.relname, c.relkind, c.oid FROM pg_class c JOIN pg_namespace n ON "
            "n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN "
            "('r','p','v','m','f','S')"):
        out[name] = (kinds[kind], name, None)
    columns: dict[str, list] = {}
    for table, column, kind, nullable, default in run(
            "SELECT table_name, column_name, "
            "format_type(a.atttypid, a.atttypmod), is_nullable, column_default "
            "FROM information_schema.columns ic JOIN pg_attribute a ON a.attname = "
            "ic.column_name AND a.attrelid = (quote_ident(ic.table_schema) || '.' || "
            "quote_ident(ic.table_name))::regclass WHERE ic.table_schema = %s"):
        columns.setdefault(table, []).append((column, kind, nullable,
                                               _clean(default, schema)))
    constraints: dict[str, list] = {}
    for table, name, definition in run(
            "SELECT cl.relname, co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint "
            "co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = "
            "cl.relnamespace WHERE n.nspname = %s"):
        constraints.setdefault(table, []).append((name, _clean(definition, schema)))
    for name, (kind, table, _) in list(out.items()):
        if kind == "table":
            out[name] = (kind, table, (tuple(sorted(columns.get(name, []))),
                                       tuple(sorted(constraints.get(name, [])))))
    for name, definition in run("SELECT viewname, definition FROM pg_views WHERE "
                                "schemaname = %s"):
        out[name] = ("view", name, _clean(definition, schema))
    for name, table, definition in run("SELECT indexname, tablename, indexdef FROM pg_indexes "
                                       "WHERE schemaname = %s"):
        out[name] = ("index", table, _clean(definition, schema))
    for name, table, definition in run(
            "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN "
            "pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND NOT t.tgisinternal"):
        out[f"{name} on {table}"] = ("trigger", table, _clean(definition, schema))
    # Functions an extension brings (pgcrypto's, for the audit seals) belong to it, not to
    # whoever could have planted them.
    for name, source in run("SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n "
                            "ON n.oid = p.pronamespace WHERE n.nspname = %s AND NOT EXISTS "
                            "(SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
                            "AND d.objid = p.oid AND d.deptype = 'e')"):
        out[f"{name}()"] = ("function", "", _clean(source, schema))
    for name, table, definition in run("SELECT rulename, tablename, definition FROM pg_rules "
                                       "WHERE schemaname = %s"):
        out[f"{name} on {table}"] = ("rule", table, _clean(definition, schema))
    return out


def audit_objects() -> set[str]:
    """The trail's triggers and the server's sealing functions, as _by_name names them."""
    import re

    from models import audit_rows, audit_server

    names = {f"audit_row_{m._meta.table_name} on {m._meta.table_name}"
             for m in audit_rows.COVERED}
    text = "\n".join([audit_rows.PG_FUNCTION, *audit_server.SERVER_SQL])
    names |= {f"{f}()" for f in re.findall(r"CREATE OR REPLACE FUNCTION (\w+)\(", text)}
    names |= {f"{t} on {table}" for t, table in
              re.findall(r"CREATE TRIGGER (\w+) BEFORE [A-Z ]+ ON (\w+)", text)}
    return names


def _by_name(actual: Objects, older: bool = False) -> list[str]:
    """Without the right to build a scratch schema: what the models name must be there, and
    nothing that runs by itself (a view, a rule, a trigger or function not ours) may be."""
    from models.forecast_db import table as forecast_table
    from models.reports import cell_triggers, cells
    from models.schema import TABLES

    out = []
    tables = {m._meta.table_name: [f.column_name for f in m._meta.sorted_fields]
              for m in TABLES}
    tables.update({name: [] for name in cells.SUMMARY_TABLES})
    tables.update({name: [] for name in forecast_table.SUMMARY_TABLES})
    for table, wanted in tables.items():
        have = actual.get(table)
        if have is None and older:
            continue
        if have is None or have[0] != "table":
            out.append(f"schema: the table '{table}' is missing")
            continue
        present = {c[0] for c in have[2][0]}
        out += [f"schema: the column '{table}.{c}' is missing" for c in wanted
                if c not in present]
    ours = {f"stats_{t} on {t}" for t in cell_triggers.WATCHED}
    ours |= {f"stats_mark_{t}()" for t in cell_triggers.WATCHED}
    ours |= audit_objects()
    for name, (kind, table, _) in sorted(actual.items()):
        if kind in ("view", "rule") or kind in ("trigger", "function") and name not in ours:
            out.append(f"schema: an extra {kind} '{name}' that this program never makes")
    out += [f"schema: the trigger '{name}' is missing" for name in sorted(ours)
            if name not in actual and not older]
    return out

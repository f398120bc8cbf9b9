"""Whether a database's schema is exactly the one this program makes (nothing extra or missing)."""

# The expected schema is never a hand-kept list: it is built, empty, through the code 'init'
# uses (store.create_schema) and read back, so a later schema version is expected as soon as
# it exists. Judging a schema reads only sqlite_master (or the server's catalog), so nothing a
# crafted file holds (a view, a trigger) runs while it is judged.

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable

import peewee

from models.db import db

# name -> (type, the table it belongs to, what must be equal)
Objects = dict[str, tuple[str, str, object]]
Run = Callable[[str], list]


def _norm(sql: str | None) -> str:
    """SQL with quoting, case and spacing made uniform (``IF NOT EXISTS`` is not part of it)."""
    text = re.sub(r'["`\[\]]', "", sql or "").lower()
    text = re.sub(r"\s+", " ", text).replace("if not exists ", "")
    return re.sub(r"\s*([(),;=])\s*", r"\1", text).strip()


def _top_level(body: str) -> list[str]:
    """``body`` split at the commas outside parentheses and quotes."""
    parts, current, depth, quote = [], [], 0, None
    for ch in body:
        if quote:
            quote = None if ch == quote else quote
        elif ch == "'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _table_signature(sql: str) -> object:
    """A table's columns and constraints in any order: ALTER TABLE ... ADD COLUMN appends a
    column where a fresh CREATE TABLE may have put it elsewhere, and both are the same table."""
    text = _norm(sql)
    if "(" not in text:
        return text
    head, rest = text.split("(", 1)
    body, tail = rest.rsplit(")", 1)
    return head, tuple(sorted(q for p in _top_level(body) for q in _split_reference(p))), tail


_INLINE_KEY = re.compile(r"^(\w+) (.*?) (references .*)$")


def _split_reference(part: str) -> list[str]:
    """A column declared with its foreign key inline (ALTER TABLE ... ADD COLUMN must) is the
    same as the column plus a table-level FOREIGN KEY, which CREATE TABLE writes."""
    found = _INLINE_KEY.match(part)
    if found is None or part.startswith(("foreign key", "primary key", "unique", "check")):
        return [part]
    column, kind, reference = found.groups()
    return [f"{column} {kind}", f"foreign key({column}){reference}"]


def sqlite_objects(run: Run) -> Objects:
    """Every table, index, trigger and view an SQLite database defines (not SQLite's own)."""
    out: Objects = {}
    for kind, name, table, sql in run("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if name.startswith("sqlite_"):  # SQLite's own (autoindexes follow the table's SQL)
            continue
        out[name] = (kind, table, _table_signature(sql) if kind == "table" else _norm(sql))
    return out


@functools.lru_cache(maxsize=1)
def expected_sqlite() -> Objects:
    """Today's schema as 'init' makes it, built in memory and read back."""
    memory = peewee.SqliteDatabase(":memory:")
    with _bound(memory):
        with memory.atomic():
            _create_schema(memory)
        return sqlite_objects(lambda sql: memory.execute_sql(sql).fetchall())


class _bound:
    """Bind models/ to ``other`` for a moment, then bind back what was there."""

    def __init__(self, other: peewee.Database) -> None:
        self.other, self.previous = other, None

    def __enter__(self):
        self.previous = db.obj
        self.other.connect(reuse_if_open=True)
        db.initialize(self.other)
        return self.other

    def __exit__(self, *exc) -> None:
        db.initialize(self.previous)
        if self.other is not self.previous:
            self.other.close()


def _create_schema(database) -> None:
    from models.store import create_schema

    create_schema(database)


def compare(actual: Objects, expected: Objects, *, older: bool = False) -> list[str]:
    """One line per difference. ``older``: a database of an earlier version, still to be
    migrated, may lack objects and have older definitions, but nothing of another kind or name."""
    out = []
    for name in sorted(set(actual) | set(expected)):
        have, want = actual.get(name), expected.get(name)
        if want is None:
            out.append(f"schema: an extra {have[0]} '{name}'{_on(have)} that this program "
                       "never makes")
        elif have is None:
            if not older:
                out.append(f"schema: the {want[0]} '{name}'{_on(want)} is missing")
        elif have[0] != want[0]:
            out.append(f"schema: '{name}' is a {have[0]}, where this program makes a {want[0]}")
        elif have[1] != want[1]:
            out.append(f"schema: the {have[0]} '{name}' belongs to '{have[1]}', not "
                       f"'{want[1]}'")
        elif have[2] != want[2] and not older:
            out.append(f"schema: the {have[0]} '{name}'{_on(have)} is not defined as this "
                       "program defines it")
    return out


def _on(obj: tuple[str, str, object]) -> str:
    return f" on '{obj[1]}'" if obj[0] in ("index", "trigger") else ""


def settings_of(run: Run, objects: Objects) -> tuple[dict[str, str] | None, list[str]]:
    """The settings rows, read only from a real ``setting`` table of the expected shape."""
    found = objects.get("setting")
    if found is None or found[0] != "table":
        return None, ["schema: there is no settings table: this is not an OnTime Dispatch "
                      "database"]
    try:
        return {str(k): v for k, v in run("SELECT key, value FROM setting")}, []
    except (peewee.DatabaseError, sqlite3.Error, ValueError) as exc:
        return None, [f"schema: the settings cannot be read ({exc})"]


def findings() -> tuple[list[str], bool]:
    """(problems with the bound database's schema and settings, whether the schema is ours so
    that the other checks may run on it)."""
    from models.settings_check import settings_problems

    from models.store import SCHEMA_VERSION

    database = db.obj
    run: Run = lambda sql: database.execute_sql(sql).fetchall()  # noqa: E731
    server = isinstance(database, peewee.PostgresqlDatabase)
    objects: Objects = {"setting": ("table", "setting", None)} if server else sqlite_objects(run)
    values, problems = settings_of(run, objects)
    if values is not None:
        problems += settings_problems(values)
    # a file of an earlier version (a backup looked at as it is) may lack what came later
    version = str((values or {}).get("schema_version", SCHEMA_VERSION)).strip()
    older = version.isdigit() and 1 <= int(version) < SCHEMA_VERSION
    if server:
        from models.schema_server import server_findings

        problems += server_findings(database, older)
    else:
        problems += compare(objects, expected_sqlite(), older=older)
    schema_ok = not any(p.startswith("schema:") for p in problems)
    return problems, schema_ok


def open_for_check(target: str) -> peewee.Database:
    """Open a database for 'check': as every command opens it (an older version is migrated),
    except that one whose schema version is unknown is opened as it is, to be reported."""
    from models import store
    from models.db import bind, make_database
    from models.settings_check import UnknownVersion

    try:
        return store.open_db(target)
    except UnknownVersion:
        database = make_database(target)
        bind(database)
        return database

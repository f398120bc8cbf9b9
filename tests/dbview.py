"""Looking inside a test database behind the program's back, on either backend.

A database is an SQLite file (a Path) or the URL of a database on the test cluster (a str,
under ONTIME_TEST_DB=postgres). The tests write SQL that both accept (``?`` placeholders,
TRUE/FALSE, quoted "user"); values come back as SQLite hands them out.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

Database = Path | str  # an SQLite file, or a postgresql:// URL


def is_server(db: Database) -> bool:
    """Whether ``db`` is a PostgreSQL URL (else an SQLite file path)."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def connect(db: Database):
    """A DB-API connection to the database, behind the program's back.

    SQLite: a bare connection (foreign keys not enforced, transactions as the sqlite3 module
    opens them). PostgreSQL: autocommit, so that an explicit BEGIN means what it says.
    """
    if is_server(db):
        import psycopg

        return psycopg.connect(db, autocommit=True)
    return sqlite3.connect(str(db))


def _statement(db: Database, sql: str, params: Sequence) -> tuple[str, Sequence | None]:
    """The tests write SQLite's ``?`` placeholders; psycopg wants ``%s`` (and ``%%``)."""
    if not is_server(db):
        return sql, params
    if not params:
        return sql, None
    return sql.replace("%", "%%").replace("?", "%s"), params


def _plain(value):
    """A PostgreSQL value as SQLite hands back the same column (times as stored text, 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # money stays Decimal: Decimal("125.50") == 125.5, as SQLite returns it


def query(db: Database, sql: str, params: Sequence = ()) -> list[tuple]:
    with closing(connect(db)) as conn:
        rows = conn.execute(*_statement(db, sql, params)).fetchall()
    return [tuple(_plain(v) for v in row) for row in rows]


def execute(db: Database, sql: str, params: Sequence = ()) -> None:
    """Change the database behind the program's back (tampering, odd test data)."""
    with closing(connect(db)) as conn:
        conn.execute(*_statement(db, sql, params))
        conn.commit()


def tables(db: Database) -> list[str]:
    """The names of the database's tables (none for a database that was never set up)."""
    if is_server(db):
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
               "AND table_type = 'BASE TABLE' ORDER BY table_name")
    else:
        sql = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
               "'sqlite%' ORDER BY name")
    return [name for (name,) in query(db, sql)]


def created(db: Database) -> bool:
    """Whether the database was made: the file exists, or the server database has tables."""
    if not is_server(db):
        return Path(db).exists()
    import psycopg

    try:
        return bool(tables(db))
    except psycopg.OperationalError:  # no such database on the server
        return False


def dump(db: Database) -> str:
    """Everything in the database as text: any change at all shows up here."""
    if not is_server(db):
        with closing(connect(db)) as conn:
            return "\n".join(conn.iterdump())
    lines = []
    with closing(connect(db)) as conn:
        for name in tables(db):
            cursor = conn.execute(f'SELECT * FROM "{name}" LIMIT 0')
            lines.append(f"TABLE {name} {[c.name for c in cursor.description]}")
            order = ", ".join(str(i) for i in range(1, len(cursor.description) + 1))
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}'):
                lines.append(f"{name} {row!r}")
    return "\n".join(lines)

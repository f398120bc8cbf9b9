"""Judging a private copy of a backup before anything is replaced: schema, settings, checks."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import peewee

# Every check of a backup, migration included, must end within this; a legitimate year of
# history checks in seconds, so only a file built to hang (a view that never ends) reaches it.
CHECK_SECONDS = 300.0


class TooSlow(Exception):
    """The time limit was reached and SQLite stopped the statement."""


@contextlib.contextmanager
def time_limit(connection: sqlite3.Connection, deadline: float) -> Iterator[None]:
    """Stop any statement on ``connection`` still running at ``deadline`` (time.monotonic)."""
    reached = []

    def progress() -> int:
        if time.monotonic() > deadline:
            reached.append(True)
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    connection.set_progress_handler(progress, 10_000)
    try:
        yield
    except Exception:
        if reached:
            raise TooSlow from None
        raise
    finally:
        connection.set_progress_handler(None, 0)


def check_copy(copy: Path, seconds: float = CHECK_SECONDS) -> list[str]:
    """Every problem of ``copy``, a private copy of a backup; empty when it is fit to restore.

    The schema and the settings are judged from sqlite_master and the settings table alone;
    only a file whose schema is this program's (or an earlier version's, with nothing extra)
    goes further. An earlier version is migrated, in the copy, to today's schema and judged
    again; then every check of 'check' runs on it. All of it within ``seconds``.
    """
    deadline = time.monotonic() + seconds
    try:
        problems, version = _judge_schema(copy, deadline)
        if problems:
            return problems
        return _migrate_and_check(copy, version, deadline)
    except TooSlow:
        return [f"the checks did not finish within {seconds:g} s, so the file was not "
                "trusted (a file built to hang, or a damaged one)"]
    except (peewee.DatabaseError, sqlite3.DatabaseError, ValueError) as exc:
        return [f"the file is damaged or is not a database ({exc})"]


def _judge_schema(copy: Path, deadline: float) -> tuple[list[str], int]:
    from models.schema_check import compare, expected_sqlite, settings_of, sqlite_objects
    from models.settings_check import is_newer, settings_problems, version_problem
    from models.store import SCHEMA_VERSION

    connection = sqlite3.connect(str(copy), isolation_level=None)
    try:
        with time_limit(connection, deadline):
            connection.execute("PRAGMA query_only = 1")
            connection.execute("PRAGMA trusted_schema = 0")
            run = lambda sql: connection.execute(sql).fetchall()  # noqa: E731
            objects = sqlite_objects(run)
            values, problems = settings_of(run, objects)
    finally:
        connection.close()
    if values is None:
        return ["the file is not an OnTime Dispatch database", *problems], 0
    text = values.get("schema_version")
    if text is None:
        return ["the file is not an OnTime Dispatch database, or is an unfinished copy (it "
                "has no schema version)"], 0
    if is_newer(text):
        return [f"the file was written by a newer OnTime Dispatch (schema {text}); update "
                "the program first"], 0
    version = int(text) if version_problem(text) is None else 0  # 0: reported just below
    problems = settings_problems(values)
    problems += compare(objects, expected_sqlite(), older=version != SCHEMA_VERSION)
    return problems, version


def _migrate_and_check(copy: Path, version: int, deadline: float) -> list[str]:
    from models import store
    from models.integrity import check
    from models.restore import bound_to

    if version < store.SCHEMA_VERSION:
        with bound_to(copy, read_only=False) as other:
            with time_limit(other.connection(), deadline), other.atomic():
                store.upgrade(other, version)
    with bound_to(copy) as other, time_limit(other.connection(), deadline):
        return check()

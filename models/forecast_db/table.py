"""The learned state's table: one row, a derived summary like the statistics cells.

``forecast_state`` holds the JSON of ``LearnedState`` and two watermarks: the highest stamp
id whose job was learned (``stamp_mark``) and the highest audit entry looked at for
corrections (``audit_mark``). It is a copy that can be thrown away: no audit trigger covers
it, ``check`` does not replay it, any desktop may rebuild it, a copy (migrate-to, a server
backup) starts it empty and the next forecast builds it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from models.db import db

TABLE = "forecast_state"
SUMMARY_TABLES = (TABLE,)
ROW_ID = 1


def create_table(database) -> None:
    """The table (idempotent); the same text on SQLite and PostgreSQL."""
    database.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, "
        "stamp_mark BIGINT NOT NULL, audit_mark BIGINT NOT NULL, "
        "records BIGINT NOT NULL, rebuilds INTEGER NOT NULL, state TEXT NOT NULL)")


def clear(database=None) -> None:
    """Forget what was learned (a restore replaced the facts): the next forecast rebuilds."""
    (database or db.obj).execute_sql(f"DELETE FROM {TABLE}")


@dataclass(frozen=True)
class Stored:
    stamp_mark: int
    audit_mark: int
    records: int
    rebuilds: int
    state: dict | None  # None: the text was not a state this version reads (rebuild it)


def load() -> Stored | None:
    row = db.execute_sql(f"SELECT stamp_mark, audit_mark, records, rebuilds, state FROM {TABLE} "
                         f"WHERE id = {ROW_ID}").fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row[4])
        if not isinstance(state, dict):
            state = None
    except ValueError:
        state = None
    return Stored(int(row[0]), int(row[1]), int(row[2]), int(row[3]), state)


def marks() -> tuple[int, int, int] | None:
    """(stamp_mark, audit_mark, rebuilds) without reading the state: is it still current?"""
    row = db.execute_sql(f"SELECT stamp_mark, audit_mark, rebuilds FROM {TABLE} "
                         f"WHERE id = {ROW_ID}").fetchone()
    return None if row is None else (int(row[0]), int(row[1]), int(row[2]))


def save(stored: Stored, expected: tuple[int, int, int] | None) -> bool:
    """Write ``stored`` if the row still has the ``expected`` marks (None: no row yet), inside
    the caller's write transaction; False when another desktop saved meanwhile."""
    if marks() != expected:
        return False
    text = json.dumps(stored.state, separators=(",", ":"))
    db.execute_sql(f"DELETE FROM {TABLE}")
    placeholder = "%s" if "postgres" in type(db.obj).__name__.lower() else "?"
    values = ", ".join([placeholder] * 6)
    db.execute_sql(f"INSERT INTO {TABLE} (id, stamp_mark, audit_mark, records, rebuilds, state) "
                   f"VALUES ({values})", (ROW_ID, stored.stamp_mark, stored.audit_mark,
                                         stored.records, stored.rebuilds, text))
    return True


def forget(stored: Stored) -> None:
    """Mark the state as to be learned again from the whole history (keeping the counters),
    if the row is still the one ``stored`` was read from; inside a write transaction."""
    if marks() == (stored.stamp_mark, stored.audit_mark, stored.rebuilds):
        db.execute_sql(f"UPDATE {TABLE} SET state = 'null' WHERE id = {ROW_ID}")


def move_marks(stamp_mark: int, audit_mark: int, expected: tuple[int, int, int]) -> bool:
    """Nothing new to learn: only the watermarks move (the statistics are not rewritten)."""
    if marks() != expected:
        return False
    placeholder = "%s" if "postgres" in type(db.obj).__name__.lower() else "?"
    db.execute_sql(f"UPDATE {TABLE} SET stamp_mark = {placeholder}, audit_mark = {placeholder} "
                   f"WHERE id = {ROW_ID}", (stamp_mark, audit_mark))
    return True

"""The learned state kept current: only newer completed jobs are learned, by watermark.

``current()`` (a forecast, the durations) and ``learn_new()`` (after a write command) read
the stored state and learn the jobs completed since its ``stamp_mark``: one query for the
trucks and days those stamps touched. Two things make the state start over from the whole
history instead (rare, and detected without reading the history):

- a stamp the state may have learned was changed (a corrected or removed arrival or
  completion turns the old stamp inactive): the audit trail's row snapshots newer than
  ``audit_mark`` name every stamp changed since, so only those few rows are looked at;
- a job completed earlier in a truck's day than one already learned (stamps entered out of
  order): the learned job's "previous job" would now be another one.

Writers take the database's write lock one at a time, so stamp and audit ids grow in commit
order on both backends and a watermark never skips a row committed later.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee

from models.db import db, write_tx
from models.errors import DatabaseUnavailable
from models.forecast_db import history, table

if TYPE_CHECKING:
    from models.forecast.learning import LearnedState

STAMP_ENTITY = "row:stamp"
CHUNK = 900  # ids per IN list


@dataclass
class Outcome:
    """What a refresh did: the state, how many records it learned, whether it started over,
    and whether it could be saved (a read-only database still forecasts)."""

    state: LearnedState | None  # None when only the marks moved after a write
    learned: int
    rebuilt: bool
    saved: bool
    stored: table.Stored


def _heads() -> tuple[int, int]:
    stamp = db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM stamp").fetchone()[0]
    audit = db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM audit_entry").fetchone()[0]
    return int(stamp), int(audit)


def current() -> Outcome:
    """The state brought up to date (built from the whole history when there is none)."""
    outcome = _refresh(build=True)
    assert outcome is not None
    return outcome


def learn_new() -> Outcome | None:
    """After a write: learn what is new if a state exists; a needed rebuild is left to the
    next forecast (the state is marked stale), so a stamp never waits for the whole
    history."""
    try:
        return _refresh(build=False)
    except (peewee.DatabaseError, peewee.InterfaceError, DatabaseUnavailable):
        # the command's own change is committed: a state that cannot be read or written
        # now (locked, read-only, a login without the grant) is learned by the next forecast
        return None


def _refresh(build: bool) -> Outcome | None:
    stamp_mark, audit_mark = _heads()
    stored = table.load()
    # marks beyond today's heads: the facts were replaced under the state (start over)
    usable = (stored is not None and stored.state is not None
              and stored.stamp_mark <= stamp_mark and stored.audit_mark <= audit_mark)
    if usable:
        if (stored.stamp_mark, stored.audit_mark) == (stamp_mark, audit_mark):
            state = _state(stored) if build else None
            if state is not None or not build:
                return Outcome(state, 0, False, True, stored)
        elif not _corrected(stored, audit_mark):
            outcome = _incremental(stored, stamp_mark, audit_mark, build)
            if outcome is not None:
                return outcome
    if not build:
        _drop(stored)
        return None
    return _rebuild(stored, stamp_mark, audit_mark)


def _state(stored: table.Stored):
    """The stored statistics as a LearnedState (numpy is imported only here), or None when
    the text is not one this version reads."""
    from models.forecast.learning import LearnedState

    try:
        return LearnedState.from_dict(stored.state)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _corrected(stored: table.Stored, audit_mark: int) -> bool:
    """A stamp at or below the watermark changed since, on a job that was learned."""
    changed = set()
    for (entity_id,) in db.execute_sql(
            _bind("SELECT DISTINCT entity_id FROM audit_entry WHERE id > {} AND id <= {} "
                  "AND entity = {}"), (stored.audit_mark, audit_mark, STAMP_ENTITY)):
        try:
            stamp_id = int(entity_id)
        except (TypeError, ValueError):
            continue
        if stamp_id <= stored.stamp_mark:
            changed.add(stamp_id)
    if not changed:
        return False
    ids = sorted(changed)
    for start in range(0, len(ids), CHUNK):  # a big import of corrections: bounded lists
        chunk = ids[start:start + CHUNK]
        marks = ", ".join(_placeholder() for _ in chunk)
        found = db.execute_sql(
            _bind("SELECT 1 FROM stamp x JOIN stamp c ON c.job_id = x.job_id AND c.kind = "
                  "'completion' AND c.id <= {} WHERE x.kind IN ('arrival', 'completion') AND "
                  f"x.id IN ({marks}) LIMIT 1"), (stored.stamp_mark, *chunk)).fetchone()
        if found is not None:
            return True
    return False


def _incremental(stored, stamp_mark, audit_mark, build) -> Outcome | None:
    rows = history.touched_rows(stored.stamp_mark, stamp_mark)
    new = [r for r in rows if r.newest_stamp > stored.stamp_mark]
    earliest: dict[tuple, float] = {}
    for r in new:
        key = (r.truck_id, r.local_date)
        earliest[key] = min(earliest.get(key, r.record.completed), r.record.completed)
    for r in rows:  # an already learned job completed after a new one: its previous changed
        if r.newest_stamp <= stored.stamp_mark and \
                r.record.completed > earliest.get((r.truck_id, r.local_date), float("inf")):
            return None
    state = None
    data = stored.state
    if new or build:
        state = _state(stored)
        if state is None:
            return None
        if new:
            state.learn([r.record for r in new])
            data = state.to_dict()
    result = table.Stored(stamp_mark, audit_mark, stored.records + len(new), stored.rebuilds,
                          data)
    expected = (stored.stamp_mark, stored.audit_mark, stored.rebuilds)
    saved = _save(result, expected, marks_only=not new)
    return Outcome(state, len(new), False, saved, result)


def _rebuild(stored, stamp_mark, audit_mark) -> Outcome:
    from models.forecast.learning import LearnedState

    rows = history.all_rows(stamp_mark)
    state = LearnedState()
    state.learn([r.record for r in rows])
    rebuilds = (stored.rebuilds if stored else 0) + 1
    result = table.Stored(stamp_mark, audit_mark, len(rows), rebuilds, state.to_dict())
    expected = None if stored is None else (stored.stamp_mark, stored.audit_mark,
                                            stored.rebuilds)
    saved = _save(result, expected)
    return Outcome(state, len(rows), True, saved, result)


def rebuild_all(database=None) -> None:
    """Throw the state away and learn the whole history (inside the caller's transaction):
    the migration to schema 7."""
    from models.forecast.learning import LearnedState

    table.clear(database)
    stamp_mark, audit_mark = _heads()
    rows = history.all_rows(stamp_mark)
    state = LearnedState()
    state.learn([r.record for r in rows])
    table.save(table.Stored(stamp_mark, audit_mark, len(rows), 1, state.to_dict()), None)


def _save(result: table.Stored, expected, marks_only: bool = False) -> bool:
    """Keep what was learned; a database that cannot be written (read-only, a server going
    away) still gets its forecast, only learned again next time."""
    try:
        def write() -> bool:
            if marks_only:
                return table.move_marks(result.stamp_mark, result.audit_mark, expected)
            return table.save(result, expected)

        if db.transaction_depth() > 0:
            return write()
        # no audit trigger covers the table: nothing to seal, so no sealing pass either
        with _without_fsync(), write_tx(audit=False):
            return write()
    except (peewee.OperationalError, peewee.InterfaceError, peewee.ProgrammingError,
            DatabaseUnavailable):
        return False


@contextmanager
def _without_fsync():
    """SQLite: commit the learned state without waiting for the disk (WAL, synchronous
    NORMAL) — it is a copy of the facts: a power cut can only lose the newest commits of
    the log, so it would go back to older marks and learn those jobs again. The fsync is
    most of a stamp's learning time (~4 of ~5 ms here)."""
    if not isinstance(db.obj, peewee.SqliteDatabase):
        yield
        return
    (level,) = db.execute_sql("PRAGMA synchronous").fetchone()
    db.execute_sql("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA synchronous = {int(level)}")


def _drop(stored) -> None:
    """The stored state is out of date: keep the row (its counters), not the statistics."""
    if stored is None or stored.state is None:
        return
    try:
        with write_tx(audit=False):
            table.forget(stored)
    except (peewee.OperationalError, peewee.InterfaceError, peewee.ProgrammingError,
            DatabaseUnavailable):
        pass


def _placeholder() -> str:
    return "%s" if "postgres" in type(db.obj).__name__.lower() else "?"


def _bind(sql: str) -> str:
    return sql.format(*([_placeholder()] * sql.count("{}")))

"""The few SQL pieces the statistics write differently on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

from models.db import db
from models.reports.indexes import STATS_INDEXES
from models.rules import FAULTS

# Stored instants: SQLite keeps naive UTC text 'YYYY-MM-DD HH:MM:SS.ffffff', PostgreSQL a
# timestamp. Whole minutes late, floored, exactly as rules.minutes_late, NULL when not late.


def _sqlite_late(a: str, e: str) -> str:
    """Integer seconds from unixepoch() on the text cut to whole seconds: when the window end
    is a whole second (always: it starts at HH:MM and lasts whole minutes) the floor of the
    difference in minutes is exact. (unixepoch() of the full text would round the micros to
    milliseconds: 16:36:59.999829 reads as 16:37:00.) Any other end takes exact micros."""
    whole = f"(unixepoch(substr({a}, 1, 19)) - unixepoch({e})) / 60"
    exact = (f"((unixepoch(substr({a}, 1, 19)) - unixepoch(substr({e}, 1, 19))) * 1000000"
             f" + substr({a}, 21, 6) - substr({e}, 21, 6)) / 60000000")
    return (f"(CASE WHEN {a} > {e} THEN nullif(CASE WHEN substr({e}, 21) = '000000' "
            f"THEN {whole} ELSE {exact} END, 0) END)")


def _pg_late(a: str, e: str) -> str:
    return (f"(CASE WHEN {a} > {e} THEN nullif(CAST(floor(extract(epoch FROM {a} - {e}) / 60)"
            f" AS INTEGER), 0) END)")


SQLITE_LATE_MINUTES = _sqlite_late("s.at", "j.window_end_utc")
FAULT_CODE = ("(CASE j.fault " + " ".join(f"WHEN '{f}' THEN {i}" for i, f in enumerate(FAULTS))
              + " ELSE 0 END)")


class Dialect:
    """SQL text for the bound database: ``d = dialect()`` then ``d.late('s.at', 'e')`` etc."""

    def __init__(self, postgres: bool, *, hints: bool = True) -> None:
        self.postgres = postgres
        self.true = "true" if postgres else "1"
        # SQLite keeps the left table outside a CROSS JOIN (the planner may not reorder it).
        self.cross_join = "JOIN" if postgres else "CROSS JOIN"
        self._indexes: set[str] | None = None if hints else set()

    def late(self, a: str = "s.at", e: str = "j.window_end_utc") -> str:
        return _pg_late(a, e) if self.postgres else _sqlite_late(a, e)

    def concat(self, expr: str) -> str:
        """Comma-joined values of a group (NULLs skipped)."""
        return f"string_agg(CAST({expr} AS TEXT), ',')" if self.postgres else \
            f"group_concat({expr})"

    def millis(self, later: str, earlier: str) -> str:
        """Whole milliseconds between two instants (NULL when either is)."""
        if self.postgres:
            return f"CAST(round(extract(epoch FROM {later} - {earlier}) * 1000) AS BIGINT)"
        return f"CAST(round((julianday({later}) - julianday({earlier})) * 86400000.0) AS INTEGER)"

    def plus_day(self, instant: str) -> str:
        if self.postgres:
            return f"({instant} + interval '1 day')"
        return f"(datetime({instant}, '+1 day') || substr({instant}, 20))"  # keeps the micros

    def date(self, day: dt.date):
        return day if self.postgres else day.isoformat()

    def instant(self, value: dt.datetime):
        """A bound UTC instant as the column stores it."""
        naive = value.astimezone(dt.UTC).replace(tzinfo=None)
        return naive if self.postgres else naive.strftime("%Y-%m-%d %H:%M:%S.%f")

    def hint(self, index: str) -> str:
        """INDEXED BY on SQLite when our index exists (the planner may pick a wider one)."""
        if self.postgres:
            return ""
        if self._indexes is None:  # looked up once per report: a constant single query
            marks = ", ".join("?" * len(STATS_INDEXES))
            self._indexes = {r[0] for r in db.execute_sql(
                f"SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                STATS_INDEXES).fetchall()}
        return f"INDEXED BY {index}" if index in self._indexes else ""

    def run(self, sql: str, params: dict) -> list[tuple]:
        """Execute with :name placeholders, each bound by name from ``params``."""
        return db.execute_sql(*self.bind(sql, params)).fetchall()

    def execute(self, sql: str, params: dict) -> None:
        """A statement that returns no rows (DELETE, INSERT ... SELECT)."""
        db.execute_sql(*self.bind(sql, params))

    def bind(self, sql: str, params: dict) -> tuple[str, list]:
        """The driver's text (? or %s placeholders) and the values in their order."""
        order: list = []

        def place(match: re.Match) -> str:
            if match.group(1) not in params:  # e.g. '"systemic":true' inside a literal
                return match.group(0)
            order.append(params[match.group(1)])
            return "%s" if self.postgres else "?"

        if self.postgres:
            sql = sql.replace("%", "%%")  # psycopg reads % as a placeholder
        return re.sub(r"(?<![:\w]):([a-z_]+)\b", place, sql), order


def dialect() -> Dialect:
    return Dialect("postgres" in type(db.obj).__name__.lower())

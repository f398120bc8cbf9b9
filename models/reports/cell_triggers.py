"""Triggers that mark a statistics day out of date whenever a fact of that day changes.

Triggers rather than calls in each service: every path that writes (the services, the bulk
importer, undo, a copy from another database, a person with a database tool) marks the
days it touches, so the summary cannot quietly go stale.
"""

from __future__ import annotations

import peewee

# table -> (the days a row belongs to: (day expression, FROM ... WHERE over {row} = OLD or
# NEW), the columns whose update matters, None for any)
_JOB_DAY = ("j.local_date", "FROM job j WHERE j.id = {row}.%s")
WATCHED: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...] | None]] = {
    "job": ((("{row}.local_date", ""),),
            ("local_date", "truck_id", "status", "free", "window_end_utc", "fault")),
    "stamp": (((_JOB_DAY[0], _JOB_DAY[1] % "job_id"),), None),
    "reward": (((_JOB_DAY[0], _JOB_DAY[1] % "job_id"),
                (_JOB_DAY[0], _JOB_DAY[1] % "redeemed_on_id")), None),
    "complaint": (((_JOB_DAY[0], _JOB_DAY[1] % "job_id"),), None),
    "follow_up": ((("j.local_date", "FROM complaint c JOIN job j ON j.id = c.job_id "
                    "WHERE c.id = {row}.complaint_id"),), None),
    # A new policy can change the tier of late arrivals from its first day on.
    "policy_version": ((("s.local_date", "FROM stats_day s WHERE s.local_date >= {policy_day}"),),
                       None),
}


def _policy_day(postgres: bool, row: str) -> str:
    if postgres:
        return f"CAST({row}.effective_from AS DATE) - 1"
    return f"date({row}.effective_from, '-1 day')"


def _marks(table: str, row: str, postgres: bool) -> list[str]:
    out = []
    for day, source in WATCHED[table][0]:
        day = day.format(row=row)
        source = source.format(row=row, policy_day=_policy_day(postgres, row))
        if postgres:
            out.append(f"INSERT INTO stats_dirty (local_date) SELECT {day} {source} "
                       "ON CONFLICT DO NOTHING;")
        else:
            out.append(f"INSERT OR IGNORE INTO stats_dirty (local_date) SELECT {day} {source};")
    return out


def sqlite_statements() -> list[str]:
    out = []
    for table, (_, columns) in WATCHED.items():
        of = f" OF {', '.join(columns)}" if columns else ""
        for event, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)),
                            ("UPDATE" + of, ("OLD", "NEW"))):
            body = " ".join(m for row in rows for m in _marks(table, row, False))
            name = f"stats_{table}_{event.split()[0].lower()}"
            out.append(f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" '
                       f"BEGIN {body} END")
    return out


def postgres_statements() -> list[str]:
    out = []
    for table, (_, columns) in WATCHED.items():
        old = " ".join(_marks(table, "OLD", True))
        new = " ".join(_marks(table, "NEW", True))
        function = f"stats_mark_{table}"
        out.append(f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN {old} END IF;
  IF TG_OP <> 'DELETE' THEN {new} END IF;
  RETURN NULL;
END $$""")
        of = f" OF {', '.join(columns)}" if columns else ""
        name = f"stats_{table}"
        out.append(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        out.append(f'CREATE TRIGGER "{name}" AFTER INSERT OR DELETE OR UPDATE{of} ON "{table}" '
                   f"FOR EACH ROW EXECUTE FUNCTION {function}()")
    return out


def install(database) -> None:
    """Create the triggers (idempotent), inside the caller's transaction."""
    postgres = isinstance(database, peewee.PostgresqlDatabase)
    for statement in postgres_statements() if postgres else sqlite_statements():
        database.execute_sql(statement)

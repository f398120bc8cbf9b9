"""The statistics summary: one row per (local day, truck) with everything the reports add up.

``stats_cell`` holds, for each day and truck (``stats_day``: for each day, all trucks), the
counts the owner's figures are sums of (jobs, arrivals, free jobs, rewards by tier, money,
certificates, complaints by fault and outcome, follow-ups) and three comma-joined lists that
cannot be summed (late arrivals packed as one integer each, complaint response and
resolution times in milliseconds).

The facts stay in the real tables; a cell is only a copy that can be thrown away. Triggers
on those tables (see cell_triggers) put the local day of every changed row into
``stats_dirty``; a report reads the clean days' cells and computes the dirty days from the
facts in the same statement, so a stale cell is never read, whoever changed what. Rebuilding
the dirty days (``refresh``) only makes the next read faster.
"""

from __future__ import annotations

import datetime as dt

import peewee

from models.company import policy_versions
from models.db import db, write_tx
from models.policy import DEFAULT_POLICY
from models.reports.complaints import OUTCOMES
from models.reports.dialect import FAULT_CODE, Dialect, dialect
from models.rules import FAULTS

# The summable columns of a cell, in order; LISTS are the comma-joined texts after them.
COUNTS = ("jobs", "arrived", "free_jobs", "tier1", "tier2", "tier3", "moved", "cents",
          "certificates", "redeemed", "complaints",
          *(f"fault_{f}" for f in FAULTS), *(f"outcome_{o}" for o in OUTCOMES),
          "follow_ups_due", "follow_ups_on_time")
LISTS = ("late", "answered", "resolved")
COLUMNS = (*COUNTS, *LISTS)
SUMMARY_TABLES = ("stats_cell", "stats_day", "stats_dirty")
# A job without a truck (schema 6) counts under truck id 0, shown as "(unassigned)".
TRUCK = "COALESCE(j.truck_id, 0)"


def decode_late(value: int) -> tuple[int, str, int]:
    """(minutes late, the job's fault, the tier those minutes reach under the job's policy)
    from one value of a ``late`` list: (minutes * 8 + fault's index) * 4 + tier."""
    rest, tier = divmod(value, 4)
    minutes, fault = divmod(rest, 8)
    return minutes, FAULTS[fault], tier


def create_tables(database) -> None:
    """The summary's tables (idempotent)."""
    counts = ", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in COUNTS)
    lists = ", ".join(f"{c} TEXT" for c in LISTS)
    rowid = "" if isinstance(database, peewee.PostgresqlDatabase) else " WITHOUT ROWID"
    database.execute_sql(
        f"CREATE TABLE IF NOT EXISTS stats_cell (local_date DATE NOT NULL, truck_id INTEGER "
        f"NOT NULL, {counts}, {lists}, PRIMARY KEY (local_date, truck_id)){rowid}")
    database.execute_sql(  # each day's cells added up: what the per-day figures read
        f"CREATE TABLE IF NOT EXISTS stats_day (local_date DATE PRIMARY KEY, {counts}, "
        f"{lists}){rowid}")
    database.execute_sql(
        f"CREATE TABLE IF NOT EXISTS stats_dirty (local_date DATE PRIMARY KEY){rowid}")


def _tier_case(late: str, versions) -> str:
    """The tier ``late`` minutes reach under the policy in force at the job's window end."""
    def tiers(policy) -> str:
        t1, t2, t3 = (t.threshold_minutes for t in policy.tiers)
        return (f"CASE WHEN {late} >= {t3} THEN 3 WHEN {late} >= {t2} THEN 2 "
                f"WHEN {late} >= {t1} THEN 1 ELSE 0 END")

    if len(versions) <= 1:
        return tiers(versions[0][1] if versions else DEFAULT_POLICY)
    arms = " ".join(
        f"WHEN w >= '{begins.astimezone(dt.UTC).strftime('%Y-%m-%d %H:%M:%S.%f')}' "
        f"THEN {tiers(policy)}" for begins, policy in reversed(versions[1:]))
    return f"(CASE {arms} ELSE {tiers(versions[0][1])} END)"


def build_sql(d: Dialect, days: str, versions=None) -> str:
    """SELECT local_date, truck_id, COLUMNS...: the cells of the days ``days`` picks (an SQL
    condition on ``j.local_date``), computed from the facts."""
    versions = policy_versions() if versions is None else versions
    null_text = "CAST(NULL AS TEXT)"

    def arm(values: dict[str, str], source: str) -> str:
        cols = [f"{values.get(c, '0')} AS {c}" for c in COUNTS]
        cols += [f"{values.get(c, null_text)} AS {c}" for c in LISTS]
        return f"SELECT d, t, {', '.join(cols)} FROM ({source}) x GROUP BY d, t"

    late = "x.late"
    packed = f"(({late} * 8 + x.fc) * 4 + {_tier_case(late, versions)})"
    jobs = arm({
        "jobs": "count(*) FILTER (WHERE x.status <> 'rescheduled')",
        "arrived": "count(x.at)",
        "free_jobs": "count(*) FILTER (WHERE x.free AND x.status NOT IN "
                     "('rescheduled', 'cancelled'))",
        "late": d.concat(f"CASE WHEN {late} IS NOT NULL THEN {packed} END"),
    }, f"""SELECT j.local_date AS d, {TRUCK} AS t, j.status, j.free, s.at,
       {d.late()} AS late, {FAULT_CODE} AS fc, j.window_end_utc AS w
FROM job j {d.hint("job_stats_cover")}
LEFT JOIN stamp s {d.hint("stamp_active_arrival")}
       ON s.job_id = j.id AND s.kind = 'arrival' AND s.active = {d.true}
WHERE {days}""")
    rewards = arm({
        **{f"tier{i}": f"count(*) FILTER (WHERE x.kind = 'lateness' AND x.tier = {i})"
           for i in (1, 2, 3)},
        "moved": "count(*) FILTER (WHERE x.kind = 'reschedule')",
        "cents": "coalesce(sum(x.cents), 0)",
        "certificates": "count(x.code)",
    }, f"""SELECT j.local_date AS d, {TRUCK} AS t, r.kind, r.tier,
       CAST(round(r.value * 100) AS INTEGER) AS cents, r.certificate_code AS code
FROM job j JOIN reward r ON r.job_id = j.id
WHERE {days} AND r.status <> 'void'""")
    redeemed = arm({"redeemed": "count(*)"}, f"""SELECT j.local_date AS d, {TRUCK} AS t
FROM job j JOIN reward r ON r.redeemed_on_id = j.id
WHERE {days} AND r.certificate_status = 'redeemed'""")
    complaint_values = {
        "complaints": "count(*)",
        **{f"fault_{f}": f"count(*) FILTER (WHERE x.fault = '{f}')" for f in FAULTS},
        **{f"outcome_{o}": f"count(*) FILTER (WHERE x.status = 'closed' AND x.outcome = '{o}')"
           for o in OUTCOMES},
        "answered": d.concat("x.answered"),
        "resolved": d.concat("x.resolved"),
    }
    # Withdrawn complaints never were (the crew was on time after all): they are left out.
    complaints = arm(complaint_values, f"""SELECT j.local_date AS d, {TRUCK} AS t, c.fault,
       c.status, c.outcome, {d.millis("c.first_response_at", "c.opened_at")} AS answered,
       {d.millis("c.resolved_at", "c.opened_at")} AS resolved
FROM job j JOIN complaint c ON c.job_id = j.id
WHERE {days} AND c.status <> 'withdrawn'""")
    follow_ups = arm({
        "follow_ups_due": "count(*)",
        "follow_ups_on_time": "count(*) FILTER (WHERE x.done_at IS NOT NULL "
                              f"AND x.done_at <= {d.plus_day('x.due_at')})",
    }, f"""SELECT j.local_date AS d, {TRUCK} AS t, f.due_at, f.done_at
FROM job j JOIN complaint c ON c.job_id = j.id JOIN follow_up f ON f.complaint_id = c.id
WHERE {days} AND c.status <> 'withdrawn' AND c.resolved_at IS NOT NULL""")
    parts = "\nUNION ALL\n".join((jobs, rewards, redeemed, complaints, follow_ups))
    return f"SELECT d AS local_date, t AS truck_id, {sums(d)}\nFROM ({parts}) p\nGROUP BY d, t"


def dirty_days(first: dt.date | None = None, last: dt.date | None = None) -> list[str]:
    """The days whose cells are out of date (ISO text), within [first, last] when given."""
    d = dialect()
    where, params = _between(d, first, last)
    return [str(r[0]) for r in d.run(
        f"SELECT local_date FROM stats_dirty{where} ORDER BY local_date", params)]


def _between(d: Dialect, first, last) -> tuple[str, dict]:
    if first is None:
        return "", {}
    return (" WHERE local_date BETWEEN :first AND :last",
            {"first": d.date(first), "last": d.date(last)})


def refresh(first: dt.date | None = None, last: dt.date | None = None) -> int:
    """Rebuild the out-of-date cells (of [first, last], or all); returns how many days.

    One write transaction: the days are rebuilt from the facts as they are inside it, so a
    change made meanwhile on another desktop waits and marks its day again after. A database
    that cannot be written (a read-only file, a server going away) keeps its dirty days: the
    reports compute those from the facts, so nothing is wrong, only slower.
    """
    from models.errors import DatabaseUnavailable

    try:
        if not _dirty_count(first, last):  # a read first: the write lock only when needed
            return 0
        with write_tx():
            return _rebuild(first, last)
    except (peewee.OperationalError, peewee.InterfaceError, DatabaseUnavailable):
        return 0


def _dirty_count(first, last) -> int:
    d = dialect()
    where, params = _between(d, first, last)
    return d.run(f"SELECT count(*) FROM stats_dirty{where}", params)[0][0]


def _rebuild(first, last) -> int:
    days = _dirty_count(first, last)  # again, under the lock: another desktop may have done it
    if not days:
        return 0
    d = dialect()
    where, params = _between(d, first, last)
    picked = f"local_date IN (SELECT local_date FROM stats_dirty{where})"
    for table in ("stats_cell", "stats_day"):
        d.execute(f"DELETE FROM {table} WHERE {picked}", params)
    d.execute(_insert_cells(d, "j." + picked), params)
    d.execute(_insert_days(d, picked), params)
    d.execute(f"DELETE FROM stats_dirty{where}", params)
    return days


def _insert_cells(d: Dialect, days: str) -> str:
    columns = ", ".join(("local_date", "truck_id", *COLUMNS))
    return f"INSERT INTO stats_cell ({columns}) " + build_sql(d, days)


def _insert_days(d: Dialect, days: str) -> str:
    """The day totals of the cells of the days picked (just written)."""
    columns = ", ".join(("local_date", *COLUMNS))
    return (f"INSERT INTO stats_day ({columns}) SELECT local_date, {sums(d)} FROM stats_cell "
            f"WHERE {days} GROUP BY local_date")


def sums(d: Dialect) -> str:
    """Every column added up over a group (the lists joined), named as the column."""
    return ", ".join([f"sum({c}) AS {c}" for c in COUNTS]
                     + [f"{d.concat(c)} AS {c}" for c in LISTS])


def rebuild_all(database=None) -> None:
    """Throw every cell away and build them all from the facts (inside the caller's
    transaction): the migration that introduces the summary, and copies between databases."""
    d = Dialect(isinstance(database or db.obj, peewee.PostgresqlDatabase), hints=False)
    run = (database or db.obj).execute_sql
    for table in SUMMARY_TABLES:
        run(f"DELETE FROM {table}")
    run(_insert_cells(d, "j.local_date IS NOT NULL"))
    run(_insert_days(d, "local_date IS NOT NULL"))


def install(database) -> None:
    """The summary on a database (inside the caller's transaction): its tables, every cell
    built from the facts already there, then the triggers that keep it honest."""
    from models.reports import cell_triggers

    create_tables(database)
    rebuild_all(database)
    cell_triggers.install(database)


def verify() -> list[str]:
    """`check`: the stored summary of every day not marked out of date, against the facts.

    A difference means someone changed the summary, or the facts with the triggers off;
    those days are marked out of date (when the database can be written) so that every
    report computes them from the facts again, and the finding says so."""
    if not db.table_exists("stats_dirty"):  # a backup from before schema 3: built on opening
        return []
    d = dialect()
    clean = "local_date NOT IN (SELECT local_date FROM stats_dirty)"
    columns = ", ".join(("CAST(local_date AS TEXT)", "truck_id", *COLUMNS))
    day_columns = ", ".join(("CAST(local_date AS TEXT)", *COLUMNS))
    stored = _keyed(d.run(f"SELECT {columns} FROM stats_cell WHERE {clean}", {}), 2)
    facts = _keyed(d.run(f"SELECT {columns} FROM ({build_sql(d, 'j.' + clean)}) b", {}), 2)
    days = _keyed(d.run(f"SELECT {day_columns} FROM stats_day WHERE {clean}", {}), 1)
    day_facts = _keyed(d.run(f"SELECT CAST(local_date AS TEXT), {sums(d)} FROM stats_cell "
                             f"WHERE {clean} GROUP BY local_date", {}), 1)
    wrong = {key[0] for key in set(stored) | set(facts) if stored.get(key) != facts.get(key)}
    wrong |= {key[0] for key in set(days) | set(day_facts) if days.get(key) != day_facts.get(key)}
    if not wrong:
        return []
    first = min(wrong)
    marked = _mark(sorted(wrong))
    return [f"statistics summary: {len(wrong)} day(s) did not match the jobs (first {first}); "
            + ("they are marked to be rebuilt from the jobs" if marked else
               "this database cannot be written, so they could not be marked to be rebuilt")]


def _keyed(rows, width: int) -> dict[tuple, tuple]:
    """Rows by their key columns, counts as ints and lists as sorted bags."""
    n = width + len(COUNTS)
    return {tuple(str(v) for v in row[:width]):
            tuple(int(v or 0) for v in row[width:n])
            + tuple(tuple(sorted(v.split(","))) if v else () for v in row[n:])
            for row in rows}


def _mark(days: list[str]) -> bool:
    from models.errors import DatabaseUnavailable

    d = dialect()
    try:
        with write_tx():
            for day in days:
                d.execute("INSERT INTO stats_dirty (local_date) VALUES (:day)",
                          {"day": d.date(dt.date.fromisoformat(day))})
    except (peewee.OperationalError, peewee.InterfaceError, DatabaseUnavailable):
        return False
    return True

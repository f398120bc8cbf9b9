"""Indexes the owner's statistics need; idempotent, called when a database is created or opened."""

from __future__ import annotations

# A step 9 answer naming a systemic cause, as services.complaints stores it (json.dumps);
# the query repeats this text exactly so that SQLite can use the small partial index below.
_SYSTEMIC = ("{t}number = 9 AND ({t}data LIKE '%\"systemic\": true%' "
             "OR {t}data LIKE '%\"systemic\":true%')")
SYSTEMIC_STEP = _SYSTEMIC.format(t="st.")

# The statistics read a date range of jobs with only these columns (a covering index: the
# table itself is never touched), then each job's live arrival stamp (a partial covering
# index holding only active arrivals, so the join reads one small entry per job; kind and
# active are repeated in it because SQLite only treats an index as covering when it holds
# every column the query names).
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "job_stats_cover" ON "job" ("local_date", "truck_id", '
    '"status", "window_end_utc", "fault", "free")',
    'CREATE INDEX IF NOT EXISTS "stamp_active_arrival" ON "stamp" ("job_id", "at", "kind", '
    '"active") '
    "WHERE \"kind\" = 'arrival' AND \"active\" = 1",
    # Rewards and complaints are read by a range of job ids (the range's jobs were booked
    # around the same time), from narrow covering copies of the columns the figures use.
    'CREATE INDEX IF NOT EXISTS "reward_stats_cover" ON "reward" ("job_id", "status", "kind", '
    '"tier", "value", "certificate_code")',
    'CREATE INDEX IF NOT EXISTS "complaint_stats_cover" ON "complaint" ("job_id", "status", '
    '"fault", "outcome", "opened_at", "first_response_at", "resolved_at")',
    # The systemic causes: a few step 9 rows out of ten steps per complaint.
    'CREATE INDEX IF NOT EXISTS "complaint_step_systemic" ON "complaint_step" ("complaint_id") '
    "WHERE " + _SYSTEMIC.format(t=""),
)


STATS_INDEXES = ("job_stats_cover", "stamp_active_arrival", "reward_stats_cover",
                 "complaint_stats_cover", "complaint_step_systemic")


def ensure_indexes(database) -> None:
    """Create the statistics indexes if missing: a peewee Database or a sqlite3 connection."""
    run = getattr(database, "execute_sql", None) or database.execute
    for statement in INDEXES:
        run(statement)

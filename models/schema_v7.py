"""Schema 7: the forecasts' learned state (``forecast_state``), built from the history."""

from __future__ import annotations

import peewee


def upgrade(database) -> None:
    """The table, then everything learned from the stamps already there (inside the
    migration's transaction, like the statistics summary of schema 3). On a server, every
    login that may rebuild the statistics summary may keep this one too (what server-grant
    gives a desktop's login from now on)."""
    from models.forecast_db import learned, table

    table.create_table(database)
    if isinstance(database, peewee.PostgresqlDatabase):
        for (role,) in database.execute_sql(
                "SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE "
                "table_schema = current_schema() AND table_name = 'stats_cell' AND "
                "privilege_type = 'INSERT' AND grantee <> current_user").fetchall():
            quoted = role.replace('"', '""')
            database.execute_sql(f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table.TABLE}" '
                                 f'TO "{quoted}"')
    learned.rebuild_all(database)

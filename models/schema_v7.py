"""Schema 7: the forecasts' learned state (``forecast_state``), built from the history."""

from __future__ import annotations


def upgrade(database) -> None:
    """The table, then everything learned from the stamps already there (inside the
    migration's transaction, like the statistics summary of schema 3)."""
    from models.forecast_db import learned, table

    table.create_table(database)
    learned.rebuild_all(database)

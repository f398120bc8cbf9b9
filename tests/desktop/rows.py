"""Every row of a test database apart from the audit trail (and its head), the statistics
summary (a cache the reports rebuild) and the forecasts' learned state (a cache every board
reload brings up to date: its watermarks move with every write, an undo's included), to
compare before an action and after its undo."""

from __future__ import annotations

from tests import dbview

SKIPPED = {"audit_entry", "stats_cell", "stats_day", "stats_dirty", "forecast_state"}


def facts(db) -> dict[str, list[tuple]]:
    found = {}
    for name in dbview.tables(db):
        if name in SKIPPED:
            continue
        rows = dbview.query(db, f'SELECT * FROM "{name}"')
        if name == "setting":
            rows = [r for r in rows if r[0] != "audit_head"]
        found[name] = sorted(rows, key=repr)
    return found

"""An older database is copied aside, then brought up to the current schema."""

from __future__ import annotations

import pytest

from models import store
from models.db import db
from models.integrity import check
from models.schema import Setting
from tests import factories


@pytest.mark.sqlite_only
def test_version_1_file_is_backed_up_then_migrated(db_path):
    db.execute_sql('DROP INDEX "job_stats_cover"')
    factories.pretend_version(1)
    store.close()

    store.open_db(str(db_path))

    assert Setting.get(Setting.key == "schema_version").value == str(store.SCHEMA_VERSION)
    names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE "
                                              "type = 'index'")}
    assert "job_stats_cover" in names
    backups = list(db_path.parent.glob(
        f"{db_path.name}.before-v{store.SCHEMA_VERSION}-*.bak"))
    assert len(backups) == 1
    store.close()
    store.open_db(str(backups[0]))  # the copy is the old version, whole: it migrates too
    assert check() == []


def test_version_2_gets_the_statistics_summary_built_from_its_history(db_path, now):
    from models.reports import cells
    from models.reports.period import DateRange
    from models.reports.table import stats_table
    from tests.reports import history

    history.build(now)
    rng = DateRange(now.date().replace(day=1), now.date())
    expected = stats_table(rng, "day")
    triggers = [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")] if not _postgres() else []
    for name in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    for table in ("stats_cell", "stats_day", "stats_dirty"):
        db.execute_sql(f"DROP TABLE {table}" + (" CASCADE" if _postgres() else ""))
    factories.pretend_version(2)
    store.close()

    store.open_db(str(db_path))

    assert cells.dirty_days() == []  # every day built by the migration
    assert db.execute_sql("SELECT count(*) FROM stats_cell").fetchone()[0] == 6
    assert stats_table(rng, "day") == expected
    history.factories.job(1, 1, now.date(), "16:00", booked_at=now)
    assert cells.dirty_days() == [now.date().isoformat()]  # the triggers are back


def _postgres() -> bool:
    import peewee

    return isinstance(db.obj, peewee.PostgresqlDatabase)


def test_a_newer_database_is_refused(db_path):
    from models.errors import DatabaseUnavailable

    Setting.update(value="99").where(Setting.key == "schema_version").execute()
    store.close()
    with pytest.raises(DatabaseUnavailable, match="newer"):
        store.open_db(str(db_path))

"""An older database is copied aside, then brought up to the current schema."""

from __future__ import annotations

import pytest

from models import store
from models.db import db
from models.integrity import check
from models.schema import Setting


@pytest.mark.sqlite_only
def test_version_1_file_is_backed_up_then_migrated(db_path):
    db.execute_sql('DROP INDEX "job_stats_cover"')
    Setting.update(value="1").where(Setting.key == "schema_version").execute()
    store.close()

    store.open_db(str(db_path))

    assert Setting.get(Setting.key == "schema_version").value == str(store.SCHEMA_VERSION)
    names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE "
                                              "type = 'index'")}
    assert "job_stats_cover" in names
    backups = list(db_path.parent.glob(f"{db_path.name}.before-v2-*.bak"))
    assert len(backups) == 1
    store.close()
    store.open_db(str(backups[0]))  # the copy is the old version, whole: it migrates too
    assert check() == []


def test_a_newer_database_is_refused(db_path):
    from models.errors import DatabaseUnavailable

    Setting.update(value="99").where(Setting.key == "schema_version").execute()
    store.close()
    with pytest.raises(DatabaseUnavailable, match="newer"):
        store.open_db(str(db_path))

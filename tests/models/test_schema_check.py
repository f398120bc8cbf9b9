"""The schema check: a fresh or migrated database is exactly today's; anything else is named."""

from __future__ import annotations

import peewee
import pytest

from tests import factories

from models import store
from models.db import db
from models.integrity import check
from models.schema import Setting
from models.schema_check import findings
from models.settings_check import settings_problems


def _server() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def test_a_fresh_database_is_exactly_todays_schema(db_path):
    assert findings() == ([], True)


def test_a_version_2_database_migrated_equals_a_fresh_one(db_path):
    from models.reports import cell_triggers

    if _server():
        for table in cell_triggers.WATCHED:
            db.execute_sql(f'DROP TRIGGER "stats_{table}" ON "{table}"')
            db.execute_sql(f"DROP FUNCTION stats_mark_{table}()")
    else:
        for statement in cell_triggers.sqlite_statements():
            db.execute_sql(f'DROP TRIGGER "{statement.split(chr(34))[1]}"')
    for table in ("stats_cell", "stats_day", "stats_dirty"):
        db.execute_sql(f"DROP TABLE {table}")
    assert any("'stats_dirty' is missing" in f for f in findings()[0])  # says version 3
    factories.pretend_version(2)
    assert findings() == ([], True)  # what version 2 lacked, it may lack
    store.close()

    store.open_db(str(db_path))

    assert findings() == ([], True)
    assert check() == []


@pytest.mark.sqlite_only
def test_a_version_1_file_migrated_equals_a_fresh_one(db_path):
    db.execute_sql('DROP INDEX "job_stats_cover"')
    factories.pretend_version(1)
    store.close()
    store.open_db(str(db_path))
    assert findings() == ([], True)


def test_extra_objects_on_the_server_or_file_are_named_and_stop_the_other_checks(db_path):
    if _server():
        db.execute_sql("CREATE FUNCTION promote() RETURNS trigger LANGUAGE plpgsql AS $$ "
                       "BEGIN UPDATE \"user\" SET role = 'owner'; RETURN NEW; END $$")
        db.execute_sql("CREATE TRIGGER promote AFTER INSERT ON audit_entry FOR EACH ROW "
                       "EXECUTE FUNCTION promote()")
        db.execute_sql("CREATE RULE quiet AS ON DELETE TO stamp DO INSTEAD NOTHING")
    else:
        db.execute_sql("CREATE TRIGGER promote AFTER INSERT ON audit_entry BEGIN "
                       "UPDATE \"user\" SET role = 'owner'; END")
    db.execute_sql("CREATE VIEW v AS SELECT 1 AS one")
    db.execute_sql("ALTER TABLE job ADD COLUMN x INTEGER")

    found, ours = findings()

    assert not ours
    text = "\n".join(found)
    assert "extra trigger 'promote" in text and "extra view 'v'" in text
    assert "table 'job' is not defined" in text
    if _server():
        assert "extra function 'promote()'" in text and "extra rule 'quiet on stamp'" in text
    assert check() == found  # nothing else ran on a schema that is not ours


def test_a_desktop_login_without_the_right_to_build_a_scratch_schema_still_checks_by_name(
        db_path):
    from models.schema_server import _by_name, catalog

    if not _server():
        pytest.skip("PostgreSQL only")
    assert _by_name(catalog(db.obj, "public")) == []
    db.execute_sql("DROP TABLE stats_dirty CASCADE")
    db.execute_sql("CREATE VIEW v AS SELECT 1 AS one")
    found = _by_name(catalog(db.obj, "public"))
    assert "schema: the table 'stats_dirty' is missing" in found
    assert "schema: an extra view 'v' that this program never makes" in found


@pytest.mark.parametrize("key, value, words", [
    ("tz", "Mars/Olympus", "not a time zone"),
    ("tz", " America/Chicago", "not a time zone"),
    ("tz", "../../etc/passwd", "not a time zone"),
    ("currency", "", "not a currency"),
    ("currency", "$\x07", "not a currency"),
    ("currency", "€" * 9, "not a currency"),
    ("schema_version", "0", "schema version '0'"),
    ("schema_version", "-7", "schema version '-7'"),
    ("schema_version", "abc", "schema version 'abc'"),
    ("schema_version", "99", "schema version '99'"),
    ("backup_keep", "0", "whole number"),
    ("backup_time", "25:00", "HH:MM"),
    ("office_hours", "always", "Mon-Sat"),
    ("paper", "Legal", "Letter or A4"),
    ("live_swept_until", "yesterday", "instant"),
])
def test_a_setting_of_the_wrong_shape_is_named(key, value, words):
    values = {"schema_version": "3", "tz": "America/Chicago", "currency": "$",
              "company_name": "Prairie Carpet Care", key: value}
    problems = settings_problems(values)
    assert len(problems) == 1 and words in problems[0] and key in problems[0].replace(
        "schema version", "schema_version"), problems


def test_good_settings_pass():
    assert settings_problems({"schema_version": "1", "tz": "Pacific/Chatham", "currency": "CHF",
                              "company_name": "X", "paper": "a4", "backup_time": "2:00",
                              "office_hours": "Sat 09:00-12:00", "unknown_key": "\x00"}) == []

"""A desktop's own server login keeps the forecasts' learned state (a summary any desktop
may rebuild) and sees a clean schema with it."""

from __future__ import annotations

import datetime as dt

from models import store
from models.forecast_db import learned, table
from models.forecast_db.day import day_forecasts
from models.integrity import check
from models.services import stamps
from tests.postgres.test_desktop_role import DAY, OWNER, UTC, _url, office  # noqa: F401


def test_a_desktop_login_learns_saves_and_forecasts(office):  # noqa: F811
    store.close()
    store.open_db(_url(office, "desk"))
    done = dt.datetime(2026, 11, 23, 18, 10, tzinfo=UTC)
    stamps.complete(office["job"], done, OWNER, done)
    outcome = learned.current()
    assert outcome.saved and outcome.rebuilt and outcome.stored.records == 1
    assert table.load().records == 1
    assert day_forecasts(DAY, done) == []  # its only job is done
    from models.schema_server import server_findings
    from models.db import db

    assert server_findings(db.obj) == []
    assert check() == []


def test_the_upgrade_to_7_lets_the_desktop_logins_keep_the_state(office, pg_url):  # noqa: F811
    from models.db import db, write_tx
    from models.schema import Setting

    db.execute_sql(f"DROP TABLE {table.TABLE}")  # a version-6 server: desk1 was granted then
    with write_tx():
        Setting.update(value="6").where(Setting.key == "schema_version").execute()
    store.close()
    store.open_db(pg_url)  # the tables' owner upgrades it
    assert table.load().records == 0
    (allowed,) = db.execute_sql("SELECT has_table_privilege(%s, %s, 'UPDATE')",
                                (office["desk"], table.TABLE)).fetchone()
    assert allowed
    store.close()
    store.open_db(_url(office, "desk"))
    done = dt.datetime(2026, 11, 23, 18, 10, tzinfo=UTC)
    stamps.complete(office["job"], done, OWNER, done)
    assert learned.learn_new().learned == 1
    assert check() == []

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

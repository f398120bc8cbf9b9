"""A company database on the throwaway PostgreSQL cluster, for the shared-database tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import NOW, PASSWORD


@pytest.fixture
def pg_url(pg_cluster):
    from models import store

    url = pg_cluster.new_database()
    store.create_db(url, company="Prairie Carpet Care", tz="America/Chicago", owner="owner",
                    password=PASSWORD, now=NOW - dt.timedelta(days=30))
    yield url
    store.close()

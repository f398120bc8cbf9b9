"""Shared fixtures: a real SQLite file per test, a fixed clock, the offscreen Qt platform."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 12:00 in America/Chicago
PASSWORD = "owner-pass"


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run the long variants too")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="long variant: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def db_path(tmp_path):
    """A new company database file (America/Chicago, owner 'owner'), bound for models/."""
    from models import store

    path = tmp_path / "ontime.sqlite3"
    store.create_db(str(path), company="Prairie Carpet Care", tz="America/Chicago",
                    owner="owner", password=PASSWORD, now=NOW - dt.timedelta(days=30))
    yield path
    store.close()


@pytest.fixture
def owner(db_path):
    from models.services.actor import Actor

    return Actor("owner", "owner")


@pytest.fixture
def dispatcher(db_path, owner):
    from models.services import people
    from models.services.actor import Actor

    people.add_user("dana", "dispatcher", "dispatch-pass", owner, NOW)
    return Actor("dana", "dispatcher")

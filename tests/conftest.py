"""Shared fixtures: a real SQLite file per test, a fixed clock, the offscreen Qt platform."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Audit keys (kept outside each database) in one folder for the whole run: databases made
# once and copied for each test share their original's key, as a backup does.
os.environ.setdefault("ONTIME_AUDIT_KEY_DIR", tempfile.mkdtemp(prefix="ontime-keys-"))

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 12:00 in America/Chicago
PASSWORD = "owner-pass"
# ONTIME_TEST_DB=postgres runs the database tests against a throwaway PostgreSQL cluster.
BACKEND = os.environ.get("ONTIME_TEST_DB", "sqlite")


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="run the long variants too")


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.skip(reason="long variant: run with --runslow")
    sqlite_only = pytest.mark.skip(reason="about the SQLite file itself")
    for item in items:
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(slow)
        if "sqlite_only" in item.keywords and BACKEND == "postgres":
            item.add_marker(sqlite_only)


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the whole session."""
    from tests.pgserver import Cluster, available

    if not available():
        pytest.fail("PostgreSQL is not installed (bash scripts/install.sh installs it)")
    cluster = Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(autouse=True)
def own_data_folders(tmp_path_factory, monkeypatch):
    """No test writes into the real user's data or settings folders (a server database's
    backups, for one, go to the data folder); the CLI's subprocesses inherit these too."""
    root = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def db_path(tmp_path, request):
    """A new company database (America/Chicago, owner 'owner'), bound for models/.

    An SQLite file path, or a PostgreSQL URL (str) when ONTIME_TEST_DB=postgres.
    """
    from models import store

    if BACKEND == "postgres":
        path = request.getfixturevalue("pg_cluster").new_database()
    else:
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

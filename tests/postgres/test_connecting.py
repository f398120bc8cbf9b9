"""Connecting to a server: clear messages, no password on screen, a bounded wait for locks."""

from __future__ import annotations

import pytest

from models.db import PG_LOCK_TIMEOUT, make_database, shown
from models.errors import DatabaseUnavailable


def test_a_url_is_shown_without_its_password():
    assert shown("postgresql://desk1:s3cret@office:5432/ontime") == \
        "postgresql://desk1:***@office:5432/ontime"
    assert shown("postgresql://desk1@office/ontime") == "postgresql://desk1@office/ontime"
    assert shown("/home/ana/ontime.sqlite3") == "/home/ana/ontime.sqlite3"


def test_a_missing_server_database_is_named_not_blamed_on_the_network(pg_cluster):
    url = pg_cluster.admin_url("no_such_db").replace("postgres@", "postgres:pw@")
    with pytest.raises(DatabaseUnavailable) as refused:
        make_database(url)
    text = str(refused.value)
    assert "no such database" in text and "init" in text and "pw@" not in text


def test_server_connections_give_up_on_a_lock_after_the_timeout(pg_url):
    database = make_database(pg_url)
    try:
        assert database.execute_sql("SHOW lock_timeout").fetchone()[0] == PG_LOCK_TIMEOUT
    finally:
        database.close()

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


def test_init_refuses_a_server_database_that_belongs_to_another_program(pg_cluster):
    import psycopg

    from models import store
    from models.errors import DomainError

    url = pg_cluster.new_database()
    with psycopg.connect(url, autocommit=True) as other:
        other.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(DomainError, match=r"not empty \(1 table\(s\): invoices\)"):
        store.create_db(url, company="Prairie", tz="America/Chicago", owner="owner",
                        password="owner-pass")
    store.close()
    with psycopg.connect(url) as other:
        tables = [r[0] for r in other.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]  # nothing of ours was added

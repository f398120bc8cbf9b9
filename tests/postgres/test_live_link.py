"""The board's link to other desktops: woken by their changes, surviving a lost server."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import peewee
import psycopg
import pytest

from desktop.live import LiveLink
from models.services import people
from models.services.actor import Actor
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
OWNER = Actor("owner", "owner")


def _add_truck_elsewhere(target: str, name: str) -> None:
    env = dict(os.environ, ONTIME_PASSWORD="owner-pass", ONTIME_NOW="2026-11-23T18:00:00Z")
    done = subprocess.run([sys.executable, "main.py", "--db", target, "add-truck", name],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.sqlite_only
def test_sqlite_change_by_another_process_wakes_the_board(qtbot, db_path):
    link = LiveLink(str(db_path))
    link.start()
    with qtbot.waitSignal(link.changed, timeout=3000):
        _add_truck_elsewhere(str(db_path), "Truck 9")
    link.stop()


def test_postgres_change_by_another_desktop_wakes_the_board(qtbot, pg_url):
    link = LiveLink(pg_url)
    link.start()
    with qtbot.waitSignal(link.changed, timeout=3000):
        _add_truck_elsewhere(pg_url, "Truck 9")
    link.stop()


def _kill_connections(cluster, url: str) -> None:
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(cluster.admin_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))


def test_server_loss_is_noticed_actions_refused_then_reconnected(qtbot, pg_url, pg_cluster):
    link = LiveLink(pg_url, ping_ms=200)
    link.start()
    with qtbot.waitSignal(link.connection_lost, timeout=3000) as lost:
        _kill_connections(pg_cluster, pg_url)
    assert lost.args[0]
    assert not link.online
    with qtbot.waitSignals([link.connection_restored, link.changed], timeout=5000):
        pass  # the back-off retry reconnects by itself
    assert link.online
    people.add_truck("Truck 7", "", None, OWNER, NOW)  # the main connection works again
    link.stop()


def test_an_action_while_the_server_is_gone_changes_nothing(pg_url, pg_cluster):
    from models.db import reconnect
    from models.schema import Truck

    before = Truck.select().count()
    _kill_connections(pg_cluster, pg_url)
    with pytest.raises(peewee.DatabaseError):
        people.add_truck("Truck 8", "", None, OWNER, NOW + dt.timedelta(minutes=1))
    reconnect()
    assert Truck.select().count() == before

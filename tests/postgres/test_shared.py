"""Several desktops on one PostgreSQL server: one truth, at once, never overwritten silently."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from models import store
from models.integrity import check
from models.live import PgListener
from models.schema import Job, Stamp
from tests import factories
from tests.postgres.latency import stamps_seen

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 23)
BOOKED = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def _jobs(count: int) -> list[int]:
    truck = factories.truck("Truck 1")
    customer = factories.customer().id
    return [factories.job(truck, customer, DAY, f"{6 + i // 6:02d}:{(i % 6) * 10:02d}",
                          booked_at=BOOKED) for i in range(count)]


def _python(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tests.postgres.writer", *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _arrivals(job_ids) -> int:
    return Stamp.select().where(Stamp.job.in_(job_ids) & (Stamp.kind == "arrival")).count()


def test_a_stamp_on_one_desktop_reaches_the_other_within_a_second(pg_url):
    """Like a board: woken by the listener, it re-reads; each stamp's delay is measured from
    the moment the writer began the stamp to the moment this side's re-read shows it."""
    latencies = stamps_seen(pg_url, _jobs(100), _stamper, _arrivals)
    p95 = latencies[94]
    print(f"\nstamp on one desktop -> seen on the other, 100 stamps: p95 {p95 * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms")
    assert p95 < 1.0


def _stamper(url: str, job_ids: list[int]) -> subprocess.Popen:
    return _python("stamp", url, ",".join(map(str, job_ids)), "0.01")


def test_racing_edits_have_exactly_one_winner_each_round(pg_url, tmp_path):
    job_id = _jobs(1)[0]
    rounds = 1000
    racers = [_python("race", pg_url, str(job_id), str(rounds), name, str(tmp_path))
              for name in ("a", "b")]
    outcomes = [r.communicate(timeout=600) for r in racers]
    for racer, (_, err) in zip(racers, outcomes):
        assert racer.returncode == 0, err
    results = [dict(line.split() for line in out.splitlines()) for out, _ in outcomes]
    for n in range(rounds):
        assert sorted([results[0][str(n)], results[1][str(n)]]) == ["lost", "won"], n
    last_winner = "a" if results[0][str(rounds - 1)] == "won" else "b"
    assert Job.get_by_id(job_id).notes == f"{last_winner}-{rounds - 1}"
    assert check() == []


def test_a_killed_listener_reconnects_and_the_reread_sees_every_change(pg_url, pg_cluster):
    job_ids = _jobs(100)
    listener = PgListener(pg_url)
    with psycopg.connect(pg_cluster.admin_url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (listener.backend_pid(),))
    writer = _python("stamp", pg_url, ",".join(map(str, job_ids)), "0")
    assert writer.wait(timeout=60) == 0
    with pytest.raises(ConnectionError):
        listener.drain()
    listener.connect()  # what the app does after a lost connection: listen again, re-read
    assert _arrivals(job_ids) == 100
    assert listener.drain() == []  # nothing new since the re-read
    listener.close()


def test_migrate_to_copies_everything_and_the_copy_checks(db_path_sqlite, pg_cluster):
    target = pg_cluster.new_database()
    env = dict(os.environ, ONTIME_PASSWORD="owner-pass", ONTIME_NOW="2026-11-23T18:00:00Z")
    done = subprocess.run([sys.executable, "main.py", "--db", str(db_path_sqlite), "migrate-to",
                           target], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    checked = subprocess.run([sys.executable, "main.py", "--db", target, "check"], cwd=ROOT,
                             env=env, capture_output=True, text=True)
    assert checked.returncode == 0 and "All checks passed" in checked.stdout, checked.stdout
    rewards = subprocess.run([sys.executable, "main.py", "--db", target, "rewards"], cwd=ROOT,
                             env=env, capture_output=True, text=True)
    original = subprocess.run([sys.executable, "main.py", "--db", str(db_path_sqlite),
                               "rewards"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert rewards.stdout == original.stdout and rewards.stdout.count("\n") > 1


@pytest.fixture
def db_path_sqlite(tmp_path):
    """An SQLite office with a late job, a reward and a complaint, closed for copying."""
    from tests.conftest import NOW, PASSWORD

    path = tmp_path / "office.sqlite3"
    store.create_db(str(path), company="Prairie Carpet Care", tz="America/Chicago",
                    owner="owner", password=PASSWORD, now=NOW - dt.timedelta(days=30))
    job_ids = _jobs(3)
    from models.services import stamps
    from models.services.actor import Actor

    stamps.arrive(job_ids[0], NOW - dt.timedelta(hours=4), Actor("owner", "owner"), NOW,
                  reason="crew log")
    store.close()
    return path


def test_the_app_role_cannot_drop_tables_or_rewrite_the_audit_trail(pg_url, pg_cluster):
    from models.server_roles import grant_app_role

    with psycopg.connect(pg_cluster.admin_url(), autocommit=True) as admin:
        admin.execute("CREATE ROLE desk1 LOGIN")
    grant_app_role("desk1")
    store.close()
    desk_url = pg_url.replace("postgres@", "desk1@")
    store.open_db(desk_url)
    job_id = _jobs(1)[0]  # the app itself works under the role
    from models.services import stamps
    from models.services.actor import Actor

    stamps.arrive(job_id, dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.timezone.utc),
                  Actor("owner", "owner"), dt.datetime(2026, 11, 23, 17, 1,
                                                       tzinfo=dt.timezone.utc))
    from models.reports import cells

    assert cells.dirty_days() == ["2026-11-23"] and cells.refresh() == 1  # the summary too
    with psycopg.connect(desk_url, autocommit=True) as desk:
        for sql in ("DROP TABLE job", "DROP TABLE stats_cell", "UPDATE audit_entry SET reason = 'x'",
                    "DELETE FROM audit_entry", "ALTER TABLE job ADD COLUMN x int"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                desk.execute(sql)
    assert check() == []

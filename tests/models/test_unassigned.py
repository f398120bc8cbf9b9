"""Jobs booked before a truck is chosen (schema 6): booked, assigned, unassigned, evaluated,
counted under '(unassigned)', and the upgrade of a version-5 database."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from models import store
from models.db import db, write_tx
from models.errors import DomainError
from models.integrity import check
from models.queries.day import day_jobs
from models.reports.period import DateRange
from models.reports.table import HEADER, stats_table
from models.schema import AuditEntry, Job, Setting
from models.schema_check import findings
from models.services import guarantee, jobs
from models.services.unassigned import unassign
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, end_of, lateness


def _book(cust: int, start: str = "09:00") -> int:
    hours, minutes = map(int, start.split(":"))
    draft = jobs.JobDraft(cust, None, DAY, dt.time(hours, minutes), service="Carpet cleaning",
                          price="150.00")
    return jobs.book(draft, OWNER, BOOKED).job_id


def _trail(job_id: int) -> list[tuple[str, str, str]]:
    return [(e.action, e.old, e.new) for e in AuditEntry.select().where(
        (AuditEntry.entity == "job") & (AuditEntry.entity_id == str(job_id))
    ).order_by(AuditEntry.id)]


def test_a_job_booked_without_a_truck_waits_then_is_assigned_and_unassigned(truck_id, cust,
                                                                           now):
    job_id = _book(cust)
    assert Job.get_by_id(job_id).truck_id is None
    (row,) = day_jobs(DAY, now)
    assert (row.job_id, row.truck_id, row.truck) == (job_id, None, "")
    jobs.assign(job_id, "Truck 1", OWNER, now)
    assert Job.get_by_id(job_id).truck_id == truck_id
    assert unassign(job_id, OWNER, now) is True
    job = Job.get_by_id(job_id)
    assert (job.truck_id, job.version) == (None, 3)
    assert unassign(job_id, OWNER, now) is False  # already in the tray: nothing written
    assert _trail(job_id)[1:] == [
        ("assign", f'{{"truck": null}}', f'{{"truck": {truck_id}}}'),
        ("unassign", f'{{"truck": {truck_id}}}', '{"truck": null}')]
    assert check() == []


def test_unassign_is_refused_once_the_crew_is_on_its_way(truck_id, job_id, now):
    from models.services import stamps

    stamps.en_route(job_id, now, OWNER, now)
    with pytest.raises(DomainError, match="on the way"):
        unassign(job_id, OWNER, now)
    assert Job.get_by_id(job_id).truck_id == truck_id


def test_an_unassigned_job_earns_its_reward_like_any_job(cust, now):
    job_id = _book(cust)
    guarantee.evaluate(end_of(job_id) + 45 * MIN)
    reward = lateness(job_id)
    assert (reward.tier, reward.status) == (1, "proposed")
    arrive(job_id, end_of(job_id) + 65 * MIN)
    assert lateness(job_id).tier == 2
    (row,) = day_jobs(DAY, end_of(job_id) + 70 * MIN)
    assert (row.state, row.tier) == ("arrived_late", 2)
    assert check() == []


def test_statistics_group_unassigned_jobs_as_their_own_truck(truck_id, job_id, cust, now):
    waiting = _book(cust, "11:00")
    arrive(waiting, end_of(waiting) + 35 * MIN)
    rows = {r[0]: dict(zip(HEADER, r)) for r in stats_table(DateRange(DAY, DAY), "truck")}
    assert set(rows) == {"(unassigned)", "Truck 1", "total"}
    assert rows["(unassigned)"]["jobs"] == "1"
    assert rows["(unassigned)"]["late"] == "1"
    assert rows["Truck 1"]["jobs"] == "1"
    # the owner's drill-down behind the "(unassigned)" bar and behind the whole day
    from models.reports.dashboard import jobs_behind

    behind = jobs_behind(DateRange(DAY, DAY), truck_id=0)
    assert [(line.job_id, line.truck) for line in behind] == [(waiting, "(unassigned)")]
    assert waiting in {line.job_id for line in jobs_behind(DateRange(DAY, DAY))}
    assert check() == []


def _make_version_5(database) -> None:
    """What a version-5 database had: job.truck_id NOT NULL."""
    if isinstance(database, peewee.PostgresqlDatabase):
        database.execute_sql("ALTER TABLE job ALTER COLUMN truck_id SET NOT NULL")
    else:
        (sql,) = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'job'").fetchone()
        (version,) = database.execute_sql("PRAGMA schema_version").fetchone()
        database.execute_sql("PRAGMA writable_schema = ON")
        database.execute_sql("UPDATE sqlite_master SET sql = ? WHERE name = 'job'",
                             (sql.replace('"truck_id" INTEGER', '"truck_id" INTEGER NOT NULL'),))
        database.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")
        database.execute_sql("PRAGMA writable_schema = OFF")
    with write_tx():  # the program's own write: its row snapshot is sealed
        Setting.update(value="5").where(Setting.key == "schema_version").execute()


def _truck_nullable() -> bool:
    return {c.name: c for c in db.get_columns("job")}["truck_id"].null


def test_a_version_5_database_is_backed_up_and_upgraded_to_equal_a_fresh_one(db_path, job_id,
                                                                            cust, now):
    triggers = "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'job' ORDER BY name"
    server = isinstance(db.obj, peewee.PostgresqlDatabase)
    before = None if server else db.execute_sql(triggers).fetchall()
    _make_version_5(db.obj)
    assert not _truck_nullable()
    store.close()

    store.open_db(str(db_path))

    assert Setting.get(Setting.key == "schema_version").value == str(store.SCHEMA_VERSION)
    assert _truck_nullable()
    assert findings() == ([], True)
    assert check() == []
    if not server:
        # the table's text is today's again; its indexes and triggers never changed
        assert db.execute_sql(triggers).fetchall() == before
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        backups = list(db_path.parent.glob(f"{db_path.name}.before-v{store.SCHEMA_VERSION}-*.bak"))
        assert len(backups) == 1
    waiting = _book(cust, "13:00")  # the upgraded file takes a job without a truck
    unassign(job_id, OWNER, now)
    assert {j.job_id for j in day_jobs(DAY, now) if j.truck_id is None} == {job_id, waiting}
    assert check() == []


def test_a_fresh_database_keeps_foreign_keys_on_the_empty_truck(db_path, cust):
    job_id = _book(cust)
    with pytest.raises(peewee.IntegrityError):
        with db.atomic():
            Job.update(truck=9999).where(Job.id == job_id).execute()


def test_a_rescheduled_unassigned_job_stays_unassigned_and_is_owed_like_any(cust, now):
    job_id = _book(cust)
    booked = jobs.reschedule(job_id, DAY, dt.time(15, 0), 0, "company", OWNER, BOOKED)
    new = Job.get_by_id(booked.job_id)
    assert (new.truck_id, new.free, new.local_start) == (None, True, "15:00")
    assert check() == []

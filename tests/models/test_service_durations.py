"""A service's own default booking duration: owner only, audited, used when a job is booked
(in the app or by import) without an explicit duration, and checked like every setting."""

from __future__ import annotations

import datetime as dt

import pytest

from models.company import policy_at
from models.errors import DomainError, PermissionDenied
from models.integrity import check
from models.schema import AuditEntry, Job, Setting
from models.services import jobs, service_durations
from models.settings_check import settings_problems
from tests import factories
from tests.models.conftest import BOOKED, DAY

BASE = {"schema_version": "7", "tz": "America/Chicago", "currency": "$",
        "company_name": "Prairie Carpet Care"}


def settings_rows() -> list[tuple]:
    return sorted((s.key, s.value) for s in Setting.select())


def book(truck_id, cust, service, duration=None, start=dt.time(9, 0)) -> Job:
    draft = jobs.JobDraft(cust, truck_id, DAY, start, service=service,
                          duration_minutes=duration)
    return Job.get_by_id(jobs.book(draft, factories.OWNER, BOOKED).job_id)


def test_owner_sets_it_audited_and_check_passes(db_path, owner, now):
    change = service_durations.set_default("  Upholstery ", "140", owner, now)
    assert change == service_durations.Change("Upholstery", None, 140)
    assert service_durations.default_for("Upholstery") == 140
    assert service_durations.defaults() == {"Upholstery": 140}
    entry = AuditEntry.select().where(AuditEntry.entity == "service_duration").get()
    assert (entry.by, entry.action, entry.entity_id) == ("owner", "settings", "Upholstery")
    assert "140" in entry.new and "null" in entry.old
    again = service_durations.set_default("Upholstery", 120, owner, now)
    assert (again.old, again.new) == (140, 120)
    assert check() == []


def test_setting_the_same_value_again_writes_nothing(db_path, owner, now):
    service_durations.set_default("Upholstery", 140, owner, now)
    entries = AuditEntry.select().count()
    assert service_durations.set_default("Upholstery", 140, owner, now).old == 140
    assert AuditEntry.select().count() == entries


def test_a_dispatcher_is_refused_and_nothing_changes(db_path, dispatcher, now):
    before, entries = settings_rows(), AuditEntry.select().count()
    with pytest.raises(PermissionDenied, match="Only an owner"):
        service_durations.set_default("Upholstery", 140, dispatcher, now)
    assert settings_rows() == before and AuditEntry.select().count() == entries


@pytest.mark.parametrize("value", ["0", "721", "-5", "90.5", "abc", "", "１２０", True, None,
                                   "1E2"])
def test_bad_minutes_are_refused_and_nothing_changes(db_path, owner, now, value):
    before, entries = settings_rows(), AuditEntry.select().count()
    with pytest.raises(DomainError, match="1 to 720"):
        service_durations.set_default("Upholstery", value, owner, now)
    assert settings_rows() == before and AuditEntry.select().count() == entries


@pytest.mark.parametrize("service", ["", "   ", "x" * 201])
def test_a_bad_service_name_is_refused(db_path, owner, now, service):
    before = settings_rows()
    with pytest.raises(DomainError):
        service_durations.set_default(service, 100, owner, now)
    assert settings_rows() == before


def test_booking_uses_the_service_default_and_an_explicit_duration_wins(
        db_path, owner, now, truck_id, cust):
    policy_default = policy_at(BOOKED).default_duration_minutes
    service_durations.set_default("Upholstery", 140, owner, now - dt.timedelta(days=2))
    assert book(truck_id, cust, "Upholstery").duration_minutes == 140
    assert book(truck_id, cust, " Upholstery ", start=dt.time(11)).duration_minutes == 140
    assert book(truck_id, cust, "Upholstery", 45, dt.time(13)).duration_minutes == 45
    assert book(truck_id, cust, "Carpet", start=dt.time(15)).duration_minutes == policy_default
    assert book(truck_id, cust, "", start=dt.time(16)).duration_minutes == policy_default
    assert check() == []


def test_jobs_already_booked_keep_their_duration(db_path, owner, now, truck_id, cust):
    job = book(truck_id, cust, "Upholstery")
    service_durations.set_default("Upholstery", 140, owner, now)
    assert Job.get_by_id(job.id).duration_minutes == policy_at(BOOKED).default_duration_minutes


def test_import_uses_the_service_default_unless_the_file_gives_one(db_path, owner, now,
                                                                    tmp_path):
    from models.importer import import_jobs

    factories.truck("Truck 1", "Ana & Bo", now=BOOKED)
    service_durations.set_default("Upholstery", 140, owner, BOOKED)
    path = tmp_path / "jobs.csv"
    path.write_text("external_id,date,window_start,truck,customer,service,duration\n"
                    f"U-1,{DAY},09:00,Truck 1,Ann,Upholstery,\n"
                    f"U-2,{DAY},11:00,Truck 1,Ann,Upholstery,60\n"
                    f"C-1,{DAY},13:00,Truck 1,Ann,Carpet,\n", encoding="utf-8")
    import_jobs(str(path), owner, now)
    got = {j.external_id: j.duration_minutes for j in Job.select()}
    assert got == {"U-1": 140, "U-2": 60, "C-1": policy_at(now).default_duration_minutes}
    assert check() == []


def test_settings_check_accepts_good_values_and_names_bad_ones():
    good = {**BASE, "service_duration:Upholstery": "140", "service_duration:x": "1",
            "service_duration:y": "720"}
    assert settings_problems(good) == []
    for bad in ("0", "721", "abc", "", "90.5"):
        problems = settings_problems({**BASE, "service_duration:Upholstery": bad})
        assert len(problems) == 1 and "service_duration:Upholstery" in problems[0]
        assert "1 to 720" in problems[0]


def test_check_names_a_bad_value_put_in_by_hand(db_path):
    from models.db import db

    db.execute_sql("INSERT INTO setting (key, value) VALUES ('service_duration:Rugs', '0')")
    assert any("service_duration:Rugs" in f for f in check())

"""The nightly automatic backup: names, when it is due, which are kept, and its Qt driver."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models import backup_schedule as bs
from tests.conftest import BACKEND

UTC = dt.timezone.utc
CHICAGO = "America/Chicago"
TWO = dt.time(2, 0)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_file_names_and_slots():
    assert bs.file_name(dt.date(2026, 11, 23)) == "ontime-2026-11-23.sqlite3"
    # 02:00 Chicago in November is 08:00 UTC
    assert bs.last_slot(utc(2026, 11, 23, 8, 0), CHICAGO, TWO) == (dt.date(2026, 11, 23),
                                                                   utc(2026, 11, 23, 8, 0))
    assert bs.last_slot(utc(2026, 11, 23, 7, 59), CHICAGO, TWO)[0] == dt.date(2026, 11, 22)
    assert bs.next_slot(utc(2026, 11, 23, 8, 0), CHICAGO, TWO) == utc(2026, 11, 24, 8, 0)


def test_due_only_when_the_latest_is_missing():
    now = utc(2026, 11, 23, 18, 0)
    assert bs.due(now, CHICAGO, TWO, []) == dt.date(2026, 11, 23)
    assert bs.due(now, CHICAGO, TWO, ["ontime-2026-11-23.sqlite3"]) is None
    # before 02:00 the night before's backup is the one that counts
    early = utc(2026, 11, 23, 7, 0)
    assert bs.due(early, CHICAGO, TWO, ["ontime-2026-11-22.sqlite3"]) is None
    # the laptop slept through three nights: one catch-up backup, for the latest night
    assert bs.due(now, CHICAGO, TWO, ["ontime-2026-11-20.sqlite3"]) == dt.date(2026, 11, 23)


def test_daylight_saving_days_have_exactly_one_slot():
    # 2027-03-14: 02:00 does not exist in Chicago; the slot is just after the gap (03:00 CDT)
    spring_day, spring = bs.last_slot(utc(2027, 3, 14, 12, 0), CHICAGO, TWO)
    assert spring_day == dt.date(2027, 3, 14) and spring == utc(2027, 3, 14, 8, 0)
    # 2026-11-01: 01:30 happens twice; the first one counts, once
    fall_day, fall = bs.last_slot(utc(2026, 11, 1, 12, 0), CHICAGO, dt.time(1, 30))
    assert fall_day == dt.date(2026, 11, 1) and fall == utc(2026, 11, 1, 6, 30)
    days = set()
    for minutes in range(0, 4 * 24 * 60, 7):
        now = utc(2027, 3, 12, 0, 0) + dt.timedelta(minutes=minutes)
        days.add(bs.last_slot(now, CHICAGO, TWO)[0])
    assert sorted(days) == [dt.date(2027, 3, d) for d in range(11, 16)]


def test_to_delete_keeps_the_newest_and_ignores_other_files():
    names = [bs.file_name(dt.date(2026, 11, d)) for d in range(1, 11)] + ["notes.txt",
                                                                          "ontime-old.sqlite3"]
    assert bs.to_delete(names, 7) == [bs.file_name(dt.date(2026, 11, d)) for d in (1, 2, 3)]
    assert bs.to_delete(names[:3], 7) == []


def test_run_nightly_over_ten_days(db_path, owner, tmp_path):
    from models.company import get_setting
    from tests.reliability.helpers import checked

    folder = tmp_path / "nightly"
    bs.save_settings(str(folder), 3, "02:00", owner, utc(2026, 11, 1, 0, 0))
    assert get_setting("backup_keep") == "3"
    (folder / "keep-me.txt").parent.mkdir()
    (folder / "keep-me.txt").write_text("not ours")
    made = []
    for hour in range(0, 10 * 24, 1):  # a tick every hour for ten days
        path = bs.run_nightly(utc(2026, 11, 10, 0, 0) + dt.timedelta(hours=hour), str(db_path))
        if path is not None:
            made.append(path.name)
    assert made == [bs.file_name(dt.date(2026, 11, d)) for d in range(9, 20)]
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["backups.log", "keep-me.txt"] + made[-3:]  # the log of fingerprints stays
    assert checked(folder / made[-1]) == []


def test_settings_defaults_and_owner_only(db_path, dispatcher, owner):
    from models.db import default_path
    from models.errors import DomainError, PermissionDenied

    settings = bs.current_settings(str(db_path))
    # next to the database file; for a server database, in this computer's data folder
    near = default_path().parent if BACKEND == "postgres" else db_path.parent
    assert settings == bs.BackupSettings(near / "backups", 7, TWO)
    with pytest.raises(PermissionDenied):
        bs.save_settings("/tmp/x", 3, "03:00", dispatcher, utc(2026, 11, 1, 0, 0))
    with pytest.raises(DomainError):
        bs.save_settings("/tmp/x", 3, "25:00", owner, utc(2026, 11, 1, 0, 0))
    with pytest.raises(DomainError):
        bs.save_settings("/tmp/x", 0, "03:00", owner, utc(2026, 11, 1, 0, 0))


def test_qt_job_makes_the_backup(qtbot, db_path, owner, tmp_path):
    from PySide6.QtCore import QObject

    from desktop.backup_job import install_backup_job

    # a folder of the test's own (a server database's default is this computer's data folder)
    bs.save_settings(str(tmp_path / "backups"), 7, "02:00", owner, utc(2026, 11, 1, 0, 0))
    parent = QObject()
    clock = lambda: utc(2026, 11, 23, 18, 0)
    job = install_backup_job(parent, clock, str(db_path), interval_ms=50)
    with qtbot.waitSignal(job.done, timeout=5000) as blocker:
        pass
    assert Path(blocker.args[0]).name == "ontime-2026-11-23.sqlite3"
    assert job.on_tick() is None  # already made today: the next ticks do nothing
    job.stop()


def test_scheduler_job_never_drops_a_missed_night(qtbot, db_path, owner, tmp_path):
    from apscheduler.schedulers.background import BackgroundScheduler

    from desktop.backup_job import JOB_ID, install_backup_job

    bs.save_settings(str(tmp_path / "backups"), 7, "02:00", owner, utc(2026, 11, 1, 0, 0))
    scheduler = BackgroundScheduler(timezone=UTC)  # (it also ticks once, right away)
    install_backup_job(scheduler, lambda: utc(2026, 11, 23, 18, 0), str(db_path))
    job = scheduler.get_job(JOB_ID)
    assert job.misfire_grace_time is None and job.coalesce is True


def test_a_failing_backup_is_told_once(qtbot, db_path, owner, tmp_path):
    from PySide6.QtCore import QObject

    from desktop.backup_job import BackupJob

    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the folder should be")
    bs.save_settings(str(blocker / "backups"), 7, "02:00", owner, utc(2026, 11, 1, 0, 0))
    parent = QObject()
    job = BackupJob(lambda: utc(2026, 11, 23, 18, 0), str(db_path), parent)
    told = []
    job.failed.connect(told.append)
    assert job.on_tick() is None and job.on_tick() is None
    assert len(told) == 1 and "backup folder" in told[0]

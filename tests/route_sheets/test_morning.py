"""The morning job: on time with an injected clock, caught up after a missed morning, once."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.printing.morning import JOB_ID, SWEEP_ID, install_morning_job
from desktop.printing.route_sheet_render import write_pdf
from models.company import set_setting
from models.morning import file_name, next_due, run_morning
from tests.route_sheets import helpers as h

UTC = dt.UTC
# 2026-11-24 in Chicago (CST, UTC-6): 06:00 local is 12:00 UTC.
SIX = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def folder(db_path, tmp_path, qapp):
    t = h.truck("Truck 1", "Ana")
    h.book(t, h.customer("Zoë Ñúñez"), "09:00")
    target = tmp_path / "sheets"
    set_setting("route_sheet_folder", str(target))
    return target


def test_waits_for_its_time_then_writes_the_days_file(folder):
    assert run_morning(SIX - MIN, write_pdf).status == "not_yet"
    assert not folder.exists() or not any(folder.iterdir())
    result = run_morning(SIX, write_pdf)
    assert result.status == "written" and result.pages == 2
    assert result.plan.path == folder / "route-sheets-2026-11-24.pdf"
    assert "Zoë Ñúñez" in h.pdf_text(result.plan.path)
    assert [p.name for p in folder.iterdir()] == [file_name(dt.date(2026, 11, 24))]


def test_never_writes_the_same_day_twice_unless_forced(folder):
    first = run_morning(SIX, write_pdf).plan.path
    stamp = first.stat().st_mtime_ns
    for later in (SIX + MIN, SIX + dt.timedelta(hours=5)):
        assert run_morning(later, write_pdf).status == "already"
    assert first.stat().st_mtime_ns == stamp
    forced = run_morning(SIX + dt.timedelta(hours=6), write_pdf, force=True)
    assert forced.status == "written" and first.stat().st_mtime_ns != stamp
    assert [p.name for p in folder.iterdir()] == [first.name]  # no temporary files left


def test_missed_morning_is_caught_up_at_next_start_that_day_only(folder):
    # The app was closed at 06:00; it starts at 09:30 the same day.
    assert run_morning(SIX + dt.timedelta(hours=3, minutes=30), write_pdf).status == "written"
    # A day that was missed entirely is not printed the next day: the next day's file is.
    nxt = run_morning(SIX + dt.timedelta(days=2), write_pdf)
    assert nxt.status == "written" and nxt.plan.day == dt.date(2026, 11, 26)
    assert sorted(p.name for p in folder.iterdir()) == [
        "route-sheets-2026-11-24.pdf", "route-sheets-2026-11-26.pdf"]


def test_time_and_zone_come_from_settings(folder):
    set_setting("route_sheet_time", "05:15")
    assert run_morning(SIX - dt.timedelta(minutes=46), write_pdf).status == "not_yet"
    assert run_morning(SIX - dt.timedelta(minutes=45), write_pdf).status == "written"
    assert next_due(SIX) == dt.datetime(2026, 11, 25, 11, 15, tzinfo=UTC)


def test_a_time_skipped_by_spring_forward_runs_just_after_the_gap(folder):
    set_setting("route_sheet_time", "02:30")
    # 2027-03-14: Chicago jumps from 02:00 CST to 03:00 CDT (08:00 UTC).
    assert next_due(dt.datetime(2027, 3, 14, 7, 0, tzinfo=UTC)) == dt.datetime(
        2027, 3, 14, 8, 30, tzinfo=UTC)


def test_a_racing_second_desktop_finds_the_file_and_backs_off(folder):
    from models.morning import write_atomically

    target = folder / "x.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"first")
    with pytest.raises(FileExistsError):
        write_atomically(target, lambda tmp: tmp.write_bytes(b"second"), replace=False)
    assert target.read_bytes() == b"first" and [p.name for p in folder.iterdir()] == ["x.pdf"]


def _armed(scheduler) -> set:
    """Run dates of the exact-time jobs (one id per due instant)."""
    return {j.trigger.run_date for j in scheduler.get_jobs() if j.id.startswith(f"{JOB_ID}-")}


def test_installed_job_catches_up_and_rearms_for_the_next_morning(folder, db_path):
    from apscheduler.schedulers.background import BackgroundScheduler

    clock_now = [SIX - dt.timedelta(hours=1)]
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.start(paused=True)  # it keeps the jobs; we drive the clock and the ticks
    job = install_morning_job(scheduler, lambda: clock_now[0], str(db_path))
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert set(jobs) == {JOB_ID, SWEEP_ID}
    assert jobs[JOB_ID].misfire_grace_time is None and jobs[JOB_ID].coalesce
    assert job.tick().status == "not_yet"  # the start-up catch-up, before 06:00
    assert SIX in _armed(scheduler)  # armed for this morning
    clock_now[0] = SIX
    assert job.tick().status == "written"
    assert SIX + dt.timedelta(days=1) in _armed(scheduler)
    clock_now[0] = SIX + dt.timedelta(minutes=10)  # the sweep wakes: nothing to do
    assert job.tick().status == "already"
    assert len(list(folder.iterdir())) == 1
    scheduler.shutdown(wait=False)


def test_a_failure_is_reported_and_the_schedule_survives(folder, db_path, tmp_path, qtbot):
    from apscheduler.schedulers.background import BackgroundScheduler

    from desktop.printing.morning import MorningNotifier

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    set_setting("route_sheet_folder", str(blocker))
    notifier = MorningNotifier()
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.start(paused=True)
    job = install_morning_job(scheduler, lambda: SIX, str(db_path), notifier=notifier)
    with qtbot.waitSignal(notifier.failed, timeout=1000) as signal:
        assert job.tick() is None
    assert "could not be written" in signal.args[0]
    # Tomorrow is armed, and the sweep stays to try again once the folder is fixed.
    assert SIX + dt.timedelta(days=1) in _armed(scheduler)
    assert scheduler.get_job(SWEEP_ID) is not None
    set_setting("route_sheet_folder", str(tmp_path / "fixed"))
    assert job.tick().status == "written"
    scheduler.shutdown(wait=False)

"""The board turns on time -> late -> tier 1 by itself; the scheduler wakes at crossings."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import QTimer

from desktop.realtime import OneTimerQtScheduler, crossings
from models.schema import Complaint, Job, Reward

UTC = dt.timezone.utc


def test_flip_from_on_time_to_late_to_tier_1(qtbot, window, day_jobs_ids, clock):
    job = day_jobs_ids["ana"]
    end = Job.get_by_id(job).window_end_utc
    window.realtime.refresh.setInterval(30)  # the 'every 30 s' refresh, sped up
    window.realtime.refresh.start()
    clock.set(end - dt.timedelta(minutes=30))
    qtbot.waitUntil(lambda: window.board.job(job).state == "scheduled", timeout=2000)
    clock.set(end - dt.timedelta(minutes=10))
    qtbot.waitUntil(lambda: window.board.job(job).state == "at_risk", timeout=2000)
    clock.set(end + dt.timedelta(seconds=59))  # 59 s after the window: still on time
    qtbot.wait(100)
    assert window.board.job(job).state == "at_risk"
    clock.set(end + dt.timedelta(seconds=61))
    qtbot.waitUntil(lambda: window.board.job(job).state == "late", timeout=2000)
    assert "LATE 1 min" in window.board.placed_look(job).status
    assert not Reward.select().where(Reward.job == job).exists()
    clock.set(end + dt.timedelta(minutes=30, seconds=1))
    qtbot.waitUntil(lambda: window.board.job(job).tier == 1, timeout=2000)
    assert window.board.placed_look(job).status == "LATE 30 min · tier 1"
    reward = Reward.get(Reward.job == job)
    assert reward.tier == 1 and reward.earned_at == end + dt.timedelta(minutes=30)
    assert Complaint.select().where(Complaint.job == job).count() == 1
    assert "Ana Ñúñez" in window.banner.text() and "Tier 1 reward owed" in window.banner.text()
    assert window.banner.isVisible()
    assert window.alert_model.rows[0].job_id == job or window.alert_model.rows[0].tier


def test_scheduler_wakes_the_board_at_the_crossing(qtbot, window, day_jobs_ids):
    """Only the crossing timer can flip it here: the refresh and sweep are an hour away."""
    job = day_jobs_ids["ana"]
    end = Job.get_by_id(job).window_end_utc
    base, t0 = end + dt.timedelta(seconds=59, milliseconds=300), time.monotonic()
    window.controller.clock = lambda: base + dt.timedelta(seconds=time.monotonic() - t0)
    window.realtime.clock = window.controller.clock
    window.controller.sweep()
    assert window.board.job(job).state == "at_risk"
    assert window.realtime.next_crossing == end + dt.timedelta(minutes=1)
    started = time.monotonic()
    qtbot.waitUntil(lambda: window.board.job(job).state == "late", timeout=3000)
    assert time.monotonic() - started < 1.5  # 0.7 s to the crossing, then within 1 s
    # After firing, the next crossing (tier 1 at 30 minutes) is planned again at once.
    qtbot.waitUntil(lambda: window.realtime.scheduler.get_job("crossing") is not None,
                    timeout=1000)
    assert window.realtime.next_crossing > end + dt.timedelta(minutes=1)


def test_crossings_lists_at_risk_late_and_every_tier(day_jobs_ids, now):
    from models.queries.day import day_jobs

    rows = day_jobs(dt.date(2026, 11, 23), now)
    ana = next(r for r in rows if r.job_id == day_jobs_ids["ana"])
    found = crossings(rows, now)
    end = ana.window_end
    for minutes in (-15, 1, 30, 60, 121):
        assert end + dt.timedelta(minutes=minutes) in found
    assert found == sorted(found) and all(t > now for t in found)


def fire_count_after(qtbot, scheduler, seconds: float) -> list:
    fired: list = []
    at = dt.datetime.now(UTC) + dt.timedelta(seconds=seconds)
    for _ in range(10):  # rescheduling the same job again and again
        scheduler.add_job(lambda: fired.append(1), "date", run_date=at, id="x",
                          replace_existing=True)
    return fired


def test_one_timer_scheduler_fires_once_and_stops_on_shutdown(qtbot):
    from apscheduler.executors.debug import DebugExecutor

    scheduler = OneTimerQtScheduler(executors={"default": DebugExecutor()}, timezone=UTC)
    scheduler.start()
    fired = fire_count_after(qtbot, scheduler, 0.2)
    qtbot.wait(600)
    assert fired == [1]
    fired = fire_count_after(qtbot, scheduler, 0.3)
    scheduler.shutdown(wait=False)
    assert not scheduler.timer_active
    qtbot.wait(600)
    assert fired == []


@pytest.mark.parametrize("pending", [True, False])
def test_sweep_timer_catches_what_was_missed(qtbot, window, day_jobs_ids, clock, pending):
    """After a sleep the crossing timer is stale; the sweep re-derives it from the database."""
    job = day_jobs_ids["ben"]  # 11:00-12:00, now 12:00
    window.realtime.scheduler.remove_all_jobs()
    clock.set(clock() + dt.timedelta(minutes=45 if pending else 0))
    window.realtime.sweep.setInterval(20)
    window.realtime.sweep.start()
    if pending:
        qtbot.waitUntil(lambda: Reward.select().where(Reward.job == job).exists(),
                        timeout=2000)
        assert window.board.job(job).tier == 1
    else:
        QTimer.singleShot(100, lambda: None)
        qtbot.wait(150)
        assert not Reward.select().where(Reward.job == job).exists()

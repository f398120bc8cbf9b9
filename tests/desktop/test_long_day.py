"""The main window through a working day at 100x speed: memory stays flat, timers do not multiply.

The injected clock runs 100 times faster than the real one, and every periodic timer of the
window (refresh, sweep, now line, complaints list, follow-up reminders) is shortened 100
times, so the window does in seconds what it does in minutes at the office. A dispatcher
stamps most jobs as they come due; the rest go late through every tier, so rewards,
complaints and banners appear along the way. After a warm-up, resident memory may not grow
beyond 10%, and neither the live QTimer objects, nor the scheduler jobs, nor the rate of
timer events may multiply.

The normal run is a 2-hour day (~75 s); ``--runslow`` adds the full 12-hour one (~7.5 min).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer

from models.company import set_setting
from tests import factories

UTC = dt.timezone.utc
SPEED = 100
DAY = dt.date(2026, 11, 23)
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
PAGE = os.sysconf("SC_PAGE_SIZE")


class FastClock:
    """Simulated time: START plus SPEED times the real time since ``run()``."""

    def __init__(self, start: dt.datetime) -> None:
        self.start = start
        self.real0: float | None = None

    def run(self) -> None:
        self.real0 = time.perf_counter()

    def __call__(self) -> dt.datetime:
        if self.real0 is None:
            return self.start
        return self.start + dt.timedelta(seconds=(time.perf_counter() - self.real0) * SPEED)


class TimerEvents(QObject):
    """Counts timer events delivered anywhere in the application (QTimer chains included)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Timer:
            self.count += 1
        return False


@dataclass
class Sample:
    at: dt.datetime
    rss_mb: float
    qtimers: int
    scheduler_jobs: int
    timer_events: int


@dataclass
class DayReport:
    samples: list[Sample] = field(default_factory=list)
    stamped: int = 0
    banners: int = 0


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


def live_qtimers() -> int:
    return sum(isinstance(o, QTimer) for o in gc.get_objects())


def scheduler_jobs(window) -> int:
    reminders = dict(window.recovery)["Follow-ups"].reminders
    return len(window.realtime.scheduler.get_jobs()) + len(reminders.scheduler.get_jobs())


def book_day(trucks: int, first_hour: int, last_hour: int) -> list[tuple[int, int]]:
    """One job per truck per hour; (job id, index) with the index deciding its fate."""
    booked = START - dt.timedelta(days=2)
    jobs = []
    for t in range(trucks):
        truck = factories.truck(f"Truck {t + 1}", f"Crew {t + 1}", now=booked)
        for hour in range(first_hour, last_hour + 1):
            n = len(jobs)
            customer = factories.customer(f"Customer {n} Ñúñez", f"555-{n:04d}", f"{n} Elm St",
                                          now=booked)
            start = f"{hour:02d}:{(t * 7) % 30:02d}"
            jobs.append((factories.job(truck, customer.id, DAY, start, booked_at=booked), n))
    return jobs


def run_day(qtbot, db_path, owner, settings, hours: float, warmup_hours: float) -> DayReport:
    from PySide6.QtWidgets import QApplication

    from desktop.main_window import MainWindow
    from models.schema import Job

    end_hour = 8 + int(hours) + 1
    jobs = book_day(trucks=8, first_hour=7, last_hour=min(end_hour, 19))
    import tempfile

    files = Path(tempfile.mkdtemp(prefix="long-day-"))  # db_path may be a server URL
    for key in ("backup_folder", "route_sheet_folder"):
        set_setting(key, str(files / key))
    clock = FastClock(START)
    window = MainWindow(owner, clock, settings, sound=False, refresh_ms=15_000 // SPEED,
                        sweep_ms=60_000 // SPEED, db_target=str(db_path),
                        background_jobs=True)
    qtbot.addWidget(window)
    window.realtime.line.setInterval(5_000 // SPEED)
    recovery = dict(window.recovery)
    recovery["Complaints"].timer.setInterval(60_000 // SPEED)
    recovery["Follow-ups"].reminders.sweep.setInterval(60_000 // SPEED)
    report = DayReport()
    window.controller.events_raised.connect(lambda m: setattr(report, "banners",
                                                              report.banners + len(m)))
    counter = TimerEvents()
    app = QApplication.instance()
    app.installEventFilter(counter)
    window.resize(1300, 760)
    window.show()
    qtbot.waitExposed(window)
    clock.run()
    window.start()
    # Two jobs in three get an arrival when their window opens (plus a few minutes) and a
    # completion 90 minutes later; every third one is never reached and goes late.
    plan = {}
    for job_id, n in jobs:
        start = Job.get_by_id(job_id).window_start_utc
        if n % 3:
            plan[job_id] = [start + dt.timedelta(minutes=(n * 11) % 55), "arrive"]
    end = START + dt.timedelta(hours=hours)
    next_sample = START + dt.timedelta(hours=warmup_hours)
    next_nav = START + dt.timedelta(minutes=45)
    glances = 0
    try:
        while clock() < end:
            qtbot.wait(20)
            now = clock()
            for job_id, step in plan.items():
                if step[1] == "arrive" and step[0] <= now:
                    if window.controller.arrive(job_id):
                        report.stamped += 1
                    step[:] = [now + dt.timedelta(minutes=90), "complete"]
                elif step[1] == "complete" and step[0] <= now:
                    window.controller.complete(job_id)
                    step[1] = "done"
            if now >= next_nav:  # a glance at tomorrow and at a recovery tab, then back
                window.actions_.next_day.trigger()
                window.actions_.today.trigger()
                glances += 1
                window.tabs.setCurrentIndex(1 + glances % 3)
                qtbot.wait(20)
                window.tabs.setCurrentIndex(0)
                next_nav = now + dt.timedelta(minutes=45)
            if now >= next_sample:
                gc.collect()
                report.samples.append(Sample(now, rss_mb(), live_qtimers(),
                                             scheduler_jobs(window), counter.count))
                next_sample = now + dt.timedelta(minutes=15)
    finally:
        app.removeEventFilter(counter)
        window.close()
    return report


def check_flat(report: DayReport) -> None:
    samples = report.samples
    assert len(samples) >= 4, samples
    base = samples[0]
    print(f"\nlong day: {report.stamped} stamps, {report.banners} guarantee messages; "
          "rss MB / QTimers / scheduler jobs / timer events per quarter hour:")
    previous = base.timer_events
    for s in samples:
        print(f"  {s.at:%H:%M} UTC  {s.rss_mb:6.1f}  {s.qtimers:3d}  {s.scheduler_jobs:3d}"
              f"  {s.timer_events - previous}")
        previous = s.timer_events
    worst = max(s.rss_mb for s in samples)
    assert worst <= base.rss_mb * 1.10, [round(s.rss_mb, 1) for s in samples]
    assert max(s.qtimers for s in samples) <= base.qtimers + 2, [s.qtimers for s in samples]
    assert max(s.scheduler_jobs for s in samples) <= base.scheduler_jobs + 2, \
        [s.scheduler_jobs for s in samples]
    # Timer events per simulated quarter hour: no quarter twice as busy as the usual one
    # (a starved event loop only makes some quarters quieter).
    rates = sorted(b.timer_events - a.timer_events for a, b in zip(samples, samples[1:]))
    assert rates[-1] < 2 * rates[len(rates) // 2], rates
    assert report.stamped >= 10 and report.banners >= 1, report


def test_two_hour_day_stays_flat(qtbot, db_path, owner, settings):
    report = run_day(qtbot, db_path, owner, settings, hours=2, warmup_hours=0.5)
    check_flat(report)


@pytest.mark.slow
def test_twelve_hour_day_stays_flat(qtbot, db_path, owner, settings):
    report = run_day(qtbot, db_path, owner, settings, hours=12, warmup_hours=1)
    check_flat(report)


def test_hidden_recovery_tabs_reread_when_shown(window, clock, day_jobs_ids):
    """Hints from other desktops re-read the board at once, a hidden tab only when shown."""
    from models.services import guarantee

    rewards = dict(window.recovery)["Rewards"]
    assert rewards.model.rowCount() == 0
    clock.set(clock() + dt.timedelta(minutes=45))  # Ben's 11:00 job is 45 minutes late
    assert guarantee.evaluate(clock())  # as another desktop's sweep would
    window.on_changed_elsewhere()
    assert window.board.job(day_jobs_ids["ben"]).tier == 1
    assert rewards.model.rowCount() == 0  # out of sight: not read yet
    window.tabs.setCurrentWidget(rewards)
    assert rewards.model.rowCount() == 1
    assert "Ben Okafor" in rewards.model.rows[0].cells


def test_complaints_tab_out_of_sight_refreshes_when_shown(window, clock, day_jobs_ids):
    """Its minute refresh costs nothing while the dispatcher looks at the board."""
    from models.services import guarantee

    complaints = dict(window.recovery)["Complaints"]
    assert complaints.model.rowCount() == 0
    clock.set(clock() + dt.timedelta(minutes=45))
    assert guarantee.evaluate(clock())  # a reward, and its complaint, for Ben
    complaints.timer.timeout.emit()
    assert complaints.model.rowCount() == 0  # out of sight: waits
    window.tabs.setCurrentWidget(complaints)
    assert complaints.model.rowCount() == 1
    assert "Ben Okafor" in complaints.model.rows[0].cells

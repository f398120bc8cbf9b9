"""Follow-up reminders: APScheduler wakes the app when a call falls due; the rows are the truth.

The scheduler's jobs are rebuilt from FollowUp rows at start and on every sweep, so nothing
lives only in memory; a call that fell due while the app was closed is announced at the next
start. Each (follow-up, due time) is announced once per run, however many wake-ups see it.
The scheduler is the board's ``OneTimerQtScheduler`` (QtScheduler cannot cancel its own
timer under PySide6), with jobs run on the Qt thread.
"""

from __future__ import annotations

import datetime as dt
import time

from apscheduler.executors.debug import DebugExecutor
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.realtime import OneTimerQtScheduler
from desktop.recovery.common import Clock
from models.queries import recovery

UTC = dt.timezone.utc
PREFIX = "follow-up-"


class FollowUpReminders(QObject):
    """Announces follow-up calls as they fall due.

    Signals:
        due(list): FollowUpRow items that just fell due (each announced once).
    """

    due = Signal(list)

    def __init__(self, clock: Clock, sweep_ms: int = 60_000, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.announced: set[tuple[int, dt.datetime]] = set()
        self.scheduler = OneTimerQtScheduler(
            executors={"default": DebugExecutor()},
            job_defaults={"misfire_grace_time": None, "coalesce": True}, timezone=UTC)
        self.sweep = QTimer(self)
        self.sweep.setInterval(sweep_ms)
        self.sweep.timeout.connect(self.on_sweep)

    def start(self) -> None:
        """Start, announce what fell due while the app was closed, plan the rest."""
        if not self.scheduler.running:
            self.scheduler.start()
        self.sweep.start()
        self.on_sweep()

    def stop(self) -> None:
        self.sweep.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def on_sweep(self) -> None:
        """Re-derive everything from the database: announce what is due, plan what is not."""
        self.check()
        self.rebuild()

    def rebuild(self) -> None:
        """One scheduler job per pending follow-up in the future (the clock may be a test's)."""
        now = self.clock()
        wanted: dict[str, dt.datetime] = {}
        for row in recovery.follow_ups():
            if row.due_at > now:
                wanted[f"{PREFIX}{row.follow_up_id}"] = row.due_at
        if not self.scheduler.running:
            return
        for job in self.scheduler.get_jobs():
            if job.id.startswith(PREFIX) and job.id not in wanted:
                job.remove()
        for job_id, due_at in wanted.items():
            # Map the (possibly injected) clock onto the real one the scheduler runs on.
            delay = (due_at - now).total_seconds()
            run_at = dt.datetime.fromtimestamp(time.time() + delay, UTC)
            self.scheduler.add_job(self.check, "date", run_date=run_at, id=job_id,
                                   replace_existing=True)

    def planned(self) -> list[str]:
        return sorted(j.id for j in self.scheduler.get_jobs() if j.id.startswith(PREFIX)) \
            if self.scheduler.running else []

    def check(self) -> list[recovery.FollowUpRow]:
        """Announce follow-ups due by now that this run has not announced yet."""
        fresh = [row for row in recovery.follow_ups(due_by=self.clock())
                 if (row.follow_up_id, row.due_at) not in self.announced]
        for row in fresh:
            self.announced.add((row.follow_up_id, row.due_at))
        if fresh:
            self.due.emit(fresh)
        return fresh

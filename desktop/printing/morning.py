"""The morning route sheets in the app: written at the set time, or at start if it was missed.

The schedule is rebuilt from the settings and the folder on every wake-up, so nothing lives
only in the scheduler's memory: a date job at the next due time plus a sweep every few
minutes (sleep, clock changes, an edited time) that re-checks what is due.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.morning import MorningResult, next_due, run_morning

log = logging.getLogger(__name__)

JOB_ID = "route-sheets-morning"
SWEEP_ID = "route-sheets-sweep"
SWEEP_MINUTES = 10

Clock = Callable[[], dt.datetime]


class MorningNotifier(QObject):
    """Carries the job's outcome to the GUI thread.

    Signals:
        written(str): the path of a route-sheet file just written.
        failed(str): a message fit for the user (e.g. the folder cannot be written).
    """

    written = Signal(str)
    failed = Signal(str)


class MorningJob:
    """Writes today's sheets when they are due; ``tick()`` may run any time, any number of times."""

    def __init__(self, scheduler, clock: Clock, db_target: str | None = None,
                 notifier: MorningNotifier | None = None, folder: Path | None = None) -> None:
        self.scheduler = scheduler
        self.clock = clock
        self.db_target = db_target
        self.notifier = notifier
        self.folder = folder
        self.last: MorningResult | None = None
        self._lock = threading.Lock()  # the sweep and the date job may wake together

    def tick(self, force: bool = False) -> MorningResult | None:
        with self._lock:
            return self._tick(force)

    def _tick(self, force: bool) -> MorningResult | None:
        from desktop.printing.route_sheet_render import write_pdf

        now = self.clock()
        try:
            self._ensure_db()
            self.last = run_morning(now, write_pdf, force=force, folder=self.folder)
            if self.last.status == "written":
                log.info("route sheets written to %s", self.last.plan.path)
                if self.notifier is not None:
                    self.notifier.written.emit(str(self.last.plan.path))
            return self.last
        except Exception as exc:  # keep the schedule alive; tell the office
            log.exception("the morning route sheets failed")
            if self.notifier is not None:
                self.notifier.failed.emit(f"Today's route sheets could not be written: {exc}")
            return None
        finally:
            self._arm(now)
            self._release_db()

    def _arm(self, now: dt.datetime) -> None:
        """(Re)place the one-off job at the next due instant."""
        try:
            when = next_due(now)
        except Exception:  # no database at hand: the sweep tries again
            log.exception("cannot work out the next route-sheet time")
            return
        # One id per due instant: APScheduler removes a one-off job after it ran, and this
        # runs inside that job, so reusing the running job's id would lose the new one.
        self.scheduler.add_job(self.tick, "date", run_date=when,
                               id=f"{JOB_ID}-{when.isoformat()}", replace_existing=True,
                               misfire_grace_time=None, coalesce=True, max_instances=1)

    def _ensure_db(self) -> None:
        from models.db import db

        if db.obj is None and self.db_target:
            from models import store

            store.open_db(self.db_target)

    def _release_db(self) -> None:
        # A worker thread gets its own connection from peewee; give it back when done.
        if threading.current_thread() is not threading.main_thread():
            from models.db import db

            if db.obj is not None:
                db.close()


def install_morning_job(scheduler, clock: Clock, db_target: str | None = None, *,
                        notifier: MorningNotifier | None = None,
                        folder: Path | None = None) -> MorningJob:
    """Add the morning job to an APScheduler scheduler (started or not).

    A catch-up run is queued for right away (it writes nothing unless today's time has passed
    and today's file is missing), the exact-time job is armed, and a sweep re-checks every
    few minutes. Returns the MorningJob (``tick(force=True)`` rewrites today's file).
    """
    job = MorningJob(scheduler, clock, db_target, notifier, folder)
    scheduler.add_job(job.tick, "date", run_date=clock(), id=JOB_ID, replace_existing=True,
                      misfire_grace_time=None, coalesce=True, max_instances=1)
    scheduler.add_job(job.tick, "interval", minutes=SWEEP_MINUTES, id=SWEEP_ID,
                      replace_existing=True, misfire_grace_time=None, coalesce=True,
                      max_instances=1)
    return job

"""The nightly automatic backup, driven by a QTimer or by the board's APScheduler scheduler.

Each tick asks models.backup_schedule whether the latest nightly backup is missing (from the
files in the backup folder, so a laptop that slept through 02:00 catches up at its next tick)
and makes it if so; nothing about the schedule lives only in memory.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from models.errors import DomainError

CHECK_EVERY_MS = 5 * 60 * 1000
JOB_ID = "nightly-backup"
log = logging.getLogger(__name__)


class BackupJob(QObject):
    """Makes the nightly backup when it is due.

    Signals:
        done(str): a backup was written to this path.
        failed(str): a backup was due but could not be made; the text is fit for a user.
    """

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, clock: Callable[[], dt.datetime], db_target: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.db_target = db_target
        self.timer: QTimer | None = None
        self._last_failure = ""  # the same failure is told once, not every few minutes

    def on_tick(self) -> str | None:
        """Check once; the path written, or None when nothing was due (or it failed)."""
        from models.backup_schedule import run_nightly

        try:
            made = run_nightly(self.clock(), self.db_target)
        except DomainError as exc:
            self._fail(f"The nightly backup was not made: {exc}")
            return None
        except Exception as exc:  # the environment failed (disk, rights) or a bug
            log.exception("nightly backup failed")
            self._fail(f"The nightly backup was not made: {exc}")
            return None
        self._last_failure = ""
        if made is not None:
            self.done.emit(str(made))
            return str(made)
        return None

    def _fail(self, text: str) -> None:
        if text != self._last_failure:
            self._last_failure = text
            self.failed.emit(text)

    def start_timer(self, interval_ms: int = CHECK_EVERY_MS) -> None:
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.on_tick)
        self.timer.start()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()


def install_backup_job(scheduler_or_parent, clock: Callable[[], dt.datetime],
                       db_target: str, interval_ms: int = CHECK_EVERY_MS) -> BackupJob:
    """Check for a due nightly backup every few minutes, and once right away.

    ``scheduler_or_parent`` is either an APScheduler scheduler (the job is added to it,
    with no misfire limit and coalescing, so a missed night still runs once) or a QObject
    that owns a QTimer doing the same. Connect ``done``/``failed`` of the returned object.
    """
    if hasattr(scheduler_or_parent, "add_job"):
        job = BackupJob(clock, db_target)
        scheduler_or_parent.add_job(job.on_tick, "interval", seconds=interval_ms / 1000,
                                    id=JOB_ID, replace_existing=True, coalesce=True,
                                    misfire_grace_time=None, max_instances=1)
    else:
        job = BackupJob(clock, db_target, scheduler_or_parent)
        job.start_timer(interval_ms)
    QTimer.singleShot(0, job.on_tick)
    return job

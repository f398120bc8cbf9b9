"""Keeping the board live: a refresh timer, a backup sweep, and wake-ups at crossing instants.

APScheduler's QtScheduler under PySide6 cannot cancel its own timer (``QTimer.singleShot``
returns None there), so every rescheduling starts another timer chain that outlives
``shutdown()``. ``OneTimerQtScheduler`` owns exactly one single-shot QTimer instead.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, QTimer, Signal

from models.company import policy_at, policy_versions
from models.queries.day import DayJob

UTC = dt.timezone.utc
OPEN = ("scheduled", "at_risk", "late")


class OneTimerQtScheduler(QtScheduler):
    """A QtScheduler whose wake-ups all go through one QTimer it can stop and restart."""

    def __init__(self, *args, **kwargs) -> None:
        self._qtimer: QTimer | None = None
        super().__init__(*args, **kwargs)

    def _timer_obj(self) -> QTimer:
        if self._qtimer is None:
            self._qtimer = QTimer()
            self._qtimer.setSingleShot(True)
            self._qtimer.timeout.connect(self._process_jobs)
        return self._qtimer

    def _start_timer(self, wait_seconds) -> None:
        timer = self._timer_obj()
        timer.stop()
        if wait_seconds is not None:
            timer.start(min(int(wait_seconds * 1000), 2147483647))

    def _stop_timer(self) -> None:
        if self._qtimer is not None:
            self._qtimer.stop()

    @property
    def timer_active(self) -> bool:
        return self._qtimer is not None and self._qtimer.isActive()


def crossings(rows: Iterable[DayJob], now: dt.datetime) -> list[dt.datetime]:
    """Future instants at which a job on the board changes state: at risk, late, each tier."""
    found: set[dt.datetime] = set()
    versions = policy_versions()
    offsets: dict[int, tuple[dt.timedelta, ...]] = {}
    for job in rows:
        if job.state not in OPEN or job.arrived_at is not None:
            continue
        policy = policy_at(job.window_end, versions)
        deltas = offsets.get(id(policy))
        if deltas is None:
            deltas = offsets[id(policy)] = (
                dt.timedelta(minutes=-policy.at_risk_minutes), dt.timedelta(minutes=1),
                *(dt.timedelta(minutes=t.threshold_minutes) for t in policy.tiers))
        for delta in deltas:
            instant = job.window_end + delta
            if instant > now:
                found.add(instant)
    return sorted(found)


class RealTime(QObject):
    """Drives ``on_due`` (evaluate + redraw) from three sources; signals carry it to the GUI.

    Signals:
        due(str): time to evaluate the guarantee and redraw; the text says why.
        ticked(): the now line should move.
    """

    due = Signal(str)
    ticked = Signal()

    def __init__(self, clock: Callable[[], dt.datetime], refresh_ms: int = 15_000,
                 sweep_ms: int = 60_000, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.refresh = QTimer(self)
        self.refresh.setInterval(refresh_ms)
        self.refresh.timeout.connect(lambda: self.due.emit("refresh"))
        self.sweep = QTimer(self)
        self.sweep.setInterval(sweep_ms)
        self.sweep.timeout.connect(lambda: self.due.emit("sweep"))
        self.line = QTimer(self)
        self.line.setInterval(5_000)
        self.line.timeout.connect(self.ticked.emit)
        self.scheduler = OneTimerQtScheduler(
            executors={"default": DebugExecutor()},  # run in the Qt thread, not a pool
            job_defaults={"misfire_grace_time": None, "coalesce": True}, timezone=UTC)
        self.next_crossing: dt.datetime | None = None

    def start(self) -> None:
        self.refresh.start()
        self.sweep.start()
        self.line.start()
        self.scheduler.start()

    def stop(self) -> None:
        for timer in (self.refresh, self.sweep, self.line):
            timer.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def plan(self, rows: Iterable[DayJob]) -> None:
        """Wake at the next crossing (mapped from the board's clock onto the real clock)."""
        now = self.clock()
        upcoming = crossings(rows, now)
        self.next_crossing = upcoming[0] if upcoming else None
        if not self.scheduler.running:
            return
        if self.next_crossing is None:
            if self.scheduler.get_job("crossing"):
                self.scheduler.remove_job("crossing")
            return
        delay = (self.next_crossing - now).total_seconds() + 0.05
        run_at = dt.datetime.fromtimestamp(time.time() + delay, UTC)
        self.scheduler.add_job(self._fire, "date", run_date=run_at, id="crossing",
                               replace_existing=True)

    def _fire(self) -> None:
        # On the next turn of the event loop: the reload that follows re-plans the "crossing"
        # job, and APScheduler removes a one-off job only after it has run, which would
        # remove the freshly planned one too.
        QTimer.singleShot(0, lambda: self.due.emit("crossing"))

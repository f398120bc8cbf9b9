"""Undo/redo of board actions; every step goes through the audited services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from models.errors import DomainError
from models.services import jobs, stamps
from models.services import undo as undo_service

if TYPE_CHECKING:
    from desktop.controller import BoardController


class _Command(QUndoCommand):
    """Skips the first redo (the action already ran when it was pushed)."""

    def __init__(self, controller: "BoardController", text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step) -> None:
        c = self.controller
        try:
            events = step(c.now())
        except DomainError as exc:
            c.failed.emit(f"Could not undo/redo that: {exc}")
            QTimer.singleShot(0, c.undo_stack.clear)  # the history no longer matches
            c.reload()
            return
        c._announce(events or [])
        c.reload()

    def _redo(self, now: dt.datetime):
        raise NotImplementedError

    def _undo(self, now: dt.datetime):
        raise NotImplementedError


class StampCommand(_Command):
    def __init__(self, controller, job_id: int, kind: str, at: dt.datetime) -> None:
        job = controller.job(job_id)
        who = job.customer if job else f"job {job_id}"
        super().__init__(controller, f"{'arrival' if kind == 'arrival' else 'completion'} "
                                     f"of {who}")
        self.job_id, self.kind, self.at = job_id, kind, at
        self.arrived_at = job.arrived_at if job else None

    def _undo(self, now):
        actor = self.controller.actor
        result = stamps.unstamp(self.job_id, "undo", actor, now)
        events = list(result.events)
        if self.kind == "completion" and self.arrived_at is not None:
            # removing a stamp takes the arrival too; put the arrival back as it was
            events += stamps.arrive(self.job_id, self.arrived_at, actor, now, "undo").events
        return events

    def _redo(self, now):
        fn = stamps.arrive if self.kind == "arrival" else stamps.complete
        return fn(self.job_id, self.at, self.controller.actor, now, "redo").events


class AssignCommand(_Command):
    def __init__(self, controller, job_id: int, from_truck: str, to_truck: str) -> None:
        super().__init__(controller, f"move to {to_truck}")
        self.job_id, self.from_truck, self.to_truck = job_id, from_truck, to_truck

    def _undo(self, now):
        jobs.assign(self.job_id, self.from_truck, self.controller.actor, now)

    def _redo(self, now):
        jobs.assign(self.job_id, self.to_truck, self.controller.actor, now)


class RescheduleCommand(_Command):
    def __init__(self, controller, old_id: int, new_id: int, start_utc: dt.datetime,
                 by_whom: str, truck: str | None) -> None:
        super().__init__(controller, f"reschedule ({by_whom})")
        self.old_id, self.new_id, self.start_utc = old_id, new_id, start_utc
        self.by_whom, self.truck = by_whom, truck

    def _undo(self, now):
        return undo_service.undo_reschedule(self.new_id, self.controller.actor, now)

    def _redo(self, now):
        from zoneinfo import ZoneInfo

        local = self.start_utc.astimezone(ZoneInfo(self.controller.tz))
        booked = jobs.reschedule(self.old_id, local.date(), local.time().replace(
            second=0, microsecond=0), local.fold, self.by_whom, self.controller.actor, now,
            self.truck, reason="redo")
        self.new_id = booked.job_id
        return booked.events

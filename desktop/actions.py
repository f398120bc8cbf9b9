"""The board's actions (menus, toolbar, shortcuts, context menu) and the dialogs they open."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from desktop.controller import BoardController
from desktop.day_ops import DayOps
from desktop.dialogs.jobs import (
    FaultDialog,
    JobEditDialog,
    MoveDialog,
    StampTimeDialog,
)
from desktop.dialogs.new_job import NewJobDialog
from models.timefmt import format_clock

log = logging.getLogger(__name__)
OWNER_ONLY = "Only an owner can do this; ask an owner to sign in."


class BoardActions(QObject):
    """Owns every QAction; ``selected`` is the job the actions apply to (0 = none)."""

    def __init__(self, parent: QWidget, controller: BoardController) -> None:
        super().__init__(parent)
        self.window, self.controller = parent, controller
        self.selected = 0
        mk = self._make
        self.arrive = mk("Arrived now", "A", self.on_arrive, "Stamp the arrival at this minute")
        self.en_route = mk("On the way now", "W", self.on_en_route,
                           "The crew has left for this job")
        self.arrive_at = mk("Arrived at…", "Shift+A", self.on_arrive_at)
        self.complete = mk("Completed now", "C", self.on_complete)
        self.complete_at = mk("Completed at…", "Shift+C", self.on_complete_at)
        self.open = mk("Open job…", "Return", self.on_open)
        self.fault = mk("Set fault…", "F", self.on_fault)
        self.move = mk("Move…", "M", self.on_move, "Another truck or time (or drag the bar)")
        self.new_job = mk("New job…", QKeySequence.New, self.on_new_job)
        self.decline = mk("Decline customer's next booking…", None, self.on_decline)
        self.undo = controller.undo_stack.createUndoAction(self, "Undo")
        self.undo.setShortcut(QKeySequence.Undo)
        self.redo = controller.undo_stack.createRedoAction(self, "Redo")
        self.redo.setShortcut(QKeySequence.Redo)
        self.prev_day = mk("Previous day", "Alt+Left", lambda: self.on_shift_day(-1))
        self.next_day = mk("Next day", "Alt+Right", lambda: self.on_shift_day(1))
        self.today = mk("Today", "Alt+Home", self.on_today)
        self.zoom_in = mk("Zoom in", QKeySequence.ZoomIn, lambda: self.on_zoom(1.25))
        self.zoom_out = mk("Zoom out", QKeySequence.ZoomOut, lambda: self.on_zoom(0.8))
        self.print_sheets = mk("Print route sheets…", "Ctrl+P", self.on_print)
        self.statistics = mk("Statistics…", None, self.on_statistics)
        self.restore = mk("Restore from backup…", None, self.on_restore)
        if not getattr(parent, "db_target", None):
            self.restore.setEnabled(False)
            self.restore.setToolTip("Restoring works on a database file opened by this app.")
        self.database = mk("Database for this desktop…", None, self.on_database)
        self.quit = mk("Quit", QKeySequence.Quit, parent.close)
        self.legend = mk("Legend…", None, self.on_legend, "What the bars' colours and marks mean")
        self.day_ops = DayOps(self)  # cancel, customer flags
        self.job_actions = [self.en_route, self.arrive, self.arrive_at, self.complete,
                            self.complete_at,
                            self.open, self.move, self.fault, self.decline,
                            *self.day_ops.items]
        if not controller.actor.is_owner:
            for action in (self.decline, self.statistics, self.restore):
                action.setEnabled(False)
                action.setToolTip(OWNER_ONLY)
                action.setStatusTip(OWNER_ONLY)
        self.zoom_changed = None  # set by the window: callable(float)
        self.select(0)

    def _make(self, text, shortcut, slot, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})" if shortcut else text)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # -- state -----------------------------------------------------------------------------
    def select(self, job_id: int) -> None:
        self.selected = job_id
        job = self.controller.job(job_id)
        status = job.status if job else ""
        self.arrive.setEnabled(status in ("scheduled", "en_route"))
        self.en_route.setEnabled(status in ("scheduled", "en_route")
                                 and bool(job and job.en_route_at is None))
        self.arrive_at.setEnabled(status in ("scheduled", "en_route", "arrived", "completed"))
        self.complete.setEnabled(status == "arrived")
        self.complete_at.setEnabled(status in ("arrived", "completed"))
        self.open.setEnabled(job is not None)
        self.move.setEnabled(status in ("scheduled", "en_route"))
        self.fault.setEnabled(bool(job and ((job.minutes_late or 0) >= 1 or job.free)))
        if self.controller.actor.is_owner:
            self.decline.setEnabled(job is not None)
        self.day_ops.select(job_id)

    def context_menu(self, job_id: int, where: QPoint) -> None:
        self.select(job_id)
        menu = QMenu(self.window)
        menu.setObjectName("jobMenu")
        for action in self.job_actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.undo)
        menu.exec(where)

    # -- slots -----------------------------------------------------------------------------
    def on_arrive(self, job_id: int | None = None) -> None:
        job_id = job_id if isinstance(job_id, int) and job_id else self.selected
        if job_id and self._sure_of_arrival(job_id, self.controller.now()):
            self.controller.arrive(job_id)

    def _sure_of_arrival(self, job_id: int, at: dt.datetime) -> bool:
        """An arrival far ahead of its window, or while the truck's earlier job is not
        finished, is often a stamp on the wrong bar: ask before saving it."""
        from desktop.dialogs.confirm import confirm
        from models.queries.doubts import early_limit, stamp_doubts

        c = self.controller
        job = c.job(job_id)
        if job is None:
            return True
        try:
            early = early_limit()
        except Exception:  # the database cannot be read: the stamp itself will say so
            return True
        doubts = stamp_doubts(job, c.rows, at, c.tz, early)
        return not doubts or confirm(self.window, "Stamp this arrival?", doubts,
                                     f"Record {job.customer}'s arrival at "
                                     f"{format_clock(at, c.tz)} anyway?", "Yes, record it")

    def on_en_route(self, job_id: int | None = None) -> None:
        job_id = job_id if isinstance(job_id, int) and job_id else self.selected
        if job_id:
            self.controller.en_route(job_id)

    def on_legend(self) -> None:
        from desktop.legend import LegendDialog

        LegendDialog(self.window).exec()

    def on_complete(self, job_id: int | None = None) -> None:
        job_id = job_id if isinstance(job_id, int) and job_id else self.selected
        if job_id:
            self.controller.complete(job_id)

    def _stamp_at(self, what: str) -> None:
        job = self.controller.job(self.selected)
        if job is None:
            return
        dialog = StampTimeDialog(job, what, self.controller.tz, self.controller.now(),
                                 self.window)
        if dialog.exec() and dialog.at is not None:
            reason = dialog.reason.text().strip()
            if what == "arrival":
                if self._sure_of_arrival(job.job_id, dialog.at):
                    self.controller.arrive(job.job_id, dialog.at, reason)
            else:
                self.controller.complete(job.job_id, dialog.at, reason)

    def on_arrive_at(self) -> None:
        self._stamp_at("arrival")

    def on_complete_at(self) -> None:
        self._stamp_at("completion")

    def on_open(self, job_id: int | None = None) -> None:
        job = self.controller.job(job_id if isinstance(job_id, int) and job_id
                                  else self.selected)
        if job is not None:
            JobEditDialog(job, self.controller.edit, self.window).exec()

    def on_move(self) -> None:
        job = self.controller.job(self.selected)
        if job is None:
            return
        dialog = MoveDialog(job, self.controller.trucks, self.controller.tz, self.window)
        if dialog.exec() and dialog.target is not None:
            self.on_job_dropped(job.job_id, *dialog.target)

    def on_fault(self) -> None:
        job = self.controller.job(self.selected)
        if job is None:
            return
        dialog = FaultDialog(job, self.window)
        if dialog.exec():
            fault, reason = dialog.value()
            self.controller.set_fault(job.job_id, fault, reason)

    def on_new_job(self) -> None:
        NewJobDialog(self.controller, self.controller.trucks, self.controller.day,
                     parent=self.window).exec()

    def on_decline(self) -> None:
        from models.services import people

        job = self.controller.job(self.selected)
        if job is None:
            return
        reason, ok = QInputDialog.getText(self.window, "Decline next booking",
                                          f"Why decline {job.customer}'s next booking?")
        if ok:
            self.controller._call(people.set_decline, job.customer_id, True, reason,
                                  self.controller.actor, self.controller.now())

    def on_job_dropped(self, job_id: int, truck_id: int, start: dt.datetime) -> None:
        """Same window: another truck, nothing owed. Another time: ask who asked for it."""
        from desktop.dialogs.who_asked import WhoAskedDialog

        c = self.controller
        job = c.job(job_id)
        truck = c.truck(truck_id) if truck_id is not None else None
        if job is None or (truck is None and (truck_id is not None or job.truck_id is not None)):
            return  # no truck is a choice only for a job that has none yet
        if start == job.window_start:
            if truck_id is not None and truck_id != job.truck_id:
                c.assign(job_id, truck_id)
            return
        name = truck.name if truck is not None else "no truck yet"
        dialog = WhoAskedDialog(job, name, start, c.tz, c.currency, self.window)
        if dialog.exec() and dialog.choice is not None:
            c.reschedule(job_id, start, dialog.choice,
                         truck_id if truck_id is not None and truck_id != job.truck_id else None)
        else:
            c.reload()

    def on_shift_day(self, days: int) -> None:
        self.controller.set_day(self.controller.day + dt.timedelta(days=days))

    def on_today(self) -> None:
        self.controller.set_day(self.controller.today())

    def on_zoom(self, factor: float) -> None:
        if self.zoom_changed is not None:
            self.zoom_changed(factor)

    def on_print(self) -> None:
        from desktop.printing.route_sheets_dialog import open_route_sheets

        open_route_sheets(self.window, self.controller.day)

    def on_statistics(self) -> None:
        from desktop.dashboard.window import open_dashboard
        from models.errors import DomainError

        try:
            open_dashboard(self.window, self.controller.actor, self.controller.clock)
        except DomainError as exc:
            QMessageBox.information(self.window, "Statistics", str(exc))

    def on_database(self) -> None:
        from desktop.dialogs.database import DatabaseDialog

        DatabaseDialog(self.window.settings, self.window.db_target or "(none)",
                       self.window).exec()

    def on_restore(self) -> None:
        from desktop.dialogs.restore import RestoreDialog

        RestoreDialog(self.controller.actor, self.controller.clock, self.window.db_target,
                      after=self.controller.reload, parent=self.window).exec()

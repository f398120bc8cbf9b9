"""Undo/redo of board actions: undo puts the touched rows back exactly, redo runs the action again.

Every step goes through audited services (models.services.take_back for undo).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from models.errors import DomainError
from models.services import take_back

if TYPE_CHECKING:
    from desktop.controller import BoardController

# Runs the action again: (guarantee events, ids of every job it touched or made).
Again = Callable[[dt.datetime], tuple[list, list[int]]]


class TakeBackCommand(QUndoCommand):
    """One board action. Skips the first redo (the action already ran when it was pushed)."""

    def __init__(self, controller: "BoardController", text: str, before: take_back.Rows,
                 after: take_back.Rows, again: Again, messages: list[str]) -> None:
        super().__init__(text)
        self.controller = controller
        self.before, self.after, self.again = before, after, again
        self.messages = list(messages)  # what the action announced: taken back with it
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
            step(c.now())
        except DomainError as exc:
            c.failed.emit(f"Could not undo/redo that: {exc}")
            QTimer.singleShot(0, c.undo_stack.clear)  # the history no longer matches
        c.reload()
        c.changed_here.emit()

    def _undo(self, now: dt.datetime) -> None:
        take_back.restore(self.before, self.after, self.controller.actor, now)
        self.controller.withdraw(self.messages)

    def _redo(self, now: dt.datetime) -> None:
        before = take_back.rows_of(self.before.job_ids)
        events, job_ids = self.again(now)
        self.before, self.after = before, take_back.rows_of(job_ids)
        self.messages = self.controller._announce(events)

"""The day's other job actions on the board: cancel a job, set a customer's flags.

Each is a menu entry, a shortcut and a context-menu entry; each saves through the audited
services and can be undone like the board's other actions (the touched rows go back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from models.services import jobs
from models.services.flags import set_flag

if TYPE_CHECKING:
    from desktop.actions import BoardActions


class DayOps(QObject):
    """Owns the 'Cancel job…' and 'Customer flags…' actions of ``actions``' window."""

    def __init__(self, actions: "BoardActions") -> None:
        super().__init__(actions)
        self.actions, self.controller = actions, actions.controller
        self.cancel = actions._make("Cancel job…", "Shift+Del", self.on_cancel,
                                    "Cancel the visit, with a reason and who cancelled")
        self.flags = actions._make("Customer flags…", "Shift+F", self.on_flags,
                                   "Make the next visit perfect, decline the next booking")
        self.items = [self.cancel, self.flags]

    def select(self, job_id: int) -> None:
        job = self.controller.job(job_id)
        status = job.status if job else ""
        self.cancel.setEnabled(status in ("scheduled", "en_route"))
        self.flags.setEnabled(job is not None)

    # -- cancelling ------------------------------------------------------------------------
    def on_cancel(self) -> None:
        from desktop.dialogs.cancel_job import CancelJobDialog

        c = self.controller
        job = c.job(self.actions.selected)
        if job is None:
            return
        dialog = CancelJobDialog(job, c.currency, self.actions.window)
        if dialog.exec() and dialog.by_whom is not None:
            self.cancel_job(job.job_id, dialog.reason_text, dialog.by_whom)

    def cancel_job(self, job_id: int, reason: str, by_whom: str) -> bool:
        c = self.controller
        job = c.job(job_id)
        before = c._rows_of([job_id])
        events = c._call(jobs.cancel, job_id, reason, c.actor, c.now(), by_whom=by_whom)
        if events is None:
            return False

        def again(when):
            return jobs.cancel(job_id, reason, c.actor, when, by_whom=by_whom), [job_id]
        who = job.customer if job else f"job {job_id}"
        c._push(f"cancel {who}'s job ({by_whom})", before, [job_id], again, events)
        c._announce(events)
        c._reread([job.truck_id] if job is not None else None)
        c.changed_here.emit()
        return True

    # -- customer flags --------------------------------------------------------------------
    def on_flags(self) -> None:
        from desktop.dialogs.customer_flags import CustomerFlagsDialog
        from models.queries.customer_flags import customer_flags

        c = self.controller
        job = c.job(self.actions.selected)
        if job is None:
            return
        flags = c._call(customer_flags, job.customer_id)
        if flags is None:
            return
        dialog = CustomerFlagsDialog(flags, c.actor.is_owner, self.actions.window)
        if dialog.exec() and dialog.changes():
            self.set_flags(job.job_id, job.customer_id, dialog.changes())

    def set_flags(self, job_id: int, customer_id: int, changes: list[tuple[str, str]]) -> bool:
        """Apply the flag changes (all or none); undo puts the customer's row back."""
        from models.db import write_tx

        c = self.controller
        before = c._rows_of([job_id])

        def apply(when):
            with write_tx():
                return [set_flag(customer_id, flag, reason, c.actor, when)
                        for flag, reason in changes]
        said = c._call(apply, c.now())
        if said is None:
            return False
        def again(when):
            apply(when)
            return [], [job_id]
        c._push("customer flags", before, [job_id], again, [])
        c._reread(None)
        c.changed_here.emit()
        return True

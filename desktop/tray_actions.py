"""The tray's two gestures as undoable board actions (through the controller's helpers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.services.unassigned import unassign

if TYPE_CHECKING:
    from desktop.controller import BoardController


def assign_from_tray(c: "BoardController", job_id: int, truck_id: int) -> bool:
    """A card dropped on a lane: that truck, the same window (nothing owed)."""
    return c.assign(job_id, truck_id)


def unassign_to_tray(c: "BoardController", job_id: int) -> bool:
    """A bar dropped on the tray: the job keeps its window and promise, loses its truck."""
    job = c.job(job_id)
    if job is None or job.truck_id is None:
        return False
    before = c._rows_of([job_id])
    saved = c._call(lambda: unassign(job_id, c.actor, c.now(), job.version))
    if saved:
        def again(when):
            unassign(job_id, c.actor, when)
            return [], [job_id]
        c._push(f"take {job.customer} off {job.truck}", before, [job_id], again, [])
        c.changed_here.emit()
    c.reload()
    return bool(saved)

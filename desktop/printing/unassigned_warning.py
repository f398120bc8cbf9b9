"""The cover page's warning about jobs of the day that no truck will visit yet."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from desktop.printing.sheet_layout import Block, Measurer, Step
from models.route_sheets import SheetJob

SHADE = QColor("#fde2e2")


def warning_blocks(m: Measurer, jobs: list[SheetJob]) -> list[Block]:
    """A heading, then one block per job (so a long list can go on to the next page)."""
    if not jobs:
        return []
    pad = m.mm(2)
    count = f"{len(jobs)} job" + ("s" if len(jobs) != 1 else "")
    title = m.text(m.mm(3), pad, m.width - m.mm(4),
                   f"WARNING: {count} of this day {'has' if len(jobs) == 1 else 'have'} no truck. Nobody will go there "
                   "unless a truck is assigned:", m.f_bold)
    height = title.rect.height() + 2 * pad
    blocks = [Block(height, [Step("shade", QRectF(0, 0, m.width, height), color=SHADE),
                             Step("shade", QRectF(0, 0, m.mm(1.2), height),
                                  color=QColor("black")), title])]
    for job in jobs:
        parts = [job.customer, job.address, job.phone, job.service]
        line = m.text(m.mm(3), m.mm(1), m.width - m.mm(4),
                      f"{job.window}  " + " · ".join(p for p in parts if p)
                      + f"  (job {job.job_id})", m.f_body)
        h = line.rect.height() + m.mm(2)
        blocks.append(Block(h, [Step("shade", QRectF(0, 0, m.width, h), color=SHADE),
                                Step("shade", QRectF(0, 0, m.mm(1.2), h),
                                     color=QColor("black")), line]))
    blocks.append(Block(m.mm(4), []))
    return blocks

"""Measuring route-sheet pieces into positioned drawing steps (no page logic here)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextOption

from models.route_sheets import SheetJob

WINDOW_PT = 16.0  # read at arm's length in a van
NAME_PT = 13.0
BODY_PT = 11.0
LABEL_PT = 10.0  # the smallest text anywhere on a sheet
FAMILIES = ["DejaVu Sans", "Noto Sans", "Arial", "Helvetica"]
SHADE = QColor("#e8e8e8")
GREY = QColor("#444444")


def font(points: float, bold: bool = False) -> QFont:
    result = QFont()
    result.setFamilies(FAMILIES)
    result.setPointSizeF(points)
    result.setBold(bold)
    # No "fi"/"ffi" ligatures, so the PDF's text reads back (and searches) letter for letter:
    # Qt shapes without them once letter spacing is set (scripts that need them keep them).
    # QFont.setFeature would say so directly, but in PySide6 6.12 each call drops a reference
    # to None, which crashes the interpreter after a few thousand calls.
    result.setLetterSpacing(QFont.AbsoluteSpacing, 0.05)  # > 1/64 px, Qt's unit
    return result


def wrapping(align: Qt.AlignmentFlag = Qt.AlignLeft) -> QTextOption:
    """Wrap at spaces, or anywhere in a word too long for the line: text never runs off."""
    option = QTextOption(align | Qt.AlignTop)
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    return option


def right_to_left(text: str) -> bool:
    """True when the first letter with a direction is Hebrew, Arabic, ... (the Unicode rule)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


@dataclass
class Step:
    """One thing to draw, relative to its block's top-left corner."""

    kind: str  # text | shade | box | line | image
    rect: QRectF
    text: str = ""
    font: QFont | None = None
    option: QTextOption | None = None
    color: QColor | None = None
    image: QImage | None = None


@dataclass
class Block:
    height: float
    steps: list[Step] = field(default_factory=list)


class Measurer:
    """Turns content into Blocks using the painter's own metrics (so drawing matches)."""

    def __init__(self, painter: QPainter, dpi: float, width: float) -> None:
        self.p = painter
        self.dpi = dpi
        self.width = width
        self.f_window = font(WINDOW_PT, True)
        self.f_name = font(NAME_PT, True)
        self.f_body = font(BODY_PT)
        self.f_bold = font(BODY_PT, True)
        self.f_label = font(LABEL_PT, True)
        self.f_small = font(LABEL_PT)
        self.o_wrap = wrapping()
        self.o_right = wrapping(Qt.AlignRight)
        self.o_center = wrapping(Qt.AlignHCenter)
        self._rtl_options: dict[int, tuple[QTextOption, QTextOption]] = {}

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def text(self, x: float, y: float, w: float, text: str, fnt: QFont,
             option: QTextOption | None = None, color: QColor | None = None) -> Step:
        option = option or self.o_wrap
        if right_to_left(text):
            option = self._rtl(option)
        self.p.setFont(fnt)
        height = self.p.boundingRect(QRectF(0, 0, w, 1e7), text, option).height()
        return Step("text", QRectF(x, y, w, height), text, fnt, option, color)

    def _rtl(self, option: QTextOption) -> QTextOption:
        """The same option for a right-to-left paragraph, kept where the column starts.

        QTextOption's LayoutDirectionAuto is not honoured by QPainter.drawText (the painter's
        direction wins), so a Hebrew address with a house number came out in left-to-right
        order; the direction is decided here instead, per paragraph.
        """
        key = id(option)
        if key not in self._rtl_options:
            rtl = QTextOption(option)
            rtl.setTextDirection(Qt.RightToLeft)
            rtl.setAlignment(option.alignment() | Qt.AlignAbsolute)
            self._rtl_options[key] = (option, rtl)  # keep option alive: its id is the key
        return self._rtl_options[key][1]

    def natural_width(self, text: str, fnt: QFont) -> float:
        self.p.setFont(fnt)
        return self.p.boundingRect(QRectF(0, 0, 1e7, 1e7), Qt.AlignLeft, text).width()

    # -- a job on a truck's sheet ---------------------------------------------------------
    def job(self, job: SheetJob) -> Block:
        mm = self.mm
        box_w, gap, label_w, pad = mm(16), mm(2), mm(21), mm(2)
        boxes_w = 3 * box_w + 2 * gap
        text_w = self.width - boxes_w - mm(4)
        steps: list[Step] = []
        y = pad
        window = self.text(0, y, text_w, job.window, self.f_window)
        window_w = self.natural_width(job.window, self.f_window) + mm(5)
        name = self.text(window_w, y + mm(0.8), text_w - window_w, job.customer or "—",
                         self.f_name)
        steps += [window, name]
        y += max(window.rect.height(), name.rect.height() + mm(0.8)) + mm(1)
        rows = [("Address", job.address or "—", self.f_body)]
        if job.phone:
            rows.append(("Phone", job.phone, self.f_body))
        if job.service:
            rows.append(("Service", job.service, self.f_body))
        collect = job.collect + (f"   {job.collect_note}" if job.collect_note else "")
        rows.append(("Collect", collect, self.f_bold))
        if job.notes.strip():
            rows.append(("Notes", job.notes.strip(), self.f_body))
        for label, value, fnt in rows:
            value_step = self.text(label_w, y, text_w - label_w, value, fnt)
            steps.append(self.text(0, y + mm(0.3), label_w - mm(1), label, self.f_label,
                                   color=GREY))
            steps.append(value_step)
            y += value_step.rect.height() + mm(0.6)
        for flag in job.flags:
            y += mm(0.8)
            body = self.text(mm(2.5), y + mm(1.2), text_w - mm(4), flag.text, self.f_bold)
            shade = QRectF(0, y, text_w, body.rect.height() + mm(2.4))
            steps += [Step("shade", shade, color=SHADE),
                      Step("shade", QRectF(0, y, mm(1.2), shade.height()), color=QColor("black")),
                      body]
            y += shade.height()
        steps += self._boxes(job, self.width - boxes_w, pad, box_w, gap)
        height = max(y, pad + mm(22)) + pad
        steps.append(Step("line", QRectF(0, height, self.width, 0)))
        return Block(height, steps)

    def job_blocks(self, job: SheetJob, max_height: float) -> list[Block]:
        """The stop as one block; only notes longer than a whole page go on overleaf."""
        block = self.job(job)
        words = job.notes.split()
        if block.height <= max_height or len(words) < 2:
            return [block]
        more = " … (notes go on overleaf)"
        k = _fit(len(words), lambda k: self.job(
            replace(job, notes=" ".join(words[:k]) + more)).height <= max_height)
        blocks = [self.job(replace(job, notes=" ".join(words[:k]) + more))]
        rest = words[k:]
        while rest:
            k = _fit(len(rest), lambda k, rest=rest: self._more_notes(
                job, rest[:k]).height <= max_height)
            blocks.append(self._more_notes(job, rest[:k]))
            rest = rest[k:]
        return blocks

    def _more_notes(self, job: SheetJob, words: list[str]) -> Block:
        pad = self.mm(2)
        title = self.text(0, pad, self.width, f"{job.window}  {job.customer} — stop {job.seq}, "
                          "notes continued", self.f_bold)
        body = self.text(self.mm(21), pad + title.rect.height() + self.mm(1),
                         self.width - self.mm(21), " ".join(words), self.f_body)
        height = body.rect.bottom() + pad
        return Block(height, [title, body, Step("line", QRectF(0, height, self.width, 0))])

    def _boxes(self, job: SheetJob, x: float, y: float, box_w: float, gap: float) -> list[Step]:
        ref = f"Stop {job.seq} · job {job.job_id}"
        steps = [self.text(x, y, 3 * box_w + 2 * gap, ref, self.f_small, self.o_right, GREY)]
        y += steps[0].rect.height() + self.mm(1)
        for i, label in enumerate(("Arrival", "Finish", "Initials")):
            left = x + i * (box_w + gap)
            cap = self.text(left, y, box_w, label, self.f_label, self.o_center)
            steps.append(cap)
            steps.append(Step("box", QRectF(left, y + cap.rect.height() + self.mm(0.5), box_w,
                                            self.mm(11))))
        return steps

    # -- a row of the cover page ----------------------------------------------------------
    COVER_COLUMNS = (("Truck", 32.0), ("Crew", 43.0), ("Jobs", 12.0), ("First window", 29.0))

    def cover_row(self, cells: list[str], header: bool = False) -> Block:
        mm = self.mm
        fnt = self.f_label if header else self.f_body
        steps: list[Step] = []
        x, height = 0.0, 0.0
        widths = [mm(w) for _, w in self.COVER_COLUMNS]
        widths.append(self.width - sum(widths))
        for text, w in zip(cells, widths):
            step = self.text(x, mm(1.2), w - mm(2), text, fnt)
            steps.append(step)
            height = max(height, step.rect.height())
            x += w
        height += mm(2.4)
        if header:
            steps.insert(0, Step("shade", QRectF(0, 0, self.width, height), color=SHADE))
        steps.append(Step("line", QRectF(0, height, self.width, 0)))
        return Block(height, steps)


def _fit(count: int, fits) -> int:
    """The largest k in 1..count with fits(k) (at least 1: one word always moves on)."""
    low, high = 1, count
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def draw(painter: QPainter, block: Block, x: float, y: float, pen_width: float) -> None:
    """Replay a block's steps at (x, y)."""
    for step in block.steps:
        rect = step.rect.translated(x, y)
        if step.kind == "text":
            painter.setFont(step.font)
            painter.setPen(step.color or QColor("black"))
            painter.drawText(rect, step.text, step.option)
        elif step.kind == "shade":
            painter.fillRect(rect, step.color)
        elif step.kind == "box":
            painter.setPen(_pen(pen_width))
            painter.setBrush(Qt.NoBrush)
            painter.drawRect(rect)
        elif step.kind == "line":
            painter.setPen(_pen(pen_width / 2))
            painter.drawLine(rect.topLeft(), rect.topRight())
        elif step.kind == "image" and step.image is not None:
            painter.drawImage(rect, step.image)


def _pen(width: float):
    from PySide6.QtGui import QPen

    pen = QPen(QColor("black"))
    pen.setWidthF(width)
    return pen

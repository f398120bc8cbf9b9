"""The board: one lane per truck, a bar per job over its window, and a moving now line.

Signals (intent only; the board never changes data itself):
    job_selected(int): a job was clicked or reached with the arrow keys (0 = none).
    arrival_requested(int) / complete_requested(int) / open_requested(int): key or double click.
    job_dropped(int, int, object): job id, target truck id, new window start (UTC) after a drag.
    context_menu_requested(int, QPoint): right click on a job (global position).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.bar_look import BarLook, look
from desktop.bar_painter import MARGIN, BarPainter, BarText, color, elide
from desktop.forecast_band import band_rect, draw_bands
from desktop.hover_card import HoverCard
from desktop.timescale import TimeScale
from models.queries.customers import TruckRow
from models.queries.day import DayJob

HEADER = 26
LABEL_W = 150
LANE_PAD = 4
GHOST_H = 6  # a rescheduled-away window: a thin strip at the lane's foot, never a row
GHOSTS = ("rescheduled",)
MOVABLE = ("scheduled", "en_route")
SNAP_AFTER = dt.timedelta(minutes=7)  # a drag moving less than this in time keeps the window


@dataclass
class Placed:
    job: DayJob
    rect: QRectF
    look: BarLook
    text: BarText
    tick_x: float | None
    key: tuple = ()  # what its cached picture depends on
    band: QRectF | None = None  # the forecast's p10..p90 behind it


class BoardView(QWidget):
    job_selected = Signal(int)
    arrival_requested = Signal(int)
    complete_requested = Signal(int)
    open_requested = Signal(int)
    job_dropped = Signal(int, int, object)
    context_menu_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMouseTracking(True)  # the hover card follows the pointer
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.tz = "UTC"
        self.day = dt.date.today()
        self.now = dt.datetime.now(dt.timezone.utc)
        self.zoom = 2.6
        self.trucks: list[TruckRow] = []
        self.jobs: list[DayJob] = []
        self.placed: list[Placed] = []
        self.lane_tops: list[float] = []
        self.lane_heights: list[float] = []
        self.selected = 0
        self.scale = TimeScale.for_day(self.day, self.tz, self.zoom, LABEL_W)
        self.painter_ = BarPainter(self.font())
        self.bar_h = 3 * self.painter_.line + 12
        self._press: QPointF | None = None
        self._drag: tuple[Placed, QRectF, int, dt.datetime] | None = None
        self.origin = (0, 0)
        self._texts: dict[tuple, BarText] = {}
        self._bands: list[QRectF] = []
        self._lanes: dict[int, tuple] = {}
        self._pictures: dict[tuple, object] = {}
        self._labels: list[tuple[str, str]] = []
        self.marks: list[tuple[dt.datetime, str]] = []
        self.currency = "$"
        self.card = HoverCard(self)
        # job id -> its learned forecast (or None); worked out when a card first needs it
        self.forecast_of: Callable[[int], object] | None = None

    # -- data in ---------------------------------------------------------------------------
    def set_data(self, trucks: list[TruckRow], jobs: list[DayJob], day: dt.date, tz: str,
                 now: dt.datetime) -> None:
        self.trucks, self.jobs, self.day, self.tz, self.now = trucks, jobs, day, tz, now
        if self.selected and not any(j.job_id == self.selected for j in jobs):
            self.selected = 0
        self._layout()

    def set_now(self, now: dt.datetime) -> None:
        old_x = self.scale.to_x(self.now)
        self.now = now
        new_x = self.scale.to_x(now)
        self.update(int(min(old_x, new_x)) - 3, 0, int(abs(new_x - old_x)) + 7, self.height())

    def set_zoom(self, px_per_minute: float) -> None:
        self.zoom = max(0.5, min(8.0, px_per_minute))
        self._layout()

    def select(self, job_id: int) -> None:
        if job_id != self.selected:
            self.selected = job_id
            self.update()
            self.job_selected.emit(job_id)

    def job(self, job_id: int) -> DayJob | None:
        return next((p.job for p in self.placed if p.job.job_id == job_id), None)

    def placed_look(self, job_id: int) -> BarLook | None:
        return next((p.look for p in self.placed if p.job.job_id == job_id), None)

    def band_rect(self, job_id: int) -> QRectF | None:
        """The forecast band behind a job's bar (p10..p90), or None."""
        bar = next((p for p in self.placed if p.job.job_id == job_id), None)
        return QRectF(bar.band) if bar is not None and bar.band is not None else None

    def bar_rect(self, job_id: int) -> QRectF | None:
        return next((QRectF(p.rect) for p in self.placed if p.job.job_id == job_id), None)

    def lane_center(self, truck_id: int) -> float:
        index = next(i for i, t in enumerate(self.trucks) if t.truck_id == truck_id)
        return self.lane_tops[index] + self.lane_heights[index] / 2

    # -- layout ----------------------------------------------------------------------------
    def _axis(self) -> TimeScale:
        first, last = 7, 19
        if self.jobs:
            from zoneinfo import ZoneInfo

            zone = ZoneInfo(self.tz)
            hours = [j.window_start.astimezone(zone).hour for j in self.jobs
                     if j.window_start.astimezone(zone).date() == self.day]
            ends = [j.window_end.astimezone(zone) for j in self.jobs]
            if hours:
                first = min(first, min(hours))
            last = max(last, max((e.hour + 1 for e in ends if e.date() == self.day),
                                 default=last) + 1)
        return TimeScale.for_day(self.day, self.tz, self.zoom, LABEL_W, first, min(24, last))

    def _layout(self) -> None:
        self.scale = self._axis()
        self.marks = self.scale.hour_marks(self.tz)
        by_truck: dict[int, list[DayJob]] = {}
        for job in self.jobs:
            by_truck.setdefault(job.truck_id, []).append(job)
        self.placed, self.lane_tops, self.lane_heights = [], [], []
        top = float(HEADER)
        texts: dict[tuple, BarText] = {}
        scale_key = (self.scale.start, self.scale.end, self.zoom, self.tz, self.bar_h)
        lanes: dict[int, tuple] = {}
        for truck in self.trucks:
            jobs = tuple(by_truck.get(truck.truck_id, ()))
            cached = self._lanes.get(truck.truck_id)
            if cached is not None and cached[:2] == (scale_key, jobs) and cached[4] == top:
                placed, height = cached[2], cached[3]  # an unchanged lane: laid out before
            else:
                placed, height = self._layout_lane(jobs, texts)
                for bar in placed:
                    bar.rect.translate(0, top)
                    if bar.band is not None:
                        bar.band.translate(0, top)
            lanes[truck.truck_id] = (scale_key, jobs, placed, height, top)
            for bar in placed:
                texts[(bar.look, bar.key[2])] = bar.text
            self.placed.extend(placed)
            self.lane_tops.append(top)
            self.lane_heights.append(height)
            top += height
        self._lanes = lanes
        bold, plain = self.painter_.bold_metrics, self.painter_.plain_metrics
        self._texts = texts
        self._bands = [bar.band for bar in self.placed if bar.band is not None]
        wanted = {bar.key for bar in self.placed}
        self._pictures = {k: v for k, v in self._pictures.items() if k in wanted}
        self._labels = [(bold.elidedText(t.name, Qt.ElideRight, LABEL_W - 18),
                         plain.elidedText(t.crew, Qt.ElideRight, LABEL_W - 18))
                        for t in self.trucks]
        self.setMinimumSize(int(self.scale.width) + 20, int(top) + 2)
        self.updateGeometry()
        self.update()

    def _layout_lane(self, jobs: tuple[DayJob, ...],
                     texts: dict[tuple, BarText]) -> tuple[list[Placed], float]:
        """One truck's bars, with y measured from the lane's top; overlaps stack in rows."""
        bold, plain = self.painter_.bold_metrics, self.painter_.plain_metrics
        rows_end: list[float] = []
        placed: list[Placed] = []
        ghosts: list[Placed] = []
        for job in sorted(jobs, key=lambda j: j.window_start):
            x0, x1 = self.scale.to_x(job.window_start), self.scale.to_x(job.window_end)
            if job.state in GHOSTS:
                rect = QRectF(x0, 0, x1 - x0, GHOST_H)  # its y is set once the rows are known
            else:
                row = next((i for i, end in enumerate(rows_end) if end <= x0 + 0.5), None)
                if row is None:
                    rows_end.append(0.0)
                    row = len(rows_end) - 1
                rows_end[row] = x1
                rect = QRectF(x0, LANE_PAD + row * (self.bar_h + LANE_PAD), x1 - x0,
                              self.bar_h)
            bar = look(job, self.tz)
            tick = self.scale.to_x(job.arrived_at) if job.arrived_at else None
            text_key = (bar, round(rect.width()))
            text = texts.get(text_key) or self._texts.get(text_key) \
                or elide(bar, rect.width(), bold, plain)
            texts[text_key] = text
            done = Placed(job, rect, bar, text, tick, (bar, text, round(rect.width()),
                                                       rect.height()),
                          None if job.state in GHOSTS else band_rect(job, rect, self.scale.to_x))
            (ghosts if job.state in GHOSTS else placed).append(done)
        height = max(1, len(rows_end)) * (self.bar_h + LANE_PAD) + LANE_PAD
        for ghost in ghosts:
            ghost.rect.moveTop(height - GHOST_H - 1)
        return ghosts + placed, height  # ghosts first: real bars paint over and win clicks

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    # -- painting --------------------------------------------------------------------------
    def set_viewport_origin(self, x: int, y: int) -> None:
        """Where the scroll area shows us from: labels and hour header stay in view."""
        self.origin = (x, y)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.save()
        clip = QRectF(event.rect())
        self._draw_lanes(p, clip)
        self._draw_grid(p, clip)
        draw_bands(p, self._bands, clip)
        self._draw_bars(p, clip)
        self._draw_drag(p)
        self._draw_now(p)
        self._draw_labels(p, clip)
        self._draw_header(p, clip)
        p.restore()
        p.end()

    def _draw_lanes(self, p: QPainter, clip: QRectF) -> None:
        p.fillRect(clip, color("#ffffff"))
        for i, top in enumerate(self.lane_tops):
            height = self.lane_heights[i]
            if top > clip.bottom() or top + height < clip.top():
                continue
            if i % 2:
                p.fillRect(QRectF(clip.left(), top, clip.width(), height), color("#f8fafc"))
            p.setPen(color("#e2e8f0"))
            p.drawLine(QPointF(clip.left(), top + height), QPointF(clip.right(), top + height))

    def _draw_grid(self, p: QPainter, clip: QRectF) -> None:
        p.setPen(color("#e2e8f0"))
        for instant, _label in self.marks:
            x = self.scale.to_x(instant)
            if clip.left() - 1 <= x <= clip.right() + 1:
                p.drawLine(QPointF(x, clip.top()), QPointF(x, clip.bottom()))

    def _draw_labels(self, p: QPainter, clip: QRectF) -> None:
        left = float(self.origin[0])
        if left + LABEL_W < clip.left():
            return
        p.fillRect(QRectF(left, clip.top(), LABEL_W, clip.height()), color("#ffffff"))
        metrics = self.painter_.plain_metrics
        for i, truck in enumerate(self.trucks):
            top, height = self.lane_tops[i], self.lane_heights[i]
            if top > clip.bottom() or top + height < clip.top():
                continue
            if i % 2:
                p.fillRect(QRectF(left, top, LABEL_W, height), color("#f8fafc"))
            p.fillRect(QRectF(left, top, 6, height), color(truck.color))
            name, crew = self._labels[i]
            p.setPen(color("#0f172a"))
            p.setFont(self.painter_.bold)
            p.drawText(QPointF(left + 12, top + 18), name)
            p.setFont(self.painter_.plain)
            p.setPen(color("#475569"))
            p.drawText(QPointF(left + 12, top + 18 + metrics.height()), crew)
            p.setPen(color("#e2e8f0"))
            p.drawLine(QPointF(left, top + height), QPointF(left + LABEL_W, top + height))
        p.setPen(color("#cbd5e1"))
        p.drawLine(QPointF(left + LABEL_W - 1, clip.top()), QPointF(left + LABEL_W - 1,
                                                                    clip.bottom()))

    def _draw_header(self, p: QPainter, clip: QRectF) -> None:
        top = float(self.origin[1])
        if top + HEADER < clip.top():
            return
        p.fillRect(QRectF(clip.left(), top, clip.width(), HEADER), color("#f1f5f9"))
        p.setFont(self.painter_.plain)
        p.setPen(color("#334155"))
        for instant, label in self.marks:
            x = self.scale.to_x(instant)
            if clip.left() - 50 <= x <= clip.right() + 5 and x >= self.origin[0] + LABEL_W:
                p.drawText(QPointF(x + 3, top + HEADER - 8), label)
        now_x = self.scale.to_x(self.now)
        if now_x >= self.origin[0] + LABEL_W:
            p.setPen(color("#dc2626"))
            from models.timefmt import format_clock

            p.drawText(QPointF(now_x + 3, top + 11), format_clock(self.now, self.tz))
        p.fillRect(QRectF(self.origin[0], top, LABEL_W, HEADER), color("#f1f5f9"))
        p.setPen(color("#cbd5e1"))
        p.drawLine(QPointF(clip.left(), top + HEADER), QPointF(clip.right(), top + HEADER))

    def _draw_bars(self, p: QPainter, clip: QRectF) -> None:
        ratio = self.devicePixelRatioF()
        selected = None
        for bar in self.placed:
            rect = bar.rect
            if not rect.intersects(clip):
                continue
            picture = self._pictures.get(bar.key)
            if picture is None:
                picture = self.painter_.picture(rect.width(), rect.height(), bar.look,
                                                bar.text, ratio)
                self._pictures[bar.key] = picture
            p.drawPixmap(QPointF(rect.left() - MARGIN, rect.top() - MARGIN), picture)
            if bar.job.job_id == self.selected:
                selected = bar
        p.setRenderHint(QPainter.Antialiasing, True)
        for bar in self.placed:
            if bar.tick_x is not None and bar.rect.intersects(clip):
                self.painter_.draw_tick(p, bar.rect, bar.tick_x)
        if selected is not None:
            self.painter_.draw_selection(p, selected.rect)
        p.setRenderHint(QPainter.Antialiasing, False)

    def _draw_drag(self, p: QPainter) -> None:
        if self._drag is None:
            return
        _bar, ghost, _truck, start = self._drag
        p.setPen(QPen(color("#111827"), 2, Qt.DashLine))
        p.setBrush(color("#c7d2fe"))
        p.setOpacity(0.75)
        p.drawRoundedRect(ghost, 4, 4)
        p.setOpacity(1.0)
        p.setPen(color("#111827"))
        p.setFont(self.painter_.bold)
        from models.timefmt import format_clock

        p.drawText(ghost.topLeft() + QPointF(5, 16), f"→ {format_clock(start, self.tz)}")

    def _draw_now(self, p: QPainter) -> None:
        x = self.scale.to_x(self.now)
        if LABEL_W <= x <= self.scale.width:
            p.setPen(QPen(color("#dc2626"), 2))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))

    # -- hit testing -----------------------------------------------------------------------
    def bar_at(self, pos: QPointF) -> Placed | None:
        for bar in reversed(self.placed):
            if bar.rect.contains(pos):
                return bar
        return None

    def lane_at(self, y: float) -> int | None:
        for i, top in enumerate(self.lane_tops):
            if top <= y < top + self.lane_heights[i]:
                return self.trucks[i].truck_id
        return None

    # -- mouse and keys --------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.card.hide()
        self.setFocus(Qt.MouseFocusReason)
        bar = self.bar_at(event.position())
        self.select(bar.job.job_id if bar else 0)
        if event.button() == Qt.LeftButton and bar is not None:
            self._press = event.position()
        if event.button() == Qt.RightButton and bar is not None:
            self.context_menu_requested.emit(bar.job.job_id, event.globalPosition().toPoint())

    def hover(self, pos: QPointF, global_pos: QPoint) -> None:
        """Show the card of the bar under the pointer (hide it elsewhere)."""
        bar = self.bar_at(pos)
        if bar is None:
            self.card.hide()
        elif not self.card.isVisible() or self.card.job_id != bar.job.job_id:
            forecast = self.forecast_of(bar.job.job_id) if self.forecast_of else None
            self.card.show_job(bar.job, self.tz, self.currency, global_pos, forecast)
        else:
            self.card.move(global_pos + QPoint(14, 18))

    def leaveEvent(self, event) -> None:
        self.card.hide()
        super().leaveEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            self.hover(event.position(), event.globalPosition().toPoint())
            return
        bar = next((b for b in self.placed if b.job.job_id == self.selected), None)
        if bar is None or bar.job.status not in MOVABLE:
            return
        delta = event.position() - self._press
        if self._drag is None and abs(delta.x()) + abs(delta.y()) < 6:
            return
        truck = self.lane_at(event.position().y()) or bar.job.truck_id
        start = self.drop_start(bar.job, delta.x())
        index = next(i for i, t in enumerate(self.trucks) if t.truck_id == truck)
        x = self.scale.to_x(start)
        ghost = QRectF(x, self.lane_tops[index] + LANE_PAD, bar.rect.width(), self.bar_h)
        self._drag = (bar, ghost, truck, start)
        self.update()

    def drop_start(self, job: DayJob, dx: float) -> dt.datetime:
        """Where a drag moved by ``dx`` pixels puts the window: exactly where it was unless
        the pointer moved more than SNAP_AFTER in time (a hand drawing a bar to another
        truck always wobbles a little), else the nearest quarter hour."""
        if abs(dx) / self.scale.px_per_minute <= SNAP_AFTER.total_seconds() / 60:
            return job.window_start
        moved = job.window_start + dt.timedelta(minutes=dx / self.scale.px_per_minute)
        return self.scale.snap(moved, self.tz)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag, self._press = self._drag, None, None
        if drag is None:
            return
        bar, _ghost, truck, start = drag
        self.update()
        if truck != bar.job.truck_id or start != bar.job.window_start:
            self.job_dropped.emit(bar.job.job_id, truck, start)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        bar = self.bar_at(event.position())
        if bar is not None:
            self.open_requested.emit(bar.job.job_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeypadModifier
        if key in (Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down):
            self._move_selection(key)
        elif self.selected and plain and key == Qt.Key_A:
            self.arrival_requested.emit(self.selected)
        elif self.selected and plain and key == Qt.Key_C:
            self.complete_requested.emit(self.selected)
        elif self.selected and key in (Qt.Key_Return, Qt.Key_Enter):
            self.open_requested.emit(self.selected)
        else:
            super().keyPressEvent(event)

    def _move_selection(self, key: int) -> None:
        self.card.hide()
        if not self.placed:
            return
        current = next((b for b in self.placed if b.job.job_id == self.selected), None)
        if current is None:
            self.select(self.placed[0].job.job_id)
            return
        if key in (Qt.Key_Left, Qt.Key_Right):
            same = [b for b in self.placed if b.job.truck_id == current.job.truck_id]
            i = same.index(current) + (1 if key == Qt.Key_Right else -1)
            if 0 <= i < len(same):
                self.select(same[i].job.job_id)
            return
        ids = [t.truck_id for t in self.trucks]
        lane = ids.index(current.job.truck_id) + (1 if key == Qt.Key_Down else -1)
        while 0 <= lane < len(ids):
            others = [b for b in self.placed if b.job.truck_id == ids[lane]]
            if others:
                nearest = min(others, key=lambda b: abs(b.rect.center().x()
                                                        - current.rect.center().x()))
                self.select(nearest.job.job_id)
                return
            lane += 1 if key == Qt.Key_Down else -1

"""The tray above the lanes: the shown day's jobs that have no truck yet.

Drag a card from the tray onto a lane to give the job that truck (an assign: same window,
nothing owed); drag a bar off its lane onto the tray to take it off its truck. Both go
through the controller, so they are audited and Ctrl+Z takes them back.

Signals:
    assign_requested(int, int): job id, truck id (a card dropped on a lane).
    unassign_requested(int): job id (a bar dropped on the tray).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from desktop.bar_look import look
from models.queries.day import DayJob
from models.timefmt import format_clock

CARD_W, CARD_H, GAP, PAD = 200, 44, 6, 6
LABEL_W = 150  # the same width as the board's truck names, so cards start where bars do
CLOSED = ("cancelled", "rescheduled")
EMPTY_TEXT = "No unassigned jobs. Drag a bar here to take it off its truck."


def waiting(rows: list[DayJob]) -> list[DayJob]:
    """The day's jobs without a truck that someone still has to visit, by window."""
    return sorted((j for j in rows if j.truck_id is None and j.status not in CLOSED),
                  key=lambda j: (j.window_start, j.job_id))


class Tray(QWidget):
    assign_requested = Signal(int, int)
    unassign_requested = Signal(int)
    menu_requested = Signal(int, QPoint)

    def __init__(self, board, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tray")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.board = board
        self.jobs: list[DayJob] = []
        self.tz, self.currency = "UTC", "$"
        self.hot = False  # a bar from the board is being dragged over the tray
        self._press: tuple[int, QPointF] | None = None
        self.dragging = 0  # the job whose card is being dragged
        self._ghost = None
        self._rects: list[tuple[QRectF, DayJob]] = []
        board.installEventFilter(self)

    # -- data in ---------------------------------------------------------------------------
    def set_rows(self, rows: list[DayJob], tz: str, currency: str) -> None:
        self.jobs, self.tz, self.currency = waiting(rows), tz, currency
        self._layout()

    def _layout(self) -> None:
        per_row = max(1, (max(self.width(), 400) - LABEL_W - PAD) // (CARD_W + GAP))
        self._rects = []
        for i, job in enumerate(self.jobs):
            row, col = divmod(i, per_row)
            self._rects.append((QRectF(LABEL_W + col * (CARD_W + GAP), PAD + row * (CARD_H + GAP),
                                       CARD_W, CARD_H), job))
        rows = max(1, -(-len(self.jobs) // per_row))
        self.setFixedHeight(PAD * 2 + rows * CARD_H + (rows - 1) * GAP)
        self.setToolTip("" if self.jobs else EMPTY_TEXT)
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    def sizeHint(self) -> QSize:
        return QSize(600, self.height())

    def card_rect(self, job_id: int) -> QRectF | None:
        return next((QRectF(r) for r, j in self._rects if j.job_id == job_id), None)

    def card_at(self, pos: QPointF) -> DayJob | None:
        return next((j for r, j in self._rects if r.contains(pos)), None)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        back = QColor("#fef3c7" if self.hot else ("#fff7ed" if self.jobs else "#f8fafc"))
        p.fillRect(self.rect(), back)
        p.setPen(QPen(QColor("#c2410c" if self.jobs or self.hot else "#cbd5e1"), 1,
                      Qt.SolidLine if self.hot else Qt.DashLine))
        p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(QColor("#7c2d12" if self.jobs else "#475569"))
        title = f"Unassigned ({len(self.jobs)})" if self.jobs else "Unassigned"
        p.drawText(QRectF(8, PAD, LABEL_W - 12, CARD_H), Qt.AlignLeft | Qt.AlignVCenter
                   | Qt.TextWordWrap, title + ("\nno truck yet" if self.jobs else ""))
        plain = p.font()
        plain.setBold(False)
        if not self.jobs:
            p.setFont(plain)
            p.setPen(QColor("#64748b"))
            p.drawText(QRectF(LABEL_W, PAD, self.width() - LABEL_W - PAD, CARD_H),
                       Qt.AlignLeft | Qt.AlignVCenter, EMPTY_TEXT)
            return
        for rect, job in self._rects:
            self._draw_card(p, rect, job, bold, plain)

    def _draw_card(self, p: QPainter, rect: QRectF, job: DayJob, bold, plain) -> None:
        bar = look(job, self.tz)
        p.setPen(QPen(QColor(bar.border), 2 if job.job_id == self.dragging else 1))
        p.setBrush(QColor(bar.fill))
        p.drawRoundedRect(rect, 4, 4)
        p.setPen(QColor(bar.ink))
        inner = rect.adjusted(6, 3, -6, -3)
        half = inner.height() / 2
        window = (f"{format_clock(job.window_start, self.tz)}–"
                  f"{format_clock(job.window_end, self.tz)}")
        p.setFont(bold)
        top = QRectF(inner.left(), inner.top(), inner.width(), half)
        p.drawText(top, Qt.AlignLeft | Qt.AlignVCenter,
                   p.fontMetrics().elidedText(f"{window}  {job.customer}", Qt.ElideRight,
                                              int(top.width())))
        p.setFont(plain)
        low = QRectF(inner.left(), inner.top() + half, inner.width(), half)
        p.drawText(low, Qt.AlignLeft | Qt.AlignVCenter,
                   p.fontMetrics().elidedText(f"{bar.status} · {bar.subtitle}", Qt.ElideRight,
                                              int(low.width())))

    # -- dragging a card onto a lane -------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        job = self.card_at(event.position())
        if event.button() == Qt.LeftButton and job is not None:
            self._press = (job.job_id, event.position())
            self.board.card.hide()
        elif event.button() == Qt.RightButton and job is not None:
            self.board.card.hide()
            self.menu_requested.emit(job.job_id, event.globalPosition().toPoint())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            job = self.card_at(event.position())
            if job is None:
                self.board.card.hide()
            else:
                self.board.card.show_job(job, self.tz, self.currency,
                                         event.globalPosition().toPoint())
            return
        job_id, start = self._press
        delta = event.position() - start
        if not self.dragging and abs(delta.x()) + abs(delta.y()) >= 6:
            self.dragging = job_id
            self.setCursor(Qt.ClosedHandCursor)
            self._ghost = self._make_ghost(job_id)
            self.update()
        if self.dragging and self._ghost is not None:
            self._ghost.move(event.globalPosition().toPoint() + QPoint(8, 8))

    def _make_ghost(self, job_id: int):
        """The card, following the pointer while it is dragged over the board."""
        from PySide6.QtWidgets import QLabel

        rect = self.card_rect(job_id)
        if rect is None:
            return None
        ghost = QLabel(None, Qt.ToolTip | Qt.FramelessWindowHint)
        ghost.setObjectName("trayGhost")
        ghost.setPixmap(self.grab(rect.toAlignedRect()))
        ghost.setWindowOpacity(0.85)
        ghost.show()
        return ghost

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        job_id, self.dragging, self._press = self.dragging, 0, None
        if self._ghost is not None:
            self._ghost.close()
            self._ghost.deleteLater()
            self._ghost = None
        self.unsetCursor()
        self.update()
        if not job_id:
            return
        pos = self.board.mapFromGlobal(event.globalPosition().toPoint())
        if self.board.rect().contains(pos):
            truck_id = self.board.lane_at(pos.y())
            if truck_id is not None:
                self.assign_requested.emit(job_id, truck_id)

    def leaveEvent(self, event) -> None:
        if self._press is None:
            self.board.card.hide()
        super().leaveEvent(event)

    # -- a bar dragged off its lane onto the tray -------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.board and kind in (QEvent.MouseMove, QEvent.MouseButtonRelease):
            over = self.rect().contains(self.mapFromGlobal(event.globalPosition().toPoint()))
            dragging = getattr(self.board, "_drag", None) is not None
            if kind == QEvent.MouseMove:
                self._set_hot(dragging and over)
            elif dragging and over:
                bar = self.board._drag[0]
                self.board._drag, self.board._press = None, None  # the board's drag ends here
                self.board.update()
                self._set_hot(False)
                self.unassign_requested.emit(bar.job.job_id)
                return True
            else:
                self._set_hot(False)
        return super().eventFilter(watched, event)

    def _set_hot(self, hot: bool) -> None:
        if hot != self.hot:
            self.hot = hot
            self.update()


def board_with_tray(window) -> QWidget:
    """The board's scroll area with the tray above it, wired to the window's controller."""
    from desktop.tray_actions import assign_from_tray, unassign_to_tray

    c = window.controller
    tray = Tray(window.board)
    window.tray = tray
    c.day_loaded.connect(lambda _trucks, rows: tray.set_rows(rows, c.tz, c.currency))
    tray.assign_requested.connect(lambda job_id, truck_id: assign_from_tray(c, job_id, truck_id))
    tray.unassign_requested.connect(lambda job_id: unassign_to_tray(c, job_id))
    tray.menu_requested.connect(lambda job_id, where: _truck_menu(tray, c, job_id, where))
    _take_off_action(window)
    box = QWidget(window)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(tray)
    layout.addWidget(window.scroll, 1)
    return box



def _truck_menu(tray: Tray, c, job_id: int, where: QPoint) -> None:
    """Right click on a card: give the job to a truck without dragging."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(tray)
    menu.setObjectName("trayMenu")
    for truck in c.trucks:
        menu.addAction(f"Give it to {truck.name}",
                       lambda t=truck.truck_id: tray.assign_requested.emit(job_id, t))
    menu.exec(where)


def _take_off_action(window) -> None:
    """Job → "Take off its truck (to the tray)": the keyboard's way to the tray."""
    from PySide6.QtGui import QAction

    from desktop.tray_actions import unassign_to_tray

    c, actions = window.controller, window.actions_
    take_off = QAction("Take off its truck (to the tray)", window)
    take_off.setObjectName("unassign")
    take_off.setEnabled(False)
    take_off.triggered.connect(lambda: unassign_to_tray(c, actions.selected))

    def follow(job_id: int) -> None:
        job = c.job(job_id)
        take_off.setEnabled(bool(job and job.truck_id and job.status == "scheduled"))
    window.board.job_selected.connect(follow)
    c.day_loaded.connect(lambda *_: follow(actions.selected))
    actions.job_actions.append(take_off)  # the bar's right-click menu
    for item in window.menuBar().actions():
        if item.text() == "&Job":
            item.menu().addAction(take_off)
    window.take_off_action = take_off

"""The week view: seven days × trucks, to book into the right day. Click a day to open it.

Each cell shows the truck's jobs that day, how much of its day is still free (the owner sets
the length of a truck's day) and marks for late and at-risk jobs. Signals:
    day_chosen(object): a date the user clicked (a cell or a day's heading).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import DomainError
from models.queries.week import Week, WeekCell, monday_of, week

LATE, RISK, OVER, EMPTY, PLAIN, TOTAL = ("#fecaca", "#fde68a", "#fed7aa", "#f8fafc", "#ffffff",
                                         "#e2e8f0")


def day_heading(day: dt.date, today: dt.date) -> str:
    text = f"{day:%a} {day.day} {day:%b}"
    return text + ("\ntoday" if day == today else "")


def duration(minutes: int) -> str:
    sign, minutes = ("-" if minutes < 0 else ""), abs(minutes)
    hours, rest = divmod(minutes, 60)
    return sign + (f"{hours}h {rest:02d}m" if hours else f"{rest}m")


def cell_text(cell: WeekCell, has_truck: bool) -> str:
    """The words of one cell: jobs, free time (or how much over), then the marks."""
    if not cell.jobs:
        return f"{duration(cell.free_minutes)} free" if has_truck else ""
    lines = [f"{cell.jobs} job" + ("s" if cell.jobs != 1 else "")]
    if has_truck:
        lines[0] += (f" · {duration(cell.free_minutes)} free" if cell.free_minutes >= 0
                     else f" · over by {duration(-cell.free_minutes)}")
    else:
        lines[0] += " · no truck yet"
    marks = []
    if cell.late:
        marks.append(f"{cell.late} late")
    if cell.at_risk:
        marks.append(f"{cell.at_risk} at risk")
    lines.append(" · ".join(marks))
    return "\n".join(lines).rstrip()


def cell_colour(cell: WeekCell, has_truck: bool) -> str:
    if cell.late:
        return LATE
    if cell.at_risk:
        return RISK
    if (has_truck and cell.free_minutes < 0) or (not has_truck and cell.jobs):
        return OVER
    return PLAIN if cell.jobs else EMPTY


class WeekView(QWidget):
    day_chosen = Signal(object)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekView")
        self.controller = controller
        self.first = monday_of(controller.day)
        self.data: Week | None = None
        self.title = QLabel(self)
        self.title.setObjectName("weekTitle")
        self.prev_button = QPushButton("◀ Previous week", self)
        self.this_button = QPushButton("This week", self)
        self.next_button = QPushButton("Next week ▶", self)
        self.length = QSpinBox(self)
        self.length.setObjectName("dayLength")
        self.length.setRange(30, 1440)
        self.length.setSingleStep(30)
        self.length.setSuffix(" min")
        self.save_length = QPushButton("Set day length", self)
        self.save_length.setAutoDefault(False)
        owner = controller.actor.is_owner
        self.length.setEnabled(owner)
        self.save_length.setEnabled(owner)
        self.message = QLabel(self)
        self.message.setObjectName("weekMessage")
        self.table = QTableWidget(self)
        self.table.setObjectName("weekTable")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.verticalHeader().setMinimumSectionSize(46)
        self.table.setToolTip("Click a day to open it on the board.")
        top = QHBoxLayout()
        for widget in (self.prev_button, self.this_button, self.next_button):
            top.addWidget(widget)
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("A truck's day:", self))
        top.addWidget(self.length)
        top.addWidget(self.save_length)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        legend = QLabel("Each cell: jobs and the time still free in the truck's day. "
                        "Red: a late job; yellow: at risk; orange: overbooked or no truck yet. "
                        "Click a day to open it on the board.", self)
        legend.setWordWrap(True)
        layout.addWidget(legend)
        self.prev_button.clicked.connect(lambda: self.show_week(self.first - dt.timedelta(7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.first + dt.timedelta(7)))
        self.this_button.clicked.connect(lambda: self.show_week(controller.today()))
        self.table.cellClicked.connect(self.on_cell)
        self.table.cellActivated.connect(self.on_cell)  # Enter on a cell, for the keyboard
        self.table.horizontalHeader().sectionClicked.connect(self.on_heading)
        self.save_length.clicked.connect(self.on_save_length)

    def show_week(self, day: dt.date) -> None:
        self.first = monday_of(day)
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        data = self.data = week(self.first, c.now())
        today = c.today()
        last = data.days[-1]
        self.title.setText(f"<b>Week of {data.first:%a} {data.first.day} {data.first:%b %Y}</b>"
                           f" – {last:%a} {last.day} {last:%b}")
        self.length.setValue(data.day_minutes)
        rows: list[tuple[str, int | None]] = [(t.name, t.truck_id) for t in data.trucks]
        if data.unassigned:
            rows.append(("(unassigned)", None))
        self.table.clear()
        self.table.setColumnCount(7)
        self.table.setRowCount(len(rows) + 1)
        self.table.setHorizontalHeaderLabels([day_heading(d, today) for d in data.days])
        self.table.setVerticalHeaderLabels([name for name, _ in rows] + ["All trucks"])
        for r, (_name, truck_id) in enumerate(rows):
            for col, day in enumerate(data.days):
                cell = data.cell(truck_id, day)
                self._put(r, col, cell_text(cell, truck_id is not None),
                          cell_colour(cell, truck_id is not None))
        for col, day in enumerate(data.days):
            total = data.day_total(day)
            self._put(len(rows), col, cell_text(total, True) if total.jobs else "no jobs", TOTAL,
                      bold=True)

    def _put(self, row: int, col: int, text: str, colour: str, bold: bool = False) -> None:
        item = QTableWidgetItem(text)
        item.setBackground(QBrush(QColor(colour)))
        item.setForeground(QBrush(QColor("#0f172a")))
        item.setTextAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.setItem(row, col, item)

    def on_cell(self, _row: int, col: int) -> None:
        self.on_heading(col)

    def on_heading(self, col: int) -> None:
        if self.data is not None and 0 <= col < 7:
            self.day_chosen.emit(self.data.days[col])

    def on_save_length(self) -> None:
        from models.services.capacity import set_day_minutes

        c = self.controller
        try:
            set_day_minutes(self.length.value(), c.actor, c.now())
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.refresh()


def add_week_tab(window) -> WeekView:
    """A Week tab in the window: it follows the board's day, and a click opens that day."""
    c, tabs = window.controller, window.tabs
    view = WeekView(c, window)
    window.week_view = view
    tabs.addTab(view, "Week")
    shown_day = [c.day]

    def on_day_loaded(*_args) -> None:
        if c.day != shown_day[0]:  # the board moved to another day: the week follows
            shown_day[0] = c.day
            view.first = monday_of(c.day)
        if view.isVisible():
            view.refresh()

    def open_day(day: dt.date) -> None:
        tabs.setCurrentIndex(tabs.indexOf(window.splitter))
        c.set_day(day)

    c.day_loaded.connect(on_day_loaded)
    tabs.currentChanged.connect(lambda i: view.refresh() if tabs.widget(i) is view else None)
    view.day_chosen.connect(open_day)
    return view

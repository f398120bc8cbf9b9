"""Item models adapting DayJob rows for lists: the late/at-risk side list and search results."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.bar_look import PALETTE, severity, status_text
from models.display import day_text, money_text
from models.queries.day import DayJob
from models.timefmt import format_clock

COL_CUSTOMER = 0
COL_TRUCK = 1
COL_WINDOW = 2
COL_STATE = 3
HEADERS = ("Customer", "Truck", "Window", "State")
JOB_ID_ROLE = Qt.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class JobListModel(QAbstractTableModel):
    """A table of jobs; ``set_rows`` replaces them all."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[DayJob] = []
        self.tz = "UTC"
        self.day: dt.date | None = None  # rows of another day show their date

    def set_rows(self, rows: list[DayJob], tz: str, day: dt.date | None = None) -> None:
        self.beginResetModel()
        self.rows, self.tz, self.day = list(rows), tz, day
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        job = self.rows[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            if column == COL_CUSTOMER:
                return job.customer
            if column == COL_TRUCK:
                return job.truck or "(unassigned)"
            if column == COL_WINDOW:
                window = (f"{format_clock(job.window_start, self.tz)}–"
                          f"{format_clock(job.window_end, self.tz)}")
                if self.day is not None and job.local_date != self.day:
                    return f"{day_text(job.local_date)} {window}"
                return window
            if column == COL_STATE:
                return status_text(job, self.tz)
        if role == Qt.ToolTipRole:
            return f"{job.customer} · {job.phone} · {job.address}"
        if role == Qt.BackgroundRole and column == COL_STATE:
            key = "late_tier" if job.state == "late" and job.tier else job.state
            return QColor(PALETTE.get(key, PALETTE["scheduled"])[0])
        if role == JOB_ID_ROLE:
            return job.job_id
        return None

    def job_id(self, row: int) -> int:
        return self.rows[row].job_id


def alerts(rows: list[DayJob]) -> list[DayJob]:
    """Today's late and at-risk jobs, worst first."""
    return sorted((j for j in rows if j.state in ("late", "at_risk")), key=severity)


def summary(rows: list[DayJob], currency: str, today: bool = True) -> str:
    """'On time so far: 7 of 8 · Late: 2 (1 still waiting) · At risk: 2 · Rewards ...'; a
    day other than today has no 'so far' and no 'today' (and nothing is still waiting)."""
    arrived = [j for j in rows if j.arrived_at is not None]
    on_time = sum(1 for j in arrived if not j.minutes_late)
    late_now = sum(1 for j in rows if j.state == "late")
    arrived_late = len(arrived) - on_time
    at_risk = sum(1 for j in rows if j.state == "at_risk")
    rewards = [j for j in rows if j.tier]
    total = sum((float(j.reward_value or 0) for j in rewards), 0.0)
    free = sum(1 for j in rows if j.free and j.status != "cancelled")
    late = f"Late: {arrived_late + late_now}" + (f" ({late_now} still waiting)" if today else "")
    parts = [f"On time{' so far' if today else ''}: {on_time} of {len(arrived)}", late,
             f"At risk: {at_risk}",
             f"Rewards earned{' today' if today else ''}: {len(rewards)} "
             f"({money_text(total, currency)})"]
    if free:
        parts.append(f"Free (rescheduled) jobs: {free}")
    return "   ·   ".join(parts)

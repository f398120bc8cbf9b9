"""Follow-ups due: the calls to make, marked done or moved, with who and when."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import table
from desktop.recovery.common import Clock, Feedback, selected_key, when
from desktop.recovery.reminders import FollowUpReminders
from desktop.recovery.table_model import AMBER, Row, RowsModel
from models.company import company
from models.queries import recovery
from models.services import followups
from models.services.actor import Actor

HEADERS = ["Due", "Customer", "Phone", "Complaint"]


class FollowUpsPanel(QWidget):
    """Pending follow-up calls (due ones tinted); reminders bring it up to date.

    Signals:
        changed(): a call was done or moved.
        reminded(str): a reminder fired; the text says what is due (for a banner).
    """

    changed = Signal()
    reminded = Signal(str)

    def __init__(self, actor: Actor, clock: Clock, parent: QWidget | None = None,
                 reminders: FollowUpReminders | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpsPanel")
        self.actor, self.clock = actor, clock
        self.model = RowsModel(HEADERS, self)
        self.view = table(self, "followUpsTable", self.model, (140, 180, 130))
        self.feedback = Feedback(self)
        self.due_only = QCheckBox("Due now only", self)
        self.alert = QLabel(self)
        self.alert.setObjectName("followUpAlert")
        self.alert.setStyleSheet("font-weight: bold; color: #92400e;")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("How the call went")
        self.done_button = QPushButton("Call done", self)
        self.move_to = QDateTimeEdit(self)
        self.move_to.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.move_to.setCalendarPopup(True)
        self.move_reason = QLineEdit(self)
        self.move_reason.setPlaceholderText("Why it moves")
        self.move_button = QPushButton("Move call", self)
        self.reminders = reminders
        layout = QVBoxLayout(self)
        layout.addWidget(self.alert)
        layout.addWidget(self.due_only)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.feedback.error)
        layout.addWidget(self.feedback.info)
        grid = QGridLayout()
        grid.addWidget(self.note, 0, 0, 1, 2)
        grid.addWidget(self.done_button, 0, 2)
        grid.addWidget(self.move_to, 1, 0)
        grid.addWidget(self.move_reason, 1, 1)
        grid.addWidget(self.move_button, 1, 2)
        layout.addLayout(grid)
        self.due_only.toggled.connect(self.refresh)
        self.done_button.clicked.connect(self.on_done)
        self.move_button.clicked.connect(self.on_move)
        if reminders is not None:
            reminders.due.connect(self.on_due)
        self.refresh()
        self._default_move_to()

    def _default_move_to(self) -> None:
        """Suggest this time tomorrow (in the company's zone) for a call that moves."""
        zone = QTimeZone(company().tz.encode())
        self.move_to.setTimeZone(zone)
        tomorrow = self.clock() + dt.timedelta(days=1)
        self.move_to.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow.timestamp()), zone))

    def refresh(self) -> None:
        now = self.clock()
        rows = recovery.follow_ups(due_by=now if self.due_only.isChecked() else None)
        tz = company().tz
        self.model.set_rows([
            Row(r.follow_up_id, (when(r.due_at, tz), r.customer, r.phone, str(r.complaint_id)),
                AMBER if r.due_at <= now else None) for r in rows])
        due = sum(r.due_at <= now for r in rows)
        if not due:
            self.alert.setText("")

    def on_due(self, rows: list) -> None:
        """A reminder fired (or the app started with calls overdue)."""
        names = ", ".join(r.customer for r in rows[:3]) + ("…" if len(rows) > 3 else "")
        text = (f"Follow-up call due: {names}" if len(rows) == 1
                else f"{len(rows)} follow-up calls due: {names}")
        self.alert.setText(text)
        self.refresh()
        self.alert.setText(text)
        self.reminded.emit(text)

    def selected(self) -> int | None:
        return selected_key(self.view)

    def _act(self, action, done: str) -> bool:
        ok = self.feedback.run(action, done)
        if ok:
            self.refresh()
            self.changed.emit()
            if self.reminders is not None:
                self.reminders.rebuild()
        return ok

    def on_done(self) -> None:
        follow_id, note = self.selected(), self.note.text()
        if follow_id is None:
            self.feedback.info.setText("Pick a call in the list first.")
            return
        if self._act(lambda: followups.done(follow_id, note, self.actor, self.clock()),
                     "Call recorded; step 6 of the complaint is ticked."):
            self.note.clear()

    def on_move(self) -> None:
        follow_id = self.selected()
        if follow_id is None:
            self.feedback.info.setText("Pick a call in the list first.")
            return
        secs = self.move_to.dateTime().toSecsSinceEpoch()
        due = dt.datetime.fromtimestamp(secs, dt.timezone.utc)
        reason = self.move_reason.text()
        if self._act(lambda: followups.reschedule(follow_id, due, reason, self.actor,
                                                  self.clock()),
                     f"Call moved to {when(due)}."):
            self.move_reason.clear()
            self._default_move_to()

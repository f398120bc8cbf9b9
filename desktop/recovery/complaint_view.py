"""One complaint: who and what, the ten steps, and hold / resolve / close / print / decline."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.recovery.common import Clock, Feedback, when
from desktop.recovery.complaint_extras import ComplaintExtras
from desktop.recovery.step_rows import StepRows
from models import letters
from models.company import company
from models.queries import recovery
from models.services import complaints, people
from models.services.actor import Actor

OUTCOME_LABELS = {"great": "Great", "good": "Good", "bad": "Bad", "really_bad": "Really bad"}


class ComplaintView(QWidget):
    """Shows and works one complaint.

    Signals:
        changed(int): the complaint (id) changed; the list should refresh.
    """

    changed = Signal(int)

    def __init__(self, actor: Actor, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintView")
        self.actor, self.clock = actor, clock
        self.complaint_id: int | None = None
        self.detail: recovery.ComplaintDetail | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("complaintSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.words = QLabel(self)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.PlainText)  # the customer's words, never markup
        self.words.setStyleSheet("font-style: italic;")
        self.steps = StepRows(self)
        self.feedback = Feedback(self)
        self.own_button = QPushButton("Take ownership", self)
        self.hold_note = QLineEdit(self)
        self.hold_note.setPlaceholderText("What happened (communication refused)")
        self.hold_button = QPushButton("On hold", self)
        self.reopen_button = QPushButton("Back to open", self)
        self.follow_up_at = QDateTimeEdit(self)
        self.follow_up_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.follow_up_at.setCalendarPopup(True)
        self.resolve_button = QPushButton("Resolve", self)
        self.outcome = QComboBox(self)
        for code, label in OUTCOME_LABELS.items():
            self.outcome.addItem(label, code)
        self.close_button = QPushButton("Close", self)
        self.decline_reason = QLineEdit(self)
        self.decline_reason.setPlaceholderText("Why (owner only)")
        self.decline_button = QPushButton("Decline next booking", self)
        self.decline_button.setEnabled(actor.is_owner)
        self.extras = ComplaintExtras(self)  # goodwill reward; the letter ticks step 7
        self._assemble()
        self._connect_signals()
        self.setEnabled(False)

    def _assemble(self) -> None:
        actions = QGridLayout()
        actions.addWidget(self.own_button, 0, 0)
        actions.addWidget(self.hold_note, 0, 1)
        actions.addWidget(self.hold_button, 0, 2)
        actions.addWidget(self.reopen_button, 0, 3)
        actions.addWidget(QLabel("Follow-up call", self), 1, 0)
        actions.addWidget(self.follow_up_at, 1, 1)
        actions.addWidget(self.resolve_button, 1, 2)
        actions.addWidget(QLabel("Outcome", self), 2, 0)
        actions.addWidget(self.outcome, 2, 1)
        actions.addWidget(self.close_button, 2, 2)
        actions.addWidget(self.decline_reason, 3, 1)
        actions.addWidget(self.decline_button, 3, 2)
        actions.addWidget(self.extras.button, 4, 2)
        steps_box = QGroupBox("The ten steps", self)
        inner = QVBoxLayout(steps_box)
        inner.addWidget(self.steps)
        scroll = QScrollArea(self)
        scroll.setWidget(steps_box)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.words)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.feedback.error)
        layout.addWidget(self.feedback.info)
        layout.addLayout(actions)

    def _connect_signals(self) -> None:
        self.steps.tick_requested.connect(self.on_tick)
        self.steps.untick_requested.connect(self.on_untick)
        self.steps.not_applicable_requested.connect(self.on_not_applicable)
        self.steps.applies_again_requested.connect(self.on_applies_again)
        self.steps.letter_requested.connect(lambda: self.print_letter("apology"))
        self.steps.confirmation_requested.connect(lambda: self.print_letter("confirmation"))
        self.own_button.clicked.connect(self.on_own)
        self.hold_button.clicked.connect(self.on_hold)
        self.reopen_button.clicked.connect(self.on_reopen)
        self.resolve_button.clicked.connect(self.on_resolve)
        self.close_button.clicked.connect(self.on_close)
        self.decline_button.clicked.connect(self.on_decline)

    # -- showing ---------------------------------------------------------------------------
    def show_complaint(self, complaint_id: int | None) -> None:
        self.complaint_id = complaint_id
        self.setEnabled(complaint_id is not None)
        if complaint_id is None:
            self.detail = None
            self.summary.setText("Pick a complaint in the list.")
            self.words.clear()
            return
        now = self.clock()
        d = self.detail = recovery.complaint(complaint_id, now)
        status = d.status.replace("_", " ")
        if d.status == "on_hold":
            status += f" ({d.hold_note})"
        if d.outcome:
            status += f", outcome {OUTCOME_LABELS[d.outcome].lower()}"
        response = (f"first response {when(d.first_response_at)}" if d.first_response_at
                    else "no response yet")
        e = html.escape  # names and addresses come from customers
        lines = [f"<b>Complaint {d.complaint_id}</b> — {e(d.customer)}, "
                 f"{e(d.phone or 'no phone')}, {e(d.address or 'no address')}",
                 f"{'Automatic' if d.source == 'auto' else 'Taken by hand'}, opened "
                 f"{when(d.opened_at)}; {response}; fault {d.fault.replace('_', ' ')}",
                 f"Status: {e(status)}; owner: {e(d.owner or 'nobody yet')}"
                 + (f"; job #{d.job_id}" if d.job_id else "")]
        if d.red:
            lines.append("<span style='color:#b91c1c'><b>Nobody has answered this complaint "
                         "for over an hour.</b></span>")
        self.summary.setText("<br/>".join(lines))
        self.words.setText(f"\u201c{d.words}\u201d" if d.words else "")
        self.steps.show_complaint(d, recovery.rewards(now, customer_id=d.customer_id))
        self._enable(d)
        self._default_follow_up(now)

    def _enable(self, d: recovery.ComplaintDetail) -> None:
        workable = d.status in complaints.WORKABLE
        self.steps.setEnabled(workable)
        self.own_button.setEnabled(workable and d.owner != self.actor.name)
        self.hold_button.setEnabled(d.status == "open")
        self.reopen_button.setEnabled(d.status == "on_hold")
        self.resolve_button.setEnabled(d.status == "open")
        self.follow_up_at.setEnabled(d.status == "open")
        self.close_button.setEnabled(d.status == "resolved")

    def _default_follow_up(self, now: dt.datetime) -> None:
        due = complaints.default_follow_up(now)
        zone = QTimeZone(company().tz.encode())
        self.follow_up_at.setTimeZone(zone)
        self.follow_up_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(due.timestamp()), zone))

    def follow_up_instant(self) -> dt.datetime:
        secs = self.follow_up_at.dateTime().toSecsSinceEpoch()
        return dt.datetime.fromtimestamp(secs, dt.timezone.utc)

    # -- actions ---------------------------------------------------------------------------
    def _act(self, action, done: str = "") -> bool:
        if self.complaint_id is None:
            return False
        ok = self.feedback.run(action, done)
        self.show_complaint(self.complaint_id)  # shows the stored state either way
        if ok:
            self.changed.emit(self.complaint_id)
        return ok

    def on_tick(self, number: int, answers: dict) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.tick_step(cid, number, self.actor, self.clock(),
                                               answers or None), f"Step {number} done.")

    def on_untick(self, number: int) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.untick_step(cid, number, self.actor, self.clock()),
                  f"Step {number} is no longer ticked.")

    def on_not_applicable(self, number: int, reason: str) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.set_not_applicable(cid, number, reason, self.actor,
                                                        self.clock()),
                  f"Step {number} does not apply.")

    def on_applies_again(self, number: int) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.set_not_applicable(cid, number, None, self.actor,
                                                        self.clock()),
                  f"Step {number} applies again.")

    def on_own(self) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.take_ownership(cid, self.actor, self.clock()),
                  "You own this complaint now.")

    def on_hold(self) -> None:
        cid, note = self.complaint_id, self.hold_note.text()
        if self._act(lambda: complaints.put_on_hold(cid, note, self.actor, self.clock()),
                     "On hold."):
            self.hold_note.clear()

    def on_reopen(self) -> None:
        cid = self.complaint_id
        self._act(lambda: complaints.back_to_open(cid, self.actor, self.clock()), "Open again.")

    def on_resolve(self) -> None:
        cid, due = self.complaint_id, self.follow_up_instant()
        self._act(lambda: complaints.resolve(cid, self.actor, self.clock(), follow_up_at=due),
                  f"Resolved. Follow-up call due {when(due)}; the customer's next visit is "
                  "flagged 'make it perfect'.")

    def on_close(self) -> None:
        cid, outcome = self.complaint_id, self.outcome.currentData()
        self._act(lambda: complaints.close(cid, outcome, self.actor, self.clock()), "Closed.")

    def on_decline(self) -> None:
        if self.detail is None:
            return
        customer_id, reason = self.detail.customer_id, self.decline_reason.text()
        if self._act(lambda: people.set_decline(customer_id, True, reason, self.actor,
                                                self.clock()),
                     f"{self.detail.customer}'s next booking will ask for confirmation."):
            self.decline_reason.clear()

    def letter(self, kind: str) -> letters.Letter | None:
        """The apology letter or the step-4 confirmation of the shown complaint."""
        found: list[letters.Letter] = []
        make = letters.apology_letter if kind == "apology" else letters.confirmation
        cid = self.complaint_id
        if cid is not None and self.feedback.run(lambda: found.append(make(cid, self.clock()))):
            return found[0]
        return None

    def print_letter(self, kind: str) -> None:
        self.extras.print_letter(kind)


"""Small job dialogs: stamp at another time, edit a job, set the fault, who asked to move it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import buttons, error_label, show_error
from models.display import day_text, money_text
from models.errors import ConflictError, DomainError
from models.queries.day import DayJob
from models.rules import FAULTS, local_to_utc

LATE_ENTRY = dt.timedelta(minutes=10)
FAULT_WORDS = {"company": "The company", "customer": "The customer (voids the reward)",
               "shared": "Both", "third_party": "Someone else", "no_one": "No one (weather…)"}


class StampTimeDialog(QDialog):
    """Arrival or completion at a time other than now; a reason when over 10 minutes ago."""

    def __init__(self, job: DayJob, what: str, tz: str, now: dt.datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Record {what} — {job.customer}")
        self.job, self.tz, self.now, self.what = job, tz, now, what
        local = now.astimezone(ZoneInfo(tz))
        self.time = QTimeEdit(QTime(local.hour, local.minute), self)
        self.time.setObjectName("time")
        self.time.setDisplayFormat("HH:mm")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(
            "needed when more than 10 minutes ago, e.g. crew called late")
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(f"{what.capitalize()} time ({day_text(local.date())})", self.time)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, f"Record {what}"))
        self.at: dt.datetime | None = None

    def accept(self) -> None:
        t = self.time.time()
        day = self.now.astimezone(ZoneInfo(self.tz)).date()
        try:
            at = local_to_utc(day, dt.time(t.hour(), t.minute()), self.tz)
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        if at < self.now - LATE_ENTRY and not self.reason.text().strip():
            show_error(self.error, "That is more than 10 minutes ago: say why (for example, "
                                   "'crew called late').")
            return
        if at > self.now + dt.timedelta(minutes=2):
            show_error(self.error, "That time is in the future; record it when it happens.")
            return
        self.at = at
        super().accept()


def reward_text(job: DayJob, currency: str | None = None) -> str:
    """What the guarantee owes on this job, in a line the dispatcher can read out."""
    if currency is None:
        from models.company import company

        currency = company().currency
    parts = []
    if job.free:
        parts.append("Free: we rescheduled it (the new job costs nothing).")
    if job.tier:
        parts.append(f"Tier {job.tier} reward: {job.reward_wording} — "
                     f"{money_text(job.reward_value, currency)}.")
    if job.certificate_code:
        parts.append(f"Certificate {job.certificate_code} to deliver.")
    if job.minutes_late and not job.tier:
        parts.append(f"{job.minutes_late} min late; no reward yet.")
    return " ".join(parts) or "Nothing owed."


class JobEditDialog(QDialog):
    """Service, price, duration and notes; refuses cleanly when someone saved in between."""

    def __init__(self, job: DayJob, save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Job {job.job_id} — {job.customer}")
        self.job, self.save = job, save
        self.service = QLineEdit(job.service, self)
        self.price = QLineEdit(job.price, self)
        self.duration = QSpinBox(self)
        self.duration.setRange(1, 720)
        self.duration.setSuffix(" min")
        self.duration.setValue(job.duration_minutes)
        self.notes = QPlainTextEdit(job.notes, self)
        self.notes.setFixedHeight(70)
        for widget, name in ((self.service, "service"), (self.price, "price"),
                             (self.duration, "duration"), (self.notes, "notes")):
            widget.setObjectName(name)
        editable = job.status in ("scheduled", "en_route", "arrived")
        form = QFormLayout()
        form.addRow("Customer", QLabel(f"{job.customer} · {job.phone}\n{job.address}", self))
        form.addRow("Window", QLabel(f"{day_text(job.local_date)} {job.local_start} · "
                                     f"{job.truck}", self))
        form.addRow("Service", self.service)
        form.addRow("Price", self.price)
        form.addRow("Expected duration", self.duration)
        form.addRow("Notes", self.notes)
        self.reward = QLabel(reward_text(job), self)
        self.reward.setObjectName("reward")
        self.reward.setWordWrap(True)
        form.addRow("Guarantee", self.reward)
        self.error = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.box = buttons(self, "Save")
        layout.addWidget(self.box)
        if not editable:
            for w in (self.service, self.price, self.duration, self.notes):
                w.setEnabled(False)
            show_error(self.error, f"This job is {job.status}; it is shown read-only.")

    def changes(self) -> dict:
        found = {}
        if self.service.text().strip() != self.job.service:
            found["service"] = self.service.text().strip()
        if self.price.text().strip() != self.job.price:
            found["price"] = self.price.text().strip()
        if self.duration.value() != self.job.duration_minutes:
            found["duration_minutes"] = self.duration.value()
        if self.notes.toPlainText().strip() != self.job.notes:
            found["notes"] = self.notes.toPlainText().strip()
        return found

    def accept(self) -> None:
        changes = self.changes()
        if not changes or not self.service.isEnabled():
            super().accept()
            return
        try:
            self.save(self.job.job_id, self.job.version, changes)
        except ConflictError as exc:
            show_error(self.error, f"Not saved. {exc}")
            return
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        super().accept()


class FaultDialog(QDialog):
    def __init__(self, job: DayJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Who caused the delay? — {job.customer}")
        self.fault = QComboBox(self)
        self.fault.setObjectName("fault")
        for key in FAULTS:
            self.fault.addItem(FAULT_WORDS[key], key)
        self.fault.setCurrentIndex(FAULTS.index(job.fault) if job.fault in FAULTS else 0)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("Fault", self.fault)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, "Set fault"))

    def value(self) -> tuple[str, str]:
        return self.fault.currentData(), self.reason.text().strip()

    def accept(self) -> None:
        if not self.reason.text().strip():
            show_error(self.error, "Say why (the reason is kept in the audit trail).")
            return
        super().accept()


class MoveDialog(QDialog):
    """Move by keyboard: another truck, another start time, another day."""

    def __init__(self, job: DayJob, trucks: list, tz: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Move — {job.customer}")
        self.job, self.tz = job, tz
        self.truck = QComboBox(self)
        self.truck.setObjectName("truck")
        if job.truck_id is None:  # a phone booking keeps waiting in the tray unless told
            self.truck.addItem("No truck yet", None)
        for t in trucks:
            self.truck.addItem(t.name, t.truck_id)
        self.truck.setCurrentIndex(max(0, self.truck.findData(job.truck_id)))
        d = job.local_date
        self.day = QDateEdit(QDate(d.year, d.month, d.day), self)
        self.day.setObjectName("day")
        self.day.setDisplayFormat("ddd d MMM yyyy")  # as models.display writes days
        self.day.setLocale(QLocale(QLocale.English, QLocale.UnitedStates))
        self.day.setCalendarPopup(True)
        self.day.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        hours, minutes = map(int, job.local_start.split(":"))
        self.start = QTimeEdit(QTime(hours, minutes), self)
        self.start.setObjectName("start")
        self.start.setDisplayFormat("HH:mm")
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("Truck", self.truck)
        form.addRow("Day", self.day)
        form.addRow(f"Window starts (now {day_text(job.local_date)} {job.local_start})",
                    self.start)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, "Move"))
        self.target: tuple[int, dt.datetime] | None = None

    def chosen_day(self) -> dt.date:
        q = self.day.date()
        return dt.date(q.year(), q.month(), q.day())

    def accept(self) -> None:
        t = self.start.time()
        try:
            start = local_to_utc(self.chosen_day(), dt.time(t.hour(), t.minute()), self.tz)
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        self.target = (self.truck.currentData(), start)
        super().accept()

"""Booking a job: find the customer as you type (or add one), pick truck, day and window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import buttons, error_label, show_error
from desktop.dialogs.customer_search import CustomerSearch
from models.errors import DomainError
from models.queries.customers import CustomerHit, TruckRow
from models.services.jobs import JobDraft

NO_TRUCK = -1  # the truck box's "no truck yet" entry


class NewJobDialog(QDialog):
    def __init__(self, controller, trucks: list[TruckRow], day: dt.date,
                 truck_id: int | None = None, start: dt.time | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New job")
        self.controller = controller
        self.chosen: CustomerHit | None = None
        self.booked_id: int | None = None
        self.finder = CustomerSearch(self, "search", "hits")
        self.search, self.hits = self.finder.search, self.finder.hits
        self.warning = QLabel(self)
        self.warning.setObjectName("declineWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.warning.hide()
        self.confirm = QCheckBox("Book anyway", self)
        self.confirm.setObjectName("confirmDecline")
        self.confirm.hide()
        self.new_box = QGroupBox("…or a new customer", self)
        self.new_box.setCheckable(True)
        self.new_box.setChecked(False)
        self.new_box.setObjectName("newCustomer")
        self.new_name, self.new_phone, self.new_address = (QLineEdit(self) for _ in range(3))
        new_form = QFormLayout(self.new_box)
        new_form.addRow("Name", self.new_name)
        new_form.addRow("Phone", self.new_phone)
        new_form.addRow("Address", self.new_address)
        self.truck = QComboBox(self)
        for t in trucks:
            self.truck.addItem(f"{t.name} — {t.crew}" if t.crew else t.name, t.truck_id)
        if trucks:  # a phone booking before the truck is chosen waits in the board's tray
            self.truck.addItem("No truck yet (waits in the tray)", NO_TRUCK)
        if truck_id is not None:
            self.truck.setCurrentIndex(max(0, self.truck.findData(truck_id)))
        self.date = QDateEdit(QDate(day.year, day.month, day.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))  # models/date_limits
        start = start or dt.time(9, 0)
        self.start = QTimeEdit(QTime(start.hour, start.minute), self)
        self.start.setDisplayFormat("HH:mm")
        self.service = QLineEdit(self)
        self.price = QLineEdit("0.00", self)
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 720)
        self.duration.setSpecialValueText("default")
        self.duration.setSuffix(" min")
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(60)
        for widget, name in ((self.truck, "truck"), (self.date, "date"), (self.start, "start"),
                             (self.service, "service"), (self.price, "price"),
                             (self.new_name, "newName"), (self.new_phone, "newPhone"),
                             (self.new_address, "newAddress")):
            widget.setObjectName(name)
        form = QFormLayout()
        form.addRow("Customer", self.search)
        form.addRow("", self.hits)
        form.addRow("", self.warning)
        form.addRow("", self.confirm)
        top = QVBoxLayout(self)
        top.addLayout(form)
        top.addWidget(self.new_box)
        job_form = QFormLayout()
        job_form.addRow("Truck", self.truck)
        job_form.addRow("Day", self.date)
        job_form.addRow("Window starts", self.start)
        job_form.addRow("Service", self.service)
        job_form.addRow("Price", self.price)
        job_form.addRow("Expected duration", self.duration)
        job_form.addRow("Notes", self.notes)
        top.addLayout(job_form)
        self.error = error_label(self)
        top.addWidget(self.error)
        top.addWidget(buttons(self, "Book"))
        self._doubted: tuple | None = None  # the draft already warned about
        self.hits.currentItemChanged.connect(self.on_hit_chosen)
        self.new_box.toggled.connect(self.on_new_toggled)

    def on_hit_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.chosen = CustomerSearch.hit_of(item)
        declined = bool(self.chosen and self.chosen.decline_next_booking)
        if declined:
            self.warning.setText(f"{self.chosen.name} is marked 'decline next booking': "
                                 f"{self.chosen.decline_reason or 'no reason given'}.")
        self.warning.setVisible(declined)
        self.confirm.setVisible(declined)
        self.confirm.setChecked(False)
        if self.chosen is not None:
            self.new_box.setChecked(False)

    def on_new_toggled(self, on: bool) -> None:
        if on:
            self.hits.clearSelection()
            self.hits.setCurrentRow(-1)

    def draft(self, customer_id: int) -> JobDraft:
        q, t = self.date.date(), self.start.time()
        truck = self.truck.currentData()
        return JobDraft(customer_id, None if truck == NO_TRUCK else truck,
                        dt.date(q.year(), q.month(), q.day()), dt.time(t.hour(), t.minute()), 0, self.service.text(),
                        self.price.text(), self.duration.value() or None,
                        self.notes.toPlainText())

    def _sure(self, draft: JobDraft) -> bool:
        """A busy truck, no service or no price is often a slip: say so inline, and book
        only when Book is pressed again with nothing changed."""
        from models.queries.doubts import booking_doubts

        doubts = booking_doubts(draft.truck_id, draft.day, draft.start, draft.fold,
                                draft.service, str(draft.price), self.controller.now())
        key = (draft.truck_id, draft.day, draft.start, draft.service, str(draft.price))
        if not doubts or self._doubted == key:
            return True
        self._doubted = key
        show_error(self.error, "Please check: " + " ".join(doubts)
                   + " Press Book again to book it anyway.")
        return False

    def accept(self) -> None:
        try:
            if self.new_box.isChecked():
                if not self.new_name.text().strip():
                    raise DomainError("Give the new customer's name.")
                customer_id = None
            elif self.chosen is None:
                raise DomainError("Pick a customer from the list, or add a new one.")
            else:
                customer_id = self.chosen.customer_id
            if self.chosen and self.chosen.decline_next_booking and not self.confirm.isChecked():
                raise DomainError("This customer is marked 'decline next booking'; tick "
                                  "'Book anyway' to go ahead.")
            if self.truck.currentData() is None:
                raise DomainError("Add a truck first.")
            new_customer = None
            if customer_id is None:
                new_customer = (self.new_name.text(), self.new_phone.text(),
                                self.new_address.text())
            if not self._sure(self.draft(customer_id or 0)):
                return
            booked = self.controller.book(self.draft(customer_id or 0),
                                          confirmed_decline=self.confirm.isChecked(),
                                          new_customer=new_customer)
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        self.booked_id = booked.job_id
        super().accept()

"""Opening a complaint by hand while the customer is on the phone: find, pick, type, save."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import buttons, error_label, show_error
from desktop.dialogs.customer_search import CustomerSearch
from desktop.recovery.common import Clock, when
from models.errors import DomainError
from models.queries import recovery
from models.rules import FAULTS
from models.services import complaints
from models.services.actor import Actor

FAULT_LABELS = {"company": "Ours (the company)", "customer": "The customer's",
                "shared": "Shared", "third_party": "Someone else's", "no_one": "No one's"}


class OpenComplaintDialog(QDialog):
    """Customer search as you type, optional job, the customer's words, the fault.

    Signals:
        opened(int): the new complaint's id.
    """

    opened = Signal(int)

    def __init__(self, actor: Actor, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openComplaintDialog")
        self.setWindowTitle("New complaint")
        self.actor, self.clock = actor, clock
        self.complaint_id: int | None = None
        self.finder = CustomerSearch(self, "customerSearch", "customerHits")
        self.search, self.hits = self.finder.search, self.finder.hits
        self.job = QComboBox(self)
        self.job.setObjectName("jobChoice")
        self.words = QPlainTextEdit(self)
        self.words.setObjectName("words")
        self.words.setPlaceholderText("What the customer said, in their words")
        self.words.setTabChangesFocus(True)
        self.fault = QComboBox(self)
        for code in FAULTS:
            self.fault.addItem(FAULT_LABELS[code], code)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("Customer", self.search)
        form.addRow("", self.hits)
        form.addRow("Job (optional)", self.job)
        form.addRow("Their words", self.words)
        form.addRow("Fault", self.fault)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.box = buttons(self, "Open complaint")
        layout.addWidget(self.box)
        self.search.returnPressed.connect(self.on_pick_first)
        self.hits.currentItemChanged.connect(self.on_customer)
        self._fill_jobs(None)

    def on_pick_first(self) -> None:
        if self.hits.count():
            self.hits.setCurrentRow(0)
            self.words.setFocus()

    def customer_id(self) -> int | None:
        hit = CustomerSearch.hit_of(self.hits.currentItem())
        return hit.customer_id if hit is not None else None

    def on_customer(self, *_args) -> None:
        self._fill_jobs(self.customer_id())

    def _fill_jobs(self, customer_id: int | None) -> None:
        self.job.clear()
        self.job.addItem("No particular job", None)
        if customer_id is None:
            return
        now = self.clock()
        latest = None
        for job_id, start, service, status in recovery.customer_jobs(customer_id)[:30]:
            self.job.addItem(f"#{job_id}  {when(start)}  {service}  ({status})", job_id)
            if latest is None and start <= now:
                latest = self.job.count() - 1
        if latest is not None:
            self.job.setCurrentIndex(latest)  # the call is usually about the last visit

    def accept(self) -> None:
        customer_id = self.customer_id()
        if customer_id is None:
            show_error(self.error, "Find and pick the customer who called.")
            return
        try:
            self.complaint_id = complaints.open_complaint(
                customer_id, self.job.currentData(), self.words.toPlainText(),
                self.fault.currentData(), self.actor, self.clock())
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        self.opened.emit(self.complaint_id)
        super().accept()

"""Cancel a job: why, and who cancelled. No default answer, since one of them costs money."""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import error_label, show_error
from desktop.dialogs.no_default import NoDefaultDialog
from models.display import day_text, money_text
from models.queries.day import DayJob


def cancel_cost(job: DayJob, currency: str) -> str:
    """What a cancellation by the company owes, in the words on its button."""
    price = Decimal(job.price or "0")
    if job.free or not price:
        return "nothing to pay back: the job is free; a complaint opens"
    return f"owes a certificate worth {money_text(price, currency)}; a complaint opens"


class CancelJobDialog(NoDefaultDialog):
    """Sets ``reason`` and ``by_whom`` ('customer' or 'company') when accepted.

    No button is the default and Enter does nothing: a habit must not give money away.
    Escape cancels. Without a reason the choice is refused in words and nothing changes.
    """

    def __init__(self, job: DayJob, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelJob")
        self.setWindowTitle(f"Cancel the job — {job.customer}")
        self.reason_text, self.by_whom = "", None
        window = f"{day_text(job.local_date)} {job.local_start}, {job.truck}"
        text = QLabel(f"Cancel <b>{html.escape(job.customer)}</b>'s visit "
                      f"({html.escape(window)}, {html.escape(job.service or 'no service')})?",
                      self)
        text.setObjectName("question")
        text.setTextFormat(Qt.RichText)
        text.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Why (kept in the audit trail), e.g. customer moved away")
        self.error = error_label(self)
        self.customer = self._button("Cancelled by the &customer (nothing owed)", "customer")
        self.company = self._button(f"Cancelled by &us ({cancel_cost(job, currency)})",
                                    "company")
        self.keep = self._button("&Keep the job", "keep")
        self.customer.clicked.connect(lambda: self._choose("customer"))
        self.company.clicked.connect(lambda: self._choose("company"))
        self.keep.clicked.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.customer, self.company, self.keep):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel("Reason", self))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.reason.setFocus()


    def _choose(self, who: str) -> None:
        reason = self.reason.text().strip()
        if not reason:
            show_error(self.error, "Say why the job is cancelled first; nothing was changed.")
            self.reason.setFocus()
            return
        self.reason_text, self.by_whom = reason, who
        self.accept()


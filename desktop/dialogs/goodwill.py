"""A goodwill reward by hand: amount and wording asked, then shown in full before it is saved."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import buttons, error_label, show_error
from desktop.dialogs.confirm import confirm
from models.display import money_text
from models.errors import DomainError
from models.services.jobs import parse_price


class GoodwillDialog(QDialog):
    """Sets ``value``, ``wording`` and ``certificate`` once the person confirmed them.

    'Review…' checks the input (a clear message, nothing saved, on bad input) and asks
    again with the amount written out; only 'Yes, record it' accepts. Escape cancels.
    """

    def __init__(self, customer: str, about: str, currency: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goodwill")
        self.setWindowTitle(f"Goodwill reward — {customer}")
        self.customer, self.about, self.currency = customer, about, currency
        self.value: Decimal | None = None
        self.wording = ""
        self.certificate = False
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText("e.g. 25.00")
        self.text = QLineEdit(self)
        self.text.setObjectName("wording")
        self.text.setPlaceholderText("What she gets, in words for her, e.g. one room cleaned free")
        self.as_certificate = QCheckBox("Give it as a certificate (a code she redeems on a "
                                        "later visit)", self)
        self.as_certificate.setObjectName("certificate")
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(QLabel(f"For <b>{_escape(customer)}</b> ({_escape(about)})", self))
        form.addRow(f"Amount ({currency})", self.amount)
        form.addRow("Wording", self.text)
        form.addRow(self.as_certificate)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, "Review…"))

    def accept(self) -> None:
        try:
            value = parse_price(self.amount.text())
        except DomainError as exc:
            show_error(self.error, f"{exc} Nothing was recorded.")
            return
        if value <= 0:
            show_error(self.error, "A goodwill reward needs an amount above 0.00; nothing was "
                                   "recorded.")
            return
        wording = self.text.text().strip()
        if not wording:
            show_error(self.error, "Say what the reward is (its wording for the customer); "
                                   "nothing was recorded.")
            return
        show_error(self.error, "")
        amount = money_text(value, self.currency)
        form = " as a certificate" if self.as_certificate.isChecked() else ""
        if not confirm(self, "Record this goodwill reward?",
                       [f"{amount}{form} for {self.customer}: \u201c{wording}\u201d",
                        f"Linked to {self.about}. It costs the company {amount} and is "
                        "counted as goodwill."],
                       f"Record a goodwill reward of {amount}?", "Yes, record it"):
            return
        self.value, self.wording = value, wording
        self.certificate = self.as_certificate.isChecked()
        super().accept()


def _escape(text: str) -> str:
    import html

    return html.escape(text)

"""Set or clear a customer's flags: make the next visit perfect, decline the next booking."""

from __future__ import annotations

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
from models.queries.customer_flags import CustomerFlags

OWNER_ONLY = "Only an owner can mark or clear 'decline next booking'."


class CustomerFlagsDialog(QDialog):
    """``changes()`` lists the flag changes chosen (names as models.services.flags takes
    them), with the reason typed; nothing when the boxes were left as they were."""

    def __init__(self, flags: CustomerFlags, is_owner: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerFlags")
        self.setWindowTitle(f"Customer flags — {flags.name}")
        self.flags = flags
        self.perfect = QCheckBox("Make the next visit perfect (shown on the board and the "
                                 "route sheet until that job is completed)", self)
        self.perfect.setObjectName("perfect")
        self.perfect.setChecked(flags.make_next_visit_perfect)
        self.decline = QCheckBox("Decline the next booking (booking her asks first)", self)
        self.decline.setObjectName("decline")
        self.decline.setChecked(flags.decline_next_booking)
        if not is_owner:
            self.decline.setEnabled(False)
            self.decline.setToolTip(OWNER_ONLY)
        self.reason = QLineEdit(flags.decline_reason if flags.decline_next_booking else "", self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Why (needed to decline; kept in the audit trail)")
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(QLabel(f"<b>{_escape(flags.name)}</b>", self))
        form.addRow(self.perfect)
        form.addRow(self.decline)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, "Save flags"))

    def changes(self) -> list[tuple[str, str]]:
        reason = self.reason.text().strip()
        found = []
        if self.perfect.isChecked() != self.flags.make_next_visit_perfect:
            found.append(("perfect-visit" if self.perfect.isChecked()
                          else "clear-perfect-visit", reason))
        if self.decline.isChecked() != self.flags.decline_next_booking:
            found.append(("decline" if self.decline.isChecked() else "clear-decline", reason))
        return found

    def accept(self) -> None:
        if (self.decline.isChecked() and not self.flags.decline_next_booking
                and not self.reason.text().strip()):
            show_error(self.error, "Say why her next booking is declined; nothing was changed.")
            return
        super().accept()


def _escape(text: str) -> str:
    import html

    return html.escape(text)

"""Asking the owner before a service's booking duration changes: says exactly what changes.

Nothing here costs money, but new jobs will be booked longer or shorter, so the question
has no default answer (Enter does nothing) and Escape or Cancel leaves everything as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.dialogs.no_default import NoDefaultDialog


def change_words(service: str, new: int, old: int, old_is_policy: bool) -> str:
    """'New jobs of Upholstery will be booked for 140 min instead of 120; jobs already booked
    keep theirs.'"""
    before = f"{old} (the default for every service)" if old_is_policy else f"{old}"
    return (f"New jobs of {service} will be booked for {new} min instead of {before}; "
            "jobs already booked keep theirs.")


class AdoptDurationDialog(NoDefaultDialog):
    """Accepted only through the 'use' button; ``cancel`` has the focus."""

    def __init__(self, service: str, new: int, old: int, old_is_policy: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adoptDuration")
        self.setWindowTitle("Change a service's booking duration?")
        text = QLabel(change_words(service, new, old, old_is_policy), self)
        text.setObjectName("question")
        text.setTextFormat(Qt.PlainText)  # a service's name is shown as typed, never as markup
        text.setWordWrap(True)
        self.use = self._button(f"Book new jobs for {new} min", "use")
        self.cancel = self._button(f"Cancel (keep {old} min)", "cancel")
        self.use.clicked.connect(self.accept)
        self.cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.use)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        self.cancel.setFocus()  # a stray Space is then harmless too

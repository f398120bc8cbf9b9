"""A question whose answers cost different amounts of money: no answer is the default.

No button is the default and Enter does nothing, so a dispatcher who presses Enter out of
habit gives nothing away; Escape cancels. The answers are chosen with the mouse, or with Tab
and Space.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QPushButton


class NoDefaultDialog(QDialog):
    """Base for such questions: make the answers with ``_button``."""

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setDefault(False)
        button.setAutoDefault(False)
        return button

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            event.accept()  # deliberately nothing: pick an answer
            return
        super().keyPressEvent(event)  # Escape rejects

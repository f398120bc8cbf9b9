"""Which database this desktop opens: a file of its own, or the office's PostgreSQL server."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from desktop.dialogs.common import buttons, error_label, show_error

SETTING = "database/target"


def chosen_target(db: str | None, settings) -> str:
    """--db, else ONTIME_DB, else this desktop's saved choice, else the default file."""
    import os

    from models.db import resolve_target

    saved = settings.value(SETTING) or None
    return resolve_target(db or os.environ.get("ONTIME_DB") or saved)


class DatabaseDialog(QDialog):
    """Test a target and save it for the next start (passwords stay in libpq's places)."""

    def __init__(self, settings, current: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database for this desktop")
        self.settings = settings
        self.target = QLineEdit(settings.value(SETTING) or "", self)
        self.target.setObjectName("target")
        self.target.setPlaceholderText("postgresql://desk1@office-server/ontime, or a file path")
        self.target.setMinimumWidth(420)
        test = QPushButton("Test connection", self)
        test.clicked.connect(self.on_test)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("testResult")
        self.outcome.setWordWrap(True)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("Now open", QLabel(current, self))
        form.addRow("Open next time", self.target)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Leave empty for this computer's own file. A server password "
                                "comes from PGPASSWORD or ~/.pgpass, never from here. "
                                "The change takes effect when the app starts again.", self))
        layout.addWidget(test)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(buttons(self, "Save"))

    def on_test(self) -> bool:
        from models.errors import DomainError
        from models.store import probe

        text = self.target.text().strip()
        if not text:
            self.outcome.setText("This computer's own file will be used.")
            show_error(self.error, "")
            return True
        try:
            name = probe(text)
        except DomainError as exc:
            self.outcome.setText("")
            show_error(self.error, str(exc))
            return False
        show_error(self.error, "")
        self.outcome.setText(f"Connected: this is the database of {name}.")
        return True

    def accept(self) -> None:
        if not self.on_test():
            return  # nothing saved: the inline message says why
        text = self.target.text().strip()
        if text:
            self.settings.setValue(SETTING, text)
        else:
            self.settings.remove(SETTING)
        self.settings.sync()
        super().accept()

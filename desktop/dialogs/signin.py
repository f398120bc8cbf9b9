"""Sign-in: user name (remembered on this desktop) and password."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from desktop.dialogs.common import buttons, error_label, show_error
from models.errors import DomainError
from models.services.actor import Actor, authenticate


class SignInDialog(QDialog):
    def __init__(self, company_name: str, settings: QSettings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in — OnTime Dispatch")
        self.settings = settings
        self.actor: Actor | None = None
        self.user = QLineEdit(str(settings.value("signin/user", "") or ""), self)
        self.user.setObjectName("user")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.Password)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow("User", self.user)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{company_name or 'OnTime Dispatch'}</b>", self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = buttons(self, "Sign in")
        layout.addWidget(self.buttons)
        (self.password if self.user.text() else self.user).setFocus()

    def accept(self) -> None:
        try:
            self.actor = authenticate(self.user.text().strip(), self.password.text())
        except DomainError as exc:
            show_error(self.error, str(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.settings.setValue("signin/user", self.actor.name)
        super().accept()

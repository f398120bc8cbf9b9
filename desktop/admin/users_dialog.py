"""Users (owner only): add one, change a role, reset a password, lock one out.

The owner check lives in the services (models/services/users_admin.py): this dialog shows
their refusal like any other, so a dispatcher who reaches it still changes nothing.

Signals:
    changed(): a user was added or changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.admin.common import attempt, pick_list
from desktop.dialogs.common import error_label, show_error
from models.auth import ROLES
from models.services import users_admin
from models.services.actor import Actor
from models.services.users_admin import UserInfo


class UsersDialog(QDialog):
    changed = Signal()

    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle("Users")
        self.actor, self.clock = actor, clock
        self.users: list[UserInfo] = []
        self.table = pick_list(self, "users", ["User", "Role"])
        self.name = QLineEdit(self)
        self.name.setObjectName("userName")
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        self.role.addItems(list(ROLES))
        self.password = self._secret("password")
        self.again = self._secret("passwordAgain")
        self.why = QLineEdit(self)
        self.why.setObjectName("lockReason")
        self.why.setPlaceholderText("left the company, …")
        self.error = error_label(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        if not actor.is_owner:
            self.note.setText(f"Only an owner can change users; {actor.name} is a "
                              f"{actor.role}. Ask an owner to sign in.")
        self.add = self._button("add", "Add as a new user")
        self.set_role = self._button("setRole", "Give the chosen user this role")
        self.reset = self._button("resetPassword", "Give the chosen user this password")
        self.lock = self._button("lock", "Lock out")
        self.unlock = self._button("unlock", "Let sign in again")
        close = self._button("close", "Close")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Role", self.role)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.again)
        form.addRow("Why lock out", self.why)
        buttons = QHBoxLayout()
        for button in (self.add, self.set_role, self.reset, self.lock, self.unlock):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self.on_selected)
        self.add.clicked.connect(self.on_add)
        self.set_role.clicked.connect(self.on_set_role)
        self.reset.clicked.connect(self.on_reset)
        self.lock.clicked.connect(lambda: self.on_active(False))
        self.unlock.clicked.connect(lambda: self.on_active(True))
        close.clicked.connect(self.reject)
        self.resize(640, 460)
        self.reload()

    def _secret(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.Password)
        return edit

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def reload(self, select_id: int | None = None) -> None:
        self.users = users_admin.all_users()
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            self.table.setItem(row, 0, QTableWidgetItem(user.name))
            self.table.setItem(row, 1, QTableWidgetItem(
                user.role + ("" if user.active else " (cannot sign in)")))
        if select_id is not None:
            row = next((i for i, u in enumerate(self.users) if u.user_id == select_id), -1)
            self.table.selectRow(row)
        self.on_selected()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def on_selected(self) -> None:
        user = self.selected()
        self.set_role.setEnabled(user is not None)
        self.reset.setEnabled(user is not None)
        self.lock.setEnabled(user is not None and user.active)
        self.unlock.setEnabled(user is not None and not user.active)
        if user is not None:
            self.name.setText(user.name)
            self.role.setCurrentText(user.role)

    def _password(self) -> str | None:
        if self.password.text() != self.again.text():
            show_error(self.error, "The two passwords differ; type them again. Nothing was "
                       "changed.")
            return None
        return self.password.text()

    def on_add(self) -> None:
        password = self._password()
        if password is None:
            return
        ok, user_id = attempt(self.error, lambda: users_admin.add_user(
            self.name.text(), self.role.currentText(), password, self.actor, self.clock()))
        if ok:
            self._done(user_id)

    def on_set_role(self) -> None:
        user = self.selected()
        if user is not None:
            ok, _ = attempt(self.error, lambda: users_admin.set_role(
                user.user_id, self.role.currentText(), self.actor, self.clock()))
            if ok:
                self._done(user.user_id)

    def on_reset(self) -> None:
        user = self.selected()
        password = self._password() if user is not None else None
        if user is not None and password is not None:
            ok, _ = attempt(self.error, lambda: users_admin.reset_password(
                user.user_id, password, self.actor, self.clock()))
            if ok:
                self._done(user.user_id)

    def on_active(self, active: bool) -> None:
        user = self.selected()
        if user is not None:
            ok, _ = attempt(self.error, lambda: users_admin.set_active(
                user.user_id, active, self.why.text(), self.actor, self.clock()))
            if ok:
                self.why.clear()
                self._done(user.user_id)

    def _done(self, user_id: int | None) -> None:
        self.password.clear()
        self.again.clear()
        self.reload(user_id)
        self.changed.emit()

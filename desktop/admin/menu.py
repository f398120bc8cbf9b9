"""The Company menu on the board window: trucks, users, the company's details."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.controller import BoardController

OWNER_ONLY = "Only an owner can do this; ask an owner to sign in."


class CompanyMenu(QObject):
    """Owns the menu's actions; each opens its dialog, and a saved change reloads the board."""

    def __init__(self, window: QMainWindow, controller: BoardController) -> None:
        super().__init__(window)
        self.window, self.controller = window, controller
        self.trucks = self._make("Trucks…", "trucks", self.on_trucks)
        self.users = self._make("Users…", "users", self.on_users)
        self.details = self._make("Company details…", "companyDetails", self.on_details)
        if not controller.actor.is_owner:
            for action in (self.users, self.details):
                action.setEnabled(False)
                action.setToolTip(OWNER_ONLY)
                action.setStatusTip(OWNER_ONLY)
        self.menu = QMenu("&Company", window)
        self.menu.setObjectName("companyMenu")
        for action in (self.trucks, self.users, self.details):
            self.menu.addAction(action)
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text() == "&Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        else:
            bar.addMenu(self.menu)

    def _make(self, text: str, name: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _open(self, dialog) -> None:
        dialog.changed.connect(self.on_changed)
        dialog.exec()

    def on_trucks(self) -> None:
        from desktop.admin.trucks_dialog import TrucksDialog

        self._open(TrucksDialog(self.controller.actor, self.controller.now, self.window))

    def on_users(self) -> None:
        from desktop.admin.users_dialog import UsersDialog

        self._open(UsersDialog(self.controller.actor, self.controller.now, self.window))

    def on_details(self) -> None:
        from desktop.admin.company_dialog import CompanyDialog

        self._open(CompanyDialog(self.controller.actor, self.controller.now, self.window))

    def on_changed(self) -> None:
        from models.company import company

        c = self.controller
        c.company_name = company().name
        self.window.setWindowTitle(f"{c.company_name or 'OnTime Dispatch'} — dispatch board "
                                   f"({c.actor.name}, {c.actor.role})")
        c.reload()
        c.changed_here.emit()

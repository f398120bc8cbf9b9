"""First run: create the company database (or choose demo data instead)."""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.dialogs.common import buttons, error_label, show_error
from models.errors import DomainError
from models.services.actor import Actor


def guess_zone() -> str:
    """The desktop's own zone when it has an IANA name, else America/Chicago."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        if name and name in zoneinfo.available_timezones() and name != "UTC":
            return name
    except Exception:  # tzlocal may not know; the user picks from the list anyway
        pass
    return "America/Chicago"


class SetupDialog(QDialog):
    """``result_mode`` is 'created' or 'demo' after acceptance."""

    def __init__(self, target: str, clock, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up OnTime Dispatch")
        self.target, self.clock = target, clock
        self.result_mode = ""
        self.owner_name = ""
        self.company = QLineEdit(self)
        self.zone = QComboBox(self)
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.NoInsert)
        names = sorted(zoneinfo.available_timezones())
        self.zone.addItems(names)
        completer = QCompleter(QStringListModel(names, self), self)
        completer.setFilterMode(Qt.MatchContains)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.zone.setCurrentText(guess_zone())
        self.owner = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.Password)
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.Password)
        self.trucks = QPlainTextEdit(self)
        self.trucks.setPlaceholderText("One truck per line, e.g.\nTruck 1, Sam and Lee")
        self.trucks.setFixedHeight(90)
        for widget, name in ((self.company, "company"), (self.zone, "zone"),
                             (self.owner, "owner"), (self.password, "password"),
                             (self.password2, "password2"), (self.trucks, "trucks")):
            widget.setObjectName(name)
        form = QFormLayout()
        form.addRow("Company name", self.company)
        form.addRow("Time zone", self.zone)
        form.addRow("Owner's name", self.owner)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.password2)
        form.addRow("Trucks (name, crew)", self.trucks)
        self.error = error_label(self)
        self.demo_button = QPushButton("Try it with demo data instead", self)
        self.demo_button.setObjectName("demo")
        self.demo_button.clicked.connect(self.on_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"No database yet at <tt>{target}</tt>. Tell us about the "
                                "company to create one.", self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.demo_button)
        layout.addWidget(buttons(self, "Create"))

    def truck_lines(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for line in self.trucks.toPlainText().splitlines():
            if not line.strip():
                continue
            name, _, crew = line.partition(",")
            found.append((name.strip(), crew.strip()))
        return found

    def owner_stored(self) -> str:
        """The owner's name as it is stored (Unicode-normalised, stripped)."""
        from models.names import normal

        return normal(self.owner.text())

    def _check(self) -> list[tuple[str, str]]:
        """Everything that can be refused before anything is written (nothing half-saved)."""
        if self.zone.currentText() not in zoneinfo.available_timezones():
            raise DomainError("Pick the time zone from the list (type part of a city name).")
        if self.password.text() != self.password2.text():
            raise DomainError("The two passwords differ.")
        trucks = self.truck_lines()
        if not trucks:
            raise DomainError("Add at least one truck (one per line).")
        from models.auth import SYSTEM_USER
        from models.names import check_new_user_name

        check_new_user_name(self.owner.text(), [SYSTEM_USER])
        from models.names import check_truck_name

        names: list[str] = []
        for name, _ in trucks:  # the rules add_truck applies, before anything is written
            names.append(check_truck_name(name, names))
        return trucks

    def accept(self) -> None:
        from models import store
        from models.services import people

        try:
            trucks = self._check()
            now = self.clock()
            store.create_db(self.target, company=self.company.text(),
                            tz=self.zone.currentText(), owner=self.owner_stored(),
                            password=self.password.text(), now=now)
            actor = Actor(self.owner_stored(), "owner")
            for name, crew in trucks:
                people.add_truck(name, crew, None, actor, now)
        except DomainError as exc:
            show_error(self.error, str(exc))
            return
        self.owner_name = self.owner_stored()
        self.result_mode = "created"
        super().accept()

    def on_demo(self) -> None:
        self.result_mode = "demo"
        super().accept()

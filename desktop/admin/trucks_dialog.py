"""Trucks after the first run: add, rename, crew, colour, retire and bring back.

Signals:
    changed(): a truck was added or changed (the board re-reads its lanes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.admin.common import attempt, pick_list
from desktop.dialogs.common import error_label, show_error
from models.services import trucks_admin
from models.services.actor import Actor
from models.services.trucks_admin import TruckInfo


class TrucksDialog(QDialog):
    changed = Signal()

    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trucksDialog")
        self.setWindowTitle("Trucks")
        self.actor, self.clock = actor, clock
        self.trucks: list[TruckInfo] = []
        self.table = pick_list(self, "trucks", ["Truck", "Crew", "Colour", "On the board"])
        self.name = self._field("truckName", "Truck 4")
        self.crew = self._field("crew", "Luis & Dana")
        self.color = self._field("color", "#2563eb")
        self.pick = self._button("pickColor", "Pick…")
        self.reason = self._field("retireReason", "sold, off the road, …")
        self.error = error_label(self)
        self.add = self._button("add", "Add as a new truck")
        self.save = self._button("save", "Save changes to this truck")
        self.retire = self._button("retire", "Retire (take off the board)")
        self.back = self._button("bringBack", "Put back on the board")
        close = self._button("close", "Close")
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Crew", self.crew)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.color)
        colour_row.addWidget(self.pick)
        form.addRow("Colour", colour_row)
        form.addRow("Why retire it", self.reason)
        buttons = QHBoxLayout()
        for button in (self.add, self.save, self.retire, self.back):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self.on_selected)
        self.add.clicked.connect(self.on_add)
        self.save.clicked.connect(self.on_save)
        self.retire.clicked.connect(self.on_retire)
        self.back.clicked.connect(self.on_bring_back)
        self.pick.clicked.connect(self.on_pick)
        close.clicked.connect(self.reject)
        self.resize(640, 460)
        self.reload()

    def _field(self, name: str, hint: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        return edit

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in a field must not retire anything
        return button

    # -- reading ---------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self.trucks = trucks_admin.all_trucks()
        self.table.setRowCount(len(self.trucks))
        for row, truck in enumerate(self.trucks):
            swatch = QTableWidgetItem(truck.color)
            swatch.setBackground(QColor(truck.color))
            swatch.setForeground(QColor("white"))
            cells = [QTableWidgetItem(truck.name), QTableWidgetItem(truck.crew), swatch,
                     QTableWidgetItem("yes" if truck.active else "retired")]
            for column, item in enumerate(cells):
                item.setData(Qt.UserRole, truck.truck_id)
                self.table.setItem(row, column, item)
        if select_id is not None:
            row = next((i for i, t in enumerate(self.trucks) if t.truck_id == select_id), -1)
            self.table.selectRow(row)
        self.on_selected()

    def selected(self) -> TruckInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.trucks[rows[0].row()] if rows else None

    def on_selected(self) -> None:
        truck = self.selected()
        self.save.setEnabled(truck is not None)
        self.retire.setEnabled(truck is not None and truck.active)
        self.back.setEnabled(truck is not None and not truck.active)
        if truck is not None:
            self.name.setText(truck.name)
            self.crew.setText(truck.crew)
            self.color.setText(truck.color)
            self.reason.clear()

    # -- changes ---------------------------------------------------------------------------
    def on_add(self) -> None:
        color = self.color.text().strip() or None
        ok, truck_id = attempt(self.error, lambda: trucks_admin.add_truck(
            self.name.text(), self.crew.text(), color, self.actor, self.clock()))
        if ok:
            self._done(truck_id)

    def on_save(self) -> None:
        truck = self.selected()
        if truck is None:
            return
        ok, _ = attempt(self.error, lambda: trucks_admin.edit(
            truck.truck_id, self.name.text(), self.crew.text(), self.color.text(), self.actor,
            self.clock()))
        if ok:
            self._done(truck.truck_id)

    def on_retire(self) -> None:
        truck = self.selected()
        if truck is None:
            return
        if not self.reason.text().strip():
            show_error(self.error, f"Write why {truck.name} is retiring in 'Why retire it' "
                       "first; nothing was changed.")
            self.reason.setFocus()
            return
        ok, _ = attempt(self.error, lambda: trucks_admin.retire(
            truck.truck_id, self.reason.text(), self.actor, self.clock()))
        if ok:
            self._done(truck.truck_id)

    def on_bring_back(self) -> None:
        truck = self.selected()
        if truck is not None:
            ok, _ = attempt(self.error, lambda: trucks_admin.bring_back(
                truck.truck_id, self.actor, self.clock()))
            if ok:
                self._done(truck.truck_id)

    def on_pick(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color.text() or "#2563eb"), self,
                                       "Truck colour")
        if chosen.isValid():
            self.color.setText(chosen.name())

    def _done(self, truck_id: int | None) -> None:
        self.reload(truck_id)
        self.changed.emit()

"""'Print route sheets': a print preview of the shown day, all trucks or chosen ones."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import window_fit
from desktop.printing.route_sheet_render import page_layout, render
from models.route_sheets import RouteSheets, TruckSheet, build_route_sheets


class TruckChooser(QDialog):
    """Tick the trucks whose sheets to print (all are ticked at first)."""

    def __init__(self, trucks: list[TruckSheet], chosen: list[str] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trucks to print")
        self.list = QListWidget()
        for sheet in trucks:
            count = len(sheet.jobs)
            item = QListWidgetItem(f"{sheet.truck} — {count} job{'s' if count != 1 else ''}")
            item.setData(Qt.UserRole, sheet.truck)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            ticked = chosen is None or sheet.truck in chosen
            item.setCheckState(Qt.Checked if ticked else Qt.Unchecked)
            self.list.addItem(item)
        every, none = QPushButton("All"), QPushButton("None")
        every.clicked.connect(lambda: self._tick_all(Qt.Checked))
        none.clicked.connect(lambda: self._tick_all(Qt.Unchecked))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Print the sheets of these trucks:"))
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _tick_all(self, state) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked]


class RouteSheetPreview(QPrintPreviewDialog):
    """The print preview; its toolbar has 'Trucks…' to narrow the sheets down."""

    def __init__(self, day: dt.date, now: dt.datetime, trucks: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        self.printer = QPrinter(QPrinter.HighResolution)  # kept: the dialog only borrows it
        super().__init__(self.printer, parent)
        self.day, self.now = day, now
        self.setWindowTitle(f"Route sheets — {day.isoformat()}")
        self.sheets = self._build(trucks)
        self.printer.setPageLayout(page_layout(self.sheets))
        self.printer.setDocName(f"route-sheets-{day.isoformat()}")
        self.paintRequested.connect(self.on_paint_requested)
        self.choose_action = QAction("Trucks…", self)
        self.choose_action.setToolTip("Choose which trucks' sheets to print")
        self.choose_action.triggered.connect(self.on_choose_trucks)
        toolbar = self.findChild(QToolBar)
        if toolbar is not None:
            toolbar.addSeparator()
            toolbar.addAction(self.choose_action)
        window_fit.place(self, "route-sheets", QSize(900, 1000))

    def done(self, result: int) -> None:
        window_fit.remember(self, "route-sheets")
        super().done(result)

    def _build(self, trucks: list[str] | None) -> RouteSheets:
        self.chosen = trucks
        return build_route_sheets(self.day, self.now, trucks)

    @property
    def preview(self) -> QPrintPreviewWidget:
        return self.findChild(QPrintPreviewWidget)

    def on_paint_requested(self, printer: QPrinter) -> None:
        render(printer, self.sheets)

    def choose_trucks(self, names: list[str] | None) -> None:
        """Show only ``names`` (None: every truck) and redraw; an empty choice changes nothing."""
        if names is not None and not names:
            return
        self.sheets = self._build(names)
        self.preview.updatePreview()

    def on_choose_trucks(self) -> None:
        everything = build_route_sheets(self.day, self.now)
        chooser = TruckChooser(everything.cover, self.chosen, self)
        if chooser.exec() == QDialog.Accepted:
            self.choose_trucks(chooser.chosen())


def open_route_sheets(parent: QWidget | None, day: dt.date, *, now: dt.datetime | None = None,
                      trucks: list[str] | None = None) -> RouteSheetPreview:
    """Open the print preview of ``day`` (every truck unless ``trucks``); returns the dialog."""
    now = now or dt.datetime.now(dt.UTC)
    dialog = RouteSheetPreview(day, now, trucks, parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""The complaints list (open first, red when unanswered for an hour) beside one complaint."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import table
from desktop.recovery.common import Clock, selected_key, when
from desktop.recovery.complaint_view import ComplaintView
from desktop.recovery.open_dialog import OpenComplaintDialog
from desktop.recovery.table_model import RED, Row, RowsModel
from models.company import company
from models.queries import recovery
from models.services.actor import Actor

HEADERS = ["#", "Opened", "Customer", "Status", "Owner", "Steps", "First response", "Source"]


FINISHED_DAYS = 90  # closed and withdrawn complaints shown: those opened this recently


def complaint_row(c: recovery.ComplaintRow, tz: str | None = None) -> Row:
    cells = (str(c.complaint_id), when(c.opened_at, tz), c.customer, c.status.replace("_", " "),
             c.owner or "", f"{c.steps_done}/10", when(c.first_response_at, tz),
             "automatic" if c.source == "auto" else "by hand")
    return Row(c.complaint_id, cells, RED if c.red else None,
               muted=c.status in ("closed", "withdrawn"))


class ComplaintsWorkspace(QWidget):
    """List on the left, the chosen complaint on the right; refreshes every minute so a
    complaint turns red on time.

    Signals:
        changed(): a complaint was opened or changed.
    """

    changed = Signal()

    def __init__(self, actor: Actor, clock: Clock, parent: QWidget | None = None,
                 refresh_ms: int = 60_000) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsWorkspace")
        self.actor, self.clock = actor, clock
        self.model = RowsModel(HEADERS, self)
        self.view = table(self, "complaintsTable", self.model,
                          (40, 130, 150, 80, 80, 50, 130))
        self.detail = ComplaintView(actor, clock, self)
        self.view.setContextMenuPolicy(Qt.ActionsContextMenu)  # right-click: goodwill reward
        self.view.addAction(self.detail.extras.goodwill)
        self.new_button = QPushButton("New complaint…", self)
        self.new_button.setObjectName("newComplaint")
        self.show_finished = QCheckBox(f"Show closed and withdrawn (last {FINISHED_DAYS} days)",
                                       self)
        self.show_finished.setChecked(True)
        self.count = QLabel(self)
        self.dialog: OpenComplaintDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self._stale = False
        self._assemble()
        self._connect_signals()
        self.refresh()
        self.timer.start()

    def _assemble(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.show_finished)
        top.addStretch(1)
        top.addWidget(self.count)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.view.selectionModel().selectionChanged.connect(self.on_selected)
        self.new_button.clicked.connect(self.on_new)
        self.show_finished.toggled.connect(self.refresh)
        self.detail.changed.connect(self.on_changed)
        self.timer.timeout.connect(self.on_timer)

    def refresh(self) -> None:
        chosen = self.selected()
        now = self.clock()
        rows = recovery.complaints(now, include_finished=self.show_finished.isChecked(),
                                   finished_since=now - dt.timedelta(days=FINISHED_DAYS))
        tz = company().tz
        self.model.set_rows([complaint_row(r, tz) for r in rows])
        open_count = sum(r.status in ("open", "on_hold", "resolved") for r in rows)
        red = sum(r.red for r in rows)
        self.count.setText(f"{open_count} open" + (f", {red} waiting over an hour" if red
                                                   else ""))
        if chosen is None or not self.select_complaint(chosen):
            self.detail.show_complaint(None)

    def on_timer(self) -> None:
        """The minute refresh; as a tab out of sight it waits until it is shown again."""
        if self.isVisible() or self.window() is self:
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def selected(self) -> int | None:
        return selected_key(self.view)

    def select_complaint(self, complaint_id: int) -> bool:
        for row, item in enumerate(self.model.rows):
            if item.key == complaint_id:
                self.view.selectRow(row)
                self.detail.show_complaint(complaint_id)
                return True
        return False

    def on_selected(self, *_args) -> None:
        self.detail.show_complaint(self.selected())

    def on_changed(self, complaint_id: int) -> None:
        self.refresh()
        self.select_complaint(complaint_id)
        self.changed.emit()

    def new_complaint_dialog(self) -> OpenComplaintDialog:
        self.dialog = OpenComplaintDialog(self.actor, self.clock, self)
        self.dialog.opened.connect(self.on_changed)
        return self.dialog

    def on_new(self) -> None:
        self.new_complaint_dialog().open()

"""The dashboard's Durations tab: booked against real per service and truck for the period,
and adopting a service's suggested booking as its default (owner only, audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.admin.common import attempt, pick_list
from desktop.dashboard.adopt_duration import AdoptDurationDialog
from desktop.dialogs.common import error_label
from models.company import policy_at
from models.forecast_db.durations import NO_SERVICE, durations_rows
from models.reports.period import DateRange
from models.services import service_durations

HEADER = ["Service", "Truck", "Jobs", "Booked (median)", "Actual (median)", "Actual (p90)",
          "Drive (median)", "Suggested booking", "Booked now"]
COL_SUGGESTED, COL_NOW = 7, 8
HOW = ("Minutes, over the jobs of the period with both stamps. A service's suggested booking "
       "is its typical booking times how far its jobs typically run from their booking, "
       "held close to the booking while there are few jobs, rounded to 5 minutes. 'Booked "
       "now' is what a new job of the service gets when no duration is given.")


class DurationsTab(QWidget):
    """Worked out when first shown after the period changes (it reads every stamp of the
    period); ``rows`` holds what the table shows."""

    def __init__(self, actor, clock: Callable[[], dt.datetime], parent=None) -> None:
        super().__init__(parent)
        self.actor, self.clock = actor, clock
        self.rng: DateRange | None = None
        self.rows: list[list] = []
        self._stale = False
        self.table = pick_list(self, "durations", HEADER)
        self.adopt = QPushButton("Use the suggested booking", self)
        self.adopt.setObjectName("adopt")
        self.adopt.setAutoDefault(False)
        self.error = error_label(self)
        how = QLabel(HOW, self)
        how.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.adopt)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(how)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self.on_selection_changed)
        self.adopt.clicked.connect(self.on_adopt_clicked)
        self.on_selection_changed()

    def set_range(self, rng: DateRange) -> None:
        self.rng, self._stale = rng, True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the period's figures and each service's booking now; keeps the selection."""
        chosen = self.selected_service()
        self._stale = False
        rng = self.rng
        rows = durations_rows(rng.first if rng else None, rng.last if rng else None,
                              for_csv=False)
        own = service_durations.defaults()
        policy = policy_at(self.clock()).default_duration_minutes
        self.rows = [[*r, self._booked_now(r, own, policy)] for r in rows]
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.rows))
        for i, values in enumerate(self.rows):
            for c, value in enumerate(values):
                self.table.setItem(i, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()  # headers readable; a long name may scroll
        if chosen is not None:
            self.select_service(chosen)
        self.on_selection_changed()

    @staticmethod
    def _booked_now(row: list, own: dict[str, int], policy: int) -> str:
        service, truck = row[0], row[1]
        if truck or service == NO_SERVICE:
            return ""
        return f"{own[service]} min" if service in own else f"{policy} min (default)"

    # -- selection ----------------------------------------------------------------------------
    def select_service(self, service: str) -> None:
        for i, r in enumerate(self.rows):
            if r[0] == service and not r[1]:
                self.table.selectRow(i)
                return

    def selected_service(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        r = self.rows[rows[0].row()]
        return r[0] if not r[1] and r[0] != NO_SERVICE else None

    def _choice(self) -> tuple[str, int, int, bool] | None:
        """(service, suggested, booked now, booked now is the policy's) of the selected
        service row when its suggestion differs from its booking now; else None."""
        service = self.selected_service()
        if service is None:
            return None
        row = next(r for r in self.rows if r[0] == service and not r[1])
        if row[COL_SUGGESTED] in ("", None):
            return None
        own = service_durations.default_for(service)
        old = own if own is not None else policy_at(self.clock()).default_duration_minutes
        new = int(row[COL_SUGGESTED])
        return None if new == old else (service, new, old, own is None)

    def on_selection_changed(self) -> None:
        service = self.selected_service()
        choice = self._choice() if service is not None else None
        if choice is not None:
            self.adopt.setText(f"Use the suggested booking for {_short(service)}")
        elif service is not None:
            self.adopt.setText(f"{_short(service)} is already booked as suggested (or has no "
                               "suggestion)")
        else:
            self.adopt.setText("Use the suggested booking (pick a service row)")
        self.adopt.setEnabled(choice is not None and self.actor is not None)

    # -- adopting -----------------------------------------------------------------------------
    def on_adopt_clicked(self) -> None:
        choice = self._choice()
        if choice is None:
            return
        service, new, old, old_is_policy = choice
        dialog = AdoptDurationDialog(service, new, old, old_is_policy, self)
        if dialog.exec() != AdoptDurationDialog.DialogCode.Accepted:
            return
        done, _ = attempt(self.error, lambda: service_durations.set_default(
            service, new, self.actor, self.clock()))
        if done:
            self.refresh()


def _short(name: str, most: int = 40) -> str:
    """A service's name short enough for a button (the dialog shows it whole)."""
    return name if len(name) <= most else name[:most - 1] + "…"

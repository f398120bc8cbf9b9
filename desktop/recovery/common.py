"""What the recovery views share: times in the company's zone, money, one error handler."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QTableView, QWidget

from desktop.dialogs.common import error_label, show_error
from models.company import company
from models.display import money_text, when_text
from models.errors import DomainError

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


def when(instant: dt.datetime | None, tz: str | None = None) -> str:
    """``tz`` saves reading the company's settings again (a table of rows passes it)."""
    return when_text(instant, tz or company().tz) if instant else ""


def money(value: Decimal | None, currency: str | None = None) -> str:
    return "" if value is None else money_text(value, currency or company().currency)




def selected_key(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().key_at(rows[0].row()) if rows else None


class Feedback:
    """An inline line under a view: refusals in red, confirmations in green."""

    def __init__(self, parent: QWidget) -> None:
        self.error = error_label(parent)
        self.info = QLabel(parent)
        self.info.setObjectName("inlineInfo")
        self.info.setStyleSheet("color: #166534;")
        self.info.setWordWrap(True)

    def run(self, action: Callable[[], object], done: str = "") -> bool:
        """Run a service call; a DomainError is shown, nothing else is swallowed."""
        try:
            action()
        except DomainError as exc:
            show_error(self.error, str(exc))
            self.info.setText("")
            return False
        show_error(self.error, "")
        self.info.setText(done)
        return True

"""Who asked for a job's new time: no default answer, since one of the answers costs money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.dialogs.no_default import NoDefaultDialog

from models.display import day_text, money_text
from models.queries.day import DayJob
from models.timefmt import format_clock


def window_words(start: dt.datetime, end: dt.datetime, tz: str, day: dt.date | None) -> str:
    """'13:00–14:00', with the weekday and date in front when it is not ``day``."""
    from zoneinfo import ZoneInfo

    local = start.astimezone(ZoneInfo(tz))
    text = f"{format_clock(start, tz)}–{format_clock(end, tz)}"
    return text if day is None or local.date() == day else f"{day_text(local.date())} {text}"


class WhoAskedDialog(NoDefaultDialog):
    """'customer', 'company' or None in ``choice``.

    No button is the default and Enter does nothing: a dispatcher who presses Enter out of
    habit must not give a job away. Escape cancels.
    """

    def __init__(self, job: DayJob, new_truck: str, new_start: dt.datetime, tz: str,
                 currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whoAsked")
        self.setWindowTitle("Who asked for the new time?")
        self.choice: str | None = None
        new_end = new_start + (job.window_end - job.window_start)
        old = f"{job.truck}, {window_words(job.window_start, job.window_end, tz, None)}"
        new = f"{new_truck}, {window_words(new_start, new_end, tz, job.local_date)}"
        price = Decimal(job.price or "0")
        cost = ("the job is already free" if job.free or not price
                else f"job becomes free: {money_text(price, currency)}")
        text = QLabel(f"Move <b>{_escape(job.customer)}</b><br>from {_escape(old)}<br>"
                      f"to <b>{_escape(new)}</b>?<br><br>Who asked for the new time?", self)
        text.setObjectName("question")
        text.setTextFormat(Qt.RichText)
        text.setWordWrap(True)
        self.customer = self._button("The customer asked", "customer")
        self.company = self._button(f"The company ({cost})", "company")
        self.cancel = self._button("Cancel (leave it where it is)", "cancel")
        self.customer.clicked.connect(lambda: self._choose("customer"))
        self.company.clicked.connect(lambda: self._choose("company"))
        self.cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.customer, self.company, self.cancel):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        self.cancel.setFocus()  # a stray Space is then harmless too


    def _choose(self, who: str) -> None:
        self.choice = who
        self.accept()



def _escape(text: str) -> str:
    import html

    return html.escape(text)

"""A complaint's less frequent actions: a goodwill reward (step 5), the letter (step 7).

``ComplaintExtras`` adds them to a ComplaintView: a button, a shortcut and a context-menu
entry for the goodwill reward; printing the apology letter ticks step 7 and offers the PDF
under the customer's name and the date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QPushButton

from models.company import company
from models.display import letter_file_name
from models.services.goodwill import add_goodwill

if TYPE_CHECKING:
    from desktop.recovery.complaint_view import ComplaintView

LETTER_STEP = 7


class ComplaintExtras(QObject):
    """Owns the 'Goodwill reward…' action of one complaint view."""

    def __init__(self, view: "ComplaintView") -> None:
        super().__init__(view)
        self.view = view
        self.goodwill = QAction("Goodwill reward…", view)
        self.goodwill.setObjectName("goodwillAction")
        self.goodwill.setShortcut(QKeySequence("Ctrl+G"))
        self.goodwill.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.goodwill.setStatusTip("Record a reward by hand for this customer (step 5)")
        self.goodwill.triggered.connect(self.on_goodwill)
        view.addAction(self.goodwill)
        self.button = QPushButton("&Goodwill reward… (Ctrl+G)", view)
        self.button.setObjectName("goodwillButton")
        self.button.clicked.connect(self.goodwill.trigger)

    def on_goodwill(self) -> None:
        from desktop.dialogs.goodwill import GoodwillDialog

        v = self.view
        d = v.detail
        if d is None or not v.isEnabled():
            return
        about = f"complaint {d.complaint_id}" + (f", job #{d.job_id}" if d.job_id else "")
        dialog = GoodwillDialog(d.customer, about, company().currency, v)
        if dialog.exec() != QDialog.Accepted or dialog.value is None:
            return
        cid, value, wording, cert = d.complaint_id, dialog.value, dialog.wording, \
            dialog.certificate
        v._act(lambda: add_goodwill(value=value, wording=wording, actor=v.actor, now=v.clock(),
                                    complaint=cid, certificate=cert),
               f"Goodwill reward recorded ({dialog.amount.text().strip()}): it is in the "
               "Rewards tab, to issue and to link in step 5.")

    # -- the letter ------------------------------------------------------------------------
    def print_letter(self, kind: str) -> None:
        """Preview the letter named for the customer and the day; once printed (or saved
        as PDF), the apology letter ticks step 7."""
        from desktop.letters.preview import preview_dialog

        v = self.view
        letter = v.letter(kind)
        d = v.detail
        if letter is None or d is None:
            return
        local_day = v.clock().astimezone(_zone()).date()
        dialog = preview_dialog(letter, v, file_name=letter_file_name(kind, d.customer,
                                                                      local_day))
        if dialog.exec() != QDialog.Accepted or kind != "apology":
            return
        step = next((s for s in d.steps if s.number == LETTER_STEP), None)
        if step is not None and step.done:
            return
        from models.services import complaints

        cid = d.complaint_id
        v._act(lambda: complaints.tick_step(cid, LETTER_STEP, v.actor, v.clock()),
               "Letter printed: step 7 is ticked. Post it today.")


def _zone():
    from models.rules import zone

    return zone(company().tz)

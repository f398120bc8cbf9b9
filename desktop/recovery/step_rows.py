"""The ten recovery steps as rows: a tick box, who and when, and the step's own answers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.recovery.common import money, when
from models.queries import recovery

HINTS = {
    1: "Let the customer finish, then ask: is there anything else?",
    2: "Own it: no blaming, no passing the buck.",
    6: "Ticked when the follow-up call is made.",
    7: "Print the letter, post it, then tick.",
    10: "Resolving flags the customer's next visit: make it perfect.",
}


class StepRows(QWidget):
    """All ten steps of one complaint.

    Signals:
        tick_requested(int, dict): the user ticked step N with these answers.
        untick_requested(int): the user took the tick of step N back.
        letter_requested(): print the apology letter (step 7).
        confirmation_requested(): print the confirmation (step 4).
        not_applicable_requested(int, str): step N does not apply, for this reason.
        applies_again_requested(int): step N applies after all.
    """

    tick_requested = Signal(int, dict)
    untick_requested = Signal(int)
    not_applicable_requested = Signal(int, str)
    applies_again_requested = Signal(int)
    letter_requested = Signal()
    confirmation_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[int, QCheckBox] = {}
        self.who: dict[int, QLabel] = {}
        self.set_aside: dict[int, QPushButton] = {}  # "Does not apply…" / "Applies again"
        self._not_applicable: dict[int, str] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        self.option_a, self.option_b = QLineEdit(self), QLineEdit(self)
        self.option_a.setPlaceholderText("Option 1")
        self.option_b.setPlaceholderText("Option 2")
        self.choice = QComboBox(self)
        self.alternative = QLineEdit(self)
        self.alternative.setPlaceholderText("…or the customer's own idea, if doable")
        self.resolution = QLineEdit(self)
        self.resolution.setPlaceholderText("What we agreed, in plain words")
        self.offer = QComboBox(self)
        self.offer.setObjectName("offerChoice")
        self.follow_up = QLabel(self)
        self.testimonial = QLineEdit(self)
        self.testimonial.setPlaceholderText("Their words, if they gave some")
        self.root_cause = QLineEdit(self)
        self.root_cause.setPlaceholderText("Root cause")
        self.systemic = QCheckBox("Systemic", self)
        self.change = QLineEdit(self)
        self.change.setPlaceholderText("The change we made")
        self.told = QCheckBox("Customer told", self)
        self.letter_button = QPushButton("Print letter…", self)
        self.confirm_button = QPushButton("Print confirmation…", self)
        editors = {
            3: self._line(self.option_a, self.option_b, self.choice, self.alternative),
            4: self._line(self.resolution, self.confirm_button),
            5: self._line(self.offer),
            6: self._line(self.follow_up),
            7: self._line(self.letter_button),
            8: self._line(self.testimonial),
            9: self._line(self.root_cause, self.systemic, self.change, self.told),
        }
        for number, title in recovery.STEP_TITLES.items():
            box = QCheckBox(f"{number}. {title}", self)
            box.setObjectName(f"step{number}")
            box.clicked.connect(lambda checked, n=number: self.on_clicked(n, checked))
            who = QLabel(self)
            who.setObjectName(f"step{number}Who")
            who.setWordWrap(True)  # a reason for setting a step aside can be long
            who.setMaximumWidth(220)
            self.boxes[number], self.who[number] = box, who
            grid.addWidget(box, number, 0)
            status = QWidget(self)  # who and when, or why it does not apply, and the button
            status_column = QVBoxLayout(status)
            status_column.setContentsMargins(0, 0, 0, 0)
            status_column.addWidget(who)
            grid.addWidget(status, number, 1)
            editor = editors.get(number)
            if editor is None:
                editor = QLabel(HINTS.get(number, ""), self)
                editor.setWordWrap(True)
            grid.addWidget(editor, number, 2)
            if number not in recovery.ALWAYS_APPLY and number in recovery.NEEDED_TO_CLOSE:
                button = QPushButton("Does not apply…", self)
                button.setObjectName(f"step{number}SetAside")
                button.clicked.connect(lambda _=False, n=number: self.on_set_aside(n))
                self.set_aside[number] = button
                status_column.addWidget(button)
        for edit in (self.option_a, self.option_b):
            edit.textChanged.connect(self._fill_choices)
        self.letter_button.clicked.connect(self.letter_requested.emit)
        self.confirm_button.clicked.connect(self.confirmation_requested.emit)
        self._fill_choices()

    def _line(self, *widgets: QWidget) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        fixed = (QCheckBox, QPushButton)
        for widget in widgets:
            row.addWidget(widget, 0 if isinstance(widget, fixed) else 1)
        if all(isinstance(widget, fixed) for widget in widgets):
            row.addStretch(1)
        return holder

    def _fill_choices(self) -> None:
        chosen = self.choice.currentText()
        self.choice.clear()
        self.choice.addItem("Customer chose…", "")
        for text in (self.option_a.text().strip(), self.option_b.text().strip()):
            if text:
                self.choice.addItem(text, text)
        index = self.choice.findText(chosen)
        self.choice.setCurrentIndex(max(index, 0))

    def answers(self, number: int) -> dict:
        """What the user typed for step ``number``."""
        if number == 3:
            return {"options": [self.option_a.text(), self.option_b.text()],
                    "choice": self.choice.currentData() or "",
                    "customer_alternative": self.alternative.text()}
        if number == 4:
            return {"resolution": self.resolution.text()}
        if number == 5:
            return dict(self.offer.currentData() or {})
        if number == 8:
            return {"testimonial": self.testimonial.text()}
        if number == 9:
            return {"root_cause": self.root_cause.text(), "systemic": self.systemic.isChecked(),
                    "change": self.change.text(), "customer_told": self.told.isChecked()}
        return {}

    def on_clicked(self, number: int, checked: bool) -> None:
        # The box shows the stored state until the service says yes (show() re-reads it).
        self.boxes[number].setChecked(not checked)
        if checked:
            self.tick_requested.emit(number, self.answers(number))
        else:
            self.untick_requested.emit(number)

    def on_set_aside(self, number: int) -> None:
        if number in self._not_applicable:
            self.applies_again_requested.emit(number)
            return
        reason = self.ask_reason(number)
        if reason is not None:
            self.not_applicable_requested.emit(number, reason)

    def ask_reason(self, number: int) -> str | None:
        """Why step ``number`` does not apply (None: the user changed their mind)."""
        text, ok = QInputDialog.getText(
            self, "Step does not apply",
            f"Why does step {number} ({recovery.STEP_TITLES[number]}) not apply to this "
            "customer?")
        return text if ok else None

    def show_complaint(self, detail: recovery.ComplaintDetail,
                       offers: list[recovery.RewardRow]) -> None:
        """Fill every row from the stored complaint."""
        self._not_applicable = {s.number: s.data[recovery.NOT_APPLICABLE] for s in detail.steps
                                if s.data.get(recovery.NOT_APPLICABLE) and not s.done}
        for step in detail.steps:
            self.boxes[step.number].setChecked(step.done)
            aside = self._not_applicable.get(step.number)
            self.who[step.number].setText(
                f"{step.done_by}, {when(step.done_at)}" if step.done else
                f"does not apply: {aside}" if aside else "")
            self.who[step.number].setVisible(bool(self.who[step.number].text()))
            button = self.set_aside.get(step.number)
            if button is not None:
                button.setText("Applies again" if aside else "Does not apply…")
                button.setEnabled(not step.done)
        data = {s.number: s.data for s in detail.steps}
        options = data[3].get("options", []) + ["", ""]
        self.option_a.setText(options[0])
        self.option_b.setText(options[1])
        self.choice.setCurrentIndex(max(self.choice.findText(data[3].get("choice", "")), 0))
        self.alternative.setText(data[3].get("customer_alternative", ""))
        self.resolution.setText(data[4].get("resolution", ""))
        self.offer.clear()
        self.offer.addItem("Pick the reward or certificate offered", None)
        for r in offers:
            if r.status == "void":
                continue
            label = f"Reward {r.reward_id}: {r.wording} ({money(r.value)})"
            value = {"reward_id": r.reward_id}
            if r.certificate_code:
                label += f" — certificate {r.certificate_code}"
                value = {"certificate_code": r.certificate_code}
            self.offer.addItem(label, value)
            if data[5].get("reward_id") == r.reward_id:
                self.offer.setCurrentIndex(self.offer.count() - 1)
        pending = [f for f in detail.follow_ups if f.done_at is None]
        done = [f for f in detail.follow_ups if f.done_at is not None]
        self.follow_up.setText(
            f"Call due {when(pending[0].due_at)}" if pending else
            f"Called {when(done[-1].done_at)} by {done[-1].done_by}" if done else
            "Scheduled when the complaint is resolved")
        self.testimonial.setText(data[8].get("testimonial", ""))
        self.root_cause.setText(data[9].get("root_cause", ""))
        self.systemic.setChecked(bool(data[9].get("systemic")))
        self.change.setText(data[9].get("change", ""))
        self.told.setChecked(bool(data[9].get("customer_told")))

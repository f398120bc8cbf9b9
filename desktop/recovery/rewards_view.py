"""Every reward with its status, filters, and the office's actions: issue, redeem, void, print."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import table
from desktop.recovery.common import Clock, Feedback, money, selected_key, when
from desktop.recovery.table_model import AMBER, Row, RowsModel
from models import letters
from models.company import company
from models.display import day_text
from models.queries import recovery
from models.rules import zone
from models.services import rewards
from models.services.actor import Actor

HEADERS = ["Reward", "Customer", "Job", "Date", "Tier", "Min. late", "Reward for the customer",
           "Value", "Status", "Certificate", "Expires", "Certificate state"]


RECENT_DAYS = 90  # with no date filter: this many days of jobs, plus all still owed


def reward_row(r: recovery.RewardRow, tz: str | None = None,
               currency: str | None = None) -> Row:
    tier = f"tier {r.tier}" if r.tier.isdigit() else r.tier
    status = f"void: {r.void_reason}" if r.status == "void" and r.void_reason else r.status
    cells = (str(r.reward_id), r.customer, "" if r.job_id is None else str(r.job_id),
             day_text(r.job_date), tier,
             "" if r.minutes_late is None else str(r.minutes_late), r.wording,
             money(r.value, currency), status, r.certificate_code or "",
             when(r.certificate_expires_at, tz),
             r.certificate_state or "")
    return Row(r.reward_id, cells, AMBER if r.status == "proposed" else None,
               muted=not r.is_open)


class RewardsView(QWidget):
    """The rewards list and what the office does with them.

    Signals:
        changed(): a reward was issued, redeemed or voided (other views may refresh).
    """

    changed = Signal()

    def __init__(self, actor: Actor, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rewardsView")
        self.actor, self.clock = actor, clock
        self.model = RowsModel(HEADERS, self)
        self.view = table(self, "rewardsTable", self.model,
                          (60, 150, 50, 90, 80, 70, 320, 80, 110, 180, 130))
        self.feedback = Feedback(self)
        self.open_only = QCheckBox("Open only", self)
        self.by_date = QCheckBox("Jobs from", self)
        self.by_date.setToolTip(f"Unticked, the list shows the last {RECENT_DAYS} days and "
                                "every reward still owed, however old.")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30), self)
        self.date_to = QDateEdit(today, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.customer = QComboBox(self)
        self.customer.setObjectName("customerFilter")
        self.issue_button = QPushButton("Mark issued (customer told)", self)
        self.print_button = QPushButton("Print certificate…", self)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("Certificate code, e.g. OT-ABCD-EFGH-JKMN")
        self.redeem_job = QLineEdit(self)
        self.redeem_job.setPlaceholderText("Job id or external id")
        self.redeem_button = QPushButton("Redeem", self)
        self.void_reason = QLineEdit(self)
        self.void_reason.setPlaceholderText("Reason for voiding (required)")
        self.void_button = QPushButton("Void", self)
        self.void_button.setToolTip("Once a reward was issued, only an owner may void it.")
        self._assemble()
        self._connect_signals()
        self.refresh()

    def _assemble(self) -> None:
        filters = QHBoxLayout()
        for widget in (self.open_only, self.by_date, self.date_from, QLabel("to", self),
                       self.date_to, QLabel("Customer", self), self.customer):
            filters.addWidget(widget)
        filters.addStretch(1)
        actions = QGridLayout()
        actions.addWidget(self.issue_button, 0, 0)
        actions.addWidget(self.print_button, 0, 1)
        actions.addWidget(QLabel("Redeem a certificate:", self), 1, 0)
        actions.addWidget(self.code, 1, 1)
        actions.addWidget(self.redeem_job, 1, 2)
        actions.addWidget(self.redeem_button, 1, 3)
        actions.addWidget(QLabel("Void the selected reward:", self), 2, 0)
        actions.addWidget(self.void_reason, 2, 1, 1, 2)
        actions.addWidget(self.void_button, 2, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.feedback.error)
        layout.addWidget(self.feedback.info)
        layout.addLayout(actions)

    def _connect_signals(self) -> None:
        for box in (self.open_only, self.by_date):
            box.toggled.connect(self.refresh)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.on_filter_changed)
        self.customer.activated.connect(self.refresh)
        self.issue_button.clicked.connect(self.on_issue)
        self.redeem_button.clicked.connect(self.on_redeem)
        self.void_button.clicked.connect(self.on_void)
        self.print_button.clicked.connect(self.on_print)

    # -- showing ---------------------------------------------------------------------------
    def on_filter_changed(self) -> None:
        if self.by_date.isChecked():
            self.refresh()

    def refresh(self) -> None:
        """One query: the chosen dates (or the recent ones and all still owed); the open
        and customer filters apply to those rows."""
        now = self.clock()
        info = company()
        if self.by_date.isChecked():
            rows = recovery.rewards(now, start=self.date_from.date().toPython(),
                                    end=self.date_to.date().toPython())
        else:
            since = now.astimezone(zone(info.tz)).date() - dt.timedelta(days=RECENT_DAYS)
            rows = recovery.rewards(now, recent_from=since)
        self._fill_customers(rows)
        customer_id = self.customer.currentData()
        shown = [r for r in rows if (not self.open_only.isChecked() or r.is_open)
                 and (not customer_id or r.customer_id == customer_id)]
        self.model.set_rows([reward_row(r, info.tz, info.currency) for r in shown])

    def _fill_customers(self, every: list[recovery.RewardRow]) -> None:
        chosen = self.customer.currentData()
        names = sorted({(r.customer, r.customer_id) for r in every})
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem("All customers", None)
        for name, customer_id in names:
            self.customer.addItem(name, customer_id)
        index = self.customer.findData(chosen)
        self.customer.setCurrentIndex(max(index, 0))
        self.customer.blockSignals(False)

    def select_reward(self, reward_id: int) -> bool:
        for row, item in enumerate(self.model.rows):
            if item.key == reward_id:
                self.view.selectRow(row)
                return True
        return False

    def selected(self) -> int | None:
        return selected_key(self.view)

    # -- actions ---------------------------------------------------------------------------
    def _act(self, action, done: str) -> bool:
        ok = self.feedback.run(action, done)
        if ok:
            chosen = self.selected()
            self.refresh()
            if chosen is not None:
                self.select_reward(chosen)
            self.changed.emit()
        return ok

    def _need_selection(self) -> int | None:
        reward_id = self.selected()
        if reward_id is None:
            self.feedback.run(lambda: _refuse("Pick a reward in the list first."))
        return reward_id

    def on_issue(self) -> None:
        reward_id = self._need_selection()
        if reward_id is not None:
            self._act(lambda: rewards.issue(reward_id, self.actor, self.clock()),
                      f"Reward {reward_id} marked issued.")

    def on_void(self) -> None:
        reward_id = self._need_selection()
        if reward_id is None:
            return
        reason = self.void_reason.text()
        if self._act(lambda: rewards.void(reward_id, reason, self.actor, self.clock()),
                     f"Reward {reward_id} is void."):
            self.void_reason.clear()

    def on_redeem(self) -> None:
        code, job = self.code.text(), self.redeem_job.text()
        if not code.strip() or not job.strip():
            self.feedback.run(lambda: _refuse("Type the certificate code and the job it is "
                                              "used on."))
            return
        if self._act(lambda: rewards.redeem(code, job, self.actor, self.clock()),
                     f"Certificate {code.strip().upper()} redeemed on job {job.strip()}."):
            self.code.clear()
            self.redeem_job.clear()

    def certificate_letter(self) -> letters.Letter | None:
        reward_id = self._need_selection()
        if reward_id is None:
            return None
        found: list[letters.Letter] = []
        if self.feedback.run(lambda: found.append(letters.certificate(reward_id,
                                                                      self.clock()))):
            return found[0]
        return None

    def on_print(self) -> None:
        letter = self.certificate_letter()
        if letter is not None:
            from desktop.letters.preview import open_preview
            from models.display import letter_file_name

            day = self.clock().astimezone(zone(company().tz)).date()
            open_preview(letter, self, letter_file_name(
                "certificate", letter.recipient[0] if letter.recipient else "", day))


def _refuse(text: str) -> None:
    from models.errors import DomainError

    raise DomainError(text)

"""A dispatcher's day in the window: move to another day, cancel a job, customer flags.

Real window, real SQLite file, keyboard paths; every dialog's Escape changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.dialogs.cancel_job import CancelJobDialog
from desktop.dialogs.customer_flags import CustomerFlagsDialog
from desktop.dialogs.jobs import MoveDialog
from desktop.dialogs.who_asked import WhoAskedDialog
from models.errors import DomainError
from models.schema import AuditEntry, Complaint, Customer, Job, Reward
from tests import factories
from tests.desktop.conftest import DAY, click_bar
from tests.desktop.rows import facts

BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"


def naughty_names(count: int, now) -> list:
    """Customers named with strings from blns.txt that the program accepts as names."""
    lines = [line for line in BLNS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    made = []
    for line in lines[7::37]:
        try:
            made.append(factories.customer(line[:120], "555-0199", "9 Ash St", now=now))
        except DomainError:
            continue
        if len(made) == count:
            break
    return made


@pytest.fixture
def naughty_job(window, day_jobs_ids, now):
    """A 15:00 job on truck 1 for a customer with a naughty name, price 329.00."""
    booked = now - dt.timedelta(days=2)
    customer = naughty_names(1, booked)[0]
    job_id = factories.job(day_jobs_ids["t1"], customer.id, DAY, "15:00", booked_at=booked,
                           price="329.00")
    window.controller.reload()
    return job_id


def when_modal(qtbot, kind, act):
    """Run ``act(dialog)`` on the next modal dialog of ``kind``; returns what it saw."""
    seen = {}

    def look():
        box = QApplication.activeModalWidget()
        seen["box"] = box
        if not isinstance(box, kind):
            if box is not None:
                box.reject()
            return
        act(box)
        seen["open"] = box.isVisible()
        if box.isVisible():
            box.reject()
    QTimer.singleShot(50, look)
    return seen


def audit_since(first_id: int) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.id > first_id).order_by(AuditEntry.id))


def last_audit_id() -> int:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first().id


# -- (a) another day -------------------------------------------------------------------------
def test_move_dialog_moves_a_job_to_another_day_the_customer_asked(qtbot, window, naughty_job):
    from models.integrity import check

    job_id = naughty_job
    click_bar(qtbot, window, job_id)
    tomorrow = DAY + dt.timedelta(days=1)

    def pick_day(box: MoveDialog):
        box.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        when_modal(qtbot, WhoAskedDialog,
                   lambda who: (asked.update(text=who.findChild(QLabel, "question").text(),
                                             cost=who.company.text()),
                                who.customer.click()))
        box.accept()
    asked: dict = {}
    mark = last_audit_id()
    seen = when_modal(qtbot, MoveDialog, pick_day)
    qtbot.keyClick(window.board, Qt.Key_M)
    assert isinstance(seen["box"], MoveDialog)
    assert "Tue 24 Nov 2026 15:00–16:00" in asked["text"]
    assert "job becomes free: $329.00" in asked["cost"]
    old = Job.get_by_id(job_id)
    new = Job.get(Job.rescheduled_from == job_id)
    assert old.status == "rescheduled"
    assert (new.local_date, new.local_start, new.truck_id, new.free) == (
        tomorrow, "15:00", old.truck_id, False)
    assert not Reward.select().exists()  # the customer asked: nothing owed
    assert {e.action for e in audit_since(mark) if e.entity == "job"} >= {"reschedule"}
    # The board still shows the day it showed: the old bar as moved away, not the new one.
    assert window.controller.day == DAY
    assert window.board.job(job_id).status == "rescheduled"
    assert window.board.job(new.id) is None
    assert check() == []


def test_move_to_another_day_escape_in_the_who_asked_box_changes_nothing(qtbot, window,
                                                                          naughty_job, db_path):
    before = facts(db_path)

    def pick_day(box: MoveDialog):
        box.day.setDate(QDate(2026, 11, 30))
        when_modal(qtbot, WhoAskedDialog, lambda who: qtbot.keyClick(who, Qt.Key_Escape))
        box.accept()
    click_bar(qtbot, window, naughty_job)
    when_modal(qtbot, MoveDialog, pick_day)
    qtbot.keyClick(window.board, Qt.Key_M)
    assert facts(db_path) == before


def test_move_to_another_day_by_the_company_makes_the_new_job_free(qtbot, window, naughty_job):
    def pick_day(box: MoveDialog):
        box.day.setDate(QDate(2026, 11, 25))
        when_modal(qtbot, WhoAskedDialog, lambda who: who.company.click())
        box.accept()
    click_bar(qtbot, window, naughty_job)
    when_modal(qtbot, MoveDialog, pick_day)
    qtbot.keyClick(window.board, Qt.Key_M)
    new = Job.get(Job.rescheduled_from == naughty_job)
    assert new.local_date == dt.date(2026, 11, 25) and new.free
    reward = Reward.get(Reward.job == new.id)
    assert (reward.kind, f"{reward.value:.2f}") == ("reschedule", "329.00")


# -- (b) cancel ------------------------------------------------------------------------------
def back_to(qtbot, window):
    """A closed dialog leaves no window active offscreen: shortcuts need the board's."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def open_cancel(qtbot, window, job_id, act):
    back_to(qtbot, window)
    click_bar(qtbot, window, job_id)
    seen = when_modal(qtbot, CancelJobDialog, act)
    qtbot.keyClick(window.board, Qt.Key_Delete, Qt.ShiftModifier)
    assert isinstance(seen["box"], CancelJobDialog)
    return seen


def test_cancel_by_the_customer_owes_nothing_and_is_audited(qtbot, window, naughty_job):
    mark = last_audit_id()

    def answer(box):
        qtbot.keyClicks(box.reason, "moved away")
        box.customer.click()
    open_cancel(qtbot, window, naughty_job, answer)
    job = Job.get_by_id(naughty_job)
    assert (job.status, job.cancel_reason) == ("cancelled", "moved away")
    assert not Reward.select().exists() and not Complaint.select().exists()
    entries = [e for e in audit_since(mark) if e.action == "cancel"]
    assert len(entries) == 1
    assert json.loads(entries[0].new) == {"status": "cancelled", "by": "customer"}
    assert (entries[0].reason, entries[0].by) == ("moved away", "owner")
    assert window.board.job(naughty_job).status == "cancelled"


def test_cancel_by_the_company_says_what_it_costs_then_owes_a_certificate(qtbot, window,
                                                                        naughty_job):
    from models.integrity import check

    seen = {}

    def answer(box):
        seen["text"] = box.company.text()
        qtbot.keyClicks(box.reason, "truck broke down, no crew free")
        box.company.click()
    open_cancel(qtbot, window, naughty_job, answer)
    assert "certificate worth $329.00" in seen["text"]
    reward = Reward.get(Reward.job == naughty_job)
    assert (reward.kind, f"{reward.value:.2f}", reward.certificate_status) == (
        "cancellation", "329.00", "unused")
    complaint = Complaint.get(Complaint.job == naughty_job)
    assert (complaint.source, complaint.fault) == ("auto", "company")
    assert window.banner.isVisible()
    assert check() == []


def test_cancel_box_has_no_default_and_enter_escape_and_no_reason_change_nothing(
        qtbot, window, naughty_job, db_path):
    before = facts(db_path)
    states = {}

    def enter_then_escape(box):
        for button in box.findChildren(QPushButton):
            assert not button.isDefault() and not button.autoDefault()
        qtbot.keyClicks(box.reason, "whatever")
        qtbot.keyClick(box.reason, Qt.Key_Return)
        states["after_enter"] = box.isVisible()
        qtbot.keyClick(box, Qt.Key_Escape)
        states["after_escape"] = box.isVisible()
    open_cancel(qtbot, window, naughty_job, enter_then_escape)
    assert states == {"after_enter": True, "after_escape": False}
    assert facts(db_path) == before

    def no_reason(box):
        box.company.click()
        states["error"] = box.error.text()
        states["still_open"] = box.isVisible()
    open_cancel(qtbot, window, naughty_job, no_reason)
    assert states["still_open"] and "Say why" in states["error"]
    assert facts(db_path) == before


def test_undo_of_a_company_cancellation_puts_every_row_back(qtbot, window, naughty_job,
                                                           db_path):
    from models.integrity import check

    before = facts(db_path)

    def answer(box):
        qtbot.keyClicks(box.reason, "no crew")
        box.company.click()
    open_cancel(qtbot, window, naughty_job, answer)
    assert Reward.select().count() == 1
    window.actions_.undo.trigger()
    assert facts(db_path) == before
    assert window.board.job(naughty_job).status == "scheduled"
    assert check() == []
    window.actions_.redo.trigger()
    assert Job.get_by_id(naughty_job).status == "cancelled"
    assert Reward.get(Reward.job == naughty_job).kind == "cancellation"


def test_cancel_is_in_the_context_menu_and_the_job_menu(window, naughty_job):
    ops = window.actions_.day_ops
    assert ops.cancel in window.actions_.job_actions
    assert ops.flags in window.actions_.job_actions
    job_menu = next(m for m in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
                    if m.title() == "&Job")
    assert ops.cancel in job_menu.actions() and ops.flags in job_menu.actions()


# -- (c) customer flags ----------------------------------------------------------------------
def test_flags_set_and_clear_perfect_visit_and_decline_from_the_keyboard(qtbot, window,
                                                                         naughty_job):
    customer_id = Job.get_by_id(naughty_job).customer_id
    mark = last_audit_id()

    def set_both(box: CustomerFlagsDialog):
        box.perfect.setChecked(True)
        box.decline.setChecked(True)
        qtbot.keyClicks(box.reason, "threatened the crew")
        box.accept()
    click_bar(qtbot, window, naughty_job)
    when_modal(qtbot, CustomerFlagsDialog, set_both)
    qtbot.keyClick(window.board, Qt.Key_F, Qt.ShiftModifier)
    c = Customer.get_by_id(customer_id)
    assert (c.make_next_visit_perfect, c.decline_next_booking, c.decline_reason) == (
        True, True, "threatened the crew")
    touched = [e for e in audit_since(mark) if e.entity == "customer"
               and e.action != "row"]
    assert len(touched) == 2 and all(e.by == "owner" for e in touched)

    def clear_both(box: CustomerFlagsDialog):
        assert box.perfect.isChecked() and box.decline.isChecked()
        box.perfect.setChecked(False)
        box.decline.setChecked(False)
        box.accept()
    when_modal(qtbot, CustomerFlagsDialog, clear_both)
    back_to(qtbot, window)
    qtbot.keyClick(window.board, Qt.Key_F, Qt.ShiftModifier)
    c = Customer.get_by_id(customer_id)
    assert (c.make_next_visit_perfect, c.decline_next_booking) == (False, False)
    from models.integrity import check

    assert check() == []


def test_flags_escape_and_decline_without_reason_change_nothing(qtbot, window, naughty_job,
                                                                db_path):
    before = facts(db_path)
    seen = {}

    def escape(box):
        box.perfect.setChecked(True)
        qtbot.keyClick(box, Qt.Key_Escape)

    def no_reason(box):
        box.decline.setChecked(True)
        box.accept()
        seen["error"], seen["open"] = box.error.text(), box.isVisible()
    click_bar(qtbot, window, naughty_job)
    for act in (escape, no_reason):
        back_to(qtbot, window)
        when_modal(qtbot, CustomerFlagsDialog, act)
        qtbot.keyClick(window.board, Qt.Key_F, Qt.ShiftModifier)
        assert facts(db_path) == before
    assert seen["open"] and "Say why" in seen["error"]


def test_undo_of_a_flag_puts_the_customer_back(qtbot, window, naughty_job, db_path):
    before = facts(db_path)
    customer_id = Job.get_by_id(naughty_job).customer_id
    assert window.actions_.day_ops.set_flags(naughty_job, customer_id,
                                             [("perfect-visit", "")])
    assert Customer.get_by_id(customer_id).make_next_visit_perfect
    window.actions_.undo.trigger()
    assert facts(db_path) == before


def test_a_dispatcher_cannot_decline(qtbot, window, naughty_job, dispatcher):
    from models.queries.customer_flags import customer_flags

    flags = customer_flags(Job.get_by_id(naughty_job).customer_id)
    box = CustomerFlagsDialog(flags, False, window)
    qtbot.addWidget(box)
    assert not box.decline.isEnabled() and box.perfect.isEnabled()


def test_undo_of_a_move_to_another_day_puts_every_row_back(qtbot, window, naughty_job,
                                                           db_path):
    before = facts(db_path)

    def pick_day(box: MoveDialog):
        box.day.setDate(QDate(2026, 11, 24))
        when_modal(qtbot, WhoAskedDialog, lambda who: who.company.click())
        box.accept()
    click_bar(qtbot, window, naughty_job)
    when_modal(qtbot, MoveDialog, pick_day)
    qtbot.keyClick(window.board, Qt.Key_M)
    assert Job.get_by_id(naughty_job).status == "rescheduled"
    window.actions_.undo.trigger()
    assert facts(db_path) == before
    assert window.board.job(naughty_job).status == "scheduled"


def test_cancel_is_offered_only_for_jobs_not_yet_arrived(qtbot, window, day_jobs_ids):
    ops = window.actions_.day_ops
    ben = day_jobs_ids["ben"]
    click_bar(qtbot, window, ben)
    assert ops.cancel.isEnabled() and ops.flags.isEnabled()
    qtbot.keyClick(window.board, Qt.Key_A)
    assert Job.get_by_id(ben).status == "arrived"
    assert not ops.cancel.isEnabled() and ops.flags.isEnabled()
    window.actions_.select(0)
    assert not ops.cancel.isEnabled() and not ops.flags.isEnabled()

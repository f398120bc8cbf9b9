"""From a complaint in the real window: a goodwill reward shown before it is recorded, and the
letter that ticks step 7 and is named after the customer and the day."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.dialogs.goodwill import GoodwillDialog
from models.schema import AuditEntry, Complaint, ComplaintStep, Reward
from tests import factories
from tests.desktop.conftest import DAY
from tests.desktop.rows import facts
from tests.desktop.test_day_ops import naughty_names


@pytest.fixture
def complaint_id(window, day_jobs_ids, now, clock):
    """A naughty-named customer's 10:00 job, still not arrived at 12:00: tier 2, a complaint.
    The Complaints tab is shown with that complaint chosen."""
    booked = now - dt.timedelta(days=2)
    customer = naughty_names(2, booked)[1]
    job_id = factories.job(day_jobs_ids["t1"], customer.id, DAY, "10:00", booked_at=booked,
                           price="189.00")
    clock.set(now + dt.timedelta(minutes=5))
    window.controller.sweep()
    complaint = Complaint.get(Complaint.job == job_id)
    workspace = dict(window.recovery)["Complaints"]
    window.tabs.setCurrentWidget(workspace)
    workspace.refresh()
    assert workspace.select_complaint(complaint.id)
    return complaint.id


def workspace_of(window):
    return dict(window.recovery)["Complaints"]


def goodwill_rows():
    return list(Reward.select().where(Reward.kind == "goodwill"))


def fill_and_confirm(qtbot, amount: str, wording: str, answer: str, seen: dict):
    """Fill the goodwill box, press Review…, then answer the confirmation."""
    def in_box():
        box = QApplication.activeModalWidget()
        seen["box"] = box
        if not isinstance(box, GoodwillDialog):
            if box is not None:
                box.reject()
            return
        box.amount.setText(amount)
        box.text.setText(wording)

        def confirm_box():
            question = QApplication.activeModalWidget()
            seen["question"] = question.text() if isinstance(question, QMessageBox) else None
            seen["default"] = question.defaultButton().text() if isinstance(
                question, QMessageBox) else None
            if answer == "escape":
                qtbot.keyClick(question, Qt.Key_Escape)
            elif answer == "enter":
                qtbot.keyClick(question, Qt.Key_Return)
            else:
                question.findChild(QPushButton, "yes").click()
            seen["after"] = box.isVisible()
            if box.isVisible():
                box.reject()
        QTimer.singleShot(50, confirm_box)
        box.accept()
    QTimer.singleShot(50, in_box)


def test_goodwill_from_a_complaint_with_ctrl_g_is_shown_then_recorded(qtbot, window,
                                                                      complaint_id):
    from models.integrity import check

    view = workspace_of(window).detail
    mark = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
    seen: dict = {}
    fill_and_confirm(qtbot, "25", "one room of protector free", "yes", seen)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_G, Qt.ControlModifier)
    assert isinstance(seen["box"], GoodwillDialog)
    assert "$25.00 for" in seen["question"] and "one room of protector free" in seen["question"]
    assert seen["default"] == "No, leave it"
    [reward] = goodwill_rows()
    complaint = Complaint.get_by_id(complaint_id)
    assert (f"{reward.value:.2f}", reward.wording, reward.status, reward.job_id) == (
        "25.00", "one room of protector free", "proposed", None)
    assert (reward.goodwill_complaint, reward.goodwill_job_id, reward.customer_id) == (
        complaint_id, complaint.job_id, complaint.customer_id)
    [entry] = [e for e in AuditEntry.select().where(
        (AuditEntry.id > mark) & (AuditEntry.entity == "reward") & (AuditEntry.action == "create"))]
    assert json.loads(entry.new)["value"] == "25.00" and entry.by == "owner"
    assert "Goodwill reward recorded" in view.feedback.info.text()
    assert check() == []


@pytest.mark.parametrize("answer", ["escape", "enter"])
def test_goodwill_escape_or_enter_at_the_question_records_nothing(qtbot, window, complaint_id,
                                                                  db_path, answer):
    before = facts(db_path)
    seen: dict = {}
    fill_and_confirm(qtbot, "40.00", "a free rug", answer, seen)
    workspace_of(window).detail.extras.goodwill.trigger()
    assert "$40.00" in seen["question"]
    assert seen["after"] is True  # back in the box, nothing recorded
    assert facts(db_path) == before


@pytest.mark.parametrize("amount, words", [("abc", "is not an amount"),
                                           ("-5", "0.00 or more"), ("0", "above 0.00"),
                                           ("1.234", "more than 2 decimals")])
def test_goodwill_bad_amount_says_so_and_changes_nothing(qtbot, window, complaint_id, db_path,
                                                         amount, words):
    before = facts(db_path)
    seen = {}

    def in_box():
        box = QApplication.activeModalWidget()
        box.amount.setText(amount)
        box.text.setText("something")
        box.accept()
        seen["error"], seen["open"] = box.error.text(), box.isVisible()
        box.reject()
    QTimer.singleShot(50, in_box)
    workspace_of(window).detail.extras.goodwill.trigger()
    assert seen["open"] and words in seen["error"]
    assert "nothing was recorded" in seen["error"].lower()
    assert facts(db_path) == before


def test_goodwill_is_in_the_complaints_table_context_menu(window, complaint_id):
    workspace = workspace_of(window)
    assert workspace.view.contextMenuPolicy() == Qt.ActionsContextMenu
    assert workspace.detail.extras.goodwill in workspace.view.actions()
    assert workspace.detail.extras.goodwill.shortcut().toString() == "Ctrl+G"


def step_7(complaint_id):
    return ComplaintStep.get((ComplaintStep.complaint == complaint_id)
                             & (ComplaintStep.number == 7))


def test_printing_the_letter_ticks_step_7_and_names_the_pdf(qtbot, window, complaint_id):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    view = workspace_of(window).detail
    name = view.detail.customer
    seen = {}

    def printed():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QPrintPreviewDialog)
        seen["doc"] = box._printer.docName()
        seen["file"] = box._printer.outputFileName()
        box.accept()  # what the preview does once it has printed
    QTimer.singleShot(100, printed)
    view.steps.letter_button.click()
    from models.display import file_safe

    assert seen["doc"] == f"Letter to {file_safe(name)} 2026-11-23"
    assert seen["file"].endswith(f"Letter to {file_safe(name)} 2026-11-23.pdf")
    step = step_7(complaint_id)
    assert step.done and step.done_by == "owner"
    assert "step 7 is ticked" in view.feedback.info.text()


def test_closing_the_letter_preview_without_printing_ticks_nothing(qtbot, window,
                                                                   complaint_id, db_path):
    before = facts(db_path)
    QTimer.singleShot(100, lambda: QApplication.activeModalWidget().reject())
    workspace_of(window).detail.steps.letter_button.click()
    assert not step_7(complaint_id).done
    assert facts(db_path) == before


def test_a_certificate_pdf_is_named_after_the_customer(qtbot, window, complaint_id, clock):
    from models.display import file_safe
    from models.services.actor import Actor
    from models.services.goodwill import add_goodwill

    reward_id = add_goodwill(value="30", wording="a room free", actor=Actor("owner", "owner"),
                             now=clock(), complaint=complaint_id, certificate=True)
    rewards = dict(window.recovery)["Rewards"]
    window.tabs.setCurrentWidget(rewards)
    rewards.refresh()
    assert rewards.select_reward(reward_id)
    name = Complaint.get_by_id(complaint_id).customer.name
    seen = {}

    def look():
        box = QApplication.activeModalWidget()
        seen["doc"] = box._printer.docName()
        box.reject()
    QTimer.singleShot(100, look)
    rewards.print_button.click()
    assert seen["doc"] == f"Certificate for {file_safe(name)} 2026-11-23"

"""The complaints workspace, driven like a dispatcher would: open by hand, walk, resolve, close."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.recovery import recovery_tabs
from desktop.recovery.complaints_workspace import ComplaintsWorkspace
from desktop.recovery.followups_panel import FollowUpsPanel
from desktop.recovery.table_model import RED, Row, RowsModel
from models.schema import Complaint, ComplaintStep, Customer, FollowUp
from models.services import complaints
from tests.conftest import NOW

MIN = dt.timedelta(minutes=1)


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def workspace(qtbot, late_day, dispatcher, clock) -> ComplaintsWorkspace:
    widget = ComplaintsWorkspace(dispatcher, clock)
    qtbot.addWidget(widget)
    return widget


def steps_done(complaint_id: int) -> list[int]:
    return [s.number for s in ComplaintStep.select().where(
        (ComplaintStep.complaint == complaint_id) & (ComplaintStep.done == True))  # noqa: E712
        .order_by(ComplaintStep.number)]


def test_open_a_complaint_by_hand(qtbot, workspace, late_day, clock):
    dialog = workspace.new_complaint_dialog()
    qtbot.keyClicks(dialog.search, "Zo")  # QTest aborts on non-ASCII keys
    assert dialog.hits.count() == 1 and dialog.customer_id() == late_day.customer_id
    # The call is about the last visit, not the one booked for later.
    assert dialog.job.currentData() == late_day.job_id
    dialog.accept()  # nothing typed yet: refused inline
    assert "own words" in dialog.error.text()
    assert Complaint.select().count() == 1
    qtbot.keyClicks(dialog.words, "Mud on the stairs after the crew left.")
    with qtbot.waitSignal(dialog.opened) as opened:
        qtbot.mouseClick(dialog.box.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    complaint = Complaint.get_by_id(opened.args[0])
    assert (complaint.source, complaint.owner, complaint.job_id, complaint.fault) == (
        "manual", "dana", late_day.job_id, "company")
    assert workspace.selected() == complaint.id
    assert "Mud on the stairs" in workspace.detail.words.text()


def test_walk_all_ten_steps_to_closed(qtbot, workspace, late_day, clock, dispatcher):
    cid = late_day.complaint.id
    assert workspace.select_complaint(cid)
    steps = workspace.detail.steps
    clock.now = NOW + 3 * MIN
    steps.boxes[1].click()
    assert steps.boxes[1].isChecked() and "dana" in steps.who[1].text()
    steps.boxes[2].click()
    steps.option_a.setText("Re-clean the hall today")
    steps.option_b.setText("Half the price back")
    steps.choice.setCurrentIndex(steps.choice.findText("Re-clean the hall today"))
    steps.boxes[3].click()
    steps.resolution.setText("Crew back at 16:00 today to re-clean the hall")
    steps.boxes[4].click()
    assert workspace.detail.letter("confirmation") is not None
    workspace.detail.resolve_button.click()
    assert Complaint.get_by_id(cid).status == "resolved"
    assert Customer.get_by_id(late_day.customer_id).make_next_visit_perfect
    steps.offer.setCurrentIndex(1)  # the tier-3 reward with its certificate
    steps.boxes[5].click()
    # Step 6 from the follow-ups panel, as the office would when the reminder comes up.
    panel = FollowUpsPanel(dispatcher, clock)
    qtbot.addWidget(panel)
    clock.now = FollowUp.get(FollowUp.complaint == cid).due_at + 5 * MIN
    panel.refresh()
    panel.view.selectRow(0)
    panel.note.setText("All good now")
    panel.done_button.click()
    workspace.refresh()
    letter = workspace.detail.letter("apology")
    assert letter is not None and late_day.reward.certificate_code in letter.as_text()
    steps.boxes[7].click()
    steps.testimonial.setText("They came back the same day.")
    steps.boxes[8].click()
    steps.root_cause.setText("Back-to-back long jobs")
    steps.systemic.setChecked(True)
    steps.change.setText("Slack after long jobs")
    steps.told.setChecked(True)
    steps.boxes[9].click()
    steps.boxes[10].click()
    assert steps_done(cid) == list(range(1, 11))
    assert "".join(workspace.detail.feedback.error.text()) == ""
    workspace.detail.outcome.setCurrentIndex(workspace.detail.outcome.findData("great"))
    workspace.detail.close_button.click()
    complaint = Complaint.get_by_id(cid)
    assert (complaint.status, complaint.outcome, complaint.first_response_at) == (
        "closed", "great", NOW + 3 * MIN)
    assert not workspace.detail.steps.isEnabled()


def test_a_refused_tick_stays_unticked_and_says_why(workspace, late_day):
    workspace.select_complaint(late_day.complaint.id)
    steps = workspace.detail.steps
    steps.boxes[4].click()  # no resolution typed
    assert not steps.boxes[4].isChecked()
    assert "resolution" in workspace.detail.feedback.error.text()
    for text in ("a", "b"):
        steps.option_a.setText(text)
    workspace.detail.resolve_button.click()
    assert "step 4" in workspace.detail.feedback.error.text()


def test_on_hold_and_back(workspace, late_day):
    workspace.select_complaint(late_day.complaint.id)
    view = workspace.detail
    view.hold_note.setText("Customer swore at me and hung up")
    view.hold_button.click()
    assert Complaint.get_by_id(late_day.complaint.id).status == "on_hold"
    assert view.reopen_button.isEnabled() and not view.resolve_button.isEnabled()
    view.reopen_button.click()
    assert Complaint.get_by_id(late_day.complaint.id).status == "open"


def test_red_after_sixty_minutes_with_an_injected_clock(workspace, late_day, clock):
    opened = late_day.complaint.opened_at
    clock.now = opened + 59 * MIN
    workspace.refresh()
    assert workspace.model.rows[0].tint is None
    clock.now = opened + 60 * MIN
    workspace.timer.timeout.emit()  # the minute refresh
    assert workspace.model.rows[0].tint == RED
    assert "over an hour" in workspace.count.text()
    workspace.select_complaint(late_day.complaint.id)
    workspace.detail.own_button.click()  # owning is not a response to the customer
    assert workspace.model.rows[0].tint == RED
    workspace.detail.steps.boxes[1].click()
    assert workspace.model.rows[0].tint is None


def test_decline_next_booking_button_is_for_owners(qtbot, late_day, owner, workspace, clock):
    assert not workspace.detail.decline_button.isEnabled()  # dana is a dispatcher
    owners = ComplaintsWorkspace(owner, clock)
    qtbot.addWidget(owners)
    owners.select_complaint(late_day.complaint.id)
    owners.detail.decline_button.click()
    assert "reason" in owners.detail.feedback.error.text()
    owners.detail.decline_reason.setText("Threatened the crew")
    owners.detail.decline_button.click()
    customer = Customer.get_by_id(late_day.customer_id)
    assert customer.decline_next_booking and customer.decline_reason == "Threatened the crew"


def test_recovery_tabs(qtbot, late_day, owner, clock):
    tabs = recovery_tabs(owner, clock)
    for _, widget in tabs:
        qtbot.addWidget(widget)
    assert [name for name, _ in tabs] == ["Rewards", "Complaints", "Follow-ups"]
    tabs[2][1].reminders.stop()


def test_rows_model(qtmodeltester):
    model = RowsModel(["a", "b"])
    model.set_rows([Row(1, ("x", "y"), RED), Row(2, ("z", "w"), muted=True)])
    qtmodeltester.check(model)


def test_a_step_that_does_not_apply_is_set_aside_with_a_reason(workspace, late_day,
                                                               monkeypatch):
    cid = late_day.complaint.id
    workspace.select_complaint(cid)
    detail, steps = workspace.detail, workspace.detail.steps
    assert not detail.close_button.isEnabled()  # open: resolve first
    assert set(steps.set_aside) == {3, 5, 6, 7, 8, 9}
    monkeypatch.setattr(steps, "ask_reason", lambda number: "no postal address on file")
    steps.set_aside[7].click()
    assert steps.who[7].text() == "does not apply: no postal address on file"
    assert steps.set_aside[7].text() == "Applies again"
    assert complaints.missing_to_close(cid) == [1, 2, 3, 4, 5, 6, 8, 9]
    monkeypatch.setattr(steps, "ask_reason", lambda number: "   ")
    steps.set_aside[8].click()
    assert "why" in detail.feedback.error.text().lower()
    assert steps.who[8].text() == ""
    monkeypatch.setattr(steps, "ask_reason", lambda number: None)  # cancelled
    steps.set_aside[8].click()
    assert 8 in complaints.missing_to_close(cid)
    steps.set_aside[7].click()
    assert steps.who[7].text() == "" and steps.set_aside[7].text() == "Does not apply…"

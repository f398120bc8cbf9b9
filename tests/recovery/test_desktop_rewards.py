"""The rewards view driven by hand: filters, issue, redeem by code (and refusals), void."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.recovery.rewards_view import RewardsView
from models.schema import Reward
from tests.conftest import NOW
from tests.recovery.test_desktop_complaints import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def view_for(qtbot, actor, clock) -> RewardsView:
    view = RewardsView(actor, clock)
    qtbot.addWidget(view)
    return view


def redeem(view: RewardsView, code: str, job) -> str:
    view.code.setText(code)
    view.redeem_job.setText(str(job))
    view.redeem_button.click()
    return view.feedback.error.text() if view.feedback.error.isVisibleTo(view) else ""


def test_list_and_filters(qtbot, late_day, dispatcher, clock):
    view = view_for(qtbot, dispatcher, clock)
    assert [r.key for r in view.model.rows] == [late_day.reward.id]
    cells = view.model.rows[0].cells
    assert cells[1] == "Zoë Ñúñez" and cells[4] == "tier 3" and cells[5] == "130"
    assert cells[8] == "proposed" and cells[9] == late_day.reward.certificate_code
    view.customer.setCurrentIndex(view.customer.findData(late_day.customer_id))
    view.customer.activated.emit(view.customer.currentIndex())
    assert len(view.model.rows) == 1
    view.by_date.setChecked(True)
    view.date_from.setDate(dt.date(2026, 11, 24))
    view.date_to.setDate(dt.date(2026, 11, 30))
    assert view.model.rows == []
    view.date_from.setDate(dt.date(2026, 11, 23))
    assert len(view.model.rows) == 1
    view.open_only.setChecked(True)
    assert len(view.model.rows) == 1


def test_issue(qtbot, late_day, dispatcher, clock):
    view = view_for(qtbot, dispatcher, clock)
    view.issue_button.click()
    assert "Pick a reward" in view.feedback.error.text()
    view.select_reward(late_day.reward.id)
    view.issue_button.click()
    assert Reward.get_by_id(late_day.reward.id).status == "issued"
    assert view.model.rows[0].cells[8] == "issued"


def test_redeem_good_used_expired_and_wrong_customer(qtbot, late_day, dispatcher, clock):
    code = late_day.reward.certificate_code
    view = view_for(qtbot, dispatcher, clock)
    assert "another customer" in redeem(view, code, late_day.other_job_id)
    clock.now = late_day.reward.certificate_expires_at + dt.timedelta(minutes=1)
    assert "expired" in redeem(view, code, late_day.next_job_id)
    clock.now = NOW
    assert redeem(view, code.lower(), late_day.next_job_id) == ""
    reward = Reward.get_by_id(late_day.reward.id)
    assert (reward.certificate_status, reward.redeemed_on_id) == ("redeemed",
                                                                 late_day.next_job_id)
    assert "redeemed" in view.feedback.info.text()
    assert "redeemed" in redeem(view, code, late_day.next_job_id)
    assert "no certificate" in redeem(view, "OT-XXXX-XXXX-XXXX", late_day.next_job_id)


def test_void_issued_dispatcher_refused_owner_with_reason(qtbot, late_day, dispatcher, owner,
                                                          clock):
    view = view_for(qtbot, dispatcher, clock)
    view.select_reward(late_day.reward.id)
    view.issue_button.click()
    view.void_reason.setText("Entered twice")
    view.void_button.click()
    assert "Only an owner" in view.feedback.error.text()
    assert Reward.get_by_id(late_day.reward.id).status == "issued"
    owners = view_for(qtbot, owner, clock)
    owners.select_reward(late_day.reward.id)
    owners.void_button.click()
    assert "needs a reason" in owners.feedback.error.text()
    owners.void_reason.setText("Entered twice")
    owners.void_button.click()
    reward = Reward.get_by_id(late_day.reward.id)
    assert (reward.status, reward.void_reason, reward.certificate_status) == (
        "void", "Entered twice", "void")
    assert owners.model.rows[0].cells[8] == "void: Entered twice"
    assert owners.model.rows[0].muted


def test_certificate_letter_and_print_preview(qtbot, late_day, dispatcher, clock, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from desktop.letters.preview import preview_dialog
    from desktop.letters.render import paint

    view = view_for(qtbot, dispatcher, clock)
    view.select_reward(late_day.reward.id)
    letter = view.certificate_letter()
    assert letter is not None and ("Code", late_day.reward.certificate_code) in letter.facts
    dialog = preview_dialog(letter, view)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.HighResolution)  # what the preview paints on
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint(printer, letter) == 1
    assert (tmp_path / "printed.pdf").stat().st_size > 1000

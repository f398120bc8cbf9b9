"""Slips of the hand are questioned: early or out-of-order arrivals, doubtful bookings; and the
recovery tabs follow what this desktop just did."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.dialogs.new_job import NewJobDialog
from models.schema import Job, Stamp
from tests import factories
from tests.desktop.conftest import DAY, click_bar
from tests.desktop.rows import facts


def arrivals(job_id):
    return Stamp.select().where((Stamp.job == job_id) & (Stamp.kind == "arrival")).count()


def reply(button: str, seen: list):
    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "confirm", box
        seen.append(box.text())
        assert box.defaultButton() is box.findChild(QPushButton, "no")
        box.findChild(QPushButton, button).click()
    QTimer.singleShot(50, answer)


def early_job(now):
    """Dee's 21:00 job on truck 3 (nothing else on it); now is 12:00."""
    t3 = factories.truck("Truck 3", "Night crew", now=now)
    dee = factories.customer("Dee Early", "555-0133", "3 Pine St", now=now)
    return factories.job(t3, dee.id, DAY, "21:00", booked_at=now)


def test_an_arrival_hours_before_the_window_asks_and_no_stamps_nothing(
        qtbot, window, day_jobs_ids, now, db_path):
    job = early_job(now)
    window.controller.reload()
    click_bar(qtbot, window, job)
    before = facts(db_path)
    seen: list[str] = []
    reply("no", seen)
    qtbot.keyClick(window.board, Qt.Key_A)
    assert seen and "12:00" in seen[0] and "21:00–22:00" in seen[0] and "9 h 00 min" in seen[0]
    assert facts(db_path) == before
    reply("yes", seen)
    qtbot.keyClick(window.board, Qt.Key_A)
    assert arrivals(job) == 1 and window.controller.job(job).state == "arrived_early"


def test_an_hour_early_is_not_questioned(qtbot, window, day_jobs_ids):
    ana = day_jobs_ids["ana"]  # 13:00 window, 12:00 now: exactly the hour
    click_bar(qtbot, window, ana)
    qtbot.keyClick(window.board, Qt.Key_A)
    assert arrivals(ana) == 1


def test_the_hour_is_a_setting(qtbot, window, day_jobs_ids):
    from models.company import set_setting
    from models.db import write_tx

    with write_tx():
        set_setting("early_stamp_minutes", "30")
    seen: list[str] = []
    reply("no", seen)
    click_bar(qtbot, window, day_jobs_ids["ana"])
    qtbot.keyClick(window.board, Qt.Key_A)
    assert seen and arrivals(day_jobs_ids["ana"]) == 0


def test_an_arrival_while_the_truck_has_an_unfinished_earlier_job_asks(
        qtbot, window, day_jobs_ids, now):
    t2 = day_jobs_ids["t2"]
    cy = factories.customer("Cy Second", "555-0144", "4 Ash St", now=now)
    later = factories.job(t2, cy.id, DAY, "12:30", booked_at=now)
    window.controller.reload()
    click_bar(qtbot, window, later)
    seen: list[str] = []
    reply("no", seen)
    qtbot.keyClick(window.board, Qt.Key_A)
    assert seen and "Truck 2 has not finished Ben Okafor's 11:00 job yet." in seen[0]
    assert arrivals(later) == 0


def test_a_doubtful_booking_is_questioned_inline_then_booked_on_a_second_press(
        qtbot, window, day_jobs_ids):
    dialog = NewJobDialog(window.controller, window.controller.trucks, window.controller.day,
                          parent=window)
    qtbot.addWidget(dialog)
    dialog.new_box.setChecked(True)
    dialog.new_name.setText("Flo Overlap")
    dialog.truck.setCurrentIndex(dialog.truck.findData(day_jobs_ids["t1"]))
    dialog.start.setTime(dialog.start.time().fromString("13:30", "HH:mm"))
    dialog.accept()
    error = dialog.findChild(type(dialog.error), "inlineError").text()
    assert "Ana Ñúñez at 13:00–14:00" in error and "No service" in error and "0.00" in error
    assert Job.select().count() == 2
    dialog.accept()  # pressed again, nothing changed: booked
    assert Job.select().count() == 3


def test_recovery_tabs_follow_a_local_change(qtbot, window, day_jobs_ids, clock):
    rewards, complaints = window.recovery[0][1], window.recovery[1][1]
    window.tabs.setCurrentWidget(rewards)
    assert rewards.model.rowCount() == 0
    ben = day_jobs_ids["ben"]
    clock.set(clock() + dt.timedelta(minutes=40))  # 40 min late: tier 1
    window.tabs.setCurrentIndex(0)
    click_bar(qtbot, window, ben)
    qtbot.keyClick(window.board, Qt.Key_A)
    window.tabs.setCurrentWidget(rewards)
    assert rewards.model.rowCount() == 1  # the tab in sight re-read at once (or when shown)
    window.tabs.setCurrentIndex(0)
    window.actions_.undo.trigger()  # the reward goes with the stamp
    window.tabs.setCurrentWidget(rewards)
    assert rewards.model.rowCount() == 0
    window.tabs.setCurrentWidget(complaints)
    assert complaints.model.rowCount() == 0


def test_a_complaint_sentence_follows_a_corrected_stamp(qtbot, window, day_jobs_ids, owner,
                                                       clock):
    from models.queries.recovery import complaint, complaints
    from models.services import stamps

    ben = day_jobs_ids["ben"]  # 11:00–12:00
    clock.set(clock() + dt.timedelta(minutes=47))
    stamps.arrive(ben, clock(), owner, clock())
    assert "47 minutes late" in complaints(clock())[0].words
    stamps.arrive(ben, clock() - dt.timedelta(minutes=12), owner, clock(), "crew called late")
    row = complaints(clock())[0]
    assert "35 minutes late" in row.words and "47" not in row.words
    assert "35 minutes late" in complaint(row.complaint_id, clock()).words

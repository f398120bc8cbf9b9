"""Stamping, completing, moving and undoing on the real board, with keyboard, menus and mouse."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QPushButton

from models.schema import AuditEntry, Job, Reward, Stamp
from tests.desktop.conftest import click_bar, job_row


def active_arrival(job_id):
    return Stamp.get_or_none((Stamp.job == job_id) & (Stamp.kind == "arrival")
                             & (Stamp.active == True))  # noqa: E712


def test_stamp_arrival_with_one_key(qtbot, window, day_jobs_ids, clock):
    job = day_jobs_ids["ana"]
    click_bar(qtbot, window, job)
    qtbot.keyClick(window.board, Qt.Key_A)
    stamp = active_arrival(job)
    assert stamp is not None and stamp.at == clock() and stamp.by == "owner"
    row = job_row(window, job)
    assert row.state == "arrived_early"
    assert window.board.job(job).state == "arrived_early"  # repainted from the new facts


def test_stamp_and_complete_from_the_context_menu(qtbot, window, day_jobs_ids, clock):
    job = day_jobs_ids["ana"]
    click_bar(qtbot, window, job)

    def choose(text):
        def pick():
            menu = QApplication.activePopupWidget()
            assert isinstance(menu, QMenu)
            action = next(a for a in menu.actions() if a.text() == text)
            assert action.isEnabled()
            action.trigger()
            menu.close()
        QTimer.singleShot(50, pick)
        window.board.context_menu_requested.emit(job, QPoint(100, 100))

    choose("Arrived now")
    assert active_arrival(job) is not None
    clock.set(clock() + dt.timedelta(minutes=80))
    choose("Completed now")
    assert job_row(window, job).state == "completed"
    assert Job.get_by_id(job).status == "completed"


def test_complete_from_the_job_menu(qtbot, window, day_jobs_ids, clock):
    job = day_jobs_ids["ana"]
    click_bar(qtbot, window, job)
    window.actions_.arrive.trigger()
    clock.set(clock() + dt.timedelta(minutes=90))
    job_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Job")
    complete = next(a for a in job_menu.actions() if a.text() == "Completed now")
    complete.trigger()
    assert job_row(window, job).state == "completed"


def test_undo_and_redo_an_arrival(qtbot, window, day_jobs_ids):
    job = day_jobs_ids["ana"]
    click_bar(qtbot, window, job)
    qtbot.keyClick(window.board, Qt.Key_A)
    assert active_arrival(job) is not None
    window.actions_.undo.trigger()
    assert active_arrival(job) is None
    assert job_row(window, job).state == "scheduled"
    removed = AuditEntry.select().where((AuditEntry.action == "delete")
                                        & (AuditEntry.entity == "stamp")).get()
    assert removed.reason == "undo"
    window.actions_.redo.trigger()
    assert active_arrival(job) is not None


def drag(qtbot, window, job_id, to: QPoint):
    rect = window.board.bar_rect(job_id)
    start = rect.center().toPoint()
    qtbot.mousePress(window.board, Qt.LeftButton, pos=start)
    qtbot.mouseMove(window.board, start + QPoint(10, 0))
    qtbot.mouseMove(window.board, to)
    qtbot.mouseRelease(window.board, Qt.LeftButton, pos=to)


def test_drag_to_another_lane_moves_truck_without_question(qtbot, window, day_jobs_ids):
    job, t2 = day_jobs_ids["ana"], day_jobs_ids["t2"]
    rect = window.board.bar_rect(job)
    target = QPoint(int(rect.center().x()), int(window.board.lane_center(t2)))
    drag(qtbot, window, job, target)
    assert Job.get_by_id(job).truck_id == t2
    assert Job.get_by_id(job).status == "scheduled"  # not a reschedule
    assert job_row(window, job).truck == "Truck 2"
    window.actions_.undo.trigger()  # undo the move: back on truck 1
    assert Job.get_by_id(job).truck_id == day_jobs_ids["t1"]


def answer_move(button_name: str) -> None:
    def click():
        from desktop.dialogs.who_asked import WhoAskedDialog

        box = QApplication.activeModalWidget()
        assert isinstance(box, WhoAskedDialog), box
        box.findChild(QPushButton, button_name).click()
    QTimer.singleShot(50, click)


def drag_two_hours_later(qtbot, window, job):
    rect = window.board.bar_rect(job)
    shift = int(window.board.scale.px_per_minute * 120)
    drag(qtbot, window, job, rect.center().toPoint() + QPoint(shift, 0))


def test_drag_to_another_time_rescheduled_by_the_company(qtbot, window, day_jobs_ids):
    job = day_jobs_ids["ana"]
    answer_move("company")
    drag_two_hours_later(qtbot, window, job)
    assert Job.get_by_id(job).status == "rescheduled"
    new = Job.get(Job.rescheduled_from == job)
    assert new.local_start == "15:00" and new.free and new.rescheduled_by == "company"
    assert Reward.get(Reward.job == new.id).kind == "reschedule"
    assert "Reschedule reward" in window.banner.text()
    assert window.board.job(new.id).state == "scheduled"
    window.actions_.undo.trigger()  # take the reschedule back: as if it never happened
    assert Job.get_by_id(job).status == "scheduled"
    assert Job.get_or_none(Job.id == new.id) is None
    assert not Reward.select().where(Reward.kind == "reschedule").exists()


def test_drag_to_another_time_rescheduled_by_the_customer(qtbot, window, day_jobs_ids):
    job = day_jobs_ids["ana"]
    answer_move("customer")
    drag_two_hours_later(qtbot, window, job)
    new = Job.get(Job.rescheduled_from == job)
    assert new.local_start == "15:00" and not new.free and new.rescheduled_by == "customer"
    assert not Reward.select().where(Reward.job == new.id).exists()


def test_cancelled_question_changes_nothing(qtbot, window, day_jobs_ids):
    job = day_jobs_ids["ana"]

    def cancel():
        QApplication.activeModalWidget().reject()
    QTimer.singleShot(50, cancel)
    drag_two_hours_later(qtbot, window, job)
    assert Job.get_by_id(job).status == "scheduled"
    assert Job.select().count() == 2


def test_refusal_is_shown_not_swallowed(qtbot, window, day_jobs_ids):
    shown = []
    window.controller.failed.disconnect(window.on_failed)
    window.controller.failed.connect(shown.append)
    click_bar(qtbot, window, day_jobs_ids["ana"])
    window.actions_.complete.setEnabled(True)
    window.actions_.complete.trigger()  # no arrival yet: the service refuses
    assert shown and "arrival" in shown[0]


def test_move_by_keyboard_to_another_truck_and_time(qtbot, window, day_jobs_ids):
    from desktop.dialogs.jobs import MoveDialog

    job, t2 = day_jobs_ids["ana"], day_jobs_ids["t2"]
    click_bar(qtbot, window, job)

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MoveDialog)
        dialog.truck.setCurrentIndex(dialog.truck.findData(t2))
        dialog.start.setTime(dialog.start.time().fromString("16:30", "HH:mm"))
        answer_move("customer")
        dialog.accept()
    QTimer.singleShot(50, fill)
    qtbot.keyClick(window.board, Qt.Key_M)
    new = Job.get(Job.rescheduled_from == job)
    assert (new.truck_id, new.local_start, new.rescheduled_by) == (t2, "16:30", "customer")

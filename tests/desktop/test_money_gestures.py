"""Gestures that can cost money: drags, the who-asked question, and undo putting rows back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.dialogs.who_asked import WhoAskedDialog
from models.schema import Job, Reward
from tests.desktop.conftest import click_bar, job_row
from tests.desktop.rows import facts


def drag_by(qtbot, window, job_id, dx: int, to_truck: int | None = None):
    rect = window.board.bar_rect(job_id)
    start = rect.center().toPoint()
    y = int(window.board.lane_center(to_truck)) if to_truck else start.y()
    end = QPoint(start.x() + dx, y)
    qtbot.mousePress(window.board, Qt.LeftButton, pos=start)
    qtbot.mouseMove(window.board, start + QPoint(0, 8))
    qtbot.mouseMove(window.board, end)
    qtbot.mouseRelease(window.board, Qt.LeftButton, pos=end)


def px(window, minutes: float) -> int:
    return int(round(window.board.scale.px_per_minute * minutes))


@pytest.fixture
def at_0820(window, day_jobs_ids, owner, now):
    """Ana's job at 13:20 on truck 1 (a window that is not on a quarter hour)."""
    from models.services import jobs

    booked = jobs.reschedule(day_jobs_ids["ana"], dt.date(2026, 11, 23), dt.time(13, 20), 0,
                             "customer", owner, now)
    window.controller.reload()
    return booked.job_id


def test_truck_only_drag_with_a_wobble_keeps_the_exact_window(qtbot, window, day_jobs_ids,
                                                              at_0820):
    asked = []

    def note():  # a question would block the drag: note it and close it
        box = QApplication.activeModalWidget()
        asked.append(box)
        if box is not None:
            box.reject()
    QTimer.singleShot(200, note)
    before = Job.get_by_id(at_0820)
    drag_by(qtbot, window, at_0820, px(window, 5), to_truck=day_jobs_ids["t2"])
    after = Job.get_by_id(at_0820)
    assert after.truck_id == day_jobs_ids["t2"]  # an assign: same row, same window
    assert (after.local_start, after.status, after.free) == ("13:20", "scheduled", False)
    assert after.window_start_utc == before.window_start_utc
    assert not Reward.select().exists()
    assert Job.select().count() == 3  # no successor was booked
    qtbot.wait(250)
    assert asked == [None]  # and nobody was asked who wanted it


def test_drag_in_time_past_the_threshold_asks_who(qtbot, window, day_jobs_ids, at_0820):
    seen = {}

    def look():
        box = QApplication.activeModalWidget()
        seen["box"] = isinstance(box, WhoAskedDialog)
        seen["text"] = box.findChild(QPushButton, "company").text()
        box.reject()
    QTimer.singleShot(50, look)
    drag_by(qtbot, window, at_0820, px(window, 40))
    assert seen["box"]
    assert "job becomes free: $150.00" in seen["text"]
    assert Job.get_by_id(at_0820).status == "scheduled"


def test_who_asked_box_names_both_windows_and_has_no_default(qtbot, window, day_jobs_ids,
                                                            at_0820):
    job = job_row(window, at_0820)
    start = job.window_start + dt.timedelta(minutes=100)
    box = WhoAskedDialog(job, "Truck 2", start, "America/Chicago", "$", window)
    qtbot.addWidget(box)
    words = box.findChild(QLabel, "question").text()
    assert "Truck 1, 13:20–14:20" in words and "Truck 2, 15:00–16:00" in words
    assert "job becomes free: $150.00" in box.company.text()
    for button in box.findChildren(QPushButton):
        assert not button.isDefault() and not button.autoDefault()


@pytest.mark.parametrize("key", [Qt.Key_Return, Qt.Key_Enter, Qt.Key_Escape])
def test_enter_and_escape_in_the_who_asked_box_change_nothing(qtbot, window, day_jobs_ids,
                                                              at_0820, db_path, key):
    before = facts(db_path)
    outcome = {}

    def press():
        box = QApplication.activeModalWidget()
        assert isinstance(box, WhoAskedDialog)
        qtbot.keyClick(box, key)
        outcome["open"] = box.isVisible()
        box.reject()  # the test closes it if Enter (rightly) did not
    QTimer.singleShot(50, press)
    drag_by(qtbot, window, at_0820, px(window, 120))
    assert outcome["open"] is (key != Qt.Key_Escape)
    assert facts(db_path) == before


def tab_rows(window) -> list[int]:
    """Rows shown in the Rewards and Complaints tabs (read even when not in sight)."""
    for _title, widget in window.recovery[:2]:
        window.tabs.setCurrentWidget(widget)
    window.tabs.setCurrentIndex(0)
    return [widget.model.rowCount() for _title, widget in window.recovery[:2]]


def answer(name: str):
    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, WhoAskedDialog), box
        box.findChild(QPushButton, name).click()
    QTimer.singleShot(50, click)


def test_undo_of_a_company_reschedule_puts_every_row_back(qtbot, window, day_jobs_ids,
                                                          db_path):
    ana = day_jobs_ids["ana"]
    before = facts(db_path)
    summary_before = window.summary.text()
    tabs_before = tab_rows(window)
    answer("company")
    drag_by(qtbot, window, ana, px(window, 120), to_truck=day_jobs_ids["t2"])
    new = Job.get(Job.rescheduled_from == ana)
    assert new.free and "Free (rescheduled) jobs: 1" in window.summary.text()
    assert window.banner.isVisible()
    assert tab_rows(window) == [n + 1 for n in tabs_before]  # a reward and a complaint
    window.actions_.undo.trigger()
    assert facts(db_path) == before
    assert window.summary.text() == summary_before
    assert "Free (rescheduled)" not in window.summary.text()
    assert not window.banner.isVisible()  # the 'owed' message went with it, no 'voided' one
    assert sorted(p.job.job_id for p in window.board.placed) == sorted(
        [ana, day_jobs_ids["ben"]])  # no cancelled bar left behind in the other lane
    assert tab_rows(window) == tabs_before
    window.actions_.redo.trigger()  # and redo does it again
    assert Job.get(Job.rescheduled_from == ana).free


def test_undo_of_each_stamp_and_of_an_assign_puts_every_row_back(qtbot, window, day_jobs_ids,
                                                                 db_path, clock):
    ben = day_jobs_ids["ben"]  # late now: an arrival settles a reward and a complaint
    clock.set(clock() + dt.timedelta(minutes=20))
    window.controller.sweep()
    click_bar(qtbot, window, ben)
    for key in (Qt.Key_W, Qt.Key_A):
        before = facts(db_path)
        summary = window.summary.text()
        qtbot.keyClick(window.board, key)
        assert facts(db_path) != before
        window.actions_.undo.trigger()
        assert facts(db_path) == before, key
        assert window.summary.text() == summary
    qtbot.keyClick(window.board, Qt.Key_A)
    clock.set(clock() + dt.timedelta(minutes=90))
    before = facts(db_path)
    qtbot.keyClick(window.board, Qt.Key_C)
    assert Job.get_by_id(ben).status == "completed"
    window.actions_.undo.trigger()
    assert facts(db_path) == before
    ana = day_jobs_ids["ana"]
    before = facts(db_path)
    window.controller.assign(ana, day_jobs_ids["t2"])
    window.actions_.undo.trigger()
    assert facts(db_path) == before


def test_check_passes_after_undo_took_rows_back(qtbot, window, day_jobs_ids):
    from models.integrity import check

    answer("company")
    drag_by(qtbot, window, day_jobs_ids["ana"], px(window, 120))
    window.actions_.undo.trigger()
    assert check() == []


def test_w_marks_the_crew_on_the_way(qtbot, window, day_jobs_ids):
    ana = day_jobs_ids["ana"]
    click_bar(qtbot, window, ana)
    qtbot.keyClick(window.board, Qt.Key_W)
    assert Job.get_by_id(ana).status == "en_route"
    assert window.board.job(ana).en_route_at is not None
    assert "On the way since" in window.board.placed_look(ana).status

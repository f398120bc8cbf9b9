"""The tray above the lanes: unassigned jobs, dragged onto a lane and off it, and undo."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from models.schema import AuditEntry, Job, Reward
from models.services import jobs
from tests.desktop.conftest import DAY
from tests.desktop.rows import facts
from tests.desktop.test_board_reading import naughty_names
from tests.factories import OWNER


@pytest.fixture
def waiting(db_path, day_jobs_ids, now):
    """A 15:00 job booked by phone before a truck was chosen (a naughty customer name)."""
    from tests import factories

    name = naughty_names(40)[17]
    cust = factories.customer(name, "555-0177", "9 Pine St", now=now - dt.timedelta(days=1))
    draft = jobs.JobDraft(cust.id, None, DAY, dt.time(15, 0), service="Rug cleaning",
                          price="210.00")
    return jobs.book(draft, OWNER, now - dt.timedelta(days=1)).job_id


@pytest.fixture
def tray_window(waiting, window):
    window.controller.reload()
    return window


def _trail(job_id: int) -> list[tuple[str, dict, dict]]:
    return [(e.action, json.loads(e.old or "{}"), json.loads(e.new or "{}"))
            for e in AuditEntry.select().where((AuditEntry.entity == "job")
                                               & (AuditEntry.entity_id == str(job_id)))
            .order_by(AuditEntry.id)]


def _global_to(widget, other, point: QPoint) -> QPoint:
    return widget.mapFromGlobal(other.mapToGlobal(point))


def test_the_tray_shows_the_days_unassigned_jobs_and_the_board_does_not(tray_window, waiting):
    tray = tray_window.tray
    assert [j.job_id for j in tray.jobs] == [waiting]
    assert tray.card_rect(waiting) is not None
    assert tray_window.board.bar_rect(waiting) is None
    assert tray.isVisible()
    assert tray.mapTo(tray_window, QPoint(0, tray.height())).y() <= tray_window.scroll.mapTo(
        tray_window, QPoint(0, 0)).y()  # above the lanes


def test_dragging_a_card_onto_a_lane_assigns_the_same_window_and_undo_puts_it_back(
        qtbot, tray_window, waiting, day_jobs_ids, db_path):
    tray, board = tray_window.tray, tray_window.board
    before_rows = facts(db_path)
    before = Job.get_by_id(waiting)
    start = tray.card_rect(waiting).center().toPoint()
    lane = QPoint(board.width() // 2, int(board.lane_center(day_jobs_ids["t2"])))
    end = _global_to(tray, board, lane)
    qtbot.mousePress(tray, Qt.LeftButton, pos=start)
    qtbot.mouseMove(tray, start + QPoint(10, 10))
    qtbot.mouseMove(tray, end)
    assert tray._ghost is not None and tray._ghost.isVisible()  # the card follows the pointer
    qtbot.mouseRelease(tray, Qt.LeftButton, pos=end)
    assert tray._ghost is None

    after = Job.get_by_id(waiting)
    assert after.truck_id == day_jobs_ids["t2"]
    assert (after.local_start, after.window_start_utc, after.status, after.free,
            after.version) == ("15:00", before.window_start_utc, "scheduled", False, 2)
    assert not Reward.select().exists() and Job.select().count() == 3
    assert _trail(waiting)[-1] == ("assign", {"truck": None}, {"truck": day_jobs_ids["t2"]})
    assert tray.jobs == [] and board.bar_rect(waiting) is not None

    tray_window.controller.undo_stack.undo()
    assert facts(db_path) == before_rows
    assert Job.get_by_id(waiting).truck_id is None
    assert [j.job_id for j in tray.jobs] == [waiting]
    assert board.bar_rect(waiting) is None
    from models.integrity import check

    assert check() == []


def test_dragging_a_bar_off_its_lane_onto_the_tray_unassigns_and_undo_restores(
        qtbot, tray_window, waiting, day_jobs_ids, db_path):
    tray, board = tray_window.tray, tray_window.board
    ana = day_jobs_ids["ana"]
    before_rows = facts(db_path)
    rect = board.bar_rect(ana)
    tray_window.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 50, 50)
    start = rect.center().toPoint()
    over_tray = _global_to(board, tray, QPoint(tray.width() - 40, tray.height() // 2))
    qtbot.mousePress(board, Qt.LeftButton, pos=start)
    qtbot.mouseMove(board, start + QPoint(0, -8))
    qtbot.mouseMove(board, over_tray)
    assert tray.hot
    qtbot.mouseRelease(board, Qt.LeftButton, pos=over_tray)

    job = Job.get_by_id(ana)
    assert (job.truck_id, job.local_start, job.status, job.version) == (None, "13:00",
                                                                         "scheduled", 2)
    assert _trail(ana)[-1] == ("unassign", {"truck": day_jobs_ids["t1"]}, {"truck": None})
    assert not Reward.select().exists() and Job.select().count() == 3
    assert {j.job_id for j in tray.jobs} == {ana, waiting}
    assert board.bar_rect(ana) is None and not tray.hot

    tray_window.controller.undo_stack.undo()
    assert facts(db_path) == before_rows
    assert Job.get_by_id(ana).truck_id == day_jobs_ids["t1"]
    assert [j.job_id for j in tray.jobs] == [waiting]
    assert board.bar_rect(ana) is not None
    tray_window.controller.undo_stack.redo()
    assert Job.get_by_id(ana).truck_id is None


def test_a_bar_of_a_crew_on_its_way_stays_on_its_truck(qtbot, tray_window, day_jobs_ids,
                                                       db_path, now):
    from models.services import stamps

    stamps.en_route(day_jobs_ids["ana"], now, OWNER, now)
    tray_window.controller.reload()
    tray, board = tray_window.tray, tray_window.board
    before_rows = facts(db_path)
    start = board.bar_rect(day_jobs_ids["ana"]).center().toPoint()
    over_tray = _global_to(board, tray, QPoint(tray.width() - 40, tray.height() // 2))
    said = []

    def close_box():
        box = QApplication.activeModalWidget()
        said.append(box.text() if box is not None else None)
        if box is not None:
            box.reject()
    QTimer.singleShot(100, close_box)
    qtbot.mousePress(board, Qt.LeftButton, pos=start)
    qtbot.mouseMove(board, start + QPoint(0, -8))
    qtbot.mouseMove(board, over_tray)
    qtbot.mouseRelease(board, Qt.LeftButton, pos=over_tray)
    qtbot.waitUntil(lambda: bool(said), timeout=3000)
    assert "on the way" in said[0]
    assert facts(db_path) == before_rows  # refused with a message; nothing written


def test_the_new_job_dialog_books_without_a_truck(qtbot, tray_window, day_jobs_ids):
    from desktop.dialogs.new_job import NO_TRUCK, NewJobDialog

    c = tray_window.controller
    box = NewJobDialog(c, c.trucks, DAY, parent=tray_window)
    qtbot.addWidget(box)
    assert box.truck.findData(NO_TRUCK) == box.truck.count() - 1
    box.truck.setCurrentIndex(box.truck.findData(NO_TRUCK))
    assert box.draft(1).truck_id is None


def test_without_a_mouse_drag_the_job_menu_and_the_cards_menu_do_the_same(
        qtbot, tray_window, waiting, day_jobs_ids, db_path):
    from tests.desktop.conftest import click_bar

    ana = day_jobs_ids["ana"]
    before_rows = facts(db_path)
    click_bar(qtbot, tray_window, ana)
    action = tray_window.take_off_action
    assert action.isEnabled() and action in tray_window.actions_.job_actions
    action.trigger()
    assert Job.get_by_id(ana).truck_id is None and not action.isEnabled()
    tray_window.controller.undo_stack.undo()
    assert facts(db_path) == before_rows

    tray = tray_window.tray
    chosen = []

    def pick():
        menu = QApplication.activePopupWidget()
        chosen.append([a.text() for a in menu.actions()])
        next(a for a in menu.actions() if a.text() == "Give it to Truck 2").trigger()
        menu.close()
    QTimer.singleShot(100, pick)
    qtbot.mouseClick(tray, Qt.RightButton, pos=tray.card_rect(waiting).center().toPoint())
    qtbot.waitUntil(lambda: bool(chosen), timeout=3000)
    assert chosen[0] == ["Give it to Truck 1", "Give it to Truck 2"]
    assert Job.get_by_id(waiting).truck_id == day_jobs_ids["t2"]
    assert _trail(waiting)[-1] == ("assign", {"truck": None}, {"truck": day_jobs_ids["t2"]})


def test_moving_a_phone_booking_to_another_time_keeps_it_without_a_truck(
        qtbot, tray_window, waiting, db_path):
    """The Move dialog offers "No truck yet" first for a job that has none: moving only its
    time must not hand it to the first truck in the list."""
    from desktop.dialogs.jobs import MoveDialog
    from desktop.dialogs.who_asked import WhoAskedDialog
    from tests.desktop.test_day_ops import when_modal

    seen: dict = {}

    def later(box: MoveDialog):
        seen["truck"] = box.truck.currentText()
        box.start.setTime(box.start.time().addSecs(3600))
        when_modal(qtbot, WhoAskedDialog, lambda who: who.customer.click())
        box.accept()
    when_modal(qtbot, MoveDialog, later)
    tray_window.actions_.selected = waiting
    tray_window.actions_.on_move()
    assert seen["truck"] == "No truck yet"
    new = Job.get(Job.rescheduled_from == waiting)
    assert (new.local_start, new.truck_id) == ("16:00", None)
    assert not Reward.select().where(Reward.job == new.id).exists()  # the customer asked

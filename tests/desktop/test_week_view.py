"""The week view on the real window: its numbers, its marks, and a click opening the day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from models.schema import Setting
from models.services import jobs
from tests import factories
from tests.desktop.conftest import DAY
from tests.desktop.test_board_reading import naughty_names
from tests.factories import OWNER


def _open_week(window):
    window.tabs.setCurrentWidget(window.week_view)
    return window.week_view


def _cell(view, row_name: str, day: dt.date) -> str:
    table = view.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    return table.item(rows.index(row_name), view.data.days.index(day)).text()


def test_the_week_shows_jobs_free_time_and_marks_per_truck_and_day(qtbot, window,
                                                                   day_jobs_ids, now, clock):
    names = naughty_names(40)
    booked = now - dt.timedelta(days=1)
    cust = factories.customer(names[5], "555-0190", names[9], now=booked)
    factories.job(day_jobs_ids["t1"], cust.id, DAY + dt.timedelta(days=2), "08:00",
                  booked_at=booked, duration=420)
    factories.job(day_jobs_ids["t1"], cust.id, DAY + dt.timedelta(days=2), "15:00",
                  booked_at=booked, duration=120)
    jobs.book(jobs.JobDraft(cust.id, None, DAY + dt.timedelta(days=1), dt.time(9, 0)),
              OWNER, booked)
    clock.set(now + dt.timedelta(minutes=30))  # 12:30: Ben's 11:00-12:00 job is late
    view = _open_week(window)
    assert view.isVisible() and view.data.first == DAY  # 23 Nov 2026 is a Monday
    headings = [view.table.horizontalHeaderItem(c).text() for c in range(7)]
    assert headings[0] == "Mon 23 Nov\ntoday" and headings[6] == "Sun 29 Nov"
    # Ana's 13:00 job on truck 1 is still ahead
    assert _cell(view, "Truck 1", DAY) == "1 job · 6h 30m free"
    assert _cell(view, "Truck 2", DAY) == "1 job · 6h 30m free\n1 late"
    assert _cell(view, "Truck 1", DAY + dt.timedelta(days=2)) == "2 jobs · over by 1h 00m"
    assert _cell(view, "Truck 2", DAY + dt.timedelta(days=2)) == "8h 00m free"
    assert _cell(view, "(unassigned)", DAY + dt.timedelta(days=1)) == "1 job · no truck yet"
    assert _cell(view, "All trucks", DAY) == "2 jobs · 13h 00m free\n1 late"
    row = [view.table.verticalHeaderItem(r).text()
           for r in range(view.table.rowCount())].index("Truck 2")
    assert view.table.item(row, 0).background().color().name() == "#fecaca"


def test_clicking_a_day_opens_it_on_the_board(qtbot, window, day_jobs_ids):
    view = _open_week(window)
    view.next_button.click()
    assert view.data.first == DAY + dt.timedelta(days=7)
    table = view.table
    rect = table.visualItemRect(table.item(0, 3))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.controller.day == DAY + dt.timedelta(days=10)
    assert window.tabs.currentWidget() is window.splitter


def test_the_owner_sets_a_trucks_day_length_and_the_free_time_follows(qtbot, window,
                                                                      day_jobs_ids):
    view = _open_week(window)
    view.length.setValue(600)
    view.save_length.click()
    assert Setting.get(Setting.key == "truck_day_minutes").value == "600"
    assert _cell(view, "Truck 1", DAY) == "1 job · 8h 30m free"
    from models.integrity import check

    assert check() == []


def test_enter_on_a_cell_opens_its_day(qtbot, window, day_jobs_ids):
    view = _open_week(window)
    view.table.setFocus()
    view.table.setCurrentCell(1, 2)
    qtbot.keyClick(view.table, Qt.Key_Return)
    assert window.controller.day == DAY + dt.timedelta(days=2)
    assert window.tabs.currentWidget() is window.splitter

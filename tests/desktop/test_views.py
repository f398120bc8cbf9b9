"""The pure pieces and the drawing: TimeScale, item models, bar texts, fonts, navigation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontDatabase, QImage

from desktop.bar_look import status_text
from desktop.item_models import (
    COL_CUSTOMER,
    COL_STATE,
    COL_WINDOW,
    JobListModel,
    alerts,
    summary,
)
from desktop.timescale import TimeScale
from models.queries.day import day_jobs
from models.schema import Job
from tests.desktop.conftest import DAY

UTC = dt.timezone.utc


def test_timescale_round_trips_and_keeps_windows_equal_across_dst():
    scale = TimeScale.for_day(dt.date(2026, 11, 1), "America/Chicago", 2.0, left=100,
                              first_hour=0, last_hour=24)
    assert scale.to_x(scale.start) == 100
    assert scale.width == 100 + 25 * 60 * 2.0  # the fall-back day has 25 hours
    t = dt.datetime(2026, 11, 1, 7, 30, tzinfo=UTC)  # 01:30 CDT, first occurrence
    assert scale.to_time(scale.to_x(t)) == t
    later = t + dt.timedelta(hours=1)  # 01:30 CST, the repeated hour
    assert scale.to_x(later) - scale.to_x(t) == 120
    assert scale.snap(dt.datetime(2026, 11, 1, 15, 8, tzinfo=UTC), "America/Chicago") == \
        dt.datetime(2026, 11, 1, 15, 15, tzinfo=UTC)
    labels = [label for _t, label in scale.hour_marks("America/Chicago")]
    assert labels.count("01:00") == 2 and labels[0] == "00:00"


@pytest.mark.parametrize("tz, minutes", [("Asia/Kolkata", 30), ("Asia/Kathmandu", 15),
                                         ("America/St_Johns", 30), ("Europe/Berlin", 0)])
def test_hour_marks_sit_on_whole_local_hours_in_every_zone(tz, minutes):
    scale = TimeScale.for_day(dt.date(2026, 11, 23), tz, 2.0, first_hour=6, last_hour=21)
    marks = scale.hour_marks(tz)
    assert [label for _t, label in marks] == [f"{h:02d}:00" for h in range(6, 22)]
    for instant, label in marks:
        local = instant.astimezone(ZoneInfo(tz))
        assert local.strftime("%H:%M") == label and instant.minute == minutes


def test_job_list_model_passes_the_model_tester(qtmodeltester, day_jobs_ids, now):
    rows = day_jobs(DAY, now)
    model = JobListModel()
    model.set_rows(rows, "America/Chicago")
    qtmodeltester.check(model)
    assert model.data(model.index(0, COL_CUSTOMER)) == rows[0].customer
    model.set_rows([], "America/Chicago")
    qtmodeltester.check(model)


def test_side_list_is_worst_first_and_summary_counts(day_jobs_ids, now):
    later = now + dt.timedelta(minutes=110)  # Ben 110 min late (tier 2), Ana at risk
    from models.services.guarantee import evaluate

    evaluate(later)
    rows = day_jobs(DAY, later)
    worst = alerts(rows)
    assert [j.customer for j in worst] == ["Ben Okafor", "Ana Ñúñez"]
    assert status_text(worst[0], "America/Chicago") == "LATE 110 min · tier 2"
    assert status_text(worst[1], "America/Chicago").startswith("At risk")
    text = summary(rows, "$")
    assert "Late: 1 (1 still waiting)" in text and "At risk: 1" in text and "($75.00)" in text


def test_bar_text_is_drawn_with_real_glyphs(qtbot, window, day_jobs_ids):
    """With no font installed Qt draws empty boxes and says nothing: look at the pixels."""
    assert QFontDatabase.families()
    board = window.board
    rect = board.bar_rect(day_jobs_ids["ana"]).toRect()
    image = QImage(board.size(), QImage.Format_ARGB32)
    image.fill(QColor("white"))
    board.render(image)
    line = QRect(rect.left() + 5, rect.top() + 4, rect.width() - 10, 14)
    ink = sum(1 for x in range(line.left(), line.right()) for y in range(line.top(),
              line.bottom()) if QColor(image.pixel(x, y)).lightness() < 80)
    assert ink > 40, "the customer's name left no dark pixels: fonts missing?"
    # glyphs are not boxes: the title's ink differs from a run of tofu rectangles
    columns = {x for x in range(line.left(), line.right()) for y in range(line.top(),
               line.bottom()) if QColor(image.pixel(x, y)).lightness() < 80}
    assert len(columns) < line.width() * 0.9


def test_day_navigation_search_and_truck_filter(qtbot, window, day_jobs_ids):
    window.actions_.next_day.trigger()
    assert window.controller.day == DAY + dt.timedelta(days=1)
    assert window.board.placed == []
    window.actions_.today.trigger()
    assert window.controller.day == DAY and len(window.board.placed) == 2
    window.search.setText("0102")  # Ben's phone digits
    assert [j.customer for j in window.found_model.rows] == ["Ben Okafor"]
    window.search.setText(str(day_jobs_ids["ana"]))
    assert [j.customer for j in window.found_model.rows] == ["Ana Ñúñez"]
    window.truck_filter.setCurrentIndex(window.truck_filter.findData(day_jobs_ids["t2"]))
    assert [p.job.customer for p in window.board.placed] == ["Ben Okafor"]
    before = window.board.bar_rect(day_jobs_ids["ben"]).width()
    window.actions_.zoom_in.trigger()
    assert window.board.bar_rect(day_jobs_ids["ben"]).width() > before


def test_layout_is_remembered(qtbot, day_jobs_ids, owner, clock, settings):
    from desktop.main_window import MainWindow

    first = MainWindow(owner, clock, settings, sound=False)
    qtbot.addWidget(first)
    first.board.set_zoom(3.5)
    first.alert_view.setColumnWidth(COL_STATE - 1, 140)
    first.close()
    second = MainWindow(owner, clock, settings, sound=False)
    qtbot.addWidget(second)
    assert second.board.zoom == 3.5
    assert second.alert_view.columnWidth(COL_STATE - 1) == 140
    second.realtime.stop()


def test_search_finds_other_days_and_a_click_goes_there(qtbot, window, day_jobs_ids, now):
    from tests import factories

    ana = Job.get_by_id(day_jobs_ids["ana"]).customer_id
    next_week = factories.job(day_jobs_ids["t1"], ana, DAY + dt.timedelta(days=7), "09:00",
                              booked_at=now)
    window.search.setText("ñúñez")
    rows = window.found_model.rows
    assert [(j.job_id, j.local_date) for j in rows] == [
        (day_jobs_ids["ana"], DAY), (next_week, DAY + dt.timedelta(days=7))]
    window_text = window.found_model.data(window.found_model.index(1, COL_WINDOW))
    assert window_text.startswith((DAY + dt.timedelta(days=7)).strftime("%a %d %b"))
    assert "1 this day, 1 on other days" in window.found_label.text()
    window.on_list_clicked(window.found_model, window.found_model.index(1, 0))
    assert window.controller.day == DAY + dt.timedelta(days=7)
    assert window.board.selected == next_week

"""The owner's dashboard: who may open it, ranges, drill-down, CSV and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from desktop.dashboard import open_dashboard
from models.errors import PermissionDenied
from models.reports.period import DateRange
from models.reports.table import stats_table
from tests.reports import history

# The offscreen platform says so for every window shown; it is not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qtbot, db_path, owner, now):
    history.build(now)
    win = open_dashboard(None, owner, lambda: now)
    qtbot.addWidget(win)
    return win


def test_refused_for_a_dispatcher(qtbot, dispatcher, now):
    with pytest.raises(PermissionDenied, match="for owners"):
        open_dashboard(None, dispatcher, lambda: now)


def test_opens_on_this_month_and_changes_with_the_range(window):
    assert window.isVisible() and window.preset.currentText() == "This month"
    assert window.data.rng == DateRange(dt.date(2026, 11, 1), dt.date(2026, 11, 23))
    assert window.headline_labels["Late arrivals"][0] == "7"
    window.first.setDate(QDate(2026, 11, 10))
    window.last.setDate(QDate(2026, 11, 12))
    assert window.preset.currentText() == "Custom"
    assert window.headline_labels["On time"][0] == "50.0 %"
    assert window.headline_labels["Late arrivals"] == ("5", "new")  # nothing late before
    assert window.headline_labels["Rewards"][0] == "4 ($500.00)"
    assert [r[0] for r in window.periods_table_rows] == ["2026-11-10", "2026-11-11",
                                                         "2026-11-12"]
    assert window.tier_chart.categories[1] == "tier 1"
    assert [window.tier_chart.bars.at(i) for i in range(4)] == [1, 2, 1, 1]


def test_clicking_bars_lists_the_jobs_behind_them(window):
    window.set_range(DateRange(dt.date(2026, 11, 10), dt.date(2026, 11, 12)))
    window.tier_chart.bars.clicked.emit(1)  # tier 1: j5 and j8 (the customer's fault)
    assert window.tabs.currentIndex() == 3
    assert sorted(int(r[7]) for r in window.drill_rows) == [30, 45]
    names = [k for k, _ in window.data.trucks]
    window.truck_chart.bars.clicked.emit(names.index("Truck B"))
    assert len(window.drill_rows) == 5 and {r[2] for r in window.drill_rows} == {"Truck B"}
    window.fault_chart.bars.clicked.emit(1)  # customer
    assert [r[9] for r in window.drill_rows] == ["customer"]


def test_exported_csv_parses_back_to_the_same_figures(window, tmp_path):
    rng = DateRange(dt.date(2026, 11, 10), dt.date(2026, 11, 12))
    window.set_range(rng)
    for name, by in (("periods", "day"), ("trucks", "truck")):
        path = tmp_path / f"{name}.csv"
        window.export_csv(name, str(path))
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        assert rows[1:] == stats_table(rng, by)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_saves_to_pdf(window, tmp_path):
    path = tmp_path / "dashboard.pdf"
    window.save_pdf(str(path))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True).stdout
    assert "On time" in text and "Late arrivals" in text


def test_opening_brings_the_summary_of_the_shown_days_up_to_date(window, now):
    from models.reports import cells

    # this month and the month before are summarised; nothing else was out of date
    assert cells.dirty_days() == []
    history.factories.job(1, 1, dt.date(2026, 11, 24), "09:00", booked_at=now)
    assert cells.dirty_days() == ["2026-11-24"]
    window.first.setDate(QDate(2026, 11, 20))
    window.last.setDate(QDate(2026, 11, 30))
    assert cells.dirty_days() == [] and window.data.total.jobs == 2


def test_period_labels_are_short_and_name_the_year_where_it_changes():
    from desktop.dashboard.charts import _thinned, period_labels, short_label

    assert period_labels(["2025-11", "2025-12", "2026-01", "2026-02"]) == [
        "Nov 25", "Dec", "Jan 26", "Feb"]
    assert [short_label(k) for k in ("2026-W46", "2026-11-03", "Truck 7")] == [
        "W46", "3 Nov", "Truck 7"]
    assert _thinned([str(n) for n in range(30)])[:4] == ["0", "", "", "3"]


def test_a_new_range_replaces_the_headlines_at_once(window):
    window.first.setDate(QDate(2026, 11, 10))
    box = window.headline_box
    current = {box.itemAt(i).widget() for i in range(box.count())}
    old = [w for w in window.findChildren(QLabel)
           if "vs previous period" in w.text() and w not in current]
    assert old and all(w.isHidden() for w in old)  # not drawn under the new ones
    assert len(current) == len(window.headline_labels)

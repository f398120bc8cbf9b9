"""'Print route sheets' in the app: a print preview of the day, all trucks or chosen ones."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from desktop.printing.route_sheets_dialog import TruckChooser, open_route_sheets
from models.route_sheets import build_route_sheets
from tests.conftest import NOW
from tests.route_sheets import helpers as h

# The offscreen platform cannot resize a shown top-level window; nothing to do with us.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_preview_shows_every_truck_then_only_the_chosen_one(scenario, qtbot):
    dialog = open_route_sheets(None, h.DAY, now=NOW)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.pageCount() > 0)
    # cover, Truck 1, Truck 2; Truck 1's last stop only just misses page one, so at the
    # printer's resolution (1200 dpi, not the PDF's 300) it may fit or go on a second page.
    assert dialog.preview.pageCount() in (3, 4)
    assert dialog.windowTitle() == "Route sheets — 2026-11-24"
    assert dialog.choose_action in dialog.findChild(QToolBar).actions()
    dialog.choose_trucks(["Truck 2"])
    assert [t.truck for t in dialog.sheets.trucks] == ["Truck 2"]
    qtbot.waitUntil(lambda: dialog.preview.pageCount() == 2)  # cover + Truck 2
    dialog.choose_trucks([])  # nothing ticked: keep what is shown
    assert dialog.preview.pageCount() == 2
    dialog.close()


def test_page_size_follows_the_settings(scenario, qtbot):
    from PySide6.QtGui import QPageSize

    from models.company import set_setting

    set_setting("paper", "A4")
    dialog = open_route_sheets(None, h.DAY, now=NOW)
    qtbot.addWidget(dialog)
    assert dialog.printer.pageLayout().pageSize().id() == QPageSize.A4
    dialog.close()


def test_truck_chooser_ticks_all_and_reports_the_chosen(scenario, qtbot):
    cover = build_route_sheets(h.DAY, NOW).cover
    chooser = TruckChooser(cover, None)
    qtbot.addWidget(chooser)
    assert chooser.chosen() == ["Truck 1", "Truck 2", "Truck 3 (spare)"]
    assert chooser.list.item(0).text() == "Truck 1 — 5 jobs"
    chooser.list.item(0).setCheckState(Qt.Unchecked)
    assert chooser.chosen() == ["Truck 2", "Truck 3 (spare)"]
    narrowed = TruckChooser(cover, ["Truck 2"])
    qtbot.addWidget(narrowed)
    assert narrowed.chosen() == ["Truck 2"]

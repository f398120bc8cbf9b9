"""The main window wires in service recovery, other desktops' changes and the office jobs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.main_window import MainWindow
from models.services.actor import Actor
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot, db_path, tmp_path, **kwargs):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat)
    window = MainWindow(Actor("owner", "owner"), lambda: NOW, settings, sound=False, **kwargs)
    qtbot.addWidget(window)
    window.start()
    return window


def test_recovery_tabs_sit_beside_the_board(qtbot, db_path, tmp_path):
    window = _window(qtbot, db_path, tmp_path)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Board", "Rewards", "Complaints", "Follow-ups", "Week"]
    window.close()


def test_a_truck_added_by_another_process_appears_without_a_click(qtbot, db_path, tmp_path):
    window = _window(qtbot, db_path, tmp_path, db_target=str(db_path))
    assert window.truck_filter.findText("Truck from elsewhere") == -1
    env = dict(os.environ, ONTIME_PASSWORD="owner-pass", ONTIME_NOW="2026-11-23T18:00:00Z")
    done = subprocess.run([sys.executable, "main.py", "--db", str(db_path), "add-truck",
                           "Truck from elsewhere"], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: window.truck_filter.findText("Truck from elsewhere") >= 0,
                    timeout=3000)
    window.close()


def test_offline_refuses_changes_with_a_clear_message_and_recovers(qtbot, db_path, tmp_path,
                                                                    monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = _window(qtbot, db_path, tmp_path, db_target=str(db_path))
    messages = []
    window.controller.failed.connect(messages.append)
    window.on_connection_lost("server closed the connection")
    assert window.offline_label.isVisibleTo(window)
    assert window.controller.arrive(1) is False
    assert "cannot be reached" in messages[-1] and shown == messages
    window.on_connection_restored()
    assert not window.offline_label.isVisibleTo(window)
    assert not window.controller.offline
    window.close()


def test_the_job_dialog_shows_what_the_guarantee_owes(qtbot, db_path):
    import datetime as dt

    from desktop.dialogs.jobs import JobEditDialog
    from models.queries.day import day_jobs
    from models.services.guarantee import evaluate
    from tests import factories

    truck = factories.truck()
    customer = factories.customer().id
    late = factories.job(truck, customer, dt.date(2026, 11, 23), "10:00",
                         booked_at=NOW - dt.timedelta(days=1))  # ended 11:00, now is 12:00
    evaluate(NOW)
    row = next(j for j in day_jobs(dt.date(2026, 11, 23), NOW) if j.job_id == late)
    dialog = JobEditDialog(row, save=lambda *a: None)
    qtbot.addWidget(dialog)
    assert "Tier 2 reward" in dialog.reward.text() and "75.00" in dialog.reward.text()

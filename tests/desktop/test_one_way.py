"""Days and money are written one way on the board: status bar, tabs, dialogs, hover card."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QLabel

from desktop.dialogs.jobs import JobEditDialog, MoveDialog, StampTimeDialog
from desktop.hover_card import card_rows
from tests.desktop.conftest import job_row

WHEN = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d$")


def late_ben(window, day_jobs_ids, clock, now):
    """Ben's 11:00-12:00 job still not arrived at 12:40: a tier-1 reward and a complaint."""
    clock.set(now + dt.timedelta(minutes=40))
    window.controller.sweep()
    return job_row(window, day_jobs_ids["ben"])


def test_status_bar_and_hover_card(window, day_jobs_ids, clock, now):
    ben = late_ben(window, day_jobs_ids, clock, now)
    assert "Rewards earned today: 1 ($25.00)" in window.summary.text()
    rows = dict(card_rows(ben, "America/Chicago", "$"))
    assert rows["Price"] == "$150.00"
    assert rows["Window"].startswith("Mon 23 Nov 2026 11:00–12:00")
    assert "($25.00)" in rows["Reward"]


def test_tabs_write_days_and_money_one_way(window, day_jobs_ids, clock, now):
    late_ben(window, day_jobs_ids, clock, now)
    rewards, complaints = (dict(window.recovery)[t] for t in ("Rewards", "Complaints"))
    for tab in (rewards, complaints):
        window.tabs.setCurrentWidget(tab)
        tab.refresh()
    texts = [rewards.model.data(rewards.model.index(0, c)) for c in
             range(rewards.model.columnCount())]
    assert "$25.00" in texts
    opened = complaints.model.data(complaints.model.index(0, 1))
    assert WHEN.match(opened), opened


def test_dialogs_write_the_day_one_way(qtbot, window, day_jobs_ids, now):
    ana = job_row(window, day_jobs_ids["ana"])
    for dialog in (MoveDialog(ana, window.controller.trucks, "America/Chicago", window),
                   StampTimeDialog(ana, "arrival", "America/Chicago", now, window),
                   JobEditDialog(ana, window.controller.edit, window)):
        qtbot.addWidget(dialog)
        words = " ".join(label.text() for label in dialog.findChildren(QLabel))  # form rows too
        assert "Mon 23 Nov 2026" in words, type(dialog).__name__
        assert "2026-11-23" not in words
    move = MoveDialog(ana, window.controller.trucks, "America/Chicago", window)
    qtbot.addWidget(move)
    assert move.day.text() == "Mon 23 Nov 2026"
    assert window.date_edit.text() == "Mon 23 Nov 2026"

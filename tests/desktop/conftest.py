"""Fixtures for the board: a day of jobs, an adjustable clock, a real window."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories

UTC = dt.timezone.utc
DAY = dt.date(2026, 11, 23)  # NOW is 12:00 in America/Chicago on this day


class Clock:
    """A clock the test moves by hand; the window reads it like the real one."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> None:
        self.at = at


@pytest.fixture
def clock(now):
    return Clock(now)


@pytest.fixture
def day_jobs_ids(db_path, now):
    """Two trucks; Ana's 13:00 job on truck 1, Ben's 11:00 job (late now) on truck 2."""
    booked = now - dt.timedelta(days=2)
    t1 = factories.truck("Truck 1", "Sam & Lee", now=booked)
    t2 = factories.truck("Truck 2", "Kim & Jo", now=booked)
    ana = factories.customer("Ana Ñúñez", "555-0101", "1 Elm St", now=booked)
    ben = factories.customer("Ben Okafor", "555-0102", "2 Oak St", now=booked)
    j1 = factories.job(t1, ana.id, DAY, "13:00", booked_at=booked)
    j2 = factories.job(t2, ben.id, DAY, "11:00", booked_at=booked)
    return {"t1": t1, "t2": t2, "ana": j1, "ben": j2}


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat)


@pytest.fixture
def window(qtbot, day_jobs_ids, owner, clock, settings):
    from desktop.main_window import MainWindow

    win = MainWindow(owner, clock, settings, sound=False, refresh_ms=3_600_000,
                     sweep_ms=3_600_000)
    qtbot.addWidget(win)
    win.resize(1300, 700)
    win.show()
    win.start()
    qtbot.waitExposed(win)
    yield win
    win.realtime.stop()


def job_row(window, job_id):
    return window.controller.job(job_id)


def click_bar(qtbot, window, job_id):
    from PySide6.QtCore import Qt

    rect = window.board.bar_rect(job_id)
    assert rect is not None, f"job {job_id} is not on the board"
    window.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 50, 50)
    qtbot.mouseClick(window.board, Qt.LeftButton, pos=rect.center().toPoint())
    assert window.board.selected == job_id


def pytest_collection_modifyitems(config, items):
    """The offscreen platform warns that it cannot pass size hints on; that is not our bug."""
    for item in items:
        if "tests/desktop" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(
                "This plugin does not support"))

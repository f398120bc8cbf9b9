"""The dashboard's Durations tab: booked against real for the period, and adopting a
service's suggested booking (confirmed in a dialog that says what changes; Escape, Cancel and
Enter change nothing; a dispatcher is refused by the service). Service names come from
tests/data/blns.txt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.dashboard import open_dashboard
from desktop.dashboard.adopt_duration import AdoptDurationDialog
from desktop.dashboard.durations_tab import COL_NOW, COL_SUGGESTED, DurationsTab
from models.integrity import check
from models.reports.period import DateRange
from models.schema import AuditEntry, Setting
from models.services import jobs, service_durations, stamps
from tests import factories

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

UTC = dt.timezone.utc
BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"
STRINGS = [line.strip() for line in BLNS.read_text(encoding="utf-8").split("\n")
           if line.strip() and not line.startswith("#") and len(line.strip()) <= 60]
KINDS = (lambda t: any(ord(c) > 0x1F000 for c in t),  # emoji
         lambda t: any(0x0590 <= ord(c) <= 0x06FF for c in t),  # right to left
         lambda t: "<script" in t.lower(),  # markup
         lambda t: t.startswith(("=", "@", "+")))  # a spreadsheet formula
NAMES = [next(t for t in STRINGS if kind(t)) for kind in KINDS]
FIRST = dt.date(2026, 11, 2)
LONG_JOBS = 20  # booked 120 min, really 150: the suggestion is 135 (half-way believed)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Chicago wall-clock time on ``day`` (standard time in November: UTC-6)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) + \
        dt.timedelta(hours=6)


def _book_and_stamp(truck_id, customer_id, day, service, duration, real_minutes) -> None:
    draft = jobs.JobDraft(customer_id, truck_id, day, dt.time(9, 0), service=service,
                          duration_minutes=duration)
    job_id = jobs.book(draft, factories.OWNER, _at(day, 9) - dt.timedelta(days=2)).job_id
    stamps.arrive(job_id, _at(day, 9), factories.OWNER, _at(day, 9))
    done = _at(day, 9) + dt.timedelta(minutes=real_minutes)
    stamps.complete(job_id, done, factories.OWNER, done)


def make_history(owner, service: str) -> None:
    """``service`` runs 150 min on truck A while its default books 120; Carpet runs as
    booked (90) on truck B."""
    booked = _at(FIRST, 9) - dt.timedelta(days=5)
    a = factories.truck("Truck A", "Ana", now=booked)
    b = factories.truck("Truck B", "Ben", now=booked)
    customer = factories.customer("Zoë Ñúñez", now=booked).id
    service_durations.set_default(service, 120, owner, booked)
    for i in range(LONG_JOBS):
        day = FIRST + dt.timedelta(days=i)
        _book_and_stamp(a, customer, day, service, None, 150)  # the default books it
        if i % 3 == 0:
            _book_and_stamp(b, customer, day, "Carpet", 90, 90)


@pytest.fixture(params=NAMES, ids=range(len(NAMES)))
def service(request) -> str:
    return request.param


@pytest.fixture
def window(qtbot, db_path, owner, now, service):
    make_history(owner, service)
    win = open_dashboard(None, owner, lambda: now)
    qtbot.addWidget(win)
    win.tabs.setCurrentWidget(win.durations_tab)
    return win


def service_row(tab: DurationsTab, service: str) -> int:
    return next(i for i, r in enumerate(tab.rows) if r[0] == service and not r[1])


def cell(tab: DurationsTab, row: int, col: int) -> str:
    return tab.table.item(row, col).text()


def facts() -> tuple:
    return (sorted((s.key, s.value) for s in Setting.select()), AuditEntry.select().count())


def answer(qtbot, button: str | None = None, key=None) -> dict:
    """Look at the question when it opens, then click ``button`` or press ``key`` on it."""
    seen: dict = {}

    def look():
        box = QApplication.activeModalWidget()
        seen["box"] = box
        seen["text"] = box.findChild(QLabel, "question").text()
        seen["default"] = [b.objectName() for b in box.findChildren(QPushButton)
                           if b.isDefault()]
        if key is not None:
            qtbot.keyClick(box, key)
            seen["still_open"] = box.isVisible()
            if box.isVisible():
                box.reject()
        else:
            qtbot.mouseClick(box.findChild(QPushButton, button), Qt.LeftButton)
    QTimer.singleShot(0, look)
    return seen


def test_the_tab_shows_service_and_truck_rows_for_the_period(window, service):
    tab = window.durations_tab
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Durations"
    assert tab.rng == window.data.rng
    services = [r[0] for r in tab.rows if not r[1]]
    assert sorted(services) == sorted(["Carpet", service])
    pairs = {(r[0], r[1]) for r in tab.rows if r[1]}
    assert pairs == {(service, "Truck A"), ("Carpet", "Truck B")}
    i = service_row(tab, service)
    assert cell(tab, i, 0) == service
    assert [cell(tab, i, c) for c in (2, 3, 4, 5)] == [str(LONG_JOBS), "120", "150", "150"]
    assert cell(tab, i, COL_SUGGESTED) == "135" and cell(tab, i, COL_NOW) == "120 min"
    carpet = service_row(tab, "Carpet")
    assert cell(tab, carpet, COL_NOW) == "90 min (default)"
    window.set_range(DateRange(dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    assert tab.rows == []  # nothing stamped in October


def test_adopting_the_suggestion_asks_then_changes_the_default_and_the_table(
        qtbot, window, service, now):
    tab = window.durations_tab
    tab.table.selectRow(service_row(tab, service))
    assert tab.adopt.isEnabled()
    assert tab.adopt.text().startswith("Use the suggested booking for ")
    seen = answer(qtbot, "use")
    qtbot.mouseClick(tab.adopt, Qt.LeftButton)
    assert isinstance(seen["box"], AdoptDurationDialog) and seen["default"] == []
    assert seen["text"] == (f"New jobs of {service} will be booked for 135 min instead of "
                            "120; jobs already booked keep theirs.")
    assert service_durations.default_for(service) == 135
    i = service_row(tab, service)
    assert cell(tab, i, COL_NOW) == "135 min" and cell(tab, i, 3) == "120"
    assert not tab.adopt.isEnabled()  # booked as suggested now
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.by, entry.entity, entry.entity_id) == ("owner", "service_duration", service)
    assert check() == []


def test_nothing_to_adopt_on_a_service_booked_right_or_a_truck_row(qtbot, window):
    tab = window.durations_tab
    tab.table.selectRow(service_row(tab, "Carpet"))
    assert not tab.adopt.isEnabled()
    tab.table.selectRow([r[1] for r in tab.rows].index("Truck A"))  # a truck row
    assert not tab.adopt.isEnabled()


@pytest.mark.parametrize("how", ["cancel", Qt.Key_Escape, Qt.Key_Return])
def test_cancel_escape_and_enter_change_nothing(qtbot, window, service, how):
    tab = window.durations_tab
    tab.table.selectRow(service_row(tab, service))
    before = facts()
    seen = answer(qtbot, how) if how == "cancel" else answer(qtbot, key=how)
    qtbot.mouseClick(tab.adopt, Qt.LeftButton)
    assert seen["box"] is not None
    if how == Qt.Key_Return:
        assert seen["still_open"]  # Enter picks nothing
    assert facts() == before
    assert cell(tab, service_row(tab, service), COL_NOW) == "120 min"


def test_a_dispatcher_is_refused_by_the_service(qtbot, db_path, owner, dispatcher, now,
                                                service):
    make_history(owner, service)
    tab = DurationsTab(dispatcher, lambda: now)
    qtbot.addWidget(tab)
    tab.set_range(DateRange(dt.date(2026, 11, 1), dt.date(2026, 11, 23)))
    tab.show()
    tab.table.selectRow(service_row(tab, service))
    before = facts()
    answer(qtbot, "use")
    qtbot.mouseClick(tab.adopt, Qt.LeftButton)
    assert "Only an owner" in tab.error.text() and tab.error.isVisible()
    assert facts() == before
    assert cell(tab, service_row(tab, service), COL_NOW) == "120 min"

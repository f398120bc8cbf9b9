"""Follow-up reminders: overdue at start, on time in the future, never twice, rebuilt from rows."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.recovery.followups_panel import FollowUpsPanel
from desktop.recovery.reminders import FollowUpReminders
from models.schema import FollowUp
from models.services import complaints, followups
from tests.conftest import NOW

UTC = dt.timezone.utc


class ShiftedClock:
    """The real clock moved to a chosen instant: it keeps running, as the app's does."""

    def __init__(self, at: dt.datetime) -> None:
        self.offset = at - dt.datetime.now(UTC)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(UTC) + self.offset


@pytest.fixture
def follow_up(late_day, dispatcher) -> FollowUp:
    cid = late_day.complaint.id
    complaints.tick_step(cid, 4, dispatcher, NOW, {"resolution": "Re-clean on Friday"})
    return FollowUp.get_by_id(complaints.resolve(cid, dispatcher, NOW))


@pytest.fixture
def make(qtbot):
    made: list[FollowUpReminders] = []

    def build(clock) -> FollowUpReminders:
        reminders = FollowUpReminders(clock, sweep_ms=3_600_000)
        made.append(reminders)
        return reminders

    yield build
    for reminders in made:
        reminders.stop()


def test_due_while_closed_is_announced_at_start(qtbot, make, follow_up):
    reminders = make(ShiftedClock(follow_up.due_at + dt.timedelta(hours=20)))
    with qtbot.waitSignal(reminders.due, timeout=1000) as fired:
        reminders.start()
    assert [r.follow_up_id for r in fired.args[0]] == [follow_up.id]
    assert reminders.planned() == []  # nothing left in the future


def test_future_one_fires_at_its_time_and_only_once(qtbot, make, follow_up):
    reminders = make(ShiftedClock(follow_up.due_at - dt.timedelta(milliseconds=400)))
    seen: list[list] = []
    reminders.due.connect(seen.append)
    reminders.start()
    assert seen == [] and reminders.planned() == [f"follow-up-{follow_up.id}"]
    assert reminders.scheduler.timer_active
    with qtbot.waitSignal(reminders.due, timeout=3000):
        pass
    assert [r.follow_up_id for batch in seen for r in batch] == [follow_up.id]
    reminders.on_sweep()  # a sweep after the wake-up sees it due again: not announced again
    reminders.check()
    assert len(seen) == 1 and reminders.planned() == []


def test_moved_call_is_planned_again_and_done_call_is_dropped(qtbot, make, follow_up,
                                                              dispatcher):
    clock = ShiftedClock(NOW)
    reminders = make(clock)
    reminders.start()
    assert reminders.planned() == [f"follow-up-{follow_up.id}"]
    new_due = NOW + dt.timedelta(days=5)
    followups.reschedule(follow_up.id, new_due, "Away this week", dispatcher, NOW)
    reminders.on_sweep()
    job = reminders.scheduler.get_job(f"follow-up-{follow_up.id}")
    expected = dt.datetime.now(UTC) + (new_due - clock())
    assert abs((job.next_run_time - expected).total_seconds()) < 2
    followups.done(follow_up.id, "", dispatcher, NOW)
    reminders.on_sweep()
    assert reminders.planned() == []


def test_panel_shows_the_reminder(qtbot, make, follow_up, dispatcher):
    clock = ShiftedClock(follow_up.due_at + dt.timedelta(minutes=5))
    reminders = make(clock)
    panel = FollowUpsPanel(dispatcher, clock, reminders=reminders)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.reminded, timeout=1000) as shown:
        reminders.start()
    assert "Zoë Ñúñez" in shown.args[0] and "Zoë Ñúñez" in panel.alert.text()
    assert [r.key for r in panel.model.rows] == [follow_up.id]


def test_stop_leaves_no_timer_running(make, follow_up):
    reminders = make(ShiftedClock(NOW))
    reminders.start()
    assert reminders.scheduler.timer_active
    reminders.stop()
    assert not reminders.scheduler.timer_active and not reminders.sweep.isActive()


def test_panel_moves_and_finishes_a_call(qtbot, follow_up, dispatcher):
    clock = ShiftedClock(NOW)
    panel = FollowUpsPanel(dispatcher, clock)
    qtbot.addWidget(panel)
    panel.view.selectRow(0)
    panel.move_reason.setText("Customer asked for Monday")
    panel.move_button.click()
    moved = FollowUp.get_by_id(follow_up.id).due_at
    assert abs((moved - (clock() + dt.timedelta(days=1))).total_seconds()) < 60
    panel.view.selectRow(0)
    panel.done_button.click()
    assert FollowUp.get_by_id(follow_up.id).done_by == "dana"
    assert panel.model.rows == []

"""Service recovery in the app: rewards, complaints and follow-up calls (tabs for the window)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from models.services.actor import Actor


def recovery_tabs(actor: Actor, clock: Callable[[], dt.datetime]
                  ) -> list[tuple[str, QWidget]]:
    """("Rewards", …), ("Complaints", …), ("Follow-ups", …) for the main window's tabs.

    The follow-ups panel starts its reminders (they announce overdue calls at once); call
    ``panel.reminders.stop()`` when the window closes.
    """
    from desktop.recovery.complaints_workspace import ComplaintsWorkspace
    from desktop.recovery.followups_panel import FollowUpsPanel
    from desktop.recovery.reminders import FollowUpReminders
    from desktop.recovery.rewards_view import RewardsView

    rewards = RewardsView(actor, clock)
    workspace = ComplaintsWorkspace(actor, clock)
    reminders = FollowUpReminders(clock)
    panel = FollowUpsPanel(actor, clock, reminders=reminders)
    reminders.setParent(panel)
    # One changes what another shows: a resolved complaint adds a call, a redeemed
    # certificate changes a reward, a call done ticks a step.
    workspace.changed.connect(panel.refresh)
    workspace.changed.connect(rewards.refresh)
    rewards.changed.connect(workspace.refresh)
    panel.changed.connect(workspace.refresh)
    reminders.start()
    return [("Rewards", rewards), ("Complaints", workspace), ("Follow-ups", panel)]

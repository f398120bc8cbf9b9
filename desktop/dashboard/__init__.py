"""The owner's dashboard: figures, charts, the jobs behind a bar, CSV and PDF."""

from __future__ import annotations

from desktop.dashboard.window import DashboardWindow, open_dashboard

__all__ = ["DashboardWindow", "open_dashboard"]

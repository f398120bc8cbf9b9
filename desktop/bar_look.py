"""What a job bar says and which colours it wears, from a DayJob: text always carries the state."""

from __future__ import annotations

from dataclasses import dataclass

from models.queries.day import DayJob
from models.timefmt import format_clock

# (fill, border, text) per state; text colour chosen for contrast on the fill.
PALETTE: dict[str, tuple[str, str, str]] = {
    "scheduled": ("#dbeafe", "#2563eb", "#0f172a"),
    "at_risk": ("#fde68a", "#b45309", "#422006"),
    "late": ("#fecaca", "#b91c1c", "#450a0a"),
    "late_tier": ("#dc2626", "#7f1d1d", "#ffffff"),
    "not_recorded": ("#e9d5ff", "#7e22ce", "#3b0764"),
    "arrived_early": ("#bbf7d0", "#15803d", "#052e16"),
    "arrived_on_time": ("#bbf7d0", "#15803d", "#052e16"),
    "arrived_late": ("#fed7aa", "#c2410c", "#431407"),
    "completed": ("#e5e7eb", "#6b7280", "#374151"),
    "rescheduled": ("#f3f4f6", "#9ca3af", "#6b7280"),
    "cancelled": ("#f3f4f6", "#9ca3af", "#6b7280"),
}


# What a bar too narrow for words shows (with its colour); the legend explains each.
ICONS = {"scheduled": "\u2022", "en_route": "\u2192", "at_risk": "!", "late": "\u23f0",
         "not_recorded": "?", "arrived": "\u2713", "completed": "\u2714",
         "rescheduled": "\u21b7", "cancelled": "\u2715"}


def icon_of(job: DayJob) -> str:
    if job.state == "scheduled" and job.en_route_at is not None:
        return ICONS["en_route"]
    if job.state.startswith("arrived_"):
        return ICONS["arrived"]
    return ICONS.get(job.state, ICONS["scheduled"])


@dataclass(frozen=True)
class BarLook:
    fill: str
    border: str
    ink: str
    title: str  # customer
    subtitle: str  # service
    status: str  # the state in words
    hatched: bool
    perfect: bool
    icon: str = ""  # shown instead of the words on a narrow bar


def status_text(job: DayJob, tz: str) -> str:
    """The state in plain words, with the numbers a dispatcher needs."""
    state = job.state
    if state == "scheduled":
        if job.en_route_at is not None:
            return f"On the way since {format_clock(job.en_route_at, tz)}"
        return "Scheduled"
    if state == "at_risk":
        if job.predicted_arrival is not None and job.predicted_arrival > job.window_end:
            return f"At risk · ETA {format_clock(job.predicted_arrival, tz)}"
        return f"At risk · ends {format_clock(job.window_end, tz)}"
    if state == "late":
        text = f"LATE {job.minutes_late or 0} min"
        return text + (f" · tier {job.tier}" if job.tier else "")
    if state == "not_recorded":
        return "Arrival not recorded"
    if state == "arrived_early":
        return f"Arrived early {format_clock(job.arrived_at, tz)}"
    if state == "arrived_on_time":
        return f"Arrived on time {format_clock(job.arrived_at, tz)}"
    if state == "arrived_late":
        text = f"Arrived {job.minutes_late} min late {format_clock(job.arrived_at, tz)}"
        return text + (f" · tier {job.tier}" if job.tier else "")
    if state == "completed":
        return f"Completed {format_clock(job.completed_at, tz)}"
    if state == "rescheduled":
        return "Rescheduled"
    if state == "cancelled":
        return "Cancelled"
    return state


def look(job: DayJob, tz: str) -> BarLook:
    key = "late_tier" if job.state == "late" and job.tier else job.state
    fill, border, ink = PALETTE.get(key, PALETTE["scheduled"])
    subtitle = job.service or "—"
    if job.free:
        subtitle += " · FREE"
    return BarLook(fill, border, ink, job.customer, subtitle, status_text(job, tz),
                   job.state in ("rescheduled", "cancelled"), job.make_visit_perfect,
                   icon_of(job))


def severity(job: DayJob) -> tuple:
    """Sort key for the side list: worst first (highest tier, most minutes, then at risk by
    the rewards the forecast expects it to cost, highest first)."""
    if job.state == "late":
        return (0, -(job.tier or 0), -(job.minutes_late or 0), job.window_end)
    return (1, 0, -(job.expected_cost or 0.0), job.window_end)

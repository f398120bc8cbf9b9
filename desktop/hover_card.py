"""The hover card: everything about one job, for bars too narrow to say it all."""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.bar_look import PALETTE, status_text
from models.display import day_text, money_text
from models.queries.day import DayJob
from models.timefmt import format_clock


def card_rows(job: DayJob, tz: str, currency: str, forecast=None) -> list[tuple[str, str]]:
    """(label, value) pairs, plain text, in the order a dispatcher reads them; ``forecast``
    (models.forecast_db.day.Forecast) is what was learned about a job still to arrive."""
    window = f"{format_clock(job.window_start, tz)}–{format_clock(job.window_end, tz)}"
    price = money_text(job.price, currency) + (" — FREE (rescheduled by us)"
                                               if job.free else "")
    rows = [("Customer", job.customer), ("Address", job.address or "—"),
            ("Phone", job.phone or "—"), ("Service", job.service or "—"), ("Price", price),
            ("Window", f"{day_text(job.local_date)} {window} · {job.truck or 'no truck yet'}"),
            ("State", status_text(job, tz))]
    stamps = [f"on the way {format_clock(job.en_route_at, tz)}" if job.en_route_at else "",
              f"arrived {format_clock(job.arrived_at, tz)}" if job.arrived_at else "",
              f"completed {format_clock(job.completed_at, tz)}" if job.completed_at else ""]
    rows.append(("Stamps", ", ".join(s for s in stamps if s) or "none yet"))
    if job.minutes_late:
        rows.append(("Late", f"{job.minutes_late} min"))
    reward = "none"
    if job.tier:
        reward = f"tier {job.tier}: {job.reward_wording} ({money_text(job.reward_value, currency)})"
        if job.certificate_code:
            reward += f"; certificate {job.certificate_code} to deliver"
    if job.free:
        reward = ("the new job is free" if reward == "none"
                  else reward + "; the new job is free")
    rows.append(("Reward", reward))
    if job.arrived_at is None and job.status not in ("cancelled", "rescheduled"):
        if forecast is not None:
            rows += learned_rows(forecast, tz, currency)
        elif job.predicted_arrival is not None:
            rows.append(("Forecast", f"arrival about {format_clock(job.predicted_arrival, tz)}"))
    if job.make_visit_perfect:
        rows.append(("★", "make this visit perfect (a recent complaint)"))
    if job.notes:
        rows.append(("Notes", job.notes))
    rows.append(("Job", f"{job.job_id}" + (f" · {job.external_id}" if job.external_id else "")))
    return rows


def learned_rows(forecast, tz: str, currency: str) -> list[tuple[str, str]]:
    """The learned forecast in words: when, how sure, the chance of being late, and why."""
    when = (f"arrival about {format_clock(forecast.p50, tz)} (8 in 10 between "
            f"{format_clock(forecast.p10, tz)} and {format_clock(forecast.p90, tz)})")
    chance = f"{round(forecast.p_late * 100)} %"
    if forecast.expected_cost >= 0.005:
        chance += f"; rewards it may cost: {money_text(forecast.expected_cost, currency)}"
    return [("Forecast", when), ("Chance late", chance), ("Why", forecast.why)]


def card_html(job: DayJob, tz: str, currency: str, forecast=None) -> str:
    fill, border, _ink = PALETTE.get("late_tier" if job.state == "late" and job.tier
                                     else job.state, PALETTE["scheduled"])
    lines = "".join(
        f"<tr><td style='color:#475569; padding-right:8px'>{html.escape(label)}</td>"
        f"<td>{html.escape(value)}</td></tr>" for label, value in card_rows(job, tz, currency,
                                                                       forecast))
    return (f"<div style='background:{fill}; border-left:4px solid {border}; padding:2px'>"
            f"<b>{html.escape(job.customer)}</b> — {html.escape(status_text(job, tz))}</div>"
            f"<table cellspacing='0' cellpadding='1'>{lines}</table>")


class HoverCard(QFrame):
    """A small frameless card that follows the pointer over the board; never takes focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.ToolTip | Qt.FramelessWindowHint)
        self.setObjectName("hoverCard")
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WA_StyledBackground, True)  # a top-level frame: else no border
        self.setFrameShape(QFrame.Box)
        self.setStyleSheet("#hoverCard { background: #ffffff; border: 1px solid #64748b; "
                           "border-radius: 3px; }")
        self.label = QLabel(self)
        self.label.setObjectName("hoverText")
        self.label.setTextFormat(Qt.RichText)
        self.label.setWordWrap(True)
        self.label.setMaximumWidth(380)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.label)
        self.job_id = 0

    def show_job(self, job: DayJob, tz: str, currency: str, where: QPoint,
                 forecast=None) -> None:
        self.job_id = job.job_id
        self.label.setText(card_html(job, tz, currency, forecast))
        self.adjustSize()
        self.move(where + QPoint(14, 18))
        self.show()

    def text(self) -> str:
        """The card as plain text (what a screen reader or a test reads)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.label.text())
        return doc.toPlainText()

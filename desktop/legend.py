"""Help → Legend: what the board's colours, marks and bar shapes mean."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QWidget

from desktop.bar_look import ICONS, PALETTE, BarLook
from desktop.bar_painter import MARGIN, BarPainter, BarText
from desktop.forecast_band import LEGEND_WORDS, legend_sample

SAMPLE_W, SAMPLE_H = 120, 30

# (palette key, icon key, hatched, perfect, tick, words)
ENTRIES = [
    ("scheduled", "scheduled", False, False, False,
     "Scheduled: the crew has not left yet (\u2192 on a narrow bar: on the way)."),
    ("at_risk", "at_risk", False, False, False,
     "At risk: the window closes soon or the forecast says the crew will be late."),
    ("late", "late", False, False, False, "Late: past the window, no arrival yet."),
    ("late_tier", "late", False, False, False,
     "Late enough for a reward (the tier is on the bar and in the hover card)."),
    ("arrived_on_time", "arrived", False, False, True,
     "Arrived early or on time; the black pin marks the moment of arrival."),
    ("arrived_late", "arrived", False, False, True, "Arrived late; the pin is after the window."),
    ("completed", "completed", False, False, False, "Completed."),
    ("not_recorded", "not_recorded", False, False, False,
     "Arrival not recorded by the end of the day: the office must settle it."),
    ("scheduled", "scheduled", False, True, False,
     "Dashed gold edge and \u2605: make this visit perfect (the customer had a complaint)."),
    ("cancelled", "cancelled", True, False, False, "Hatched: cancelled."),
    ("rescheduled", "rescheduled", True, False, False,
     "Thin hatched strip at the bottom of a lane: the old window of a rescheduled job."),
]


def sample(painter: BarPainter, key: str, icon: str, hatched: bool, perfect: bool,
           tick: bool, ratio: float) -> QPixmap:
    fill, border, ink = PALETTE[key]
    look = BarLook(fill, border, ink, "Customer", "", "", hatched, perfect, ICONS[icon])
    height = 8 if key == "rescheduled" else SAMPLE_H
    picture = painter.picture(SAMPLE_W, height, look, BarText("", "", ""), ratio)
    if tick:
        p = QPainter(picture)
        p.setRenderHint(QPainter.Antialiasing, True)
        painter.draw_tick(p, QRectF(MARGIN, MARGIN + 3, SAMPLE_W, height - 6), MARGIN + 40)
        p.end()
    return picture


class LegendDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setWindowTitle("Legend — the dispatch board")
        painter = BarPainter(self.font())
        grid = QGridLayout(self)
        ratio = self.devicePixelRatioF()
        for row, (key, icon, hatched, perfect, tick, words) in enumerate(ENTRIES):
            picture = QLabel(self)
            picture.setPixmap(sample(painter, key, icon, hatched, perfect, tick, ratio))
            text = QLabel(words, self)
            text.setWordWrap(True)
            text.setMinimumWidth(360)
            grid.addWidget(picture, row, 0, Qt.AlignVCenter)
            grid.addWidget(text, row, 1)
        band = QLabel(self)
        band.setObjectName("legend-band")
        band.setPixmap(legend_sample(painter, SAMPLE_W, SAMPLE_H, ratio))
        grid.addWidget(band, len(ENTRIES), 0, Qt.AlignVCenter)
        words = QLabel(LEGEND_WORDS, self)
        words.setWordWrap(True)
        grid.addWidget(words, len(ENTRIES), 1)
        extra = QLabel("The red vertical line is now. Hover over a bar for the whole job; "
                       "a bar too narrow for words shows only its symbol and colour.", self)
        extra.setWordWrap(True)
        grid.addWidget(extra, len(ENTRIES) + 1, 0, 1, 2)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.rejected.connect(self.reject)
        grid.addWidget(close, len(ENTRIES) + 2, 0, 1, 2)

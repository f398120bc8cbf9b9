"""The forecast's band: a light strip behind an unarrived bar's row, from the p10 to the p90
of its predicted arrival (8 arrivals in 10 fall inside). Its rectangle is worked out at
layout from the data of the last reload; painting only fills it."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from desktop.bar_painter import color
from models.queries.day import DayJob

BAND_FILL = "#dbeafe"  # light blue: information, not an alarm
BAND_EDGE = "#93c5fd"
MIN_WIDTH = 2.0  # a very sure forecast still shows as a line


def band_rect(job: DayJob, bar: QRectF, to_x) -> QRectF | None:
    """p10..p90 on the time axis, the height of the bar's row; None when the job has no
    forecast or has arrived."""
    if job.band is None or job.arrived_at is not None:
        return None
    x10, x90 = to_x(job.band[0]), to_x(job.band[1])
    return QRectF(x10, bar.top(), max(MIN_WIDTH, x90 - x10), bar.height())


def draw_bands(p: QPainter, bands: list[QRectF], clip: QRectF) -> None:
    fill, edge = color(BAND_FILL), color(BAND_EDGE)
    p.setPen(edge)
    p.setBrush(fill)
    for rect in bands:
        if rect.intersects(clip):
            p.drawRect(rect)


LEGEND_WORDS = ("Light blue band behind a bar still to come: when the crew will likely arrive, "
                "learned from this company's own stamps — 8 arrivals in 10 fall inside it "
                "(from the earliest likely to the latest likely). A band reaching past the "
                "bar's end means the crew may be late; at risk means a late arrival is at "
                "least an even chance, or the window ends within 15 minutes.")


def legend_sample(painter, width: float, height: float, ratio: float):
    """A scheduled bar with its band reaching past its end, for Help → Legend."""
    from PySide6.QtGui import QPixmap

    from desktop.bar_look import ICONS, PALETTE, BarLook
    from desktop.bar_painter import MARGIN, BarText

    pixmap = QPixmap(int((width + 2 * MARGIN) * ratio) + 1, int((height + 2 * MARGIN) * ratio)
                     + 1)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(color("#ffffff"))
    p = QPainter(pixmap)
    bar_w = width * 0.55
    draw_bands(p, [QRectF(MARGIN + width * 0.3, MARGIN, width * 0.7 - 1, height)],
               QRectF(0, 0, width + 2 * MARGIN, height + 2 * MARGIN))
    fill, border, ink = PALETTE["scheduled"]
    bar = painter.picture(bar_w, height, BarLook(fill, border, ink, "Customer", "", "", False,
                                                 False, ICONS["scheduled"]),
                          BarText("", "", ""), ratio)
    p.drawPixmap(0, 0, bar)
    p.end()
    return pixmap

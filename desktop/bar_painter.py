"""Paints one job bar in a rectangle, in small steps (fill, text, arrival tick, badges)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap

from desktop.bar_look import BarLook

PAD = 5.0
NARROW = 56.0  # below this width a bar shows its state's symbol instead of words
MARGIN = 2.0
_colors: dict[str, QColor] = {}


def color(name: str) -> QColor:
    """Cached QColor: parsing a colour name on every paint costs more than drawing it."""
    found = _colors.get(name)
    if found is None:
        found = _colors[name] = QColor(name)
    return found


@dataclass(frozen=True)
class BarText:
    """The bar's lines, already elided to its width (done once per layout, not per paint)."""

    title: str
    subtitle: str
    status: str


def elide(look: BarLook, width: float, bold: QFontMetrics, plain: QFontMetrics) -> BarText:
    room = max(0, int(width - 2 * PAD))
    title = ("★ " if look.perfect else "") + look.title
    return BarText(bold.elidedText(title, Qt.ElideRight, room),
                   plain.elidedText(look.subtitle, Qt.ElideRight, room),
                   bold.elidedText(look.status, Qt.ElideRight, room))


class BarPainter:
    """Knows how a job bar looks; the board only tells it where."""

    def __init__(self, font: QFont) -> None:
        self.plain = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.plain_metrics = QFontMetrics(self.plain)
        self.bold_metrics = QFontMetrics(self.bold)
        self.line = self.plain_metrics.height()

    def paint(self, p: QPainter, rect: QRectF, look: BarLook, text: BarText,
              tick_x: float | None, selected: bool) -> None:
        self._draw_fill(p, rect, look, selected)
        self._draw_text(p, rect, look, text)
        if look.perfect:
            self._draw_perfect(p, rect)
        if tick_x is not None:
            self._draw_tick(p, rect, tick_x, look)

    def picture(self, width: float, height: float, look: BarLook, text: BarText,
                ratio: float) -> QPixmap:
        """The bar drawn once into a pixmap (with a MARGIN all round for its border).

        Text is the slow part of a repaint (about 10 µs a line); a board repaints far more
        often than its jobs change, so bars are drawn from these pictures.
        """
        pixmap = QPixmap(int((width + 2 * MARGIN) * ratio) + 1,
                         int((height + 2 * MARGIN) * ratio) + 1)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.Antialiasing, True)
        rect = QRectF(MARGIN, MARGIN, width, height)
        self._draw_fill(p, rect, look, False)
        self._draw_text(p, rect, look, text)
        if look.perfect:
            self._draw_perfect(p, rect)
        p.end()
        return pixmap

    def draw_selection(self, p: QPainter, rect: QRectF) -> None:
        p.setPen(QPen(color("#111827"), 3.0))
        p.setBrush(Qt.NoBrush)
        p.drawRoundedRect(rect, 4, 4)

    def draw_tick(self, p: QPainter, rect: QRectF, x: float) -> None:
        self._draw_tick(p, rect, x, None)

    def _draw_fill(self, p: QPainter, rect: QRectF, look: BarLook, selected: bool) -> None:
        p.setPen(QPen(color("#111827") if selected else color(look.border),
                      3.0 if selected else 1.2))
        p.setBrush(color(look.fill))
        p.drawRoundedRect(rect, 4, 4)
        if look.hatched:
            p.setBrush(QBrush(color(look.border), Qt.BDiagPattern))
            p.setPen(Qt.NoPen)
            p.drawRoundedRect(rect, 4, 4)

    def _draw_text(self, p: QPainter, rect: QRectF, look: BarLook, text: BarText) -> None:
        if rect.height() < self.line:
            return  # a ghost strip: colour and hatching only
        if rect.width() < NARROW:
            self._draw_icon(p, rect, look)
            return
        p.setPen(color(look.ink))
        x = rect.left() + PAD
        y = rect.top() + PAD + self.bold_metrics.ascent()
        p.setFont(self.bold)
        p.drawText(QPointF(x, y), text.title)
        if rect.height() >= 3 * self.line + PAD:
            p.setFont(self.plain)
            p.drawText(QPointF(x, y + self.line), text.subtitle)
            y += self.line
        p.setFont(self.bold)
        p.drawText(QPointF(x, y + self.line), text.status)

    def _draw_icon(self, p: QPainter, rect: QRectF, look: BarLook) -> None:
        """A bar too narrow for words: its state's symbol, centred (words on hover)."""
        if not look.icon:
            return
        p.setPen(color(look.ink))
        p.setFont(self.bold)
        p.drawText(rect, Qt.AlignCenter, ("\u2605" if look.perfect else "") + look.icon)

    def _draw_tick(self, p: QPainter, rect: QRectF, x: float, look) -> None:
        """The arrival tick: where the crew actually arrived, even outside the window."""
        p.setPen(QPen(color("#111827"), 2.5))
        p.drawLine(QPointF(x, rect.top() - 3), QPointF(x, rect.bottom() + 3))
        p.setBrush(color("#111827"))
        p.drawEllipse(QPointF(x, rect.top() - 3), 3, 3)

    def _draw_perfect(self, p: QPainter, rect: QRectF) -> None:
        p.setPen(QPen(color("#a16207"), 2.0, Qt.DashLine))
        p.setBrush(Qt.NoBrush)
        p.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 3, 3)

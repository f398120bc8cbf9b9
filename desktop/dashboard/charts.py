"""QtCharts views of the dashboard's figures; each bar chart reports which bar was clicked."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter

MOST_LABELS = 12  # a time axis labels at most this many of its periods
MOST_LINE_LABELS = 8  # the line chart's labels sit on points, so they need more room


def tick_step(top: float) -> float:
    """A round step for a value axis from 0 to ``top`` with about five whole-number ticks."""
    raw = max(1.0, top / 5)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def short_label(key: str) -> str:
    """A period key as an axis label: '2026-11' -> 'Nov 26', '2026-W46' -> 'W46',
    '2026-11-10' -> '10 Nov'; anything else (a truck's name) as it is."""
    try:
        if len(key) == 7 and key[4] == "-":
            return dt.date.fromisoformat(f"{key}-01").strftime("%b %y")
        if "-W" in key:
            return key.split("-")[1]
        if len(key) == 10:
            return dt.date.fromisoformat(key).strftime("%d %b").lstrip("0")
    except ValueError:
        pass
    return key


def period_labels(keys: list[str]) -> list[str]:
    """Short labels for a run of periods; months name their year only on the first one and
    on each January ('Nov 25', 'Dec', 'Jan 26', 'Feb')."""
    out = []
    for i, key in enumerate(keys):
        label = short_label(key)
        if len(key) == 7 and i and not key.endswith("-01"):
            label = label.split()[0]
        out.append(label)
    return out


def _thinned(labels: list[str], most: int = MOST_LABELS) -> list[str]:
    """Every label when there are few; otherwise every n-th, the others blank."""
    step = max(1, -(-len(labels) // most))
    return [label if i % step == 0 else "" for i, label in enumerate(labels)]


class BarChart(QChartView):
    """A titled bar chart over named categories.

    Signals:
        bar_clicked(int): the index of the category whose bar was clicked.
    """

    bar_clicked = Signal(int)

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self._title = title
        self.categories: list[str] = []
        self.set_data([], [], "")

    def set_data(self, categories: list[str], values: list[float], label: str, *,
                 periods: bool = False) -> None:
        """``periods``: the categories are period keys, labelled short and thinned out."""
        self.categories = list(categories)
        chart = QChart()
        chart.setTitle(self._title)
        chart.legend().hide()
        bars = QBarSet(label)
        bars.append([float(v) for v in values])
        bars.clicked.connect(self.bar_clicked)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        shown = period_labels(categories) if periods else list(categories)
        if periods:  # categories must differ: blanks are told apart by invisible spaces
            shown = [label or "\u200b" * (i + 1) for i, label in enumerate(_thinned(shown))]
        x.append(shown)
        x.setLabelsAngle(-90 if len(categories) > MOST_LABELS and not periods else 0)
        if periods:  # 'Jan 26' fits under a month's bar
            font = x.labelsFont()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            x.setLabelsFont(font)
        y = QValueAxis()
        step = tick_step(max([1.0, *values]))
        y.setTickType(QValueAxis.TickType.TicksDynamic)  # whole numbers, each label once
        y.setTickAnchor(0)
        y.setTickInterval(step)
        y.setRange(0, math.ceil(max([1.0, *values]) * 1.1 / step) * step)
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.bars, self.series = bars, series
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


class LineChart(QChartView):
    """On-time rate over time (periods with no arrival are left out of the line)."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self._title = title
        self.set_data([], [])

    def set_data(self, categories: list[str], values: list[float | None]) -> None:
        chart = QChart()
        chart.setTitle(self._title)
        chart.legend().hide()
        series = QLineSeries()
        series.setPointsVisible(True)  # a period alone still shows as a dot
        for i, value in enumerate(values):
            if value is not None:
                series.append(float(i), float(value))
        chart.addSeries(series)
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for i, label in enumerate(_thinned(period_labels(categories), MOST_LINE_LABELS)):
            if label:
                x.append(label, float(i))
        x.setRange(0, max(1, len(categories) - 1))
        font = x.labelsFont()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        x.setLabelsFont(font)
        self.labels = [x.categoriesLabels()[i] for i in range(x.count())]
        y = QValueAxis()
        y.setRange(0, 100)
        y.setTitleText("% on time")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.series = series
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

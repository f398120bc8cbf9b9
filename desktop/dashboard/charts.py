"""QtCharts views of the dashboard's figures; each bar chart reports which bar was clicked."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter


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

    def set_data(self, categories: list[str], values: list[float], label: str) -> None:
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
        x.append(self.categories)
        x.setLabelsAngle(-60 if len(categories) > 12 else 0)
        y = QValueAxis()
        y.setRange(0, max([1.0, *values]) * 1.1)
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
        for i, value in enumerate(values):
            if value is not None:
                series.append(float(i), float(value))
        chart.addSeries(series)
        x = QValueAxis()
        x.setRange(0, max(1, len(categories) - 1))
        x.setLabelFormat("%d")
        x.setTitleText(f"{categories[0]} … {categories[-1]}" if categories else "")
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

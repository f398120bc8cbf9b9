"""The owner's dashboard window: range presets, headline figures, charts, tables, drill-down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QMarginsF, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import window_fit
from desktop.dashboard.charts import BarChart, LineChart
from desktop.dashboard.durations_tab import DurationsTab
from models.company import company, company_tz
from models.csvout import safe_text, write_csv
from models.errors import PermissionDenied
from models.reports import cells
from models.reports.dashboard import JOB_HEADER, dashboard, headlines, jobs_behind
from models.reports.period import DateRange, presets
from models.reports.table import HEADER, row
from models.rules import FAULTS, zone
from models.timefmt import format_local

TIER_BARS = ("1–29 min", "tier 1", "tier 2", "tier 3")


def open_dashboard(parent, actor, clock: Callable[[], dt.datetime]) -> DashboardWindow:
    """Show the dashboard to an owner; anyone else is refused with a message fit to show."""
    if not actor.is_owner:
        raise PermissionDenied("The statistics dashboard is for owners; "
                               f"{actor.name} is signed in as a {actor.role}.")
    window = DashboardWindow(clock, parent, actor=actor)
    window.show()
    return window


class DashboardWindow(QDialog):
    """Reads figures through models.reports only; every table can be saved as CSV."""

    def __init__(self, clock: Callable[[], dt.datetime], parent=None, actor=None) -> None:
        super().__init__(parent)
        self.actor, self.clock = actor, clock
        self.setWindowTitle("Owner dashboard")
        self._tz = company_tz()
        today = clock().astimezone(zone(self._tz)).date()
        self.presets = presets(today)
        self.data = None
        self.drill_rows: list[list[str]] = []
        self._build()
        self._connect_signals()
        window_fit.place(self, "dashboard", QSize(1100, 800))
        self.preset.setCurrentText("This month")
        self.on_preset(self.preset.currentText())

    def done(self, result: int) -> None:
        window_fit.remember(self, "dashboard")
        super().done(result)

    # -- assembly ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.preset = QComboBox()
        self.preset.addItems([*self.presets, "Custom"])
        self.first, self.last = QDateEdit(), QDateEdit()
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.pdf_button = QPushButton("Save as PDF…")
        top = QHBoxLayout()
        for widget in (QLabel("Period:"), self.preset, QLabel("from"), self.first,
                       QLabel("to"), self.last):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        self.headline_box = QGridLayout()
        self.on_time_chart = LineChart("On-time rate over time")
        self.tier_chart = BarChart("Late arrivals by how late")
        self.truck_chart = BarChart("On time by truck (%)")
        self.cost_chart = BarChart("Reward cost over time")
        self.fault_chart = BarChart("Complaints by fault")
        self.periods_table, self.trucks_table = QTableWidget(), QTableWidget()
        self.jobs_table = QTableWidget()
        self.drill_title = QLabel("Click a bar or a truck to list the jobs behind it.")
        self.tabs = QTabWidget()
        charts = QWidget()
        grid = QGridLayout(charts)
        grid.addWidget(self.on_time_chart, 0, 0)
        grid.addWidget(self.tier_chart, 0, 1)
        grid.addWidget(self.truck_chart, 1, 0)
        grid.addWidget(self.cost_chart, 1, 1)
        grid.addWidget(self.fault_chart, 2, 0)
        self.systemic = QLabel()
        self.systemic.setWordWrap(True)
        self.systemic.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.systemic, 2, 1)
        scroller = QScrollArea()  # three rows of charts need more height than a laptop has
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(charts)
        self.tabs.addTab(scroller, "Charts")
        self.export_buttons = {}
        for name, table in (("periods", self.periods_table), ("trucks", self.trucks_table),
                            ("jobs", self.jobs_table)):
            page = QWidget()
            box = QVBoxLayout(page)
            if name == "jobs":
                box.addWidget(self.drill_title)
            box.addWidget(table)
            button = QPushButton("Export CSV…")
            self.export_buttons[name] = button
            box.addWidget(button)
            self.tabs.addTab(page, {"periods": "By period", "trucks": "By truck",
                                    "jobs": "Jobs behind"}[name])
        self.durations_tab = DurationsTab(self.actor, self.clock)
        self.tabs.addTab(self.durations_tab, "Durations")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.headline_box)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.preset.currentTextChanged.connect(self.on_preset)
        self.first.dateChanged.connect(self.on_dates_edited)
        self.last.dateChanged.connect(self.on_dates_edited)
        self.tier_chart.bar_clicked.connect(self.on_tier_clicked)
        self.truck_chart.bar_clicked.connect(self.on_truck_clicked)
        self.cost_chart.bar_clicked.connect(self.on_period_clicked)
        self.fault_chart.bar_clicked.connect(self.on_fault_clicked)
        self.trucks_table.cellDoubleClicked.connect(lambda r, _c: self.on_truck_clicked(r))
        self.periods_table.cellDoubleClicked.connect(lambda r, _c: self.on_period_clicked(r))
        self.pdf_button.clicked.connect(self.on_pdf_requested)
        for name, button in self.export_buttons.items():
            button.clicked.connect(lambda _=False, n=name: self.on_export_requested(n))

    # -- range --------------------------------------------------------------------------------
    def on_preset(self, name: str) -> None:
        if name not in self.presets:
            return
        rng = self.presets[name]
        self._set_edits(rng)
        self.set_range(rng)

    def on_dates_edited(self) -> None:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        if last < first or (self.data and self.data.rng == DateRange(first, last)):
            return
        self.preset.blockSignals(True)
        self.preset.setCurrentText("Custom")
        self.preset.blockSignals(False)
        self.set_range(DateRange(first, last))

    def _set_edits(self, rng: DateRange) -> None:
        for edit, day in ((self.first, rng.first), (self.last, rng.last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def set_range(self, rng: DateRange) -> None:
        self._set_edits(rng)
        # The office's own database: bring the summary of these days up to date on the way
        # (only makes this and later reads quicker; the figures are right either way).
        cells.refresh(rng.previous().first, rng.last)
        self.data = dashboard(rng)
        self._show_headlines()
        self._show_charts()
        self.periods_table_rows = [row(k, f) for k, f in self.data.series]
        self.trucks_table_rows = [row(k, f) for k, f in self.data.trucks]
        self._fill(self.periods_table, HEADER, self.periods_table_rows)
        self._fill(self.trucks_table, HEADER, self.trucks_table_rows)
        self.durations_tab.set_range(rng)

    # -- showing ------------------------------------------------------------------------------
    def _show_headlines(self) -> None:
        while self.headline_box.count():
            old = self.headline_box.takeAt(0).widget()
            old.hide()  # gone at once, not only when the event loop deletes it
            old.deleteLater()
        self.headline_labels = {}
        for i, (label, value, delta) in enumerate(headlines(self.data, company().currency)):
            text = f"<b>{label}</b><br><span style='font-size:16pt'>{value}</span>"
            if delta:
                text += f"<br><small>vs previous period: {delta}</small>"
            widget = QLabel(text)
            widget.setWordWrap(True)  # long labels wrap instead of widening the window
            self.headline_labels[label] = (value, delta)
            self.headline_box.addWidget(widget, i // 6, i % 6)

    def _show_charts(self) -> None:
        d = self.data
        keys = [k for k, _ in d.series]
        self.on_time_chart.set_data(keys, [f.on_time_pct for _, f in d.series])
        self.tier_chart.set_data(list(TIER_BARS), d.total.late_tier, "late jobs")
        self.truck_chart.set_data([k for k, _ in d.trucks],
                                  [f.on_time_pct or 0 for _, f in d.trucks], "% on time")
        self.cost_chart.set_data(keys, [float(f.rewards_value) for _, f in d.series], "cost",
                                 periods=True)
        self.fault_chart.set_data([f.replace("_", " ") for f in FAULTS],
                                  [d.complaints.by_fault.get(f, 0) for f in FAULTS],
                                  "complaints")
        causes = d.complaints.systemic
        self.systemic.setText("<b>Systemic causes</b><br>" + ("<br>".join(
            f"{c.day}: {c.root_cause} → {c.change}" for c in causes[:15]) or "None recorded."))

    def _fill(self, table: QTableWidget, header, rows) -> None:
        table.clear()
        table.setColumnCount(len(header))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(list(header))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(str(value)))

    # -- drill-down ---------------------------------------------------------------------------
    def on_tier_clicked(self, index: int) -> None:
        self._drill(f"Late arrivals, {TIER_BARS[index]}", tier=index)

    def on_truck_clicked(self, index: int) -> None:
        name = self.data.trucks[index][0]
        self._drill(f"Jobs of {name}", truck_id=self.data.truck_ids.get(name))

    def on_period_clicked(self, index: int) -> None:
        key = self.data.series[index][0]
        self._drill(f"Jobs of {key}", group=key, by=self.data.by)

    def on_fault_clicked(self, index: int) -> None:
        fault = FAULTS[index]
        self._drill(f"Late arrivals, fault: {fault.replace('_', ' ')}", fault=fault)

    def _drill(self, title: str, **where) -> None:
        lines = jobs_behind(self.data.rng, **where)
        self.drill_title.setText(f"{title}: {len(lines)} jobs")
        self.drill_rows = [[str(j.job_id), j.date, safe_text(j.truck), safe_text(j.customer),
                            format_local(j.window_start, self._tz), j.status,
                            format_local(j.arrived_at, self._tz),
                            "" if j.minutes_late is None else str(j.minutes_late),
                            str(j.tier), j.fault] for j in lines]
        self._fill(self.jobs_table, JOB_HEADER, self.drill_rows)
        self.tabs.setCurrentIndex(3)

    # -- exports ------------------------------------------------------------------------------
    def table_rows(self, name: str) -> tuple[tuple[str, ...], list[list[str]]]:
        if name == "jobs":
            return JOB_HEADER, self.drill_rows
        total = [row("total", self.data.total)]
        rows = self.periods_table_rows if name == "periods" else self.trucks_table_rows
        return HEADER, [*rows, *total]

    def export_csv(self, name: str, path: str) -> int:
        header, rows = self.table_rows(name)
        return write_csv(path, header, rows)

    def on_export_requested(self, name: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export CSV", f"{name}.csv", "CSV (*.csv)")
        if path:
            self._saving(lambda: self.export_csv(name, path))

    def save_pdf(self, path: str) -> None:
        """The headline figures and charts on one landscape page (all or nothing, checked)."""
        from desktop.printing.pdf_file import save_pdf

        def setup(writer: QPdfWriter) -> None:
            writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                             QPageLayout.Orientation.Landscape,
                                             QMarginsF(10, 10, 10, 10)))
            writer.setResolution(96)
            writer.setTitle("Owner dashboard")

        def paint(writer: QPdfWriter) -> int:
            self.tabs.setCurrentIndex(0)
            painter = QPainter()
            if not painter.begin(writer):
                raise OSError("The dashboard could not be painted.")
            page: QRect = painter.viewport()
            scale = min(page.width() / self.width(), page.height() / self.height())
            painter.scale(scale, scale)
            self.render(painter, QPoint(0, 0))
            if not painter.end():
                raise OSError("The dashboard page could not be finished.")
            return 1

        save_pdf(path, setup, paint)

    def on_pdf_requested(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save dashboard", "dashboard.pdf",
                                              "PDF (*.pdf)")
        if path:
            self._saving(lambda: self.save_pdf(path))

    def _saving(self, save: Callable[[], object]) -> None:
        """Run a save; a refusal (the database as target, a full disk) is shown, not raised."""
        from PySide6.QtWidgets import QMessageBox

        from models.errors import DomainError

        try:
            save()
        except (DomainError, OSError) as exc:
            QMessageBox.warning(self, "Not saved", str(exc))

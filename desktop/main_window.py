"""The main window: assembles the board, side list, toolbar and status line, and wires them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.actions import BoardActions
from desktop.admin.menu import CompanyMenu
from desktop.board_view import BoardView
from desktop.controller import BoardController
from desktop.dialogs.common import table
from desktop.item_models import JobListModel, alerts, summary
from desktop.live import LiveLink
from desktop.notify import Banner, Notifier
from desktop.realtime import RealTime
from desktop.recovery import recovery_tabs
from desktop import window_fit
from desktop.tray import board_with_tray
from desktop.week_view import add_week_tab
from models.queries.day import DayJob
from models.services.actor import Actor

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SIDE_WIDTHS = (120, 62, 86)  # customer, truck, window; the state column stretches


def app_icon() -> QIcon:
    return QIcon(str(RESOURCES / "icons" / "ontime.svg"))


class MainWindow(QMainWindow):
    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime],
                 settings: QSettings | None = None, sound: bool = True,
                 refresh_ms: int = 15_000, sweep_ms: int = 60_000,
                 db_target: str | None = None, background_jobs: bool = False) -> None:
        """``db_target`` lets the board hear other desktops' changes; ``background_jobs`` adds
        what an office desktop runs besides: the morning route sheets, the nightly backup."""
        super().__init__()
        self.db_target = db_target
        self.background_jobs = background_jobs
        self.setObjectName("mainWindow")
        self.settings = settings or QSettings()
        self.controller = BoardController(actor, clock, self)
        self.setWindowTitle(f"{self.controller.company_name or 'OnTime Dispatch'} — "
                            f"dispatch board ({actor.name}, {actor.role})")
        self.setWindowIcon(app_icon())
        self.actions_ = BoardActions(self, self.controller)
        self.board = BoardView(self)
        self.board.forecast_of = self.controller.forecast
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.board)
        self.scroll.setWidgetResizable(True)
        self.banner = Banner(self)
        self.notifier = Notifier(self.banner, app_icon(), sound)
        self.alert_model = JobListModel(self)
        self.alert_view = table(self, "alerts", self.alert_model, SIDE_WIDTHS)
        self.found_model = JobListModel(self)
        self.found_view = table(self, "found", self.found_model, SIDE_WIDTHS)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.user_label = QLabel(f"Signed in: {actor.name} ({actor.role})", self)
        self.realtime = RealTime(self.controller.clock, refresh_ms, sweep_ms, self)
        self.offline_label = QLabel(self)
        self.offline_label.setObjectName("offline")
        self.offline_label.setWordWrap(True)
        self.offline_label.hide()
        self.recovery = recovery_tabs(actor, clock)
        self.live: LiveLink | None = LiveLink(db_target, self) if db_target else None
        self._stale_tabs: set[QWidget] = set()
        self._assemble()
        self._connect_signals()
        self._restore()

    # -- assembly --------------------------------------------------------------------------
    def _assemble(self) -> None:
        a = self.actions_
        bar = QToolBar("Board", self)
        bar.setObjectName("boardToolbar")
        self.addToolBar(bar)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("day")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setLocale(QLocale(QLocale.English, QLocale.UnitedStates))  # one way
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search customer, phone or job…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        self.truck_filter = QComboBox(self)
        self.truck_filter.setObjectName("truckFilter")
        self.truck_filter.setMinimumWidth(140)
        for action in (a.prev_day, a.today, a.next_day):
            bar.addAction(action)
        bar.addWidget(self.date_edit)
        bar.addSeparator()
        bar.addAction(a.new_job)
        bar.addAction(a.arrive)
        bar.addAction(a.complete)
        bar.addSeparator()
        bar.addWidget(self.truck_filter)
        bar.addWidget(self.search)
        bar.addAction(a.zoom_out)
        bar.addAction(a.zoom_in)
        bar.addSeparator()
        bar.addAction(a.print_sheets)
        bar.addAction(a.statistics)
        menus = self.menuBar()
        for title, items in (("&File", [a.new_job, None, a.print_sheets, a.statistics, None,
                                        a.database, a.restore, None, a.quit]),
                             ("&Edit", [a.undo, a.redo]),
                             ("&Job", a.job_actions),
                             ("&View", [a.prev_day, a.today, a.next_day, None, a.zoom_in,
                                        a.zoom_out]),
                             ("&Help", [a.legend])):
            menu = menus.addMenu(title)
            for item in items:
                menu.addSeparator() if item is None else menu.addAction(item)
        self.company_menu = CompanyMenu(self, self.controller)  # trucks, users, details
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 0, 0)
        side.setMinimumWidth(260)
        heading = QLabel("<b>Late and at risk</b> (worst first)", side)
        side_layout.addWidget(heading)
        side_layout.addWidget(self.alert_view, 3)
        self.found_label = QLabel("<b>Found</b>", side)
        side_layout.addWidget(self.found_label)
        side_layout.addWidget(self.found_view, 2)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(board_with_tray(self))  # the tray above the lanes
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.splitter, "Board")
        for title, widget in self.recovery:
            self.tabs.addTab(widget, title)
        add_week_tab(self)  # seven days x trucks; a click opens the day on the board
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.offline_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        a.zoom_changed = self.zoom_by
        self.board.currency = self.controller.currency

    def _connect_signals(self) -> None:
        c, a, b = self.controller, self.actions_, self.board
        c.day_loaded.connect(self.on_day_loaded)
        c.events_raised.connect(self.notifier.notify)
        c.events_withdrawn.connect(self.banner.withdraw)
        c.changed_here.connect(self.refresh_tabs)
        c.failed.connect(self.on_failed)
        b.job_selected.connect(a.select)
        b.job_selected.connect(self.show_bar)
        a.today.triggered.connect(self.scroll_to_now)
        b.arrival_requested.connect(a.on_arrive)
        b.complete_requested.connect(a.on_complete)
        b.open_requested.connect(a.on_open)
        b.job_dropped.connect(a.on_job_dropped)
        b.context_menu_requested.connect(a.context_menu)
        self.alert_view.clicked.connect(lambda i: self.on_list_clicked(self.alert_model, i))
        self.found_view.clicked.connect(lambda i: self.on_list_clicked(self.found_model, i))
        self.date_edit.dateChanged.connect(self.on_date_picked)
        self.search.textChanged.connect(self.on_search)
        self.truck_filter.currentIndexChanged.connect(lambda _i: self._show_board())
        for bar in (self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()):
            bar.valueChanged.connect(self.on_scrolled)
        self.realtime.due.connect(self.on_due)
        self.tabs.currentChanged.connect(self.on_tab_shown)
        self.realtime.ticked.connect(lambda: b.set_now(c.now()))
        if self.live is not None:
            self.live.changed.connect(self.on_changed_elsewhere)
            self.live.connection_lost.connect(self.on_connection_lost)
            self.live.connection_restored.connect(self.on_connection_restored)

    # -- slots -----------------------------------------------------------------------------
    def start(self) -> None:
        """Evaluate what fell due while closed, draw the day, and start the clocks."""
        self.realtime.start()
        self.controller.sweep()
        self.scroll_to_now()
        if self.live is not None:
            self.live.start()
        if self.background_jobs and self.db_target:
            self._start_background_jobs()

    def _start_background_jobs(self) -> None:
        from desktop.backup_job import install_backup_job
        from desktop.printing.morning import MorningNotifier, install_morning_job

        self.morning_notifier = MorningNotifier(self)
        self.morning_notifier.written.connect(
            lambda path: self.banner.show_messages([f"Today's route sheets are ready: {path}"]))
        self.morning_notifier.failed.connect(lambda text: self.banner.show_messages([text]))
        self.morning = install_morning_job(self.realtime.scheduler, self.controller.clock,
                                           self.db_target, notifier=self.morning_notifier)
        self.backups = install_backup_job(self, self.controller.clock, self.db_target)
        self.backups.failed.connect(lambda text: self.banner.show_messages([text]))

    def on_changed_elsewhere(self) -> None:
        """Another desktop saved something: re-read what is on screen. A recovery tab out of
        sight re-reads when it is next shown (on a busy day hints come every few seconds)."""
        self.controller.reload()
        self.refresh_tabs()

    def refresh_tabs(self) -> None:
        """The recovery tabs follow every change: the one in sight at once, the others when
        next shown."""
        for _title, widget in self.recovery:
            if getattr(widget, "refresh", None) is None:
                continue
            if widget.isVisible():
                widget.refresh()
            else:
                self._stale_tabs.add(widget)

    def on_tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget in self._stale_tabs:
            self._stale_tabs.discard(widget)
            widget.refresh()

    def on_connection_lost(self, why: str) -> None:
        self.controller.offline = True
        self.offline_label.setText(
            "<b>The database server cannot be reached</b> — the board shows what it last knew; "
            f"changes are refused until it is back. Reconnecting by itself… ({why})")
        self.offline_label.show()

    def on_connection_restored(self) -> None:
        self.controller.offline = False
        self.offline_label.hide()
        self.banner.show_messages(["Connection to the database is back; the board is up to "
                                   "date."])

    def on_due(self, why: str) -> None:
        self.controller.sweep()

    def on_day_loaded(self, trucks: list, rows: list[DayJob]) -> None:
        c = self.controller
        self._fill_truck_filter(trucks)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(c.day.year, c.day.month, c.day.day))
        self.date_edit.blockSignals(False)
        self._show_board()
        self.alert_model.set_rows(alerts(rows), c.tz)
        self.summary.setText(summary(rows, c.currency, c.day == c.today()))
        self.on_search(self.search.text())
        self.actions_.select(self.board.selected)
        self.realtime.plan(rows)

    def _fill_truck_filter(self, trucks: list) -> None:
        current = self.truck_filter.currentData()
        wanted = [("All trucks", 0)] + [(t.name, t.truck_id) for t in trucks]
        have = [(self.truck_filter.itemText(i), self.truck_filter.itemData(i))
                for i in range(self.truck_filter.count())]
        if have == wanted:
            return
        self.truck_filter.blockSignals(True)
        self.truck_filter.clear()
        for text, data in wanted:
            self.truck_filter.addItem(text, data)
        self.truck_filter.setCurrentIndex(max(0, self.truck_filter.findData(current or 0)))
        self.truck_filter.blockSignals(False)

    def _show_board(self) -> None:
        c = self.controller
        chosen = self.truck_filter.currentData() or 0
        trucks = [t for t in c.trucks if not chosen or t.truck_id == chosen]
        ids = {t.truck_id for t in trucks}
        self.board.set_data(trucks, [j for j in c.rows if j.truck_id in ids], c.day, c.tz,
                            c.now())

    def on_scrolled(self, _value: int = 0) -> None:
        self.board.set_viewport_origin(self.scroll.horizontalScrollBar().value(),
                                       self.scroll.verticalScrollBar().value())

    def _fit_board(self) -> None:
        """Give the board its new size now, so the scroll range is right before we scroll
        (the scroll area would otherwise resize it on a later turn of the event loop)."""
        viewport = self.scroll.viewport().size()
        self.board.resize(self.board.minimumSize().expandedTo(viewport))

    def scroll_to_now(self) -> None:
        """Show the last two hours and what is coming: the now line sits left of centre."""
        from desktop.board_view import LABEL_W

        self._fit_board()
        x = self.board.scale.to_x(self.controller.now() - dt.timedelta(minutes=110))
        self.scroll.horizontalScrollBar().setValue(int(max(0, x - LABEL_W)))

    def zoom_by(self, factor: float) -> None:
        """Zoom around what the dispatcher is looking at: the selected bar when in sight,
        else the now line when in sight, else the middle of the view; it stays put."""
        from desktop.board_view import LABEL_W

        bar = self.scroll.horizontalScrollBar()
        b = self.board
        left, width = bar.value() + LABEL_W, self.scroll.viewport().width() - LABEL_W
        rect = b.bar_rect(b.selected) if b.selected else None
        now_x = b.scale.to_x(b.now)
        if rect is not None and left <= rect.center().x() <= left + width:
            anchor = b.scale.to_time(rect.center().x())
        elif left <= now_x <= left + width:
            anchor = b.now
        else:
            anchor = b.scale.to_time(left + width / 2)
        on_screen = b.scale.to_x(anchor) - bar.value()
        b.set_zoom(b.zoom * factor)
        self._fit_board()
        bar.setValue(int(round(b.scale.to_x(anchor) - on_screen)))

    def show_bar(self, job_id: int) -> None:
        """Keep the chosen bar in view (arrow keys can pick one off screen)."""
        from desktop.board_view import LABEL_W

        rect = self.board.bar_rect(job_id) if job_id else None
        if rect is None:
            return
        bar = self.scroll.horizontalScrollBar()
        view_w = self.scroll.viewport().width()
        if rect.left() < bar.value() + LABEL_W:
            bar.setValue(int(max(0, rect.left() - LABEL_W - 20)))
        elif rect.right() > bar.value() + view_w:
            bar.setValue(int(rect.right() - view_w + 20))
        self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()),
                                  0, int(rect.height() / 2) + 10)

    def on_failed(self, text: str) -> None:
        QMessageBox.warning(self, "Not done", text)

    def on_date_picked(self, date: QDate) -> None:
        self.controller.set_day(dt.date(date.year(), date.month(), date.day()))

    def on_search(self, text: str) -> None:
        """The shown day's matches first (from the rows in hand), then other days', closest
        first (read from the database; nothing when it cannot be reached)."""
        c = self.controller
        text = text.strip().lower()
        digits = "".join(ch for ch in text if ch.isdigit())
        found = [] if not text else [
            j for j in c.rows
            if text in j.customer.lower() or text == str(j.job_id)
            or (j.external_id and text in j.external_id.lower())
            or (digits and len(digits) >= 3 and digits in "".join(
                ch for ch in j.phone if ch.isdigit()))]
        others = c.find_elsewhere(text) if text else []
        self.found_model.set_rows(found + others, c.tz, c.day)
        self.found_label.setText(
            "<b>Found</b>" if not text else
            f"<b>Found</b> ({len(found)} this day, {len(others)} on other days)" if others else
            f"<b>Found</b> ({len(found)})")

    def on_list_clicked(self, model: JobListModel, index) -> None:
        job_id = model.job_id(index.row())
        day = model.rows[index.row()].local_date
        if day != self.controller.day:  # a search hit on another day: go there
            self.controller.set_day(day)
        self.board.select(job_id)
        rect = self.board.bar_rect(job_id)
        if rect is not None:
            self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()),
                                      int(rect.width() / 2) + 20, 60)
        self.board.setFocus()

    # -- remembered layout -----------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        window_fit.place(self, "board", QSize(1400, 860), s)
        if s.value("board/state"):
            self.restoreState(s.value("board/state"))
        if s.value("board/splitter"):
            self.splitter.restoreState(s.value("board/splitter"))
        else:
            self.splitter.setSizes([max(500, self.width() - 430), 430])
        if s.value("board/alerts"):
            self.alert_view.horizontalHeader().restoreState(s.value("board/alerts"))
        zoom = s.value("board/zoom")
        if zoom:
            self.board.zoom = float(zoom)

    def closeEvent(self, event: QCloseEvent) -> None:
        s = self.settings
        window_fit.remember(self, "board", s)
        s.setValue("board/state", self.saveState())
        s.setValue("board/splitter", self.splitter.saveState())
        s.setValue("board/alerts", self.alert_view.horizontalHeader().saveState())
        s.setValue("board/zoom", self.board.zoom)
        s.sync()
        self.realtime.stop()
        self.notifier.close()
        if self.live is not None:
            self.live.stop()
        for _title, widget in self.recovery:
            reminders = getattr(widget, "reminders", None)
            if reminders is not None:
                reminders.stop()
        super().closeEvent(event)

"""Reading the board: the hover card, the legend, ghost strips, scrolling, zoom, the status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt

from desktop.bar_look import status_text
from models.schema import Job
from tests import factories
from tests.desktop.conftest import DAY, click_bar

BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"


def naughty_names(count: int) -> list[str]:
    lines = [line for line in BLNS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return [line[:120] for line in lines[:: max(1, len(lines) // count)]][:count]


def hover(window, job_id):
    rect = window.board.bar_rect(job_id)
    window.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 50, 50)
    pos = rect.center()
    window.board.hover(pos, window.board.mapToGlobal(pos.toPoint()))
    return window.board.card


def test_hover_card_tells_the_whole_job(qtbot, window, day_jobs_ids, clock, now):
    names = naughty_names(12)
    t1 = day_jobs_ids["t1"]
    ids = []
    for i, name in enumerate(names):
        who = factories.customer(name, f"555-01{i:02d}", f"{i} Naughty Lane, Springfield",
                                 now=now - dt.timedelta(days=2))
        ids.append(factories.job(t1, who.id, DAY, f"{14 + i // 4}:{(i % 4) * 15:02d}",
                                 booked_at=now - dt.timedelta(days=2)))
    window.controller.reload()
    for job_id, name in zip(ids, names):
        card = hover(window, job_id)
        assert card.isVisible() and card.job_id == job_id
        text = card.text()
        job = window.controller.job(job_id)
        for part in (name.strip() or name, job.address, job.phone, "Carpet cleaning",
                     "$150.00", f"{job.local_start}–", "Truck 1",
                     status_text(job, "America/Chicago"), "Stamps", "Reward", "Forecast"):
            assert part in text, (part, text)
    ben = day_jobs_ids["ben"]  # late now, then arrived late with a reward
    clock.set(clock() + dt.timedelta(minutes=15))
    window.controller.sweep()
    click_bar(qtbot, window, ben)
    qtbot.keyClick(window.board, Qt.Key_A)
    text = hover(window, ben).text()
    for part in ("Ben Okafor", "2 Oak St", "555-0102", "11:00–12:00", "Truck 2",
                 "Arrived 15 min late", "arrived 12:15", "Late", "15 min"):
        assert part in text, (part, text)


def test_hover_card_and_legend_screenshots(qtbot, window, day_jobs_ids, clock, tmp_path):
    from desktop.legend import LegendDialog

    ben = day_jobs_ids["ben"]
    clock.set(clock() + dt.timedelta(minutes=45))
    window.controller.sweep()  # 45 min late: tier 1
    click_bar(qtbot, window, ben)
    qtbot.keyClick(window.board, Qt.Key_A)
    card = hover(window, ben)
    assert "tier 1" in card.text()
    shot = card.grab()
    assert shot.width() > 150 and shot.height() > 120
    image = shot.toImage()
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 50  # text was drawn (a machine without fonts draws nothing)
    shot.save(str(tmp_path / "hover.png"))
    legend = LegendDialog(window)
    qtbot.addWidget(legend)
    legend.show()
    qtbot.waitExposed(legend)
    legend.grab().save(str(tmp_path / "legend.png"))
    assert legend.grab().width() > 300
    legend.close()


def test_legend_is_under_help(qtbot, window):
    from PySide6.QtWidgets import QMenu

    help_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Help")
    assert [a.text() for a in help_menu.actions()] == ["Legend…"]


def test_narrow_bars_show_a_symbol(qtbot, window, day_jobs_ids):
    window.board.set_zoom(0.5)  # an hour is 30 px: no room for words
    bar = next(p for p in window.board.placed if p.job.job_id == day_jobs_ids["ben"])
    assert bar.rect.width() < 56 and bar.look.icon
    image = window.board.grab().toImage()
    assert image.width() > 0


def test_rescheduled_away_bar_is_a_thin_strip_that_adds_no_row(qtbot, window, day_jobs_ids,
                                                                owner, now):
    from models.services import jobs

    ana, t1 = day_jobs_ids["ana"], day_jobs_ids["t1"]
    height = window.board.lane_heights[0]
    jobs.reschedule(ana, DAY, dt.time(13, 30), 0, "customer", owner, now)  # overlaps the old
    window.controller.reload()
    ghost = next(p for p in window.board.placed if p.job.job_id == ana)
    new = Job.get(Job.rescheduled_from == ana).id
    assert ghost.rect.height() <= 8
    assert window.board.lane_heights[0] == height  # still one row
    assert window.board.bar_at(window.board.bar_rect(new).center()).job.job_id == new
    assert window.board.lane_at(ghost.rect.center().y()) == t1


def test_today_scrolls_to_the_now_line(qtbot, window):
    bar = window.scroll.horizontalScrollBar()
    window.actions_.next_day.trigger()
    bar.setValue(0)
    window.actions_.today.trigger()
    x = window.board.scale.to_x(window.controller.now())
    assert bar.value() < x < bar.value() + window.scroll.viewport().width()


def test_zoom_keeps_the_now_line_in_place(qtbot, window):
    bar = window.scroll.horizontalScrollBar()
    before = window.board.scale.to_x(window.controller.now()) - bar.value()
    for action in (window.actions_.zoom_in, window.actions_.zoom_in, window.actions_.zoom_out):
        action.trigger()
        after = window.board.scale.to_x(window.controller.now()) - bar.value()
        assert abs(after - before) <= 2


def test_zoom_keeps_the_selected_bar_in_place(qtbot, window, day_jobs_ids):
    ana = day_jobs_ids["ana"]
    click_bar(qtbot, window, ana)
    bar = window.scroll.horizontalScrollBar()
    before = window.board.bar_rect(ana).center().x() - bar.value()
    window.actions_.zoom_in.trigger()
    after = window.board.bar_rect(ana).center().x() - bar.value()
    assert abs(after - before) <= 2


def test_arrow_keys_scroll_the_chosen_bar_into_view(qtbot, window, day_jobs_ids, now):
    t1 = day_jobs_ids["t1"]
    late = factories.customer("Evening Person", "555-0199", "9 Late Rd", now=now)
    evening = factories.job(t1, late.id, DAY, "19:30", booked_at=now)
    window.controller.reload()
    click_bar(qtbot, window, day_jobs_ids["ana"])
    bar = window.scroll.horizontalScrollBar()
    rect = window.board.bar_rect(evening)
    assert rect.right() > bar.value() + window.scroll.viewport().width()  # off screen
    qtbot.keyClick(window.board, Qt.Key_Right)
    assert window.board.selected == evening
    rect = window.board.bar_rect(evening)
    assert bar.value() <= rect.left() and rect.right() <= bar.value() + \
        window.scroll.viewport().width()


def test_status_line_says_today_only_on_today(qtbot, window):
    assert "so far" in window.summary.text() and "today" in window.summary.text()
    window.actions_.prev_day.trigger()
    assert "so far" not in window.summary.text() and "today" not in window.summary.text()
    window.actions_.today.trigger()
    assert "so far" in window.summary.text()


def test_hover_card_hides_off_the_bars(qtbot, window, day_jobs_ids):
    card = hover(window, day_jobs_ids["ana"])
    assert card.isVisible()
    window.board.hover(QPointF(5, 5), QPoint(0, 0))
    assert not card.isVisible()


def test_hover_card_gives_the_learned_forecast_of_a_job_still_to_come(
        qtbot, window, day_jobs_ids, clock):
    """A job still to come: the card gives when the crew will likely arrive, how sure that
    is, the chance of being late and why; once the crew has arrived it gives none."""
    from models.forecast_db.day import day_forecasts

    forecasts = {f.job.job_id: f for f in day_forecasts(DAY, window.controller.now())}
    for job_id in (day_jobs_ids["ana"], day_jobs_ids["ben"]):
        text = hover(window, job_id).text()
        expected = forecasts[job_id]
        assert "8 in 10 between" in text
        assert f"Chance late{round(expected.p_late * 100)} %" in text.replace("\n", "")
        assert expected.why and expected.why in text
    ben = day_jobs_ids["ben"]
    clock.set(clock() + dt.timedelta(minutes=15))
    window.controller.sweep()
    click_bar(qtbot, window, ben)
    qtbot.keyClick(window.board, Qt.Key_A)
    window.board.card.hide()
    text = hover(window, ben).text()
    assert "arrived 12:15" in text and "Chance late" not in text

"""The board follows the learned forecast: at risk, the ETA on the bar, the p10..p90 band
behind it, the side list worst first by expected cost, the status line, and a stamp that
moves it all; the legend explains the band."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.bar_look import status_text
from desktop.item_models import JOB_ID_ROLE
from models.forecast_db.day import forecast_rows
from models.integrity import check
from models.services import stamps
from models.timefmt import format_clock
from tests import factories
from tests.desktop.conftest import DAY
from tests.desktop.test_board_reading import naughty_names

TZ = "America/Chicago"


@pytest.fixture
def chain(window, day_jobs_ids, owner, now):
    """Truck 1 arrived at 10:30 on a four-hour job; Ana's 13:00 job and two more wait
    behind it, each later and more likely to cost a reward (names from blns.txt)."""
    t1 = day_jobs_ids["t1"]
    booked = now - dt.timedelta(days=2)
    names = naughty_names(3)
    who = [factories.customer(n, f"555-02{i:02d}", f"{i} Naughty Lane", now=booked).id
           for i, n in enumerate(names)]
    long_job = factories.job(t1, who[0], DAY, "10:30", booked_at=booked, duration=240)
    later = [factories.job(t1, who[1], DAY, "14:00", booked_at=booked, price="400.00"),
             factories.job(t1, who[2], DAY, "15:00", booked_at=booked, price="900.00")]
    at = now - dt.timedelta(minutes=90)
    stamps.arrive(long_job, at, owner, at)
    window.controller.reload()
    return {"long": long_job, "waiting": [day_jobs_ids["ana"], *later]}


def test_at_risk_and_the_eta_on_the_bar_follow_the_forecast(qtbot, window, chain, now):
    c = window.controller
    listed = {row[0]: row for row in forecast_rows(DAY, now)}
    assert set(chain["waiting"]) <= set(listed)
    for job_id, row in listed.items():
        job, f = c.job(job_id), c.forecast(job_id)
        if job.state not in ("scheduled", "at_risk"):
            continue  # late already: the listing's "no" and the board's LATE agree
        assert (job.state == "at_risk") == (row[13] == "yes") == f.at_risk
        assert window.board.job(job_id).predicted_arrival == f.p50
    for job_id in chain["waiting"]:
        f = c.forecast(job_id)
        assert f.p_late >= 0.5 and c.job(job_id).state == "at_risk"
        assert status_text(c.job(job_id), TZ) == f"At risk · ETA {format_clock(f.p50, TZ)}"
    at_risk = sum(1 for j in c.rows if j.state == "at_risk")
    assert f"At risk: {at_risk}" in window.summary.text() and at_risk >= 3


def test_the_band_spans_p10_to_p90_behind_the_bar(qtbot, window, chain):
    board, c = window.board, window.controller
    for job_id in chain["waiting"]:
        f, bar, band = c.forecast(job_id), board.bar_rect(job_id), board.band_rect(job_id)
        assert band.left() == pytest.approx(board.scale.to_x(f.p10))
        assert band.right() == pytest.approx(board.scale.to_x(f.p90))
        assert (band.top(), band.height()) == (bar.top(), bar.height())
        assert band.width() > 10  # a real spread, learned or not
    assert board.band_rect(chain["long"]) is None  # arrived: no band
    board.repaint()


def test_the_side_list_puts_late_first_then_at_risk_by_expected_cost(qtbot, window, chain,
                                                                     day_jobs_ids, clock, now):
    clock.set(now + dt.timedelta(minutes=5))  # Ben's 11:00 job is 5 min late
    window.controller.sweep()
    model, c = window.alert_model, window.controller
    order = [model.index(r, 0).data(JOB_ID_ROLE) for r in range(model.rowCount())]
    assert order[0] == day_jobs_ids["ben"] and c.job(order[0]).state == "late"
    costs = [c.forecast(j).expected_cost for j in order[1:]]
    assert set(order[1:]) == set(chain["waiting"])
    assert costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
    by_window = sorted(order[1:], key=lambda j: c.job(j).window_end)
    assert order[1:] == list(reversed(by_window))  # not the old window order


def test_a_stamp_moves_the_forecast_on_screen(qtbot, window, chain):
    board, c = window.board, window.controller
    last = chain["waiting"][-1]
    band_before, eta_before = board.band_rect(last), c.forecast(last).p50
    assert c.complete(chain["long"])  # the crew finished the long job early
    assert board.band_rect(last).left() < band_before.left()
    assert c.forecast(last).p50 < eta_before
    assert board.job(last).predicted_arrival == c.forecast(last).p50
    assert board.band_rect(chain["long"]) is None
    assert check() == []


def test_the_legend_explains_the_band(qtbot, window):
    from PySide6.QtWidgets import QLabel

    from desktop.legend import LegendDialog

    legend = LegendDialog(window)
    qtbot.addWidget(legend)
    legend.show()
    qtbot.waitExposed(legend)
    words = " ".join(label.text() for label in legend.findChildren(QLabel))
    assert "8 arrivals in 10 fall inside it" in words
    assert not legend.findChild(QLabel, "legend-band").pixmap().isNull()
    legend.close()



def test_with_a_learned_history_at_risk_is_p_late_at_least_a_half(qtbot, window, now):
    """Four simulated days learned first; then a squeezed job (likely late) and a roomy one
    on a history truck: the first shows at risk with its ETA, the second does not."""
    from models.schema import Customer
    from tests.models.forecast_history import book, put_history

    _placed, trucks = put_history(days=4)
    truck = next(iter(trucks.values()))
    cust = Customer.select().order_by(Customer.id).first().id
    booked = now - dt.timedelta(days=1)
    first = book(truck, cust, DAY, "Upholstery", 180, "11:00", booked)
    squeezed = book(truck, cust, DAY, "Carpet", 120, "12:30", booked)
    roomy = book(truck, cust, DAY, "Area rug", 60, "18:00", booked)
    at = now - dt.timedelta(minutes=55)
    stamps.arrive(first, at, window.controller.actor, at)
    window.controller.reload()
    c = window.controller
    tight, easy = c.forecast(squeezed), c.forecast(roomy)
    assert tight.p_late >= 0.5 and "previous job" in tight.why
    assert easy.p_late < 0.5
    assert window.board.job(squeezed).state == "at_risk"
    assert window.board.placed_look(squeezed).status == status_text(c.job(squeezed), TZ)
    assert window.board.job(roomy).state == "scheduled"
    listed = {row[0]: row[13] for row in forecast_rows(DAY, now)}
    assert (listed[squeezed], listed[roomy]) == ("yes", "no")

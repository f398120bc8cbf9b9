"""The board's day with the learned forecast (models/forecast_db/board.py): at risk follows
p_late, the board and the `forecast` listing agree job by job, the band is p10..p90, and the
fixed rule stays where no forecast is made (a past day)."""

from __future__ import annotations

import datetime as dt

from models.forecast.timeline import DayClock
from models.forecast_db.board import board_day
from models.forecast_db.day import forecast_rows
from models.integrity import check
from models.queries.day import day_jobs
from models.schema import Customer, Truck
from tests.models.forecast_history import FIRST_DAY, TZ, book, put_history, stamp_job

DAY = FIRST_DAY + dt.timedelta(days=4)


def _at(day, minutes):
    return DayClock(day, TZ).instant(minutes)


def _a_tight_day() -> dict[str, int]:
    """After four learned days: one truck with a long job followed closely by two more (a
    late arrival likely), another with a single roomy job (unlikely)."""
    put_history(days=4)
    t1, t2 = [t.id for t in Truck.select().order_by(Truck.id)][:2]
    cust = Customer.select().order_by(Customer.id).first().id
    booked = _at(DAY, -600)
    return {"first": book(t1, cust, DAY, "Upholstery", 180, "08:00", booked),
            "squeezed": book(t1, cust, DAY, "Carpet", 120, "10:00", booked),
            "last": book(t1, cust, DAY, "Carpet", 120, "11:00", booked),
            "roomy": book(t2, cust, DAY, "Area rug", 60, "15:00", booked)}


def test_at_risk_on_the_board_follows_p_late(db_path):
    ids = _a_tight_day()
    now = _at(DAY, 470)
    rows, forecasts = board_day(DAY, now, day_jobs(DAY, now), DAY)
    shown = {r.job_id: r for r in rows}
    assert set(forecasts) == set(ids.values())
    for job_id, f in forecasts.items():
        row = shown[job_id]
        ends_soon = row.window_end - now <= dt.timedelta(minutes=15)
        assert (row.state == "at_risk") == (round(f.p_late, 3) >= 0.5 or ends_soon)
        assert row.predicted_arrival == f.p50 and row.band == (f.p10, f.p90)
        assert row.expected_cost == f.expected_cost
    assert forecasts[ids["squeezed"]].p_late >= 0.5 and shown[ids["squeezed"]].state == "at_risk"
    assert forecasts[ids["roomy"]].p_late < 0.5 and shown[ids["roomy"]].state == "scheduled"
    assert 0 < forecasts[ids["last"]].p_late < 1  # learned, not a certainty either way


def test_the_forecast_command_and_the_board_agree_on_at_risk(db_path):
    ids = _a_tight_day()
    for minutes in (420, 470, 530, 600, 650):
        now = _at(DAY, minutes)
        rows, _ = board_day(DAY, now, day_jobs(DAY, now), DAY)
        board = {r.job_id: r.state == "at_risk" for r in rows}
        listed = {row[0]: row[13] == "yes" for row in forecast_rows(DAY, now)}
        assert listed and listed == {k: board[k] for k in listed}, minutes
        assert not any(v for k, v in board.items() if k not in listed)
        if minutes == 600:
            stamp_job(ids["first"], DAY, 560)


def test_a_past_day_keeps_the_fixed_rule(db_path):
    ids = _a_tight_day()
    now = _at(DAY + dt.timedelta(days=1), 480)
    fixed = day_jobs(DAY, now)
    rows, forecasts = board_day(DAY, now, fixed, DAY + dt.timedelta(days=1))
    assert rows == fixed and forecasts == {}
    assert {r.job_id: r.state for r in rows}[ids["squeezed"]] == "not_recorded"
    assert all(r.band is None and r.expected_cost is None for r in rows)


def test_a_stamp_moves_the_board_forecast_and_check_stays_clean(db_path):
    ids = _a_tight_day()
    now = _at(DAY, 470)
    before = {r.job_id: r for r in board_day(DAY, now, day_jobs(DAY, now), DAY)[0]}
    stamp_job(ids["first"], DAY, 475)
    after = {r.job_id: r for r in board_day(DAY, now, day_jobs(DAY, now), DAY)[0]}
    assert after[ids["first"]].band is None and after[ids["first"]].state == "arrived_early"
    assert after[ids["squeezed"]].band != before[ids["squeezed"]].band
    assert after[ids["squeezed"]].predicted_arrival < before[ids["squeezed"]].predicted_arrival
    assert check() == []

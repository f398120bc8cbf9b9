"""The forecasts on the database: records read in one query, the learned state kept by
watermark (new completions learned one by one, a correction or out-of-order stamps start
over), a day's forecast moving with a stamp, schema 7 and its upgrade, and `check`."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from models import store
from models.db import db, write_tx
from models.forecast.timeline import DayClock
from models.forecast_db import history, learned, table
from models.forecast_db.day import day_forecasts
from models.integrity import check
from models.schema import Setting, Stamp
from models.schema_check import findings
from models.services import stamps
from tests.models.forecast_history import FIRST_DAY, TZ, book, put_history, stamp_job
from tests.models.helpers import OWNER


def _minutes(day, at):
    return DayClock(day, TZ).minutes(at)


@pytest.mark.parametrize("text, expected", [
    ("1 Main St, Chicago IL 60614-0001", "60614"),
    ("12345 Long Rd, Springfield 62704", "62704"),  # the last group, not the house number
    ("1 Oak St", None), ("", None), (None, None), ("PO 123456", None),
])
def test_the_zip_is_the_last_group_of_exactly_five_digits(text, expected):
    assert history.zip_of(text) == expected


def test_records_come_from_the_stamps_in_one_query_with_the_previous_job(db_path):
    placed, trucks = put_history(days=2)
    head = Stamp.select().count() + 10
    with count_queries() as counted:
        rows = history.all_rows(head)
    assert counted.count == 1
    assert len(rows) == sum(len(v) for v in placed.values())
    by_job = {r.job_id: r for r in rows}
    for (i, crew), jobs in placed.items():
        day = FIRST_DAY + dt.timedelta(days=i)
        previous = None
        for job_id, sim in jobs:
            r = by_job[job_id].record
            assert (r.service, r.crew, r.booked_minutes) == (
                sim.job.service, str(trucks[crew]), sim.job.booked_minutes)
            assert (r.window_start, r.window_end) == (sim.job.window_start, sim.job.window_end)
            assert (r.arrived, r.completed, r.zip) == (sim.arrived, sim.completed, sim.job.zip)
            assert by_job[job_id].local_date == day
            if previous is None:
                assert (r.prev_completed, r.prev_zip) == (None, None)
            else:
                assert (r.prev_completed, r.prev_zip) == (previous.completed, previous.job.zip)
            previous = sim


def test_the_state_is_learned_once_then_only_new_completions(db_path):
    placed, _ = put_history(days=3)
    total = sum(len(v) for v in placed.values())
    first = learned.current()
    assert (first.rebuilt, first.learned, first.stored.records) == (True, total, total)
    again = learned.current()  # nothing new: nothing read but the marks
    assert (again.rebuilt, again.learned) == (False, 0)

    day = FIRST_DAY + dt.timedelta(days=3)
    truck = next(iter(_trucks()))
    cust = _a_customer()
    job_id = book(truck, cust, day, "Carpet", 120, "09:00", _at(day, -600))
    stamp_job(job_id, day, 545)
    after_arrival = learned.learn_new()  # a write command: an arrival alone teaches nothing
    assert (after_arrival.learned, after_arrival.rebuilt) == (0, False)
    assert after_arrival.stored.stamp_mark == _stamp_head()
    stamp_job(job_id, day, None, 690)
    after_completion = learned.learn_new()
    assert (after_completion.learned, after_completion.rebuilt) == (1, False)
    stored = table.load()
    assert (stored.records, stored.rebuilds) == (total + 1, 1)
    assert stored.stamp_mark == _stamp_head()
    # the same as learning everything at once
    from models.forecast.learning import LearnedState

    whole = LearnedState()
    whole.learn([r.record for r in history.all_rows(_stamp_head())])
    assert whole.cells == learned.current().state.cells
    assert check() == []


def test_a_corrected_stamp_of_a_learned_job_starts_over(db_path):
    placed, _ = put_history(days=2)
    total = sum(len(v) for v in placed.values())
    learned.current()
    (job_id, sim), *_ = placed[(0, "Truck 01")]
    at = _at(FIRST_DAY, sim.arrived + 7)
    stamps.arrive(job_id, at, OWNER, at + dt.timedelta(days=2), reason="crew called late")
    outcome = learned.current()
    assert (outcome.rebuilt, outcome.stored.records, outcome.stored.rebuilds) == (
        True, total, 2)
    record = {r.job_id: r for r in history.all_rows(_stamp_head())}[job_id].record
    assert record.arrived == sim.arrived + 7
    assert check() == []


def test_a_write_that_needs_a_rebuild_leaves_it_to_the_next_forecast(db_path):
    placed, _ = put_history(days=1)
    learned.current()
    (job_id, sim), *_ = placed[(0, "Truck 02")]
    at = _at(FIRST_DAY, sim.completed)
    stamps.unstamp(job_id, "wrong job", OWNER, at + dt.timedelta(days=1))
    assert learned.learn_new() is None and table.load().state is None
    outcome = learned.current()
    assert outcome.rebuilt and outcome.stored.rebuilds == 2


def test_an_unstamped_arrival_of_an_unfinished_job_changes_nothing_learned(db_path):
    placed, _ = put_history(days=1)
    learned.current()
    day = FIRST_DAY + dt.timedelta(days=1)
    job_id = book(next(iter(_trucks())), _a_customer(), day, "Carpet", 120, "09:00",
                  _at(day, -600))
    stamp_job(job_id, day, 540)
    stamps.unstamp(job_id, "wrong job", OWNER, _at(day, 560))
    outcome = learned.learn_new()
    assert (outcome.rebuilt, outcome.learned, table.load().rebuilds) == (False, 0, 1)


def test_a_completion_entered_out_of_order_starts_over(db_path):
    placed, _ = put_history(days=1, stamp=False)
    (a, sa), (b, sb), *_ = placed[(0, "Truck 01")]
    stamp_job(b, FIRST_DAY, sb.arrived, sb.completed)
    assert learned.current().stored.records == 1
    stamp_job(a, FIRST_DAY, sa.arrived, sa.completed)  # earlier that day: b's previous job
    outcome = learned.current()
    assert outcome.rebuilt and outcome.stored.records == 2
    rows = {r.job_id: r.record for r in history.all_rows(_stamp_head())}
    assert rows[b].prev_completed == sa.completed


def test_a_forecast_moves_with_a_stamp_and_drops_the_arrived_job(db_path):
    put_history(days=4)
    day = FIRST_DAY + dt.timedelta(days=4)
    truck, cust = next(iter(_trucks())), _a_customer()
    first = book(truck, cust, day, "Upholstery", 120, "08:00", _at(day, -600))
    second = book(truck, cust, day, "Carpet", 120, "11:00", _at(day, -600))
    now = _at(day, 470)
    before = {f.job.job_id: f for f in day_forecasts(day, now)}
    assert set(before) == {first, second}
    f = before[second]
    assert f.p10 <= f.p50 <= f.p90
    assert f.p_late >= f.p_tiers[0] >= f.p_tiers[1] >= f.p_tiers[2]
    stamp_job(first, day, 500)  # 20 minutes late into its window
    now = _at(day, 505)
    after = {f.job.job_id: f for f in day_forecasts(day, now)}
    assert set(after) == {second}
    assert after[second].p50 != before[second].p50
    assert "still on the previous job (Upholstery)" in after[second].why
    assert check() == []


def test_a_fresh_database_has_the_table_and_a_clean_schema(db_path):
    assert table.TABLE in db.get_tables()
    assert findings() == ([], True)
    assert learned.current().stored.records == 0
    assert check() == []


def test_a_version_6_database_is_backed_up_upgraded_and_learned(db_path):
    import peewee

    placed, _ = put_history(days=2)
    total = sum(len(v) for v in placed.values())
    db.execute_sql(f"DROP TABLE {table.TABLE}")
    with write_tx():  # the program's own write: its row snapshot is sealed
        Setting.update(value="6").where(Setting.key == "schema_version").execute()
    store.close()

    store.open_db(str(db_path))

    assert Setting.get(Setting.key == "schema_version").value == "7"
    stored = table.load()
    assert (stored.records, stored.rebuilds, stored.stamp_mark) == (total, 1, _stamp_head())
    assert findings() == ([], True)
    assert check() == []
    if not isinstance(db.obj, peewee.PostgresqlDatabase):
        assert len(list(db_path.parent.glob(f"{db_path.name}.before-v7-*.bak"))) == 1
    assert learned.current().rebuilt is False


def _trucks():
    from models.schema import Truck

    return [t.id for t in Truck.select().order_by(Truck.id)]


def _a_customer() -> int:
    from models.schema import Customer

    return Customer.select().order_by(Customer.id).first().id


def _stamp_head() -> int:
    return db.execute_sql("SELECT MAX(id) FROM stamp").fetchone()[0]


def _at(day, minutes):
    return DayClock(day, TZ).instant(minutes)


def test_checking_for_new_completions_does_not_import_numpy():
    """Every write command looks for newly completed jobs; only learning one needs numpy."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; import models.forecast_db.learned, models.forecast_db.history; "
            "from models.forecast import HistoryRecord; assert 'numpy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parents[2])


def test_a_job_without_a_truck_is_forecast_as_a_first_job(db_path):
    from models.services import jobs

    put_history(days=1)
    day = FIRST_DAY + dt.timedelta(days=1)
    draft = jobs.JobDraft(_a_customer(), None, day, dt.time(10, 0), service="Carpet",
                          price="99.00", duration_minutes=120)
    waiting = jobs.book(draft, OWNER, _at(day, -600)).job_id
    (f,) = day_forecasts(day, _at(day, 480))
    assert (f.job.job_id, f.job.truck) == (waiting, "")
    assert f.why.startswith("first job of the day")
    assert _at(day, 570) <= f.p50 <= _at(day, 630)


def test_many_changed_stamps_are_looked_at_in_bounded_lists(db_path, monkeypatch):
    monkeypatch.setattr(learned, "CHUNK", 2)
    placed, _ = put_history(days=1)
    day = FIRST_DAY + dt.timedelta(days=1)
    truck, cust = next(iter(_trucks())), _a_customer()
    unfinished = [book(truck, cust, day, "Carpet", 60, f"{h:02d}:00", _at(day, -600))
                  for h in (8, 10, 12, 14, 16)]
    for n, job_id in enumerate(unfinished):
        stamp_job(job_id, day, 480 + 120 * n)
    learned.current()
    for n, job_id in enumerate(unfinished):  # five unfinished jobs unstamped: nothing learned
        stamps.unstamp(job_id, "wrong job", OWNER, _at(day, 1000))
    assert learned.current().rebuilt is False
    (job_id, sim), *_ = placed[(0, "Truck 01")]  # then one learned job corrected
    at = _at(FIRST_DAY, sim.arrived + 3)
    stamps.arrive(job_id, at, OWNER, at + dt.timedelta(days=2), reason="crew called late")
    assert learned.current().rebuilt is True

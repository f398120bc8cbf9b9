"""The statistics summary cells: every change marks its days out of date, a refresh rebuilds
exactly what a full rebuild would, and the figures never depend on whether it ran."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.db import db, write_tx
from models.errors import DomainError
from models.reports import cells
from models.reports.complaints import complaint_figures
from models.reports.period import DateRange
from models.reports.table import stats_table
from models.schema import Job, PolicyVersion, Reward, Stamp
from models.services import complaints, followups, jobs, rewards, stamps
from tests import factories
from tests.reports import history

D = dt.date
NOV = DateRange(D(2026, 10, 1), D(2026, 12, 31))
OWNER = history.OWNER


def stored_cells() -> list[tuple]:
    """Every cell; the lists are bags (their order is the database's), so sorted here."""
    columns = ", ".join(("local_date", "truck_id", *cells.COLUMNS))
    rows = db.execute_sql(f"SELECT {columns} FROM stats_cell ORDER BY local_date, truck_id")
    n = 2 + len(cells.COUNTS)
    return [tuple(str(v) for v in row[:n]) + tuple(
        sorted((v or "").split(",")) for v in row[n:]) for row in rows]


def everything() -> tuple:
    """What the reports say about the range, by every grouping."""
    return (tuple(map(tuple, stats_table(NOV, "day"))), tuple(map(tuple, stats_table(NOV, "truck"))),
            repr(complaint_figures(NOV)))


def rebuilt_from_scratch() -> list[tuple]:
    with write_tx():
        cells.rebuild_all()
    return stored_cells()


@pytest.fixture
def ids(db_path, now):
    built = history.build(now)
    cells.refresh()
    return built


def test_a_new_database_has_the_summary_and_nothing_out_of_date(db_path):
    assert cells.dirty_days() == [] and stored_cells() == []


def test_the_history_marks_its_days_and_a_refresh_builds_what_a_rebuild_would(db_path, now):
    history.build(now)
    assert cells.dirty_days() == ["2026-11-01", "2026-11-02", "2026-11-10", "2026-11-12",
                                  "2026-11-23"]
    read_while_dirty = everything()
    assert cells.refresh() == 5 and cells.dirty_days() == []
    kept = stored_cells()
    assert len(kept) == 6  # (day, truck) pairs with jobs
    assert everything() == read_while_dirty
    assert rebuilt_from_scratch() == kept


def test_stamps_mark_their_job_s_day(ids, now):
    stamps.unstamp(ids["j1"], "stamped on the wrong job", OWNER, now)
    assert cells.dirty_days() == ["2026-11-10"]


def test_a_job_moved_to_another_day_marks_both_days(ids, now):
    jobs.reschedule(ids["j14"], D(2026, 11, 27), dt.time(9), 0, "customer", OWNER, now)
    assert cells.dirty_days() == ["2026-11-23", "2026-11-27"]


def test_a_voided_reward_and_a_redeemed_certificate_mark_the_days_they_count_on(ids, now):
    reward = Reward.get((Reward.job == ids["j7"]) & (Reward.tier == 3))
    later = factories.job(reward.job.truck_id, reward.job.customer_id, D(2026, 11, 30), "09:00",
                          booked_at=now)
    cells.refresh()
    rewards.redeem(reward.certificate_code, later, OWNER, now)
    assert cells.dirty_days() == ["2026-11-10", "2026-11-30"]
    cells.refresh()
    tier1 = Reward.get((Reward.job == ids["j5"]) & (Reward.tier == 1))
    rewards.void(tier1.id, "the crew was held up by the police", OWNER, now)
    assert cells.dirty_days() == ["2026-11-10"]


def test_complaint_work_and_follow_ups_mark_the_job_s_day(ids, now):
    customer = Job.get_by_id(ids["j17"]).customer_id
    complaint_id = complaints.open_complaint(customer, ids["j17"], "late again", "company",
                                             OWNER, now)
    assert cells.dirty_days() == ["2026-11-01"]
    cells.refresh()
    complaints.tick_step(complaint_id, 1, OWNER, now)  # the first response
    assert cells.dirty_days() == ["2026-11-01"]
    cells.refresh()
    complaints.tick_step(complaint_id, 4, OWNER, now, {"resolution": "free protector"})
    follow_up = complaints.resolve(complaint_id, OWNER, now)
    assert cells.dirty_days() == ["2026-11-01"]
    cells.refresh()
    followups.done(follow_up, "happy now", OWNER, now + dt.timedelta(days=3))
    assert cells.dirty_days() == ["2026-11-01"]


def test_a_new_policy_marks_every_summarised_day_from_its_first_day(ids):
    with write_tx():
        PolicyVersion.create(effective_from=dt.datetime(2026, 11, 11, 6, tzinfo=dt.UTC),
                             data=PolicyVersion.get_by_id(1).data, created_by="owner")
    # from the day before its first UTC day on: local days can begin earlier than UTC ones
    assert cells.dirty_days() == ["2026-11-10", "2026-11-12", "2026-11-23"]


def test_deleting_facts_behind_the_program_s_back_still_marks_the_day(ids):
    with write_tx():
        Stamp.update(active=False).where(Stamp.job == ids["j18"]).execute()
    assert cells.dirty_days() == ["2026-11-02"]


def test_a_refresh_of_part_of_the_range_leaves_the_rest_out_of_date(db_path, now):
    history.build(now)
    assert cells.refresh(D(2026, 11, 10), D(2026, 11, 12)) == 2
    assert cells.dirty_days() == ["2026-11-01", "2026-11-02", "2026-11-23"]


# -- any sequence of changes: the stored cells after a refresh equal a rebuild ---------------
ACTIONS = st.lists(st.tuples(st.sampled_from(["arrive", "unstamp", "move", "cancel", "fault"]),
                             st.sampled_from(["j1", "j4", "j5", "j7", "j14", "j15", "j18"]),
                             st.integers(-120, 400)), min_size=1, max_size=8)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_any_changes_then_a_refresh_equal_a_full_rebuild(ids, now, actions):
    for action, name, minutes in actions:
        job = ids[name]
        try:
            if action == "arrive":
                end = history.at("2026-11-10 15:00:00") + dt.timedelta(minutes=minutes)
                stamps.unstamp(job, "again", OWNER, now)
                stamps.arrive(job, end, OWNER, now, reason="from the log")
            elif action == "unstamp":
                stamps.unstamp(job, "wrong job", OWNER, now)
            elif action == "move":
                ids[name] = jobs.reschedule(job, D(2026, 11, 10 + minutes % 5), dt.time(9), 0,
                                            "company", OWNER, now).job_id
            elif action == "cancel":
                jobs.cancel(job, "no longer wanted", OWNER, now)
            else:
                jobs.set_fault(job, "customer", "nobody home", OWNER, now)
        except DomainError:  # refused by the rules (e.g. already cancelled): no change
            pass
        read_while_dirty = everything()
        cells.refresh()
        assert everything() == read_while_dirty
    assert stored_cells() == rebuilt_from_scratch()


def test_check_finds_a_summary_changed_behind_the_program_s_back_and_marks_it(ids):
    from models.integrity import check

    assert check() == []
    right = table_total()
    day = "'2026-11-10'" if "Sqlite" in type(db.obj).__name__ else "DATE '2026-11-10'"
    with write_tx():
        for table in ("stats_cell", "stats_day"):
            db.execute_sql(f"UPDATE {table} SET jobs = jobs + 1 WHERE local_date = {day}")
    assert table_total() != right  # a summary changed by hand is believed...
    findings = check()
    assert findings == ["statistics summary: 1 day(s) did not match the jobs (first "
                        "2026-11-10); they are marked to be rebuilt from the jobs"]
    assert cells.dirty_days() == ["2026-11-10"]
    assert table_total() == right  # ...until check finds it: read from the facts again
    cells.refresh()
    assert check() == []


def table_total() -> tuple:
    return tuple(stats_table(DateRange(D(2026, 11, 10), D(2026, 11, 10)))[-1])


def test_check_finds_a_day_total_that_does_not_add_up(ids):
    from models.integrity import check

    with write_tx():
        db.execute_sql("DELETE FROM stats_day WHERE jobs = 2")  # 2026-11-12
    assert check()[0].startswith("statistics summary: 1 day(s) did not match the jobs (first "
                                 "2026-11-12)")


def test_check_of_a_file_from_before_the_summary_has_nothing_to_say_about_it(ids):
    from models.integrity import check

    for table in cells.SUMMARY_TABLES:
        db.execute_sql(f"DROP TABLE {table}" + ("" if "Sqlite" in type(db.obj).__name__
                                                 else " CASCADE"))
    # a file from before the summary says so (a version 3 file without it is an unfinished copy)
    factories.pretend_version(2)
    # the version itself was set back by hand, which the trail rightly notices; nothing else
    assert check() == ["setting 'schema_version': its value differs from the audit trail "
                       "(changed outside the program)"]


def test_the_nightly_backup_brings_the_summary_up_to_date_first(db_path, owner, now, tmp_path):
    from models import backup_schedule

    history.build(now)
    assert cells.dirty_days()
    backup_schedule.save_settings(str(tmp_path / "nightly"), 3, "02:00", owner, now)
    made = backup_schedule.run_nightly(now + dt.timedelta(days=1), str(db_path))
    assert made is not None and cells.dirty_days() == []

"""Statistics against figures worked out by hand on a small fixed history."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from playhouse.test_utils import assert_query_count

from models import rules
from models.reports.complaints import complaint_figures
from models.reports.figures import LATE_MINUTES, cube
from models.reports.period import DateRange, keys, presets
from models.reports.table import HEADER, stats_table
from tests.reports import history

D = dt.date


@pytest.fixture
def ids(db_path, owner, now):
    return history.build(now)


def table(first, last, by=None):
    return [dict(zip(HEADER, r)) for r in stats_table(DateRange(first, last), by)]


def test_total_of_the_busy_day_and_its_neighbours(ids):
    total = table(D(2026, 11, 10), D(2026, 11, 12))[-1]
    assert total == {
        "group": "total", "jobs": "11", "arrived": "10", "on_time": "5", "late": "5",
        "on_time_pct": "50.0", "avg_minutes_late": "51.4", "p90_minutes_late": "121",
        "tier1": "1", "tier2": "1", "tier3": "1", "free_jobs": "1",
        "rewards_value": "500.00", "complaints": "5",
        "goodwill_value": "0.00"}


def test_every_day_listed_with_empty_ones_as_zeros(ids):
    rows = table(D(2026, 11, 10), D(2026, 11, 12), "day")
    assert [r["group"] for r in rows] == ["2026-11-10", "2026-11-11", "2026-11-12", "total"]
    first, empty, third = rows[:3]
    assert (first["jobs"], first["arrived"], first["late"], first["on_time_pct"]) == (
        "9", "8", "5", "37.5")
    assert empty == {**dict.fromkeys(HEADER, "0"), "group": "2026-11-11", "on_time_pct": "",
                     "avg_minutes_late": "", "p90_minutes_late": "", "rewards_value": "0.00",
                     "goodwill_value": "0.00"}
    assert (third["jobs"], third["on_time"], third["free_jobs"], third["rewards_value"]) == (
        "2", "2", "1", "150.00")


def test_by_truck(ids):
    rows = {r["group"]: r for r in table(D(2026, 11, 10), D(2026, 11, 12), "truck")}
    assert (rows["Truck A"]["jobs"], rows["Truck A"]["late"], rows["Truck A"]["p90_minutes_late"]
            ) == ("6", "3", "60")
    assert (rows["Truck B"]["jobs"], rows["Truck B"]["arrived"], rows["Truck B"]["late"]) == (
        "5", "4", "2")
    assert rows["Truck B"]["avg_minutes_late"] == "83.0"  # (121 + 45) / 2


def test_lateness_by_tier_and_fault_counts_customer_fault_as_late(ids):
    data = cube(DateRange(D(2026, 11, 10), D(2026, 11, 12)))
    assert data.total.late_tier == [1, 2, 1, 1]  # by minutes: j8 (customer's fault) is tier 1
    assert data.total.late_fault["customer"] == 1 and data.total.late_fault["company"] == 4
    assert data.total.reward_tiers == [1, 1, 1]  # ...but its reward is void
    assert data.total.certificates_issued == 1


def test_fall_back_day_and_midnight_edge(ids):
    day = table(D(2026, 11, 1), D(2026, 11, 1))[-1]
    assert (day["jobs"], day["arrived"], day["late"], day["avg_minutes_late"]) == (
        "3", "3", "1", "15.0")
    after = table(D(2026, 11, 2), D(2026, 11, 2))[-1]
    assert (after["jobs"], after["late"], after["p90_minutes_late"]) == ("1", "1", "20")


def test_not_yet_arrived_counts_as_a_job_only(ids):
    today = table(D(2026, 11, 23), D(2026, 11, 23))[-1]
    assert (today["jobs"], today["arrived"], today["on_time_pct"]) == ("1", "0", "")


def test_complaints(ids):
    figures = complaint_figures(DateRange(D(2026, 11, 10), D(2026, 11, 12)))
    assert figures.total == 5
    assert figures.by_fault["customer"] == 1 and figures.by_fault["company"] == 4
    assert figures.median_response_minutes is None  # nobody has answered yet


def test_query_count_does_not_grow_with_jobs(ids, now):
    rng = DateRange(D(2026, 11, 1), D(2026, 11, 30))

    def count() -> int:
        from playhouse.test_utils import count_queries

        with count_queries() as counter:
            stats_table(rng, "truck")
        return counter.count

    before = count()
    for n in range(6):
        history.factories.job(1, 1, D(2026, 11, 20), f"{8 + n:02d}:00",
                              booked_at=history.BOOKED)
    with assert_query_count(before):
        stats_table(rng, "truck")


@pytest.mark.parametrize("seconds", [-3600, 0, 1, 59, 60, 61, 119, 120, 1799, 1800, 7260,
                                     86400 + 59, 86400 + 60])
@pytest.mark.parametrize("micro", [0, 1, 999999])
def test_sql_minutes_match_the_rule(seconds, micro):
    end = dt.datetime(2026, 11, 1, 7, 30, tzinfo=dt.timezone.utc)
    arrived = end + dt.timedelta(seconds=seconds, microseconds=micro)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    got = sqlite3.connect(":memory:").execute(
        f"SELECT coalesce({LATE_MINUTES}, 0) FROM (SELECT ? AS at) s, "
        "(SELECT ? AS window_end_utc) j",
        (arrived.strftime(fmt), end.strftime(fmt))).fetchone()[0]
    assert got == rules.minutes_late(end, arrived)


def test_periods():
    assert keys(DateRange(D(2026, 11, 8), D(2026, 11, 10)), "week") == ["2026-W45", "2026-W46"]
    assert keys(DateRange(D(2025, 12, 30), D(2026, 1, 2)), "month") == ["2025-12", "2026-01"]
    assert presets(D(2026, 11, 23))["Last month"] == DateRange(D(2026, 10, 1), D(2026, 10, 31))

"""Finding a customer's jobs on other days: by name, phone digits, job number or import id."""

from __future__ import annotations

import datetime as dt

import pytest

from models.queries.search import DAYS_AHEAD, DAYS_BACK, find_jobs
from tests import factories

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def history(db_path, now):
    booked = now - dt.timedelta(days=90)
    truck = factories.truck("Truck 1", now=booked)
    ana = factories.customer("Ana Ñúñez", "(555) 010-1234", "1 Elm St", now=booked)
    ben = factories.customer("Ben 100% Okafor", "555.0102", "2 Oak St", now=booked)
    ids = {}
    for name, customer, offset in (("ana_today", ana, 0), ("ana_next", ana, 7),
                                   ("ana_last", ana, -14), ("ana_far", ana, DAYS_AHEAD + 1),
                                   ("ana_old", ana, -DAYS_BACK - 1), ("ben_soon", ben, 1)):
        ids[name] = factories.job(truck, customer.id, DAY + dt.timedelta(days=offset), "09:00",
                                  booked_at=booked, external_id=f"EXT-{name}")
    return ids


def found(text, now, **kwargs):
    return [j.external_id for j in find_jobs(text, DAY, now, **kwargs)]


def test_a_name_finds_other_days_closest_first_within_the_reach(history, now):
    assert found("ana", now) == ["EXT-ana_next", "EXT-ana_last"]  # not the shown day
    assert found("ñúñ", now) == ["EXT-ana_next", "EXT-ana_last"]
    assert found("ana", now, exclude_day=False)[0] == "EXT-ana_today"


def test_phone_digits_whatever_the_punctuation(history, now):
    assert found("5550101234", now) == ["EXT-ana_next", "EXT-ana_last"]
    assert found("010-12", now) == ["EXT-ana_next", "EXT-ana_last"]
    assert found("0102", now) == ["EXT-ben_soon"]
    assert found("55", now) == []  # two digits name nobody's phone


def test_job_number_import_id_and_wildcards_typed_as_text(history, now):
    assert found(str(history["ben_soon"]), now) == ["EXT-ben_soon"]
    assert found("ext-ben", now) == ["EXT-ben_soon"]
    assert found("100%", now) == ["EXT-ben_soon"]  # % is a character here, not "anything"
    assert found("0% o", now) == ["EXT-ben_soon"]
    assert found("%", now) == []  # one character
    assert found("n_s", now) == ["EXT-ben_soon"]
    assert found("a", now) == []  # one letter is not a search
    assert found("9" * 40, now) == []  # no overflow on a long number


def test_rows_carry_the_board_state(history, now):
    row = find_jobs("ben", DAY, now)[0]
    assert (row.local_date, row.state, row.customer) == (DAY + dt.timedelta(days=1),
                                                         "scheduled", "Ben 100% Okafor")

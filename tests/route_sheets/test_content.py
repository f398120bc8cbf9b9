"""What goes on the sheets, as data: order, money, flags, who is left off."""

from __future__ import annotations

import pytest
from playhouse.test_utils import assert_query_count

from models.company import set_setting
from models.errors import DomainError
from models.route_sheets import FREE_NOTE, build_route_sheets
from tests.conftest import NOW
from tests.route_sheets import helpers as h


def _job(sheets, job_id):
    return next(j for t in sheets.trucks for j in t.jobs if j.job_id == job_id)


def test_trucks_and_stops_in_window_order(scenario):
    sheets = build_route_sheets(h.DAY, NOW)
    got = {t.truck: [(j.window, j.customer) for j in t.jobs] for t in sheets.trucks}
    assert got == scenario.expected
    assert [j.seq for j in sheets.trucks[0].jobs] == [1, 2, 3, 4, 5]
    assert sheets.trucks[0].crew == "Ana Ruiz & Bo Chen"
    assert sheets.office_phone == "(773) 555-0142"
    assert sheets.date_text == "Tue 24 Nov 2026"


def test_cancelled_and_rescheduled_away_jobs_are_left_off(scenario):
    sheets = build_route_sheets(h.DAY, NOW)
    ids = {j.job_id for t in sheets.trucks for j in t.jobs}
    assert scenario.ids["gone"] not in ids and scenario.ids["later"] not in ids


def test_cover_lists_every_active_truck_even_without_jobs(scenario):
    sheets = build_route_sheets(h.DAY, NOW)
    assert [(t.truck, len(t.jobs)) for t in sheets.cover] == [
        ("Truck 1", 5), ("Truck 2", 4), ("Truck 3 (spare)", 0)]
    assert [t.truck for t in sheets.trucks] == ["Truck 1", "Truck 2"]
    assert sheets.cover[0].first_window == "08:00–09:00"


def test_money_free_job_and_certificates(scenario):
    sheets = build_route_sheets(h.DAY, NOW)
    free = _job(sheets, scenario.ids["fay"])
    assert (free.collect, free.collect_note) == ("$0.00", FREE_NOTE)
    assert _job(sheets, scenario.ids["ali"]).collect == "$95.50"
    holder = _job(sheets, scenario.ids["holder"])
    assert holder.collect == "$50.00"  # 150.00 less a 100.00 certificate
    assert scenario.codes["holder"] in holder.collect_note
    assert [f.kind for f in holder.flags] == ["redeem"]
    assert _job(sheets, scenario.ids["cheap"]).collect == "$0.00"  # never below zero


def test_flags_rewards_and_certificates_owed_from_earlier_visits(scenario):
    sheets = build_route_sheets(h.DAY, NOW)
    late3 = _job(sheets, scenario.ids["late3"])
    assert [f.kind for f in late3.flags] == ["deliver"]
    assert scenario.codes["deliver"] in late3.flags[0].text
    assert "$100.00" in late3.flags[0].text
    late1 = _job(sheets, scenario.ids["late1"])
    assert [f.kind for f in late1.flags] == ["reward"]
    assert "$25.00" in late1.flags[0].text
    assert [f.kind for f in _job(sheets, scenario.ids["perfect"]).flags] == ["perfect"]
    assert _job(sheets, scenario.ids["zoe"]).flags == []


def test_an_issued_reward_is_not_handed_over_again(scenario):
    from models.schema import Job, Reward
    from models.services import rewards

    old = (Reward.select().join(Job, on=(Reward.job == Job.id))
           .where(Reward.tier == 1).get())
    rewards.issue(old.id, h.OWNER, NOW)
    sheets = build_route_sheets(h.DAY, NOW)
    assert _job(sheets, scenario.ids["late1"]).flags == []


def test_chosen_trucks_by_name_any_case(scenario):
    sheets = build_route_sheets(h.DAY, NOW, ["truck 2"])
    assert [t.truck for t in sheets.trucks] == ["Truck 2"]
    assert [t.truck for t in sheets.cover] == ["Truck 2"]
    with pytest.raises(DomainError, match="no truck called 'Truck 9'"):
        build_route_sheets(h.DAY, NOW, ["Truck 9"])


def test_currency_paper_and_margins_from_settings(scenario):
    set_setting("currency", "€")
    set_setting("paper", "a4")
    set_setting("margins_mm", "18")
    sheets = build_route_sheets(h.DAY, NOW)
    assert _job(sheets, scenario.ids["ali"]).collect == "€95.50"
    assert (sheets.paper, sheets.margins_mm) == ("A4", 18.0)
    set_setting("margins_mm", "lots")
    assert build_route_sheets(h.DAY, NOW).margins_mm == 12.0


def test_fixed_number_of_queries_whatever_the_day_size(db_path):
    t = h.truck("Truck A")
    c = h.customer("Anyone")
    for hour in range(8, 10):
        h.book(t, c, f"{hour:02d}:00")
    with assert_query_count(11):
        small = build_route_sheets(h.DAY, NOW)
    for hour in range(10, 18):
        h.book(t, h.customer(f"Other {hour}", f"555-02{hour}"), f"{hour:02d}:00")
    with assert_query_count(11):
        big = build_route_sheets(h.DAY, NOW)
    assert (len(small.trucks[0].jobs), len(big.trucks[0].jobs)) == (2, 10)

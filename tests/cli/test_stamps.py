"""en-route, arrive, unstamp, complete: stamps from the command line, and their refusals."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    job_id,
    job_status,
    ok,
    parse_table,
    query,
    refused,
    run_cli,
    unchanged,
)


def stamps(db, external_id: str) -> list[tuple]:
    return query(db, "SELECT s.kind, s.at, s.active, s.by, s.reason FROM stamp s "
                 "JOIN job j ON j.id = s.job_id WHERE j.external_id = ? ORDER BY s.id",
                 (external_id,))


def listing(db) -> dict[str, dict]:
    return {r["external_id"]: r for r in parse_table(ok(run_cli("jobs", "--date", DAY,
                                                                db=db)).stdout)}


def rewards(db) -> dict[str, dict]:
    return {r["external_id"]: r for r in parse_table(ok(run_cli("rewards", db=db)).stdout)}


def test_arrive_now_then_repeat_changes_nothing(db):
    result = ok(run_cli("arrive", "D-1100", db=db))
    assert "Arrival recorded" in result.stdout
    assert stamps(db, "D-1100") == [("arrival", "2026-11-23 18:00:00.000000", 1, "owner", "")]
    row = listing(db)["D-1100"]
    assert (row["status"], row["minutes_late"]) == ("arrived", "0")
    with unchanged(db):
        again = ok(run_cli("arrive", "D-1100", "--at", "2026-11-23 12:00", db=db))
        assert "nothing changed" in again.stdout
        ok(run_cli("arrive", str(job_id(db, "D-1100")), "--at", "2026-11-23T18:00Z", db=db))


def test_arrival_more_than_ten_minutes_ago_needs_a_reason(db):
    with unchanged(db):
        refused(run_cli("arrive", "D-1100", "--at", "2026-11-23 11:49", db=db),
                "10 minutes", "reason")
        refused(run_cli("arrive", "D-1100", "--at", "2026-11-23 11:49", "--reason", "  ",
                        db=db), "reason")
    ok(run_cli("arrive", "D-1100", "--at", "2026-11-23 11:50", db=db))  # exactly 10 min: fine


def test_arrival_with_a_reason_settles_the_reward(db):
    result = ok(run_cli("arrive", "A-0800", "--at", "2026-11-23 11:40", "--reason",
                        "crew called late", db=db))
    assert "Arrival recorded" in result.stdout
    assert stamps(db, "A-0800")[0][4] == "crew called late"
    reward = rewards(db)["A-0800"]
    assert (reward["arrived_at"], reward["minutes_late"], reward["tier"]) == (
        "2026-11-23 11:40", "160", "3")


@pytest.mark.parametrize("at, allowed", [
    ("2026-11-23 12:02", True), ("2026-11-23 12:03", False), ("2026-11-24 09:00", False)])
def test_a_stamp_more_than_two_minutes_ahead_is_refused(db, at, allowed):
    if allowed:
        ok(run_cli("arrive", "D-1100", "--at", at, db=db))
        return
    with unchanged(db):
        refused(run_cli("arrive", "D-1100", "--at", at, db=db), "2 minutes", "future")


@pytest.mark.parametrize("user, password", [
    ("owner", "wrong-pass"),
    ("owner", None),
    ("owner", ""),
    ("owner", DISPATCHER[1]),  # the dispatcher's password is not the owner's
    (DISPATCHER[0], "owner-pass"),
], ids=["wrong", "none", "empty", "someone-else's", "owner's-for-dana"])
def test_a_stamp_without_the_right_password_changes_nothing(module_db, user, password):
    with unchanged(module_db):
        refused(run_cli("arrive", "D-1100", "--user", user, db=module_db, password=password),
                "password")


@pytest.mark.parametrize("args, words", [
    (("arrive", "NO-SUCH"), ("no job", "NO-SUCH")),
    (("arrive", "999999"), ("no job",)),
    (("arrive", "D-1100", "--at", "noon"), ("YYYY-MM-DD HH:MM",)),
    (("arrive", "D-1100", "--at", "2026-03-08 02:30", "--reason", "log"), ("does not exist",)),
    (("arrive", "D-1100", "--at", "2026-11-31 10:00", "--reason", "log"), ("date",)),
    (("en-route", "D-1100", "--at", "2026-11-23 13:00"), ("future",)),
    (("complete", "D-1100"), ("arrival",)),
    (("unstamp", "D-1100", "--reason", "wrong job"), ("no arrival",)),
    (("unstamp", "D-1100", "--reason", "   "), ("reason",)),
], ids=["unknown-ref", "unknown-id", "bad-time", "spring-gap", "bad-date", "en-route-future",
        "complete-without-arrival", "unstamp-nothing", "unstamp-blank-reason"])
def test_stamp_refusals_change_nothing(module_db, args, words):
    with unchanged(module_db):
        refused(run_cli(*args, db=module_db), *words)


def test_unstamp_needs_a_reason_argument(module_db):
    with unchanged(module_db):
        assert run_cli("unstamp", "D-1100", db=module_db).returncode == 2


def test_changing_a_stamp_needs_a_reason_and_keeps_the_old_row(db):
    ok(run_cli("arrive", "C-1015", "--at", "2026-11-23 11:55", db=db))
    assert rewards(db)["C-1015"]["minutes_late"] == "40"
    with unchanged(db):
        refused(run_cli("arrive", "C-1015", "--at", "2026-11-23 11:56", db=db), "reason")
    # the crew was there before the window closed after all: reward void, complaint withdrawn
    result = ok(run_cli("arrive", "C-1015", "--at", "2026-11-23 11:10", "--reason",
                        "GPS shows 11:10", db=db))
    assert "Arrival recorded" in result.stdout
    assert [(k, a) for k, _, a, _, _ in stamps(db, "C-1015")] == [("arrival", 0),
                                                                    ("arrival", 1)]
    reward = rewards(db)["C-1015"]
    assert (reward["status"], reward["minutes_late"]) == ("void", "0")
    complaints = {r["external_id"]: r for r in parse_table(ok(run_cli("complaints",
                                                                       db=db)).stdout)}
    assert complaints["C-1015"]["status"] == "withdrawn"
    open_now = parse_table(ok(run_cli("complaints", "--open", db=db)).stdout)
    assert "C-1015" not in {r["external_id"] for r in open_now}
    assert query(db, "SELECT count(*) FROM audit_entry WHERE action = 'correct' "
                 "AND reason = 'GPS shows 11:10'") == [(1,)]
    ok(run_cli("check", db=db))


def test_en_route_arrive_complete_unstamp(db):
    ok(run_cli("en-route", "E-1130", "--at", "2026-11-23 11:55", db=db))
    assert job_status(db, "E-1130") == "en_route"
    ok(run_cli("arrive", "E-1130", "--at", "2026-11-23 11:58", db=db))
    with unchanged(db):
        refused(run_cli("complete", "E-1130", "--at", "2026-11-23 11:57", db=db), "arrival")
    result = ok(run_cli("complete", "E-1130", "--at", "2026-11-23 11:58", db=db))
    assert "Completion recorded" in result.stdout
    assert job_status(db, "E-1130") == "completed"
    with unchanged(db):  # the arrival may not move after the completion
        refused(run_cli("arrive", "E-1130", "--at", "2026-11-23 11:59", "--reason", "x",
                        db=db), "completion")
        assert "nothing changed" in ok(run_cli("complete", "E-1130", "--at",
                                               "2026-11-23 11:58", db=db)).stdout
    ok(run_cli("unstamp", "E-1130", "--reason", "stamped the wrong job", db=db))
    assert job_status(db, "E-1130") == "en_route"
    assert [a for _, _, a, _, _ in stamps(db, "E-1130")] == [1, 0, 0]  # en route stays
    assert listing(db)["E-1130"]["status"] == "en_route"
    ok(run_cli("check", db=db))


def test_unstamp_brings_the_live_reward_back(db):
    ok(run_cli("arrive", "B-0900", "--at", "2026-11-23 10:40", "--reason", "log", db=db))
    assert (rewards(db)["B-0900"]["tier"], rewards(db)["B-0900"]["status"]) == ("1", "proposed")
    ok(run_cli("unstamp", "B-0900", "--reason", "that was another job", db=db))
    reward = rewards(db)["B-0900"]
    assert (reward["tier"], reward["minutes_late"], reward["arrived_at"]) == ("2", "120", "")
    assert job_status(db, "B-0900") == "scheduled"


def test_a_dispatcher_may_stamp(db):
    ok(run_cli("arrive", "D-1100", "--user", DISPATCHER[0], db=db, password=DISPATCHER[1]))
    assert stamps(db, "D-1100")[0][3] == "dana"


def test_a_cancelled_job_cannot_be_stamped(db):
    ok(run_cli("cancel", "F-1300", "--reason", "customer moved away", db=db))
    with unchanged(db):
        refused(run_cli("arrive", "F-1300", db=db), "cancelled")

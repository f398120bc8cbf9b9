"""assign, reschedule, cancel, fault, reward-issue, reward-void, redeem from the command line."""

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

DANA = {"password": DISPATCHER[1]}


def rewards(db) -> dict[str, dict]:
    return {r["external_id"]: r for r in parse_table(ok(run_cli("rewards", db=db)).stdout)}


def reward_id(db, external_id: str) -> str:
    return rewards(db)[external_id]["reward_id"]


def complaints(db) -> dict[str, dict]:
    return {r["external_id"]: r for r in parse_table(ok(run_cli("complaints", db=db)).stdout)}


def test_assign_moves_the_job_at_the_same_window(db):
    before = query(db, "SELECT id, local_date, local_start FROM job WHERE external_id = 'F-1300'")
    ok(run_cli("assign", "F-1300", "--truck", "Red", db=db))
    assert query(db, "SELECT id, local_date, local_start FROM job "
                 "WHERE external_id = 'F-1300'") == before
    rows = {r["external_id"]: r for r in parse_table(ok(run_cli("jobs", "--date", DAY,
                                                                db=db)).stdout)}
    assert (rows["F-1300"]["truck"], rows["F-1300"]["status"]) == ("Red", "scheduled")
    assert query(db, "SELECT count(*) FROM job")[0][0] == 12  # not a reschedule


@pytest.mark.parametrize("args, words", [
    (("assign", "F-1300", "--truck", "Purple"), ("no truck", "Purple")),
    (("assign", "NOPE", "--truck", "Red"), ("no job",)),
    (("reschedule", "F-1300", "--to", "2026-11-24 25:00", "--by", "company"), ("time",)),
    (("reschedule", "F-1300", "--to", "2026-03-08 02:30", "--by", "company"),
     ("does not exist",)),
    (("reschedule", "F-1300", "--to", "2026-11-23 13:00", "--by", "company"),
     ("current window",)),
    (("reschedule", "F-1300", "--to", "2026-11-24 09:00", "--by", "company", "--truck",
      "Purple"), ("Purple",)),
    (("cancel", "F-1300", "--reason", " "), ("reason",)),
    (("fault", "D-1100", "--set", "customer", "--reason", "not home"), ("not late",)),
    (("fault", "F-1300", "--set", "company", "--reason", "x"), ("not late",)),
    (("fault", "A-0800", "--set", "aliens", "--reason", "x"), ("aliens",)),
    (("fault", "A-0800", "--set", "customer", "--reason", "  "), ("reason",)),
    (("reward-issue", "999"), ("no reward",)),
    (("reward-void", "1", "--reason", "  "), ("reason",)),
    (("redeem", "OT-XXXX-XXXX-XXXX", "--job", "A-NEXT"), ("no certificate",)),
], ids=["assign-unknown-truck", "assign-unknown-job", "reschedule-bad-time",
        "reschedule-spring-gap", "reschedule-same-window", "reschedule-unknown-truck",
        "cancel-blank-reason", "fault-on-time-job", "fault-future-job", "fault-unknown",
        "fault-blank-reason", "issue-unknown", "void-blank-reason", "redeem-unknown-code"])
def test_refusals_change_nothing(module_db, args, words):
    with unchanged(module_db):
        refused(run_cli(*args, db=module_db), *words)


@pytest.mark.parametrize("args", [
    ("reschedule", "F-1300", "--to", "2026-11-24 09:00"),      # --by is required
    ("reschedule", "F-1300", "--to", "2026-11-24 09:00", "--by", "weather"),
    ("cancel", "F-1300"),                                      # --reason is required
    ("fault", "A-0800", "--set", "company"),
    ("reward-void", "1"),
    ("redeem", "OT-1"),
    ("assign", "F-1300"),
])
def test_missing_or_wrong_options_exit_2(module_db, args):
    with unchanged(module_db):
        result = run_cli(*args, db=module_db)
    assert result.returncode == 2, result.stderr


def test_company_reschedule_prints_the_new_job_which_takes_over_the_external_id(db):
    old = job_id(db, "F-1300")
    result = ok(run_cli("reschedule", "F-1300", "--to", "2026-11-24 10:00", "--by", "company",
                        "--truck", "Red", "--reason", "truck broke down", db=db))
    new = int(result.stdout.strip())
    assert new != old and job_id(db, "F-1300") == new
    assert job_status(db, old) == "rescheduled"
    assert query(db, "SELECT external_id FROM job WHERE id = ?", (old,)) == [(None,)]
    assert query(db, "SELECT local_date, local_start, rescheduled_from_id, free FROM job "
                 "WHERE id = ?", (new,)) == [("2026-11-24", "10:00", old, 1)]
    tomorrow = parse_table(ok(run_cli("jobs", "--date", "2026-11-24", db=db)).stdout)
    assert {(r["id"], r["external_id"], r["truck"]) for r in tomorrow} >= {
        (str(new), "F-1300", "Red")}
    today = {r["id"]: r for r in parse_table(ok(run_cli("jobs", "--date", DAY, db=db)).stdout)}
    assert today[str(old)]["status"] == "rescheduled"
    reward = rewards(db)["F-1300"]
    assert (reward["job_id"], reward["tier"], reward["value"], reward["minutes_late"],
            reward["status"]) == (str(new), "reschedule", "200.00", "", "proposed")
    assert complaints(db)["F-1300"]["status"] == "open"
    # the new job can be stamped by its (taken-over) external id; the old one is closed
    with unchanged(db):
        refused(run_cli("reschedule", str(old), "--to", "2026-11-25 10:00", "--by", "company",
                        db=db), "rescheduled")
    ok(run_cli("check", db=db))


def test_customer_reschedule_makes_no_reward(db):
    rewards_before = query(db, "SELECT count(*) FROM reward")[0][0]
    new = int(ok(run_cli("reschedule", "F-1300", "--to", "2026-11-24 10:00", "--by",
                         "customer", db=db)).stdout)
    assert job_id(db, "F-1300") == new
    assert query(db, "SELECT count(*) FROM reward")[0][0] == rewards_before
    assert query(db, "SELECT free FROM job WHERE id = ?", (new,)) == [(0,)]


def test_fault_on_a_company_reschedule(db):
    ok(run_cli("reschedule", "F-1300", "--to", "2026-11-24 10:00", "--by", "company", db=db))
    ok(run_cli("fault", "F-1300", "--set", "customer", "--reason", "asked us to move", db=db))
    assert rewards(db)["F-1300"]["status"] == "void"
    ok(run_cli("fault", "F-1300", "--set", "company", "--reason", "our mistake after all",
               db=db))
    assert rewards(db)["F-1300"]["status"] == "proposed"


def test_fault_customer_voids_the_reward_but_keeps_the_complaint(db):
    ok(run_cli("fault", "A-0800", "--set", "customer", "--reason", "not home, no access",
               db=db))
    reward = rewards(db)["A-0800"]
    assert (reward["fault"], reward["status"], reward["certificate_status"]) == (
        "customer", "void", "void")
    complaint = complaints(db)["A-0800"]
    assert (complaint["status"], complaint["fault"]) == ("open", "customer")
    assert query(db, "SELECT fault_reason FROM job WHERE external_id = 'A-0800'") == [
        ("not home, no access",)]
    # set back: the same reward row is active again
    before = reward["reward_id"]
    ok(run_cli("fault", "A-0800", "--set", "third_party", "--reason", "road closed", db=db))
    again = rewards(db)["A-0800"]
    assert (again["reward_id"], again["status"], again["fault"]) == (before, "proposed",
                                                                     "third_party")
    assert query(db, "SELECT count(*) FROM reward WHERE job_id = ?",
                 (job_id(db, "A-0800"),)) == [(1,)]
    ok(run_cli("check", db=db))


def test_cancel(db):
    ok(run_cli("cancel", "F-1300", "--reason", "customer moved away", db=db))
    assert query(db, "SELECT status, cancel_reason FROM job WHERE external_id = 'F-1300'") == [
        ("cancelled", "customer moved away")]
    rows = {r["external_id"]: r for r in parse_table(ok(run_cli("jobs", "--date", DAY,
                                                                db=db)).stdout)}
    assert rows["F-1300"]["status"] == "cancelled"
    with unchanged(db):
        refused(run_cli("cancel", "F-1300", "--reason", "again", db=db), "cancelled")
        refused(run_cli("assign", "F-1300", "--truck", "Red", db=db), "cancelled")


def test_moving_an_arrived_job_is_refused(db):
    ok(run_cli("arrive", "D-1100", db=db))
    with unchanged(db):
        refused(run_cli("reschedule", "D-1100", "--to", "2026-11-24 10:00", "--by", "company",
                        db=db), "arrived")
        refused(run_cli("assign", "D-1100", "--truck", "Red", db=db), "arrived")
        refused(run_cli("cancel", "D-1100", "--reason", "x", db=db), "arrived")


def test_issue_then_void_owner_only_once_issued(db):
    tier2, tier1 = reward_id(db, "B-0900"), reward_id(db, "C-1015")
    assert "is issued" in ok(run_cli("reward-issue", tier2, "--user", "dana", db=db,
                                     **DANA)).stdout
    with unchanged(db):
        assert "nothing changed" in ok(run_cli("reward-issue", tier2, db=db)).stdout
        refused(run_cli("reward-void", tier2, "--reason", "goodwill", "--user", "dana", db=db,
                        **DANA), "owner")
    ok(run_cli("reward-void", tier2, "--reason", "customer declined it", db=db))
    assert rewards(db)["B-0900"]["status"] == "void"
    with unchanged(db):
        refused(run_cli("reward-void", tier2, "--reason", "again", db=db), "already void")
        refused(run_cli("reward-issue", tier2, db=db), "void")
    # a proposed reward: a dispatcher may void it
    ok(run_cli("reward-void", tier1, "--reason", "duplicate", "--user", "dana", db=db, **DANA))
    assert rewards(db)["C-1015"]["status"] == "void"
    ok(run_cli("check", db=db))


def test_a_dispatcher_may_not_lower_an_issued_reward_by_fault(db):
    ok(run_cli("reward-issue", reward_id(db, "B-0900"), db=db))
    with unchanged(db):
        refused(run_cli("fault", "B-0900", "--set", "customer", "--reason", "not home",
                        "--user", "dana", db=db, **DANA), "owner")
    ok(run_cli("fault", "B-0900", "--set", "customer", "--reason", "not home", db=db))
    assert rewards(db)["B-0900"]["status"] == "void"


def test_redeem_a_certificate_on_a_later_job_of_the_same_customer(db):
    code = rewards(db)["A-0800"]["certificate_code"]
    with unchanged(db):
        refused(run_cli("redeem", code, "--job", "K-0900", db=db), "another customer")
        refused(run_cli("redeem", code, "--job", "A-0800", db=db), "later job")
    result = ok(run_cli("redeem", code.lower(), "--job", "A-NEXT", db=db))
    assert code in result.stdout
    reward = rewards(db)["A-0800"]
    assert (reward["status"], reward["certificate_status"]) == ("redeemed", "redeemed")
    assert query(db, "SELECT redeemed_on_id FROM reward WHERE id = ?",
                 (int(reward["reward_id"]),)) == [(job_id(db, "A-NEXT"),)]
    with unchanged(db):
        refused(run_cli("redeem", code, "--job", "A-NEXT", db=db), "redeemed")
    ok(run_cli("check", db=db))


def test_an_expired_certificate_cannot_be_redeemed(db):
    code = rewards(db)["A-0800"]["certificate_code"]
    later = "2027-11-24T18:00:00Z"
    ok(run_cli("rewards", db=db, now=later))  # brings the guarantee up to that day first
    with unchanged(db):
        refused(run_cli("redeem", code, "--job", "A-NEXT", db=db, now=later), "expired")


@pytest.mark.parametrize("external_id, at, before", [
    ("B-0900", "2026-11-23 10:10", ("2", "issued")),   # would void it
    ("A-0800", "2026-11-23 09:45", ("3", "issued")),   # would lower tier 3 to tier 1
], ids=["void", "lower"])
def test_a_dispatchers_stamp_may_not_lower_an_issued_reward(db, external_id, at, before):
    ok(run_cli("reward-issue", reward_id(db, external_id), db=db))
    with unchanged(db):
        refused(run_cli("arrive", external_id, "--at", at, "--reason", "GPS log", "--user",
                        "dana", db=db, **DANA), "owner", "nothing was changed")
    reward = rewards(db)[external_id]
    assert (reward["tier"], reward["status"]) == before
    ok(run_cli("arrive", external_id, "--at", at, "--reason", "GPS log", db=db))  # the owner
    assert rewards(db)[external_id]["minutes_late"] in ("10", "45")

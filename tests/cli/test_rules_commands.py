"""The guarantee's second pass from the command line: an issued reward's protection,
company cancellation, goodwill rewards by hand and a customer's flags."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    DAY,
    DISPATCHER,
    ok,
    parse_table,
    query,
    read_export,
    refused,
    run_cli,
    unchanged,
    write_rows,
)

DANA = {"password": DISPATCHER[1]}
LATER = "2026-11-23T18:20:00Z"  # C-1015 (window end 11:15) is 65 minutes late: tier 2
LATEST = "2026-11-23T18:25:00Z"


def rewards(db) -> list[dict]:
    return parse_table(ok(run_cli("rewards", db=db)).stdout)


def reward_of(db, external_id: str, tier: str | None = None) -> dict:
    (row,) = [r for r in rewards(db) if r["external_id"] == external_id
              and (tier is None or r["tier"] == tier)]
    return row


def _issue_then_raise(db) -> str:
    """C-1015 is 45 minutes late at NOW (tier 1): dana issues it; by LATER it is tier 2."""
    reward = reward_of(db, "C-1015")
    assert (reward["tier"], reward["status"]) == ("1", "proposed")
    ok(run_cli("--user", "dana", "reward-issue", reward["reward_id"], db=db, **DANA))
    ok(run_cli("jobs", "--date", DAY, db=db, now=LATER))  # the live sweep raises it
    raised = reward_of(db, "C-1015")
    assert (raised["tier"], raised["status"]) == ("2", "proposed")
    return raised["reward_id"]


def test_correcting_a_raised_issued_reward_away_is_refused(db):
    reward_id = _issue_then_raise(db)
    with unchanged(db):
        refused(run_cli("--user", "dana", "arrive", "C-1015", "--at", "2026-11-23 11:20",
                        "--reason", "crew called late", db=db, now=LATEST, **DANA),
                "only an owner")
    ok(run_cli("arrive", "C-1015", "--at", "2026-11-23 11:20", "--reason", "crew log",
               db=db, now=LATEST))  # the owner may
    assert reward_of(db, "C-1015")["status"] == "void"
    assert reward_of(db, "C-1015")["reward_id"] == reward_id


def test_importing_arrivals_that_void_a_raised_issued_reward_is_refused(db, tmp_path):
    _issue_then_raise(db)
    log = write_rows(tmp_path / "log.csv", ["external_id", "arrived_at"],
                     [["C-1015", "2026-11-23 11:20"]])
    with unchanged(db):
        refused(run_cli("--user", "dana", "import-arrivals", log, "--reason", "crew log",
                        db=db, now=LATEST, **DANA), "only an owner")


def test_customer_fault_on_a_raised_issued_reward_is_refused(db):
    _issue_then_raise(db)
    with unchanged(db):
        refused(run_cli("--user", "dana", "fault", "C-1015", "--set", "customer", "--reason",
                        "not home", db=db, now=LATEST, **DANA), "only an owner")


# cancel --by -----------------------------------------------------------------------------
def test_company_cancellation_owes_a_certificate_and_opens_a_complaint(db):
    result = ok(run_cli("cancel", "F-1300", "--reason", "truck broke down", "--by", "company",
                        db=db))
    assert "Cancellation" in result.stdout
    row = reward_of(db, "F-1300")
    assert (row["tier"], row["value"], row["status"], row["certificate_status"]) == (
        "cancellation", "200.00", "proposed", "unused")
    assert row["certificate_code"] and row["certificate_expires"] == "2027-11-23 12:00"
    (complaint,) = [c for c in parse_table(ok(run_cli("complaints", db=db)).stdout)
                    if c["external_id"] == "F-1300"]
    assert (complaint["source"], complaint["status"], complaint["opened_at"]) == (
        "auto", "open", "2026-11-23 12:00")


def test_customer_cancellation_owes_nothing(db):
    before = len(rewards(db))
    ok(run_cli("cancel", "F-1300", "--reason", "moving house", db=db))
    assert len(rewards(db)) == before
    assert query(db, "SELECT status FROM job WHERE id = (SELECT max(id) FROM job "
                 "WHERE status = 'cancelled')")[0][0] == "cancelled"


def test_cancel_by_someone_else_is_refused(db):
    with unchanged(db):
        refused(run_cli("cancel", "F-1300", "--reason", "x", "--by", "weather", db=db))


# reward-add ------------------------------------------------------------------------------
def test_reward_add_records_goodwill_counted_apart(db, tmp_path):
    before = ok(run_cli("stats", "--from", DAY, "--to", DAY, db=db)).stdout
    (total_before,) = parse_table(before)
    result = ok(run_cli("--user", "dana", "reward-add", "--job", "F-1300", "--value", "40",
                        "--wording", "Free stain treatment", "--certificate", db=db, **DANA))
    reward_id = result.stdout.strip()
    assert reward_id.isdigit()
    (row,) = [r for r in rewards(db) if r["reward_id"] == reward_id]
    assert (row["tier"], row["value"], row["external_id"], row["status"]) == (
        "goodwill", "40.00", "F-1300", "proposed")
    assert row["certificate_code"]
    ok(run_cli("reward-add", "--customer", "555-0103", "--value", "12.50", "--wording",
               "Door mat", db=db))
    out = tmp_path / "stats.csv"
    ok(run_cli("stats", "--from", DAY, "--to", DAY, "--csv", out, db=db))
    _, header, (total,) = read_export(out)
    assert header[-1] == "goodwill_value"
    assert total["goodwill_value"] == "52.50"
    assert total["rewards_value"] == total_before["rewards_value"]
    assert query(db, "SELECT count(*) FROM audit_entry WHERE entity = 'reward' "
                 "AND action = 'create' AND entity_id = ?", (reward_id,))[0][0] == 1


@pytest.mark.parametrize("args, words", [
    (("--job", "F-1300", "--customer", "Fay Fox", "--value", "5", "--wording", "x"),
     ("not allowed",)),
    (("--customer", "Nobody", "--value", "5", "--wording", "x"), ("no customer",)),
    (("--job", "F-1300", "--value", "abc", "--wording", "x"), ("not an amount",)),
    (("--job", "F-1300", "--value", "5", "--wording", "x", "--complaint", "999"),
     ("no complaint",)),
])
def test_reward_add_refuses_bad_input(db, args, words):
    with unchanged(db):
        refused(run_cli("reward-add", *args, db=db), *words)


# customer-flag ---------------------------------------------------------------------------
def test_declining_needs_an_owner_and_a_reason(db):
    with unchanged(db):
        refused(run_cli("--user", "dana", "customer-flag", "Carol Cook",
                        "--decline-next-booking", "--reason", "threats", db=db, **DANA),
                "only an owner")
        refused(run_cli("customer-flag", "Carol Cook", "--decline-next-booking", db=db),
                "--reason")
    ok(run_cli("customer-flag", "carol cook", "--decline-next-booking", "--reason",
               "threatened the crew", db=db))
    assert query(db, "SELECT decline_next_booking, decline_reason FROM customer "
                 "WHERE name = 'Carol Cook'")[0] in ((1, "threatened the crew"),
                                                     (True, "threatened the crew"))
    with unchanged(db):
        refused(run_cli("--user", "dana", "customer-flag", "Carol Cook", "--clear-decline",
                        db=db, **DANA), "only an owner")
    ok(run_cli("customer-flag", "Carol Cook", "--clear-decline", db=db))
    assert query(db, "SELECT decline_next_booking FROM customer "
                 "WHERE name = 'Carol Cook'")[0][0] in (0, False)


def test_perfect_visit_by_phone_or_id_by_a_dispatcher(db):
    result = ok(run_cli("--user", "dana", "customer-flag", "555-0103", "--perfect-visit",
                        db=db, **DANA))
    assert "Carol Cook" in result.stdout
    (customer_id,) = query(db, "SELECT id FROM customer WHERE name = 'Carol Cook'")[0]
    ok(run_cli("--user", "dana", "customer-flag", str(customer_id), "--clear-perfect-visit",
               db=db, **DANA))
    assert query(db, "SELECT make_next_visit_perfect FROM customer WHERE id = ?",
                 (customer_id,))[0][0] in (0, False)


def test_an_ambiguous_name_is_refused_with_the_matches(db, tmp_path):
    twin = write_rows(tmp_path / "twin.csv",
                      ["date", "window_start", "truck", "customer", "phone"],
                      [["2026-11-25", "09:00", "Red", "Carol Cook", "555-0999"]])
    ok(run_cli("import-jobs", twin, db=db))
    ids = [str(i) for (i,) in query(db, "SELECT id FROM customer WHERE name = 'Carol Cook' "
                                    "ORDER BY id")]
    assert len(ids) == 2
    with unchanged(db):
        result = refused(run_cli("customer-flag", "Carol Cook", "--perfect-visit", db=db),
                         "2 customers")
    for customer_id in ids:
        assert f"id {customer_id}" in result.stderr


def test_customer_flag_needs_exactly_one_change(db):
    with unchanged(db):
        refused(run_cli("customer-flag", "Carol Cook", "--perfect-visit",
                        "--clear-perfect-visit", db=db))

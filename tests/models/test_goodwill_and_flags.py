"""Goodwill rewards by hand, a customer's flags, and the schema that holds them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from models import rules
from models.db import db
from models.errors import DomainError, NotFound, PermissionDenied
from models.integrity import check
from models.queries.listings import REWARDS_HEADER, reward_rows
from models.reports.period import DateRange
from models.reports.table import HEADER, stats_table
from models.schema import AuditEntry, Customer, Reward
from models.services import complaints, customer_ref, flags, rewards
from models.services.goodwill import add_goodwill
from tests import factories
from tests.models.conftest import DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, end_of, lateness


def _total(first: dt.date, last: dt.date, by: str | None = None) -> list[dict[str, str]]:
    return [dict(zip(HEADER, row)) for row in stats_table(DateRange(first, last), by)]


def _listed(reward_id: int) -> dict[str, str]:
    rows = [dict(zip(REWARDS_HEADER, r)) for r in reward_rows(None, None, dt.datetime.now(
        dt.timezone.utc))]
    (row,) = [r for r in rows if r["reward_id"] == reward_id]
    return row


def test_goodwill_for_a_complaint_is_linked_audited_and_counted_apart(job_id, cust, now):
    arrive(job_id, end_of(job_id) + 40 * MIN)
    complaint = complaint_of(lateness(job_id))
    first = add_goodwill(value="40.00", wording="Free stain spot treatment", actor=OWNER,
                         now=now, complaint=complaint.id)
    second = add_goodwill(value="15.50", wording="Deodoriser", actor=OWNER, now=now,
                          job=job_id, certificate=True)
    one, two = Reward.get_by_id(first), Reward.get_by_id(second)
    assert (one.kind, one.job_id, one.goodwill_job_id, one.goodwill_complaint,
            one.customer_id, one.status) == ("goodwill", None, job_id, complaint.id, cust,
                                             "proposed")
    assert two.certificate_code and two.certificate_value == Decimal("15.50")
    assert two.certificate_expires_at == rules.add_months(now, 12, "America/Chicago")
    assert AuditEntry.select().where((AuditEntry.entity == "reward")
                                     & (AuditEntry.entity_id == str(first))
                                     & (AuditEntry.action == "create")).exists()
    row = _listed(first)
    assert (row["tier"], row["job_id"], row["value"], row["date"]) == (
        "goodwill", job_id, "40.00", DAY.isoformat())
    (total,) = _total(DAY, DAY)
    assert total["rewards_value"] == "25.00"  # the tier 1 reward alone
    assert total["goodwill_value"] == "55.50"
    by_truck = {r["group"]: r for r in _total(DAY, DAY, "truck")}
    assert by_truck["Truck 1"]["goodwill_value"] == "55.50"
    rewards.void(second, "customer declined it", OWNER, now)
    assert _total(DAY, DAY)[0]["goodwill_value"] == "40.00"
    assert check() == []


def test_goodwill_for_a_customer_alone_has_no_job(cust, now):
    reward_id = add_goodwill(value="20.00", wording="Door mat", actor=OWNER, now=now,
                             customer="zoë ñúñez")
    reward = Reward.get_by_id(reward_id)
    assert (reward.job_id, reward.goodwill_job_id, reward.customer_id) == (None, None, cust)
    row = _listed(reward_id)
    assert (row["job_id"], row["customer"], row["tier"]) == ("", "Zoë Ñúñez", "goodwill")
    day = now.astimezone(rules.zone("America/Chicago")).date()
    assert _total(day, day)[0]["goodwill_value"] == "20.00"


def test_goodwill_follows_the_same_states(cust, now):
    reward_id = add_goodwill(value="20.00", wording="Door mat", actor=OWNER, now=now,
                             customer=cust, certificate=True)
    rewards.issue(reward_id, OWNER, now)
    assert Reward.get_by_id(reward_id).status == "issued"
    later = factories.job(factories.truck("Truck 9", now=now), cust, DAY + dt.timedelta(days=9),
                          "10:00", booked_at=now)
    redeemed = rewards.redeem(Reward.get_by_id(reward_id).certificate_code, later, OWNER, now)
    assert (redeemed.status, redeemed.certificate_status) == ("redeemed", "redeemed")


def test_goodwill_refuses_what_does_not_belong_together(job_id, other_cust, now):
    with pytest.raises(DomainError, match="different customers"):
        add_goodwill(value="10.00", wording="x", actor=OWNER, now=now, job=job_id,
                     customer=other_cust)
    with pytest.raises(DomainError, match="above 0.00"):
        add_goodwill(value="0", wording="x", actor=OWNER, now=now, job=job_id)
    with pytest.raises(DomainError, match="wording"):
        add_goodwill(value="5", wording="  ", actor=OWNER, now=now, job=job_id)
    with pytest.raises(NotFound):
        add_goodwill(value="5", wording="x", actor=OWNER, now=now, complaint=999)
    assert Reward.select().count() == 0


def test_several_goodwill_rewards_but_one_lateness_reward_per_job(job_id, now):
    arrive(job_id, end_of(job_id) + 40 * MIN)
    for n in range(3):
        add_goodwill(value="5.00", wording=f"gift {n}", actor=OWNER, now=now, job=job_id)
    late = lateness(job_id)
    with pytest.raises(peewee.IntegrityError), db.atomic():
        Reward.create(job=job_id, kind="lateness", tier=1, wording="again", value=1,
                      earned_at=now, created_at=now)
    assert Reward.select().where(Reward.goodwill_job == job_id).count() == 3
    assert lateness(job_id).id == late.id


def test_step_5_can_link_a_goodwill_reward(job_id, now):
    arrive(job_id, end_of(job_id) + 40 * MIN)
    complaint = complaint_of(lateness(job_id))
    reward_id = add_goodwill(value="30.00", wording="Free pet odour treatment", actor=OWNER,
                             now=now, complaint=complaint.id)
    complaints.tick_step(complaint.id, 5, OWNER, now, data={"reward_id": reward_id})
    step = [s for s in complaint.steps if s.number == 5][0]
    assert step.done and f'"reward_id": {reward_id}' in step.data


# Customer flags ----------------------------------------------------------------------------
def test_customer_is_found_by_id_phone_or_name_and_ambiguity_is_listed(cust, now):
    assert customer_ref.find(str(cust)).id == cust
    assert customer_ref.find("(555) 0100").id == cust
    assert customer_ref.find("ZOË ÑÚÑEZ").id == cust
    twin = factories.customer("Zoë Ñúñez", phone="555-0777", address="9 Oak Ave", now=now)
    with pytest.raises(DomainError) as refused:
        customer_ref.find("Zoë Ñúñez")
    assert f"id {cust}" in str(refused.value) and f"id {twin.id}" in str(refused.value)
    with pytest.raises(NotFound):
        customer_ref.find("Nobody Here")


def test_declining_is_for_owners_and_needs_a_reason(cust, dispatcher, now):
    with pytest.raises(PermissionDenied):
        flags.set_flag(cust, "decline", "abusive on the phone", dispatcher, now)
    with pytest.raises(DomainError, match="reason"):
        flags.set_flag(cust, "decline", " ", OWNER, now)
    assert not Customer.get_by_id(cust).decline_next_booking
    flags.set_flag(cust, "decline", "abusive on the phone", OWNER, now)
    customer = Customer.get_by_id(cust)
    assert (customer.decline_next_booking, customer.decline_reason) == (
        True, "abusive on the phone")
    with pytest.raises(PermissionDenied):
        flags.set_flag(cust, "clear-decline", "", dispatcher, now)
    flags.set_flag(cust, "clear-decline", "", OWNER, now)
    assert not Customer.get_by_id(cust).decline_next_booking


def test_perfect_visit_flag_by_anyone_and_repeating_changes_nothing(cust, dispatcher, now):
    said = flags.set_flag(cust, "perfect-visit", "", dispatcher, now)
    assert "now marked" in said and Customer.get_by_id(cust).make_next_visit_perfect
    rows = AuditEntry.select().count()
    assert "already" in flags.set_flag(cust, "perfect-visit", "", dispatcher, now)
    assert AuditEntry.select().count() == rows
    flags.set_flag(cust, "clear-perfect-visit", "", dispatcher, now)
    assert not Customer.get_by_id(cust).make_next_visit_perfect


# Schema 4 from a real schema-3 file ----------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_schema_3_file_migrates_and_keeps_what_was_issued(tmp_path):
    import shutil
    from pathlib import Path

    from models import store
    from models.schema import Setting
    from models.services.actor import Actor
    from models.services.stamps import arrive as stamp

    source = Path(__file__).resolve().parents[1] / "data" / "schema-v3.sqlite3"
    path = tmp_path / "old.sqlite3"
    shutil.copy(source, path)
    store.open_db(str(path))
    try:
        assert Setting.get(Setting.key == "schema_version").value == str(store.SCHEMA_VERSION)
        assert check() == []
        issued = Reward.get_by_id(1)  # tier 2, issued before the upgrade
        assert (issued.status, issued.tier, issued.issued_tier) == ("issued", 2, None)
        when = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)
        from models.services import people

        people.add_user("dana", "dispatcher", "dispatch-pass", OWNER, when)
        with pytest.raises(PermissionDenied):  # on time after all: would void it
            stamp("A1", when - dt.timedelta(hours=3), Actor("dana", "dispatcher"), when,
                  reason="wrong")
        customer = Customer.get(Customer.name == "Zoe Nunez")
        goodwill = add_goodwill(value="10.00", wording="Sorry", actor=OWNER, now=when,
                                customer=customer.id)
        assert Reward.get_by_id(goodwill).job_id is None
        assert check() == []
    finally:
        store.close()
    assert len(list(tmp_path.glob("old.sqlite3.before-v*-*.bak"))) == 1


def test_a_schema_3_shaped_database_upgrades_on_either_backend(db_path, job_id):
    """The same upgrade on the server: the columns go, the job becomes required again, and
    opening the database brings them back (SQLite: see the real schema-3 file above)."""
    from models import store
    from models.schema import Setting
    from models.schema_v4 import NEW_COLUMNS

    if not _postgres():
        pytest.skip("SQLite cannot drop these columns; the schema-3 file test covers it")
    arrive(job_id, end_of(job_id) + 40 * MIN)
    for name in NEW_COLUMNS:
        column = Reward._meta.fields[name].column_name
        db.execute_sql(f'ALTER TABLE reward DROP COLUMN "{column}"')
    db.execute_sql("ALTER TABLE reward ALTER COLUMN job_id SET NOT NULL")
    factories.pretend_version(3)
    store.close()
    store.open_db(str(db_path))
    assert Setting.get(Setting.key == "schema_version").value == str(store.SCHEMA_VERSION)
    assert lateness(job_id).issued_tier is None
    reward_id = add_goodwill(value="5.00", wording="Sorry", actor=OWNER,
                             now=end_of(job_id) + 50 * MIN,
                             customer=lateness(job_id).job.customer_id)
    assert Reward.get_by_id(reward_id).job_id is None
    assert check() == []


def _postgres() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def test_the_apps_reward_list_offers_goodwill_for_step_5(job_id, cust, now):
    from models.queries import recovery

    alone = add_goodwill(value="20.00", wording="Door mat", actor=OWNER, now=now, customer=cust)
    about = add_goodwill(value="9.00", wording="Spot kit", actor=OWNER, now=now, job=job_id)
    rows = {r.reward_id: r for r in recovery.rewards(now, customer_id=cust)}
    assert (rows[alone].tier, rows[alone].job_id, rows[alone].customer) == (
        "goodwill", None, "Zoë Ñúñez")
    assert (rows[about].job_id, rows[about].job_date) == (job_id, DAY)
    assert {r.reward_id for r in recovery.rewards(now, start=DAY, end=DAY)} >= {about}

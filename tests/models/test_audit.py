"""The audit trail: every change leaves a row, and tampering of any kind makes check fail."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models import audit
from models.db import db
from models.integrity import check
from models.schema import AuditEntry, Setting, Stamp
from models.services import jobs, rewards, stamps
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, end_of, lateness


@pytest.fixture
def history(truck_id, cust) -> list[int]:
    """A day with stamps, a correction, live rewards, a fault change and a reschedule."""
    a = factories.job(truck_id, cust, DAY, "08:00", booked_at=BOOKED)
    b = factories.job(truck_id, cust, DAY, "10:00", booked_at=BOOKED)
    c = factories.job(truck_id, cust, DAY, "12:00", booked_at=BOOKED)
    arrive(a, end_of(a) + 45 * MIN)
    arrive(a, end_of(a) + 130 * MIN, now=end_of(a) + 140 * MIN, reason="crew misread")
    evaluate(end_of(b) + 65 * MIN)
    jobs.set_fault(b, "shared", "traffic and a locked gate", OWNER, end_of(b) + 70 * MIN)
    rewards.issue(lateness(b).id, OWNER, end_of(b) + 75 * MIN)
    jobs.reschedule(c, DAY + dt.timedelta(days=1), dt.time(9, 0), 0, "company", OWNER,
                    end_of(c) - 3 * 60 * MIN)
    assert check() == []
    return [a, b, c]


def _rows() -> list[int]:
    return [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]


def _tampered(sql: str, params=()) -> list[str]:
    """Findings after a raw change made behind the program's back (then rolled back)."""
    with db.atomic() as txn:
        db.execute_sql(sql.replace("?", db.obj.param), params)
        findings = check()
        txn.rollback()
    return findings


def test_every_change_is_audited_with_who_old_new_and_reason(history):
    a = history[0]
    correction = (AuditEntry.select().where((AuditEntry.entity == "stamp")
                                            & (AuditEntry.action == "correct")).get())
    assert (correction.by, correction.reason) == ("owner", "crew misread")
    assert json.loads(correction.old)["job"] == a and json.loads(correction.new)["job"] == a
    actions = {(e.entity, e.action) for e in AuditEntry.select()}
    for expected in [("job", "create"), ("stamp", "stamp"), ("stamp", "correct"),
                     ("reward", "create"), ("reward", "upgraded"), ("complaint", "open"),
                     ("job", "fault"), ("reward", "issue"), ("job", "reschedule"),
                     ("job", "status")]:
        assert expected in actions
    by_system = AuditEntry.select().where((AuditEntry.by == "system")
                                          & (AuditEntry.entity == "reward"))
    assert by_system.count() >= 1  # the live sweep acts as the built-in user


@pytest.mark.parametrize("column", ["at", "by", "action", "entity", "entity_id", "old", "new",
                                    "reason"])
def test_editing_any_audit_row_fails_the_check(history, column):
    value = {"at": "2020-01-01 00:00:00.000000", "entity_id": "9999"}.get(column, "tampered")
    for row_id in _rows():
        findings = _tampered(f'UPDATE audit_entry SET "{column}" = ? WHERE id = ?',
                             (value, row_id))
        assert any(f"audit row {row_id}" in f for f in findings), (column, row_id)
    assert check() == []


def test_deleting_any_audit_row_fails_the_check(history):
    for row_id in _rows():
        assert _tampered("DELETE FROM audit_entry WHERE id = ?", (row_id,)), row_id
    assert check() == []


def test_deleting_the_newest_rows_fails_the_check(history):
    rows = _rows()
    for keep in (len(rows) - 1, len(rows) - 3, 1):
        findings = _tampered("DELETE FROM audit_entry WHERE id > ?", (rows[keep - 1],))
        assert any("audit head" in f for f in findings), keep


def test_inserting_a_row_fails_the_check(history):
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    at = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.timezone.utc)
    # A forged row that even links itself correctly to the last one.
    digest = audit.entry_hash(last.hash, at, "owner", "void", "reward", "1", "", "", "")
    findings = _tampered(
        "INSERT INTO audit_entry (at, by, action, entity, entity_id, old, new, reason, "
        "prev_hash, hash) VALUES (?, 'owner', 'void', 'reward', '1', '', '', '', ?, ?)",
        (at.strftime("%Y-%m-%d %H:%M:%S.%f"), last.hash, digest))
    assert any("audit head" in f for f in findings)


def test_rewriting_a_row_with_a_fresh_hash_breaks_the_next_link(history):
    rows = _rows()
    victim = AuditEntry.get_by_id(rows[len(rows) // 2])
    forged = audit.entry_hash(victim.prev_hash, victim.at, victim.by, victim.action,
                              victim.entity, victim.entity_id, victim.old, victim.new,
                              "a different reason")
    findings = _tampered("UPDATE audit_entry SET reason = 'a different reason', hash = ? "
                         "WHERE id = ?", (forged, victim.id))
    assert any(f"audit row {rows[len(rows) // 2 + 1]}" in f for f in findings)


def test_head_moved_backwards_fails_the_check(history):
    findings = _tampered("UPDATE setting SET value = ? WHERE key = ?",
                         (f"1:{AuditEntry.get_by_id(1).hash}", audit.HEAD_KEY))
    assert any("audit head" in f for f in findings)
    assert Setting.get(Setting.key == audit.HEAD_KEY).value.split(":")[0] == str(_rows()[-1])


def test_stamp_without_its_audit_row_fails_the_check(history):
    a = history[0]
    at = end_of(a) + 200 * MIN
    findings = _tampered(
        "INSERT INTO stamp (job_id, kind, at, by, recorded_at, client_uid, active, reason) "
        "VALUES (?, 'completion', ?, 'owner', ?, 'sneaky', TRUE, '')",
        (a, at.strftime("%Y-%m-%d %H:%M:%S.%f"), at.strftime("%Y-%m-%d %H:%M:%S.%f")))
    assert any(f.startswith("stamp ") and "has no audit row" in f for f in findings)
    assert any("never sealed" in f for f in findings)  # the trigger's snapshot, unsealed


def test_stamp_whose_audit_row_was_deleted_fails_the_check(history):
    entry = AuditEntry.select().where((AuditEntry.entity == "stamp")
                                      & (AuditEntry.action == "stamp")).get()
    with db.atomic() as txn:
        db.execute_sql(f"DELETE FROM audit_entry WHERE id = {db.obj.param}", (entry.id,))
        findings = check()
        txn.rollback()
    assert any(f"audit row {entry.id + 1}: does not follow" in f for f in findings)


def test_reward_without_its_audit_row_fails_the_check(history):
    at = "2026-11-23 20:00:00.000000"
    findings = _tampered(
        "INSERT INTO reward (job_id, kind, tier, wording, value, status, void_reason, "
        "voided_by_person, earned_at, created_at) VALUES (?, 'reschedule', NULL, 'free', 10, "
        "'proposed', '', FALSE, ?, ?)", (history[1], at, at))
    assert any(f.startswith("reward ") and "has no audit row" in f for f in findings)


def test_stamp_edited_in_place_fails_the_check(history):
    stamp = stamps.lookup.active_stamp(history[0], "arrival")
    moved = (stamp.at - 100 * MIN).strftime("%Y-%m-%d %H:%M:%S.%f")
    assert _tampered("UPDATE stamp SET at = ? WHERE id = ?", (moved, stamp.id))


def test_non_numeric_entity_id_is_a_finding_not_a_crash(history):
    row = AuditEntry.select().where(AuditEntry.entity == "stamp").get()
    findings = _tampered("UPDATE audit_entry SET entity_id = 'x' WHERE id = ?", (row.id,))
    assert any(f"audit row {row.id}" in f for f in findings)


def test_broken_foreign_key_fails_the_check(history):
    """Constraints switched off (SQLite's pragma; on PostgreSQL a superuser's replica role,
    as restore tools use): a stamp pointing at no job is found all the same."""
    import peewee

    stamp_id = Stamp.select().first().id
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        with db.atomic() as txn:
            db.execute_sql("SET LOCAL session_replication_role = replica")
            db.execute_sql("UPDATE stamp SET job_id = 9999 WHERE id = %s", (stamp_id,))
            findings = check()
            txn.rollback()
    else:
        db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            findings = _tampered("UPDATE stamp SET job_id = 9999 WHERE id = ?", (stamp_id,))
        finally:
            db.execute_sql("PRAGMA foreign_keys = ON")
    assert f"stamp row {stamp_id}: points to a missing job row" in findings


def test_reward_edited_in_place_fails_the_check(history):
    reward = lateness(history[0])
    assert _tampered("UPDATE reward SET value = 0 WHERE id = ?", (reward.id,))
    assert _tampered("UPDATE reward SET status = 'void' WHERE id = ?", (reward.id,))
    assert check() == []


def test_recording_nothing_records_nothing(history):
    rows = _rows()
    with db.atomic():
        assert audit.record_many([]) == []
    assert _rows() == rows and check() == []

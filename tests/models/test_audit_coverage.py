"""Every table that holds money, promises or power is covered: a direct edit is found, and
the chain cannot be recomputed without the key kept outside the database."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from models import audit, audit_key, audit_rows
from models.db import db
from models.integrity import check
from models.schema import AuditEntry, Job, Setting
from models.services import complaints, jobs, people, rewards
from models.services.guarantee import evaluate
from tests import factories
from tests.conftest import BACKEND
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, end_of, lateness


@pytest.fixture
def office(truck_id, cust, dispatcher) -> dict:
    """A day with a stamped late job, an issued reward, a complaint worked on, a flag."""
    a = factories.job(truck_id, cust, DAY, "08:00", booked_at=BOOKED)
    b = factories.job(truck_id, cust, DAY, "11:00", booked_at=BOOKED)
    arrive(a, end_of(a) + 40 * MIN)
    evaluate(end_of(b) + 70 * MIN)
    reward = lateness(a)
    rewards.issue(reward.id, OWNER, end_of(a) + 50 * MIN)
    complaint = complaint_of(reward)
    complaints.tick_step(complaint.id, 1, OWNER, end_of(a) + 55 * MIN)
    people.flag_perfect_visit(cust, True, "late twice", OWNER, end_of(a) + 60 * MIN)
    assert check() == []
    return {"a": a, "b": b, "reward": reward.id, "complaint": complaint.id}


def _tampered(sql: str, params=()) -> list[str]:
    """Findings after a raw change made behind the program's back (then rolled back)."""
    with db.atomic() as txn:
        db.execute_sql(sql.replace("?", db.obj.param), params)
        findings = check()
        txn.rollback()
    return findings


def _without_triggers(sql: str, params=()) -> list[str]:
    """The same, by someone who first dropped the snapshot triggers (and put them back)."""
    with db.atomic() as txn:
        if BACKEND == "postgres":
            db.execute_sql("SET LOCAL session_replication_role = replica")
        else:
            for model in audit_rows.COVERED:
                for name in ("ins", "upd", "del"):
                    db.execute_sql(
                        f"DROP TRIGGER IF EXISTS audit_row_{model._meta.table_name}_{name}")
        db.execute_sql(sql.replace("?", db.obj.param), params)
        if BACKEND == "postgres":
            db.execute_sql("SET LOCAL session_replication_role = origin")
        else:
            audit_rows.install(db.obj)
        findings = check()
        txn.rollback()
    return findings


EDITS = [
    ("a dispatcher promoted to owner", "UPDATE \"user\" SET role = 'owner' WHERE name = 'dana'",
     "user"),
    ("a password hash swapped", "UPDATE \"user\" SET password_hash = 'x' WHERE name = 'dana'",
     "user"),
    ("a stamped job's window moved", "UPDATE job SET local_start = '07:00' WHERE id = {a}",
     "job"),
    ("a job's price cut", "UPDATE job SET price = 0 WHERE id = {a}", "job"),
    ("the policy rewritten", "UPDATE policy_version SET data = replace(data, '25.00', '0.00')", "policy_version"),
    ("a complaint closed", "UPDATE complaint SET status = 'closed'", "complaint"),
    ("a recovery step ticked", "UPDATE complaint_step SET done = TRUE", "complaint_step"),
    ("a customer declined", "UPDATE customer SET decline_next_booking = TRUE", "customer"),
    ("a truck renamed", "UPDATE truck SET name = 'Ghost'", "truck"),
    ("the company's zone changed", "UPDATE setting SET value = 'Asia/Tokyo' WHERE key = 'tz'",
     "setting"),
    ("a reward voided", "UPDATE reward SET status = 'void' WHERE id = {reward}", "reward"),
    ("a stamp moved", "UPDATE stamp SET at = '2026-11-23 14:01:00.000000' WHERE kind = 'arrival'", "stamp"),
    ("a stamp deleted", "DELETE FROM stamp WHERE kind = 'arrival'", "stamp"),
]


@pytest.mark.parametrize("what,sql,table", EDITS, ids=[e[0] for e in EDITS])
def test_a_direct_edit_of_any_covered_table_is_found(office, what, sql, table):
    sql = sql.format(**office)
    findings = _tampered(sql)
    assert any("never sealed" in f for f in findings), (what, findings)
    hidden = _without_triggers(sql)
    assert any(f.startswith((table, f"setting '")) and "outside the program" in f
               for f in hidden), (what, hidden)
    assert check() == []


def test_a_row_added_with_its_triggers_dropped_is_found(office):
    findings = _without_triggers(
        "INSERT INTO \"user\" (name, role, password_hash, active) "
        "VALUES ('mallory', 'owner', 'x', TRUE)")
    assert any(f.startswith("user ") and "has no audit row" in f for f in findings)


def test_recomputing_the_chain_without_the_key_is_found(office):
    """The attacker edits a row and its snapshot, then rebuilds every seal after it with
    plain SHA-256 (or any key but the right one) and moves the head: check still fails."""
    victim = (AuditEntry.select().where(AuditEntry.entity == "row:user")
              .order_by(AuditEntry.id.desc()).get())
    rows = list(AuditEntry.select().where(AuditEntry.id >= victim.id).order_by(AuditEntry.id))
    for guess in (None, b"\0" * 32):
        with db.atomic() as txn:
            prev = rows[0].prev_hash
            for row in rows:
                new = row.new.replace('"dispatcher"', '"owner"') if row.id == victim.id \
                    else row.new
                digest = audit.entry_hash(prev, row.at, row.by, row.action, row.entity,
                                          row.entity_id, row.old, new, row.reason, guess)
                AuditEntry.update(new=new, prev_hash=prev, hash=digest).where(
                    AuditEntry.id == row.id).execute()
                prev = digest
            Setting.update(value=f"{rows[-1].id}:{prev}").where(
                Setting.key == audit.HEAD_KEY).execute()
            findings = check()
            txn.rollback()
        assert any("contents were changed" in f for f in findings), guess


def test_the_seal_is_keyed_with_the_secret_outside_the_database(office):
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    key = audit.current_key()
    assert audit.entry_hash(last.prev_hash, last.at, last.by, last.action, last.entity,
                            last.entity_id, last.old, last.new, last.reason, key) == last.hash
    assert audit.entry_hash(last.prev_hash, last.at, last.by, last.action, last.entity,
                            last.entity_id, last.old, last.new, last.reason) != last.hash
    assert key.hex() not in "".join(str(v) for (v,) in Setting.select(Setting.value).tuples())


@pytest.mark.sqlite_only
def test_without_the_key_check_says_so_and_nothing_can_change(office, tmp_path, monkeypatch):
    factories.truck("Truck 9", now=BOOKED)
    monkeypatch.setenv("ONTIME_AUDIT_KEY_DIR", str(tmp_path / "elsewhere"))
    findings = check()
    assert any("cannot verify its seals" in f and "not on this computer" in f
               for f in findings)
    before = Job.get_by_id(office["b"]).truck_id
    with pytest.raises(Exception, match="not on this computer"):
        jobs.assign(office["b"], "Truck 9", OWNER, BOOKED)
    assert Job.get_by_id(office["b"]).truck_id == before


@pytest.mark.sqlite_only
def test_key_file_is_private(office):
    db_id = Setting.get(Setting.key == audit_key.DB_ID_KEY).value
    path = audit_key.key_folder() / f"{db_id}.key"
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600


def test_fingerprint_is_short_and_follows_the_head(office):
    before = audit.fingerprint()
    assert len(before) == 14 and before.count("-") == 2
    evaluate(end_of(office["b"]) + 130 * MIN)
    assert audit.fingerprint() != before


def _random_edits(count: int, seed: int) -> list[tuple[str, tuple]]:
    """Direct edits to random rows and columns of the covered tables."""
    rng = random.Random(seed)
    edits = []
    while len(edits) < count:
        model = rng.choice(audit_rows.COVERED)
        rows = list(model.select().dicts())
        if model is Setting:
            rows = [r for r in rows if r["key"] not in audit_rows.VOLATILE_SETTINGS]
        if not rows:
            continue
        row = rng.choice(rows)
        fields = [f for f in model._meta.sorted_fields if f is not model._meta.primary_key]
        field = rng.choice(fields)
        pk = model._meta.primary_key
        table = model._meta.table_name
        key = row[pk.name]
        if rng.random() < 0.1:
            edits.append((f'DELETE FROM "{table}" WHERE "{pk.column_name}" = ?', (key,)))
            continue
        value = _other_value(field, row[field.name], rng)
        if value is None:
            continue
        edits.append((f'UPDATE "{table}" SET "{field.column_name}" = ? WHERE '
                      f'"{pk.column_name}" = ?', (value, key)))
    return edits


def _other_value(field, current, rng):
    import peewee

    if isinstance(field, peewee.ForeignKeyField) or field.unique:
        return None  # would break a constraint rather than hide anything
    if isinstance(field, peewee.BooleanField):
        return not current
    if isinstance(field, peewee.IntegerField):
        return (current or 0) + rng.randint(1, 50)
    if isinstance(field, peewee.DecimalField):
        return str((current or 0) + rng.randint(1, 500))
    if isinstance(field, peewee.DateTimeField):
        base = current or dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
        return (base + dt.timedelta(minutes=rng.randint(1, 500))).strftime(
            "%Y-%m-%d %H:%M:%S.%f")
    if isinstance(field, peewee.DateField):
        return str((current or DAY) + dt.timedelta(days=rng.randint(1, 9)))
    return f"{current or ''}~{rng.randint(0, 999)}"


def test_random_direct_edits_are_all_caught(office):
    """100 random direct edits (each alone, triggers dropped so only the replay can see it):
    every one is found. The reliability suite runs 1,000 (--runslow)."""
    missed = []
    for sql, params in _random_edits(100, seed=12):
        try:
            findings = _without_triggers(sql, params)
        except Exception:  # a constraint refused the edit: nothing changed
            continue
        if not findings:
            missed.append((sql, params))
    assert missed == []


def test_moving_a_job_by_the_program_is_covered_and_check_passes(office):
    factories.truck("Truck 2", now=BOOKED)
    jobs.assign(office["b"], "Truck 2", OWNER, end_of(office["b"]) + 80 * MIN)
    snaps = AuditEntry.select().where((AuditEntry.entity == "row:job")
                                      & (AuditEntry.entity_id == str(office["b"])))
    assert snaps.count() >= 2 and all(s.by == "owner" for s in snaps.order_by(
        AuditEntry.id.desc()).limit(1))
    assert check() == []


@pytest.mark.slow
def test_a_thousand_random_direct_edits_are_all_caught(office):
    """The long variant for the reliability figures (--runslow -s)."""
    caught = refused = 0
    missed = []
    for sql, params in _random_edits(1000, seed=1000):
        try:
            findings = _without_triggers(sql, params)
        except Exception:
            refused += 1
            continue
        if findings:
            caught += 1
        else:
            missed.append((sql, params))
    print(f"FIGURE random direct edits: {caught} caught, {refused} refused by a constraint, "
          f"{len(missed)} missed")
    assert missed == []

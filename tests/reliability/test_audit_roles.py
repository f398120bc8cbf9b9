"""Audit and roles: every change leaves an audit row, tampering is caught, owners only."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest

from models.errors import DomainError, PermissionDenied
from tests.conftest import BACKEND, NOW
from tests.dbview import dump
from tests.reliability.helpers import DAY, assert_clean_refusal, cli, seed_jobs

REASON = "random change"


class Changer:
    """Random changes through the services, as owner or dispatcher."""

    def __init__(self, rng: random.Random, owner, dispatcher):
        from models.schema import Customer, Truck

        self.rng, self.actors = rng, (owner, dispatcher)
        self.trucks = [t.id for t in Truck.select().order_by(Truck.id)]
        self.customers = [c.id for c in Customer.select().order_by(Customer.id)]
        self.n = 0

    def _job(self) -> int:
        from models.schema import Job

        ids = [j.id for j in Job.select(Job.id).order_by(Job.id)]
        return self.rng.choice(ids)

    def _reward(self) -> int:
        from models.schema import Reward

        ids = [r.id for r in Reward.select(Reward.id).order_by(Reward.id)]
        if not ids:
            raise DomainError("no reward yet")
        return self.rng.choice(ids)

    def _past(self) -> dt.datetime:
        return NOW - dt.timedelta(minutes=self.rng.randint(0, 400), seconds=self.rng.randint(0, 59))

    def step(self) -> None:
        from models.services import jobs, people, rewards, stamps
        from models.services.guarantee import evaluate

        rng, actor = self.rng, self.rng.choice(self.actors)
        self.n += 1
        op = rng.choice(["book", "arrive", "arrive", "en_route", "complete", "unstamp",
                         "cancel", "reschedule", "fault", "issue", "void", "truck",
                         "customer", "edit", "evaluate"])
        if op == "book":
            start = dt.time(rng.randint(6, 17), rng.choice((0, 15, 30, 45)))
            jobs.book(jobs.JobDraft(rng.choice(self.customers), rng.choice(self.trucks), DAY,
                                    start, price=f"{rng.randint(0, 400)}.00"), actor, NOW)
        elif op == "arrive":
            stamps.arrive(self._job(), self._past(), actor, NOW, REASON)
        elif op == "en_route":
            stamps.en_route(self._job(), self._past(), actor, NOW, REASON)
        elif op == "complete":
            stamps.complete(self._job(), NOW, actor, NOW, REASON)
        elif op == "unstamp":
            stamps.unstamp(self._job(), REASON, actor, NOW)
        elif op == "cancel":
            jobs.cancel(self._job(), REASON, actor, NOW)
        elif op == "reschedule":
            jobs.reschedule(self._job(), DAY + dt.timedelta(days=rng.randint(1, 3)),
                            dt.time(rng.randint(7, 16), 0), 0, rng.choice(("company", "customer")),
                            actor, NOW, reason=REASON)
        elif op == "fault":
            jobs.set_fault(self._job(), rng.choice(("company", "customer", "no_one")), REASON,
                           actor, NOW)
        elif op == "issue":
            rewards.issue(self._reward(), actor, NOW)
        elif op == "void":
            rewards.void(self._reward(), REASON, actor, NOW)
        elif op == "truck":
            people.add_truck(f"Truck R{self.n}", "Crew", None, actor, NOW)
        elif op == "customer":
            from models.db import write_tx

            with write_tx():
                self.customers.append(people.add_customer(f"Cust R{self.n}", f"555-9{self.n:05d}",
                                                          "2 Oak St", "", actor, NOW).id)
        elif op == "edit":
            from models.schema import Job

            job = Job.get_by_id(self._job())
            jobs.edit(job.id, job.version, {"notes": f"note {self.n}"}, actor, NOW)
        else:
            evaluate(NOW + dt.timedelta(minutes=rng.randint(0, 120)))


def _changes_so_far():
    """Something that differs after any row was written: SQLite counts the rows it changed;
    on PostgreSQL, a digest of every row of every table, taken by the server."""
    from models.db import db

    if BACKEND != "postgres":
        return db.obj.connection().total_changes
    tables = [t for (t,) in db.obj.execute_sql(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
    return [db.obj.execute_sql(f'SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY '
                               f't::text), \'\')) FROM "{name}" t').fetchone()[0]
            for name in tables]


def _random_changes(owner, dispatcher, count: int, seed: int) -> Counter:
    from models.integrity import check
    from models.schema import AuditEntry

    seed_jobs(12)
    changer = Changer(random.Random(seed), owner, dispatcher)
    outcome: Counter = Counter()
    for _ in range(count):
        audits, changes = AuditEntry.select().count(), _changes_so_far()
        try:
            changer.step()
        except DomainError:
            assert AuditEntry.select().count() == audits  # a refusal records nothing
            outcome["refused"] += 1
            continue
        if _changes_so_far() != changes:
            assert AuditEntry.select().count() > audits, "a change left no audit row"
            outcome["changed"] += 1
        else:
            outcome["no change"] += 1
    assert check() == []
    return outcome


def test_random_changes_short(owner, dispatcher):
    outcome = _random_changes(owner, dispatcher, 300, seed=7)
    assert outcome["changed"] > 100
    print(f"\nFIGURE audit: 300 random service calls: {dict(outcome)}; every change audited")


@pytest.mark.slow
def test_random_changes_long(owner, dispatcher):
    outcome = _random_changes(owner, dispatcher, 10_000, seed=8)
    print(f"\nFIGURE audit: 10000 random service calls: {dict(outcome)}; every change audited")


# --- tampering ----------------------------------------------------------------------------

AUDIT_COLUMNS = ("at", "by", "action", "entity", "entity_id", "old", "new", "reason",
                 "prev_hash", "hash")
STAMP_COLUMNS = ("at", "active", "job_id", "kind", "by")


def _tamper(rng: random.Random, table: str) -> tuple[str, int]:
    """Change one row of ``table`` the way someone with the file and a SQLite tool (or psql)
    would; returns the kind of change and the number of rows it touched."""
    from models.db import db

    def sql(text: str, row_id: int) -> int:
        return db.obj.execute_sql(text.replace("?", db.obj.param), (row_id,)).rowcount

    ids = [r[0] for r in db.obj.execute_sql(f"SELECT id FROM {table}").fetchall()]
    row_id = rng.choice(ids)
    how = rng.choice(["update", "update", "delete", "insert"])
    if how == "delete":
        return f"{table} delete", sql(f"DELETE FROM {table} WHERE id = ?", row_id)
    if how == "insert":
        columns = [c.name for c in db.obj.get_columns(table) if c.name != "id"]
        names = ", ".join(f'"{c}"' for c in columns)
        values = ", ".join(f"'x' || \"{c}\"" if c in ("client_uid", "hash") else f'"{c}"'
                           for c in columns)
        if table == "stamp":  # a second active stamp of a kind is refused by an index
            values = values.replace('"active"', "FALSE")
        return f"{table} insert", sql(f"INSERT INTO {table} ({names}) SELECT {values} FROM "
                                      f"{table} WHERE id = ?", row_id)
    column = rng.choice(AUDIT_COLUMNS if table == "audit_entry" else STAMP_COLUMNS)
    if column == "at":
        later = ("at + interval '61 seconds'" if BACKEND == "postgres" else
                 "strftime('%Y-%m-%d %H:%M:%f000', at, '+61 seconds')")
        changed = sql(f"UPDATE {table} SET at = {later} WHERE id = ?", row_id)
    elif column == "active":  # hide a live stamp, or bring back a superseded one
        changed = sql("UPDATE stamp SET active = NOT active WHERE id = ? AND NOT EXISTS (SELECT "
                      "1 FROM stamp s WHERE s.job_id = stamp.job_id AND s.kind = stamp.kind "
                      "AND s.active AND s.id != stamp.id)", row_id)
    elif column == "job_id":
        changed = sql("UPDATE stamp SET job_id = (SELECT min(id) FROM job WHERE id != "
                      "stamp.job_id), active = FALSE WHERE id = ?", row_id)
    elif column == "kind":
        changed = sql("UPDATE stamp SET kind = CASE kind WHEN 'arrival' THEN 'completion' ELSE "
                      "'arrival' END, active = FALSE WHERE id = ?", row_id)
    else:
        changed = sql(f'UPDATE {table} SET "{column}" = "{column}" || \'1\' WHERE id = ?',
                      row_id)
    return f"{table} {column}", changed


def _tamper_trials(table: str, trials: int, seed: int) -> Counter:
    from models.db import db
    from models.integrity import check
    from models.services import stamps
    from models.services.actor import Actor

    owner = Actor("owner", "owner")
    rng = random.Random(seed)
    for n, job in enumerate(seed_jobs(10)):
        stamps.arrive(job, NOW - dt.timedelta(minutes=10 + n * 17), owner, NOW, REASON)
        stamps.arrive(job, NOW - dt.timedelta(minutes=5 + n * 13), owner, NOW, REASON)
    assert check() == []
    missed: Counter = Counter()
    tried: Counter = Counter()
    while sum(tried.values()) < trials:
        with db.obj.atomic() as tampering:
            kind, changed = _tamper(rng, table)
            if changed:  # else that edit was not possible on this row: not a trial
                tried[kind] += 1
                if not check():
                    missed[kind] += 1
            tampering.rollback()
    assert check() == []
    caught = sum(tried.values()) - sum(missed.values())
    print(f"\nFIGURE tamper {table}: {caught} of {sum(tried.values())} single-row changes "
          f"caught; missed by kind: {dict(missed) or 'none'}")
    return missed


def test_tampering_audit_rows_short(db_path):
    assert _tamper_trials("audit_entry", 50, seed=1) == Counter()


@pytest.mark.slow
def test_tampering_audit_rows_long(db_path):
    assert _tamper_trials("audit_entry", 1000, seed=2) == Counter()


def test_tampering_stamp_rows_short(db_path):
    assert _tamper_trials("stamp", 50, seed=3) == Counter()


@pytest.mark.slow
def test_tampering_stamp_rows_long(db_path):
    assert _tamper_trials("stamp", 1000, seed=4) == Counter()


# --- owners only --------------------------------------------------------------------------

@pytest.fixture
def issued_reward(db_path, owner, dispatcher):
    from models.services import rewards, stamps
    from models.services.guarantee import evaluate

    job = seed_jobs(2)[0]
    from models.schema import Reward

    stamps.arrive(job, NOW - dt.timedelta(minutes=1), owner, NOW, REASON)
    reward = Reward.get(Reward.job == job)
    rewards.issue(reward.id, owner, NOW)
    evaluate(NOW)
    return reward.id


def test_dispatcher_refused_through_the_services(issued_reward, dispatcher, owner, db_path,
                                                 tmp_path):
    from models import backup_schedule, restore
    from models.backup import backup_to
    from models.schema import AuditEntry
    from models.services import people, rewards

    copy = backup_to(tmp_path / "copy.sqlite3")
    audits = AuditEntry.select().count()
    refusals = [
        lambda: people.add_user("eve", "owner", "secret-pass", dispatcher, NOW),
        lambda: rewards.void(issued_reward, REASON, dispatcher, NOW),
        lambda: people.set_decline(1, True, REASON, dispatcher, NOW),
        lambda: backup_schedule.save_settings("/tmp/x", 3, "03:00", dispatcher, NOW),
    ]
    if BACKEND != "postgres":  # restore replaces a file; into a server it is refused to all
        refusals.append(lambda: restore.restore_database(copy, db_path, lambda: dispatcher,
                                                         NOW))
    for attempt in refusals:
        with pytest.raises(PermissionDenied):
            attempt()
    from models import store

    if store.db.obj is None or store.db.obj.is_closed():
        store.open_db(str(db_path))
    assert AuditEntry.select().count() == audits
    assert not list(tmp_path.glob("*.replaced-*"))


def test_dispatcher_refused_headless(issued_reward, db_path, tmp_path):
    from models import store
    from models.backup import backup_to

    copy = backup_to(tmp_path / "copy.sqlite3")
    store.close()
    before = dump(db_path)
    as_dana = {"user": "dana", "ONTIME_PASSWORD": "dispatch-pass",
               "ONTIME_NEW_PASSWORD": "new-user-pass"}
    attempts = [("add-user", "eve", "--role", "owner"),
                ("reward-void", str(issued_reward), "--reason", REASON)]
    if BACKEND != "postgres":  # restore replaces a file; into a server it is refused to all
        attempts.append(("restore", str(copy)))
    for args in attempts:
        assert_clean_refusal(cli(db_path, *args, **as_dana), "only an owner")
    assert dump(db_path) == before
    assert not list(tmp_path.glob("*.replaced-*"))
    if BACKEND != "postgres":
        assert not list(db_path.parent.glob("*.replaced-*"))

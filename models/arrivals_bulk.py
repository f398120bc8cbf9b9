"""import-arrivals in bulk: the rows with nothing to settle yet, decided in Python, written set-wise.

A row takes this path when its job has no lateness reward and no completion stamp yet, and is
either open (``scheduled``/``en_route``, no arrival) or ``arrived`` (its arrival corrected or
repeated). Such a row can only stamp, set the status, and create a reward with its complaint;
every value comes from the same rules the per-row service calls (guarantee.reward_terms,
guarantee.measured_minutes), and the audit entries are the ones that service writes, in the
same order. Any other row (a reward to raise, lower or void; a completed job; a time the
service would refuse) goes through the per-row service, so the rules stay identical.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

import peewee

from models import audit, rules
from models.bulk import insert_rows
from models.company import policy_at
from models.db import db
from models.schema import Complaint, ComplaintStep, Customer, Job, Reward, Stamp
from models.services import certificates, guarantee
from models.services.complaints_auto import STEP_COUNT
from models.services.guarantee import GuaranteeEvent
from models.services.stamps import FUTURE_LIMIT
from models.text import as_id, is_number

CHUNK = 5000  # ids per IN (...) list: well under SQLite's 32,766 bound values
OPEN = ("scheduled", "en_route")


@dataclass
class Target:
    """What the import needs to know of one job it stamps, read once for the whole file."""

    id: int
    external_id: str | None
    customer_id: int
    customer: str
    status: str
    price: object
    window_end_utc: dt.datetime
    local_start: str
    fault: str
    free: bool = False  # a free job: a reward's "job price" is then nothing (owed_price)
    arrival: tuple[int, dt.datetime] | None = None  # the active arrival stamp (id, at)
    completed: bool = False  # an active completion stamp
    rewarded: bool = False  # a lateness reward row, in any state


@contextmanager
def big_cache(pages_kib: int = 262_144):
    """A larger SQLite page cache for the length of a big import.

    The default 2 MB cache cannot hold the index pages a large file touches in a million-job
    database (the stamps' random client ids land all over their index), so SQLite spills and
    re-reads pages many times over; this connection gets room for them, then its default back.
    """
    if not isinstance(db.obj, peewee.SqliteDatabase):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql(f"PRAGMA cache_size = -{int(pages_kib)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _chunks(values: list) -> list[list]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def _select(sql: str, values: list) -> list[tuple]:
    """Rows of ``sql`` with its one ``{marks}`` bound to each chunk of ``values`` in turn.

    Plain SQL: peewee would build a 5,000-item IN list one node at a time, which costs more
    than the query itself."""
    out: list[tuple] = []
    param = db.obj.param
    for chunk in _chunks(values):
        marks = ", ".join([param] * len(chunk))
        out += db.execute_sql(sql.format(marks=marks), chunk).fetchall()
    return out


def load_targets(refs: list[tuple[str, bool]]) -> tuple[dict[str, Target], dict[int, Target],
                                                        set[int]]:
    """The jobs the rows name: (by external id, by id, customers flagged 'make next visit
    perfect'). ``refs`` are (reference, by job id) as the file gave them."""
    ids = sorted({as_id(r) for r, by_id in refs if by_id and as_id(r) is not None})
    names = sorted({r for r, by_id in refs if not (by_id and is_number(r))})
    price, end = Job.price.python_value, Job.window_end_utc.python_value
    columns = ("SELECT id, external_id, customer_id, status, price, window_end_utc, "
               "local_start, fault, free FROM job WHERE id IN ({marks})")
    found: dict[int, Target] = {}
    # External ids to ids first (the index alone), then jobs by id, then their customers:
    # asked for whole rows by thousands of external ids (or joined to the customers), SQLite
    # plans a scan of every job instead of probing the index.
    ids += [i for (i,) in _select("SELECT id FROM job WHERE external_id IN ({marks})", names)]
    for job, external, customer, status, cost, window_end, start, fault, free in _select(
            columns, sorted(set(ids))):
        found[job] = Target(job, external, customer, "", status, price(cost), end(window_end),
                            start, fault, bool(free))
    customers: dict[int, str] = {}
    flagged: set[int] = set()
    for cid, name, flag in _select("SELECT id, name, make_next_visit_perfect FROM customer "
                                   "WHERE id IN ({marks})",
                                   sorted({t.customer_id for t in found.values()})):
        customers[cid] = name
        if flag:
            flagged.add(cid)
    for target in found.values():
        target.customer = customers[target.customer_id]
    at = Stamp.at.python_value
    for job_id, kind, stamp_id, when in _select(
            "SELECT job_id, kind, id, at FROM stamp WHERE job_id IN ({marks}) AND active "
            "AND kind IN ('arrival', 'completion')", sorted(found)):
        if kind == "arrival":
            found[job_id].arrival = (stamp_id, at(when))
        else:
            found[job_id].completed = True
    for (job_id,) in _select("SELECT job_id FROM reward WHERE job_id IN ({marks}) AND "
                             "kind = 'lateness'", sorted(found)):
        found[job_id].rewarded = True
    by_name = {t.external_id: t for t in found.values() if t.external_id is not None}
    return by_name, found, flagged


def simple(target: Target, arrived: dt.datetime, completed: dt.datetime | None,
           now: dt.datetime) -> bool:
    """Whether the bulk path decides this row exactly as the per-row service would."""
    if target.rewarded or target.completed:
        return False
    if arrived > now + FUTURE_LIMIT or (completed is not None and completed > now + FUTURE_LIMIT):
        return False  # refused: the service words the refusal
    if target.arrival is None:
        return target.status in OPEN
    return target.status == "arrived"


@dataclass
class Batch:
    """Simple rows collected in file order, written together by ``flush``."""

    actor: object
    now: dt.datetime
    reason: str
    versions: list
    flagged: set[int]
    rows: list = field(default_factory=list)

    def add(self, target: Target, arrived: dt.datetime, completed: dt.datetime | None) -> str:
        """Queue the row; returns what it does to the arrival: stamped, corrected, unchanged."""
        self.rows.append((target, arrived, completed))
        if target.arrival is None:
            return "stamped"
        return "unchanged" if target.arrival[1] == arrived else "corrected"

    def flush(self) -> list[GuaranteeEvent]:
        """Write every queued row; the events in file order."""
        rows, self.rows = self.rows, []
        if not rows:
            return []
        return _write(rows, self)


def _write(rows, batch: Batch) -> list[GuaranteeEvent]:
    by, now, reason = batch.actor.name, batch.now, batch.reason
    stamps: list[tuple] = []
    replaced: list[int] = []
    rewards: list[tuple] = []
    plans = []  # per row: what happens, to be turned into audit entries once ids are known
    for target, arrived, completed in rows:
        plan = {"target": target, "arrived": arrived, "completed": completed}
        old = target.arrival
        if old is None or old[1] != arrived:
            if old is not None:
                replaced.append(old[0])
            plan["arrival"] = len(stamps)
            stamps.append(_stamp_row(target.id, "arrival", arrived, by, now, reason))
            minutes = guarantee.measured_minutes(target, arrived, now)
            policy = policy_at(target.window_end_utc, batch.versions)
            tier = rules.tier_for(minutes or 0, policy)
            if tier and rules.guarantee_applies(target.fault):
                wording, value, earned = guarantee.reward_terms(target, tier, policy)
                plan["reward"] = len(rewards)
                certificate = ((rules.add_months(earned, policy.certificate_months),
                                policy.certificate_value) if tier == 3 else None)
                rewards.append((target, tier, minutes, wording, value, earned, certificate,
                                guarantee.complaint_opened_at(target, policy)))
        if completed is not None:
            plan["completion"] = len(stamps)
            stamps.append(_stamp_row(target.id, "completion", completed, by, now, reason))
        plans.append(plan)
    _execute("UPDATE stamp SET active = {false} WHERE id IN ({marks})", replaced)
    stamp_ids = insert_rows(Stamp, STAMP_COLUMNS, stamps)
    reward_ids, codes = _insert_rewards(rewards, now)
    complaint_ids = insert_rows(Complaint, COMPLAINT_COLUMNS, [
        (t.customer_id, t.id, rid, "auto", t.fault, guarantee.opening_words(t, minutes),
         opened, None, False)
        for rid, (t, _, minutes, *_, opened) in zip(reward_ids, rewards)])
    insert_rows(ComplaintStep, ["complaint", "number"],
                [(c, n) for c in complaint_ids for n in range(1, STEP_COUNT + 1)])
    entries, events, status = [], [], {}
    for plan in plans:
        _entries(plan, stamp_ids, stamps, reward_ids, rewards, codes, complaint_ids, batch,
                 entries, events, status)
    _set_status(status)
    audit.record_many(entries, at=now)
    return events


STAMP_COLUMNS = ["job", "kind", "at", "by", "recorded_at", "client_uid", "active", "reason"]
REWARD_COLUMNS = ["job", "customer", "kind", "tier", "minutes_late", "wording", "value", "earned_at",
                  "created_at", "certificate_code", "certificate_value",
                  "certificate_expires_at", "certificate_status"]
COMPLAINT_COLUMNS = ["customer", "job", "reward", "source", "fault", "words", "opened_at",
                     "owner", "worked_on"]


def _stamp_row(job_id, kind, at, by, now, reason) -> tuple:
    return (job_id, kind, at, by, now, next(_CLIENT_UIDS), True, reason)


def _client_uids():
    """Stamp client ids for one process: 24 random hex digits, then a counter (32 in all, as
    the services' uuid4().hex). Unique as theirs are, but neighbours in the index: random
    ids would each land on another page of a million-stamp index, and every such page is
    written again at the commit."""
    prefix = os.urandom(12).hex()
    for n in itertools.count():
        yield f"{prefix}{n:08x}"


_CLIENT_UIDS = _client_uids()


def _insert_rewards(rewards: list[tuple], now) -> tuple[list[int], list[str | None]]:
    fresh = iter(certificates.new_codes(sum(1 for r in rewards if r[6] is not None)))
    codes: list[str | None] = []
    values = []
    for target, tier, minutes, wording, value, earned, certificate, _ in rewards:
        code = next(fresh) if certificate else None
        codes.append(code)
        expires, worth = certificate or (None, None)
        values.append((target.id, target.customer_id, "lateness", tier, minutes, wording, value, earned, now, code,
                       worth, expires, "unused" if code else None))
    return insert_rows(Reward, REWARD_COLUMNS, values), codes


def _entries(plan, stamp_ids, stamps, reward_ids, rewards, codes, complaint_ids, batch,
             entries, events, status) -> None:
    """The audit entries the per-row service writes for this row, in its order."""
    target: Target = plan["target"]
    by, reason = batch.actor.name, batch.reason
    if "arrival" in plan:
        at = plan["arrived"]
        sid = stamp_ids[plan["arrival"]]
        new = {"job": target.id, "kind": "arrival", "at": at, "active": True, "by": by}
        if target.arrival is None:
            entries.append((by, "stamp", "stamp", sid, None, new, reason))
        else:
            entries.append((by, "replace", "stamp", target.arrival[0], {"active": True},
                            {"active": False}, reason))
            entries.append((by, "correct", "stamp", sid,
                            {"job": target.id, "kind": "arrival", "at": target.arrival[1]},
                            new, reason))
        if target.status in OPEN:
            entries.append((by, "status", "job", target.id, {"status": target.status},
                            {"status": "arrived"}, ""))
            status[target.id] = ["arrived", 1]
            target.status = "arrived"
        target.arrival = (sid, at)
        if "reward" in plan:
            i = plan["reward"]
            _, tier, minutes, wording, value, earned, _, opened = rewards[i]
            rid, code = reward_ids[i], codes[i]
            entries.append((by, "create", "reward", rid, None, {
                "tier": tier, "minutes_late": minutes, "value": str(value),
                "status": "proposed", "earned_at": earned, "certificate_code": code,
                "certificate_status": "unused" if code else None}, ""))
            entries.append((by, "open", "complaint", complaint_ids[i], None, {
                "source": "auto", "job": target.id, "reward": rid, "fault": target.fault,
                "opened_at": opened, "words": guarantee.opening_words(target, minutes)}, ""))
            events.append(GuaranteeEvent(target.id, target.customer, "created", tier,
                                         str(value), wording))
            target.rewarded = True
    if "completion" in plan:
        sid = stamp_ids[plan["completion"]]
        entries.append((by, "stamp", "stamp", sid, None, {
            "job": target.id, "kind": "completion", "at": plan["completed"], "active": True,
            "by": by}, reason))
        entries.append((by, "status", "job", target.id, {"status": target.status},
                        {"status": "completed"}, ""))
        change = status.setdefault(target.id, ["completed", 0])
        change[0], change[1] = "completed", change[1] + 1
        target.status, target.completed = "completed", True
        if target.customer_id in batch.flagged:
            batch.flagged.discard(target.customer_id)
            entries.append((by, "flag", "customer", target.customer_id,
                            {"make_next_visit_perfect": True},
                            {"make_next_visit_perfect": False},
                            f"job {target.id} was completed"))
            Customer.update(make_next_visit_perfect=False).where(
                Customer.id == target.customer_id).execute()


def _set_status(changes: dict[int, list]) -> None:
    """One UPDATE per (status, versions added) over the jobs that changed."""
    groups: dict[tuple[str, int], list[int]] = {}
    for job_id, (status, steps) in changes.items():
        groups.setdefault((status, steps), []).append(job_id)
    for (status, steps), ids in groups.items():
        _execute(f"UPDATE job SET status = '{status}', version = version + {int(steps)} "
                 "WHERE id IN ({marks})", ids)


def _execute(sql: str, ids: list[int]) -> None:
    """An UPDATE over ``ids`` (its ``{marks}``), a chunk at a time."""
    param = db.obj.param
    false = "FALSE" if isinstance(db.obj, peewee.PostgresqlDatabase) else "0"
    for chunk in _chunks(ids):
        db.execute_sql(sql.format(marks=", ".join([param] * len(chunk)), false=false), chunk)


def still_flagged(customer_id: int) -> bool:
    return bool(Customer.select(Customer.make_next_visit_perfect)
                .where(Customer.id == customer_id).scalar())


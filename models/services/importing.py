"""Writing validated import rows: customers matched or created, jobs added or updated."""

from __future__ import annotations

from decimal import Decimal

from models import audit
from models.bulk import insert_rows
from models.schema import Customer, Job
from models.services import service_durations
from models.services.jobs import job_snapshot
from models.services.people import digits

ZERO = Decimal("0.00")


def _customers(rows, actor, now, result) -> dict[int, int]:
    """Customer id for each row (by its line): matched by phone digits, else name + address."""
    by_phone: dict[str, tuple[int, bool, str]] = {}
    by_name: dict[tuple[str, str], tuple[int, bool, str]] = {}
    for c in Customer.select(Customer.id, Customer.name, Customer.address, Customer.phone_digits,
                             Customer.decline_next_booking, Customer.decline_reason):
        entry = (c.id, c.decline_next_booking, c.decline_reason)
        if c.phone_digits:
            by_phone.setdefault(c.phone_digits, entry)
        by_name.setdefault((c.name, c.address), entry)
    wanted: dict = {}
    keys = {}
    for row in rows:
        phone = digits(row.phone)
        key = ("p", phone) if phone else ("n", row.customer, row.address)
        keys[row.line] = key
        known = by_phone.get(phone) if phone else by_name.get((row.customer, row.address))
        if known is None:
            wanted.setdefault(key, row)
        elif known[1]:
            result.warnings.append(f"line {row.line}: {row.customer} is marked 'decline next "
                                   f"booking' ({known[2]}); imported anyway")
    pending = list(wanted.items())
    ids = insert_rows(Customer, ["name", "phone", "phone_digits", "address"],
                      [(r.customer, r.phone, digits(r.phone), r.address) for _, r in pending])
    new_ids = {key: i for (key, _), i in zip(pending, ids)}
    audit.record_many([(actor.name, "create", "customer", new_ids[key],
                        None, {"name": r.customer, "phone": r.phone, "address": r.address},
                        "import") for key, r in pending], at=now)
    out = {}
    for row in rows:
        key = keys[row.line]
        if key in new_ids:
            out[row.line] = new_ids[key]
        elif key[0] == "p":
            out[row.line] = by_phone[key[1]][0]
        else:
            out[row.line] = by_name[(key[1], key[2])][0]
    return out


def apply_rows(rows, trucks, existing, actor, now, tz, result, policy) -> None:
    customer_of = _customers(rows, actor, now, result)
    new_rows = [r for r in rows if not r.external_id or r.external_id not in existing]
    own = service_durations.defaults()  # a service's own default, else the policy's
    values = [(r.external_id, customer_of[r.line], trucks[r.truck], r.service or "",
               r.price if r.price is not None else ZERO,
               r.duration or own.get(r.service or "", policy.default_duration_minutes),
               r.notes or "", r.day, r.start, 0,
               tz, policy.window_minutes, r.window[0], r.window[1], now) for r in new_rows]
    ids = insert_rows(Job, JOB_COLUMNS, values)
    entries = [(actor.name, "create", "job", i, None, _audited(v), "import")
               for i, v in zip(ids, values)]
    result.created = len(new_rows)
    for row in rows:
        entry = existing.get(row.external_id) if row.external_id else None
        if entry is not None:
            changed = _update(row, entry["job"], customer_of[row.line], trucks, entries, actor)
            result.updated += changed
            result.unchanged += not changed
    audit.record_many(entries, at=now)


JOB_COLUMNS = ["external_id", "customer", "truck", "service", "price", "duration_minutes",
               "notes", "local_date", "local_start", "fold", "tz", "window_minutes",
               "window_start_utc", "window_end_utc", "booked_at"]
AUDITED = JOB_COLUMNS[:10]


def _audited(values: tuple) -> dict:
    """What the trail keeps of an imported job: what the file said, not derived instants."""
    return dict(zip(AUDITED, values))


def _update(row, job: Job, customer_id: int, trucks, entries, actor) -> bool:
    before = job_snapshot(job)
    job.customer = customer_id
    job.truck = trucks[row.truck]
    if row.service is not None:
        job.service = row.service
    if row.price is not None:
        job.price = row.price
    if row.duration is not None:
        job.duration_minutes = row.duration
    if row.notes is not None:
        job.notes = row.notes
    if (row.day, row.start) != (job.local_date, job.local_start):
        job.local_date, job.local_start, job.fold = row.day, row.start, 0
        job.window_start_utc, job.window_end_utc = row.window
    after = job_snapshot(job)
    if after == before:
        return False
    job.version += 1
    job.save()
    entries.append((actor.name, "edit", "job", job.id, before, after, "import"))
    return True

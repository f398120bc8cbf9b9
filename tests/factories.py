"""Small helpers to put trucks, customers and jobs in a test database."""

from __future__ import annotations

import datetime as dt

from models.db import write_tx
from models.services import jobs, people
from models.services.actor import Actor

OWNER = Actor("owner", "owner")


def truck(name: str = "Truck 1", crew: str = "Crew", now=None) -> int:
    return people.add_truck(name, crew, None, OWNER, now or dt.datetime.now(dt.timezone.utc))


def customer(name: str = "Zoë Ñúñez", phone: str = "555-0100", address: str = "1 Elm St",
             now=None):
    with write_tx():
        return people.add_customer(name, phone, address, "", OWNER,
                                   now or dt.datetime.now(dt.timezone.utc))


def job(truck_id: int, customer_id: int, day: dt.date, start: str, *, booked_at: dt.datetime,
        price: str = "150.00", fold: int = 0, external_id: str | None = None,
        duration: int | None = 90) -> int:
    hours, minutes = map(int, start.split(":"))
    draft = jobs.JobDraft(customer_id, truck_id, day, dt.time(hours, minutes), fold=fold,
                          service="Carpet cleaning", price=price, duration_minutes=duration,
                          external_id=external_id)
    return jobs.book(draft, OWNER, booked_at).job_id


def pretend_version(version: int) -> None:
    """Make the bound database say it is an older ``version``, as such a file would: before
    version 5 no table had the trail's row triggers, so they go first (else setting the
    version would itself leave a row snapshot no program sealed)."""
    import peewee

    from models import audit_rows
    from models.db import db
    from models.schema import Setting

    if version < 5:
        for model in audit_rows.COVERED:
            table = model._meta.table_name
            if isinstance(db.obj, peewee.PostgresqlDatabase):
                db.execute_sql(f'DROP TRIGGER IF EXISTS audit_row_{table} ON "{table}"')
            else:
                for name in ("ins", "upd", "del"):
                    db.execute_sql(f"DROP TRIGGER IF EXISTS audit_row_{table}_{name}")
    Setting.update(value=str(version)).where(Setting.key == "schema_version").execute()

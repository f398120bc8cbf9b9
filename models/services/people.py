"""Users, trucks and customers."""

from __future__ import annotations

import datetime as dt
import re

from models import audit
from models.auth import ROLES, SYSTEM_USER, hash_password
from models.db import write_tx
from models.errors import DomainError
from models.names import check_new_user_name, check_truck_name
from models.schema import Customer, Truck, User
from models.services.actor import Actor
from models.text import within

COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
PALETTE = ["#2563eb", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be123c", "#4d7c0f",
           "#7c3aed", "#b45309", "#0f766e", "#c026d3", "#1d4ed8"]


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def add_user(name: str, role: str, password: str, actor: Actor, now: dt.datetime) -> int:
    actor.require_owner("add users")
    if role not in ROLES:
        raise DomainError(f"Role must be one of: {', '.join(ROLES)}.")
    if len(password) < 6:
        raise DomainError("A password needs at least 6 characters.")
    with write_tx():
        taken = [u.name for u in User.select(User.name)] + [SYSTEM_USER]
        name = check_new_user_name(name, taken)  # no case twin, look-alike or hidden chars
        user = User.create(name=name, role=role, password_hash=hash_password(password))
        audit.record(actor.name, "create", "user", user.id, new={"name": name, "role": role},
                     at=now)
        return user.id


def add_truck(name: str, crew: str, color: str | None, actor: Actor, now: dt.datetime) -> int:
    if color is not None and not COLOR.match(color):
        raise DomainError(f"'{color}' is not a colour; write it as #RRGGBB, e.g. #2563eb.")
    with write_tx():
        # no empty name, hidden or direction-changing characters, or twin (models/names.py)
        name = check_truck_name(name, [t.name for t in Truck.select(Truck.name)])
        color = color or PALETTE[Truck.select().count() % len(PALETTE)]
        truck = Truck.create(name=name, crew=within(crew, 100, "crew"), color=color)
        audit.record(actor.name, "create", "truck", truck.id, at=now,
                     new={"name": name, "crew": truck.crew, "color": color})
        return truck.id


def add_customer(name: str, phone: str, address: str, notes: str, actor: Actor,
                 now: dt.datetime) -> Customer:
    """Create a customer (in the caller's write transaction, or a new one); audited."""
    if not name.strip():
        raise DomainError("A customer needs a name.")
    with write_tx():
        customer = Customer.create(name=within(name, 200, "customer's name"),
                                   phone=within(phone, 40, "phone number"),
                                   phone_digits=digits(phone), address=address.strip(),
                                   notes=notes.strip())
        audit.record(actor.name, "create", "customer", customer.id, at=now,
                     new={"name": customer.name, "phone": customer.phone,
                          "address": customer.address})
    return customer


def set_decline(customer_id: int, decline: bool, reason: str, actor: Actor,
                now: dt.datetime) -> None:
    actor.require_owner("mark a customer 'decline next booking'")
    if decline and not reason.strip():
        raise DomainError("Declining a customer's next booking needs a reason.")
    with write_tx():
        customer = Customer.get_by_id(customer_id)
        old = {"decline_next_booking": customer.decline_next_booking}
        customer.decline_next_booking, customer.decline_reason = decline, reason.strip()
        customer.save()
        audit.record(actor.name, "flag", "customer", customer.id, old=old,
                     new={"decline_next_booking": decline}, reason=reason.strip(), at=now)


def flag_perfect_visit(customer_id: int, on: bool, why: str, actor: Actor,
                       now: dt.datetime) -> None:
    """Set or clear "make next visit perfect" (in the caller's write transaction, or a new
    one); audited."""
    with write_tx():
        customer = Customer.get_by_id(customer_id)
        if customer.make_next_visit_perfect == on:
            return
        customer.make_next_visit_perfect = on
        customer.save()
        audit.record(actor.name, "flag", "customer", customer.id, at=now,
                     old={"make_next_visit_perfect": not on},
                     new={"make_next_visit_perfect": on}, reason=why)

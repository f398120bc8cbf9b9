"""A customer's flags as the app shows them: decline next booking, make next visit perfect."""

from __future__ import annotations

from dataclasses import dataclass

from models.schema import Customer


@dataclass(frozen=True)
class CustomerFlags:
    customer_id: int
    name: str
    decline_next_booking: bool
    decline_reason: str
    make_next_visit_perfect: bool


def customer_flags(customer_id: int) -> CustomerFlags:
    c = Customer.get_by_id(customer_id)
    return CustomerFlags(c.id, c.name, bool(c.decline_next_booking), c.decline_reason or "",
                         bool(c.make_next_visit_perfect))

"""Read-only look-ups the desktop needs besides the day: customer search and the truck list."""

from __future__ import annotations

from dataclasses import dataclass

from models.schema import Customer, Truck
from models.services.people import digits


@dataclass(frozen=True)
class CustomerHit:
    customer_id: int
    name: str
    phone: str
    address: str
    decline_next_booking: bool
    decline_reason: str
    make_next_visit_perfect: bool


@dataclass(frozen=True)
class TruckRow:
    truck_id: int
    name: str
    crew: str
    color: str


def name_contains(text: str):
    """The condition "the customer's name contains ``text``", case-insensitive. SQLite's
    LIKE folds only ASCII letters, so "ñúñ" is also tried as "Ñúñ" and "ÑÚÑ"."""
    condition = None
    for variant in dict.fromkeys((text, text.lower(), text.title(), text.upper())):
        part = Customer.name.contains(variant)
        condition = part if condition is None else condition | part
    return condition


def phone_contains(text: str, least: int = 1):
    """The condition "the phone's digits contain those of ``text``" (None when ``text``
    has fewer than ``least`` digits)."""
    wanted = digits(text)
    return Customer.phone_digits.contains(wanted) if len(wanted) >= least else None


def search_customers(text: str, limit: int = 20) -> list[CustomerHit]:
    """Customers whose name, address or phone digits contain ``text``, names first."""
    text = text.strip()
    if not text:
        return []
    condition = name_contains(text) | Customer.address.contains(text)
    phone = phone_contains(text)
    if phone is not None:
        condition = condition | phone
    rows = Customer.select().where(condition).order_by(Customer.name, Customer.id).limit(limit)
    return [CustomerHit(c.id, c.name, c.phone, c.address, c.decline_next_booking,
                        c.decline_reason, c.make_next_visit_perfect) for c in rows]


def trucks() -> list[TruckRow]:
    """Active trucks, by name: one lane each on the board."""
    rows = Truck.select().where(Truck.active == True).order_by(Truck.name)  # noqa: E712
    return [TruckRow(t.id, t.name, t.crew, t.color) for t in rows]

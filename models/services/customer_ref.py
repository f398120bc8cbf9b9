"""Finding the customer a person named on the command line: by id, phone or name."""

from __future__ import annotations

from models.errors import DomainError, NotFound
from models.schema import Customer
from models.services.people import digits

PHONE_CHARS = set("0123456789 +-().")
MIN_PHONE_DIGITS = 4


def find(ref: str | int) -> Customer:
    """The one customer whose id, phone (digits compared) or name (any case) is ``ref``.

    A name shared by several customers is refused with the list of them, so the person can
    pick one by id or phone.
    """
    text = str(ref).strip()
    if not text:
        raise DomainError("Name the customer: a name, phone number or id.")
    found: dict[int, Customer] = {}
    if text.isdigit():
        by_id = Customer.get_or_none(Customer.id == int(text))
        if by_id is not None:
            found[by_id.id] = by_id
    phone = digits(text)
    if set(text) <= PHONE_CHARS and len(phone) >= MIN_PHONE_DIGITS:
        for c in Customer.select().where(Customer.phone_digits == phone):
            found[c.id] = c
    for c in Customer.select().where(Customer.name == text):
        found[c.id] = c
    if not found:
        # Any case: SQLite's lower() knows ASCII only, so compare casefolded names here.
        wanted = text.casefold()
        ids = [i for i, name in Customer.select(Customer.id, Customer.name).tuples()
               if name.strip().casefold() == wanted]
        found.update({c.id: c for c in Customer.select().where(Customer.id.in_(ids))})
    if not found:
        raise NotFound(f"There is no customer '{text}' (give a name, phone number or id).")
    if len(found) > 1:
        listed = "; ".join(f"id {c.id}: {c.name}" + (f", {c.phone}" if c.phone else "")
                           + (f", {c.address}" if c.address else "")
                           for c in sorted(found.values(), key=lambda c: c.id))
        raise DomainError(f"'{text}' matches {len(found)} customers ({listed}); name one by "
                          "its id or phone number.")
    return next(iter(found.values()))

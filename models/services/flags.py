"""Setting and clearing a customer's flags: decline next booking, make next visit perfect."""

from __future__ import annotations

import datetime as dt

from models.db import write_tx
from models.errors import DomainError
from models.schema import Customer
from models.services import customer_ref, people
from models.services.actor import Actor

FLAGS = ("decline", "clear-decline", "perfect-visit", "clear-perfect-visit")


def set_flag(ref: str | int, flag: str, reason: str, actor: Actor, now: dt.datetime) -> str:
    """Apply one flag change; returns a sentence saying what happened (or that nothing did)."""
    if flag not in FLAGS:
        raise DomainError(f"Unknown flag change '{flag}'.")
    if flag in ("decline", "clear-decline"):
        actor.require_owner("mark or clear 'decline next booking'")
    if flag == "decline" and not reason.strip():
        raise DomainError("Declining a customer's next booking needs a reason.")
    with write_tx():
        customer = customer_ref.find(ref)
        if flag in ("decline", "clear-decline"):
            on = flag == "decline"
            if customer.decline_next_booking == on and (
                    not on or customer.decline_reason == reason.strip()):
                return _unchanged(customer, on, "decline next booking")
            people.set_decline(customer.id, on, reason, actor, now)
            return _said(customer, on, "decline next booking")
        on = flag == "perfect-visit"
        if customer.make_next_visit_perfect == on:
            return _unchanged(customer, on, "make next visit perfect")
        people.flag_perfect_visit(customer.id, on, reason.strip() or "set by hand", actor, now)
        return _said(customer, on, "make next visit perfect")


def _said(customer: Customer, on: bool, what: str) -> str:
    return f"{customer.name} (id {customer.id}) is {'now' if on else 'no longer'} marked '{what}'."


def _unchanged(customer: Customer, on: bool, what: str) -> str:
    state = "already" if on else "not"
    return f"{customer.name} (id {customer.id}) is {state} marked '{what}'; nothing changed."

"""A day with every kind of stop a route sheet must get right."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from models.company import set_setting
from models.services import jobs
from tests.route_sheets import helpers as h


@dataclass
class Scenario:
    """Job ids by role, and each truck's expected stops as (window, customer) in order."""

    ids: dict[str, int] = field(default_factory=dict)
    expected: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def scenario(db_path) -> Scenario:
    set_setting("office_phone", "(773) 555-0142")
    s = Scenario()
    t1 = h.truck("Truck 1", "Ana Ruiz & Bo Chen")
    t2 = h.truck("Truck 2", "Kwame Mensah")
    h.truck("Truck 3 (spare)", "")  # no jobs that day
    zoe = h.customer("Zoë Ñúñez", "555-0101", h.LONG_ADDRESS)
    miriam = h.customer("מרים כהן", "555-0102", h.RTL_ADDRESS)
    ali = h.customer("علي حسن", "555-0103", "9 Devon Ave")
    late3 = h.customer("Tess Tierthree", "555-0104", "3 Oak St")
    late1 = h.customer("Olly Onetier", "555-0105", "5 Pine St")
    holder = h.customer("Cora Certholder", "555-0106", "7 Birch St")
    cheap = h.customer("Dan Discount", "555-0107", "8 Cedar St")
    moved = h.customer("Fay Freejob", "555-0108", "10 Ash St")
    perfect = h.customer("Pat Perfect", "555-0109", "11 Elm St")
    gone = h.customer("Gus Gone", "555-0110", "12 Elm St")
    later = h.customer("Lou Later", "555-0111", "13 Elm St")

    # Earlier visits that left something owed: a certificate (tier 3) and a tier-1 reward.
    earlier = dt.date(2026, 11, 20)
    old3 = h.book(t1, late3, "09:00", earlier)
    h.late_arrival(old3, 125)
    old1 = h.book(t1, late1, "11:00", earlier)
    h.late_arrival(old1, 45)
    for who, key in ((holder, "holder"), (cheap, "cheap")):
        old = h.book(t2, who, "13:00" if key == "holder" else "15:00", earlier)
        h.late_arrival(old, 130)
        s.codes[key] = h.certificate_of(old)
    s.codes["deliver"] = h.certificate_of(old3)

    s.ids["zoe"] = h.book(t1, zoe, "08:00", notes=h.LONG_NOTES)
    s.ids["late3"] = h.book(t1, late3, "10:00")
    s.ids["miriam"] = h.book(t1, miriam, "12:00")
    s.ids["late1"] = h.book(t1, late1, "14:00")
    s.ids["perfect"] = h.book(t1, perfect, "16:00")
    s.ids["ali"] = h.book(t2, ali, "09:00", price="95.50")
    s.ids["holder"] = h.book(t2, holder, "11:00")
    s.ids["cheap"] = h.book(t2, cheap, "13:00", price="60.00")
    h.redeem(s.codes["holder"], s.ids["holder"])
    h.redeem(s.codes["cheap"], s.ids["cheap"])
    h.make_perfect(perfect)
    # Fay's job of the 26th is moved by us onto this day: free. Gus cancels; Lou moves away.
    fay = h.book(t2, moved, "10:00", dt.date(2026, 11, 26), price="180.00")
    s.ids["fay"] = jobs.reschedule(fay, h.DAY, dt.time(15, 0), 0, "company", h.OWNER,
                                   h.BOOKED, reason="van broke down").job_id
    s.ids["gone"] = h.book(t2, gone, "08:00")
    jobs.cancel(s.ids["gone"], "customer sold the house", h.OWNER, h.BOOKED)
    s.ids["later"] = h.book(t1, later, "13:00")
    jobs.reschedule(s.ids["later"], dt.date(2026, 11, 27), dt.time(9, 0), 0, "customer",
                    h.OWNER, h.BOOKED, reason="customer asked")
    s.expected = {
        "Truck 1": [("08:00–09:00", "Zoë Ñúñez"), ("10:00–11:00", "Tess Tierthree"),
                    ("12:00–13:00", "מרים כהן"), ("14:00–15:00", "Olly Onetier"),
                    ("16:00–17:00", "Pat Perfect")],
        "Truck 2": [("09:00–10:00", "علي حسن"), ("11:00–12:00", "Cora Certholder"),
                    ("13:00–14:00", "Dan Discount"), ("15:00–16:00", "Fay Freejob")],
    }
    return s


@pytest.fixture
def pdf_out(tmp_path):
    return tmp_path / "sheets.pdf"

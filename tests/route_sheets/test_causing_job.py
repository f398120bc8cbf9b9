"""Flags a late visit causes belong on the customer's later visits, never on that visit."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.printing.route_sheet_render import write_pdf
from models.route_sheets import build_route_sheets
from models.schema import Complaint, Customer, Job
from models.services import complaints, stamps
from tests.conftest import NOW
from tests.route_sheets import helpers as h

TODAY = dt.date(2026, 11, 23)  # NOW is 12:00 in Chicago on this day


@pytest.fixture
def late_today(db_path):
    """Rosa's 09:00 visit was 45 minutes late; her complaint is resolved; she is seen again
    at 15:00 the same day."""
    truck = h.truck("Truck 1", "Ana")
    rosa = h.customer("Rosa Latecomer", "555-0190", "4 Oak St")
    first = h.book(truck, rosa, "09:00", TODAY)
    again = h.book(truck, rosa, "15:00", TODAY)
    h.late_arrival(first, 45)
    complaint = Complaint.get(Complaint.job == first)
    complaints.tick_step(complaint.id, 4, h.OWNER, NOW, {"resolution": "Protector free"})
    complaints.resolve(complaint.id, h.OWNER, NOW)
    return {"first": first, "again": again, "customer": rosa}


def _flags(sheets, job_id):
    job = next(j for t in sheets.trucks for j in t.jobs if j.job_id == job_id)
    return [f.kind for f in job.flags], " ".join(f.text for f in job.flags)


def test_the_late_visit_itself_carries_no_flags(late_today):
    sheets = build_route_sheets(TODAY, NOW)
    assert _flags(sheets, late_today["first"]) == ([], "")
    kinds, text = _flags(sheets, late_today["again"])
    assert kinds == ["perfect", "reward"]
    assert "owed from an earlier visit" in text and "$25.00" in text


def test_completing_the_late_visit_keeps_the_next_visit_perfect(late_today):
    end = Job.get_by_id(late_today["first"]).window_end_utc + dt.timedelta(minutes=100)
    stamps.complete(late_today["first"], end, h.OWNER, NOW, reason="crew called")
    assert Customer.get_by_id(late_today["customer"]).make_next_visit_perfect
    sheets = build_route_sheets(TODAY, NOW)
    assert _flags(sheets, late_today["again"])[0] == ["perfect", "reward"]
    stamps.arrive(late_today["again"], NOW, h.OWNER, NOW)
    stamps.complete(late_today["again"], NOW, h.OWNER, NOW)
    assert not Customer.get_by_id(late_today["customer"]).make_next_visit_perfect


@h.needs_poppler
def test_the_pdf_puts_the_flags_on_the_later_visit_only(late_today, tmp_path, qapp):
    pdf = tmp_path / "today.pdf"
    write_pdf(build_route_sheets(TODAY, NOW), pdf)
    flat = h.squash(h.pdf_text(pdf, layout=False))
    assert "15:00 Rosa Latecomer: make this visit perfect, reward to hand over" in flat
    assert "09:00 Rosa Latecomer:" not in flat
    assert flat.count("MAKE THIS VISIT PERFECT") == 1
    assert flat.count("REWARD TO HAND OVER") == 1

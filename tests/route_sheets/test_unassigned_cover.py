"""The cover page warns of the day's jobs that have no truck; no truck's sheet holds them."""

from __future__ import annotations

import pytest

from desktop.printing.route_sheet_render import write_pdf
from models.route_sheets import build_route_sheets
from tests.conftest import NOW
from tests.route_sheets import helpers as h

pytestmark = h.needs_poppler


@pytest.fixture
def day(db_path):
    t1 = h.truck("Truck 1", "Ana & Bo")
    h.book(t1, h.customer("Carla Díaz", "555-0111", "3 Birch Rd"), "09:00")
    waiting = [h.book(None, h.customer("Zoë Ñúñez", "555-0142", "7 Cedar Ct"), "13:00",
                      service="Rug cleaning"),
               h.book(None, h.customer("Omar Haddad", "555-0150", "12 Lake Dr"), "10:00")]
    return t1, waiting


def test_unassigned_jobs_print_on_the_cover_as_a_warning(day, pdf_out, qapp):
    sheets = build_route_sheets(h.DAY, NOW)
    assert [j.customer for j in sheets.unassigned] == ["Omar Haddad", "Zoë Ñúñez"]
    assert [s.truck for s in sheets.trucks] == ["Truck 1"]
    assert [j.customer for j in sheets.trucks[0].jobs] == ["Carla Díaz"]
    write_pdf(sheets, pdf_out)
    cover = " ".join(h.pdf_text(pdf_out, page=1).split())
    assert "WARNING: 2 jobs of this day have no truck. Nobody will go there unless a truck " \
           "is assigned:" in cover
    assert "10:00–11:00 Omar Haddad · 12 Lake Dr · 555-0150 · Carpet cleaning" in cover
    assert "13:00–14:00 Zoë Ñúñez · 7 Cedar Ct · 555-0142 · Rug cleaning" in cover
    rest = h.pdf_text(pdf_out, page=2)
    assert "Carla Díaz" in rest and "Omar" not in rest and "Zoë" not in rest


def test_a_day_with_every_job_assigned_has_no_warning(db_path, pdf_out, qapp):
    h.book(h.truck("Truck 1"), h.customer("Carla Díaz"), "09:00")
    write_pdf(build_route_sheets(h.DAY, NOW), pdf_out)
    assert "WARNING" not in h.pdf_text(pdf_out, page=1)

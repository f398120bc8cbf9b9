"""Route sheets carry the company's address, phone, e-mail and logo on every page."""

from __future__ import annotations

import subprocess

from desktop.printing.route_sheet_render import write_pdf
from models.route_sheets import build_route_sheets
from models.services import company_details
from models.services.company_details import Details
from tests.conftest import NOW
from tests.logo_images import png
from tests.route_sheets import helpers as h

pytestmark = h.needs_poppler


def test_every_page_has_the_letterhead(db_path, owner, pdf_out, qapp):
    company_details.save(Details("Prairie Carpet Care", "40 Lake Shore Dr\nChicago, IL 60611",
                                 "(312) 555-0177", "office@prairie.example", png(60, 30)),
                         owner, NOW)
    t1, t2 = h.truck("Truck 1", "Ana"), h.truck("Truck 2", "Bo")
    c = h.customer("Zoë Ñúñez")
    h.book(t1, c, "09:00")
    h.book(t2, c, "13:00")
    sheets = build_route_sheets(h.DAY, NOW)
    assert sheets.contact == ("40 Lake Shore Dr · Chicago, IL 60611 · Phone (312) 555-0177 · "
                              "E-mail office@prairie.example")
    pages = write_pdf(sheets, pdf_out)
    assert pages == 3  # cover + two trucks
    for page in range(1, pages + 1):
        text = h.pdf_text(pdf_out, page)
        assert "40 Lake Shore Dr" in text and "(312) 555-0177" in text, text
        assert "office@prairie.example" in text
    listing = subprocess.run(["pdfimages", "-list", str(pdf_out)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert sorted({int(line.split()[0]) for line in listing if line.strip()}) == [1, 2, 3]


def test_a_new_company_without_details_prints_as_before(db_path, pdf_out, qapp):
    t1 = h.truck("Truck 1", "Ana")
    h.book(t1, h.customer("Zoë Ñúñez"), "09:00")
    sheets = build_route_sheets(h.DAY, NOW)
    assert sheets.contact == "" and sheets.logo is None
    write_pdf(sheets, pdf_out)
    assert "Office: call your dispatcher" in h.pdf_text(pdf_out, 2)

"""The company's details (address, phone, e-mail, logo) head the letters and certificates."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from models import letters
from models.services import company_details
from models.services.company_details import Details
from tests.conftest import NOW
from tests.logo_images import png
from tests.recovery.test_letters import _work, pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdfimages") is None,
                                reason="needs poppler-utils (pdftotext, pdfimages)")
DETAILS = Details("Prairie Carpet Care", "40 Lake Shore Dr\nChicago, IL 60611",
                  "(312) 555-0177", "office@prairie.example", png(60, 30))


def images(path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return len([line for line in out.splitlines()[2:] if line.strip()])


def test_letter_prints_the_saved_details_and_logo(late_day, dispatcher, owner, tmp_path):
    from desktop.letters.render import write_pdf

    company_details.save(DETAILS, owner, NOW)
    path = tmp_path / "letter.pdf"
    write_pdf(letters.apology_letter(_work(late_day, dispatcher), NOW), path)
    text = pdf_text(path)
    for words in ("Prairie Carpet Care", "40 Lake Shore Dr", "Chicago, IL 60611",
                  "Phone (312) 555-0177", "E-mail office@prairie.example"):
        assert words in text
    assert images(path) == 1


def test_certificate_prints_them_too(late_day, owner, tmp_path):
    from desktop.letters.render import write_pdf

    company_details.save(DETAILS, owner, NOW)
    path = tmp_path / "cert.pdf"
    write_pdf(letters.certificate(late_day.reward.id, NOW), path)
    text = pdf_text(path)
    assert "Phone (312) 555-0177" in text and "40 Lake Shore Dr" in text
    assert "E-mail office@prairie.example" in text
    assert images(path) == 1


def test_without_a_logo_the_letter_has_no_picture(late_day, dispatcher, owner, tmp_path):
    from desktop.letters.render import write_pdf

    company_details.save(Details(DETAILS.name, DETAILS.address, DETAILS.phone, "", None),
                         owner, NOW)
    path = tmp_path / "letter.pdf"
    write_pdf(letters.apology_letter(_work(late_day, dispatcher), NOW), path)
    text = pdf_text(path)
    assert "Phone (312) 555-0177" in text and "E-mail" not in text
    assert images(path) == 0

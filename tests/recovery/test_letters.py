"""Letter, certificate and confirmation: their words, and the PDFs read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from models import letters
from models.display import day_text
from models.errors import DomainError
from models.services import complaints, rewards
from tests.conftest import NOW

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs poppler-utils (pdftotext)")


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def _work(late_day, actor) -> int:
    cid = late_day.complaint.id
    complaints.tick_step(cid, 3, actor, NOW, {"options": ["Re-clean today", "Half refund"],
                                              "choice": "Re-clean today"})
    complaints.tick_step(cid, 4, actor, NOW, {"resolution": "The crew comes back today at 16:00 "
                                                            "to re-clean the hallway."})
    complaints.tick_step(cid, 5, actor, NOW,
                         {"certificate_code": late_day.reward.certificate_code})
    complaints.tick_step(cid, 9, actor, NOW, {"root_cause": "Too little slack", "systemic": True,
                                              "change": "we now leave 30 minutes between "
                                                        "long jobs", "customer_told": True})
    return cid


def test_letter_words(late_day, dispatcher):
    letter = letters.apology_letter(_work(late_day, dispatcher), NOW)
    text = letter.as_text()
    assert letter.letterhead == ["Prairie Carpet Care", "12 Main Street",
                                 "Springfield, IL 62701", "Phone (217) 555-0142"]
    assert letter.recipient == ["Zoë Ñúñez", "1 Elm St", "Springfield, IL 62702"]
    assert "between 06:00 and 07:00" in text and "arrived at 09:10, 130 minutes" in text
    assert "re-clean the hallway" in text and "30 minutes between long jobs" in text
    assert late_day.reward.certificate_code in text and "$100.00" in text
    assert "$" not in letter.title and "$customer" not in text  # every placeholder filled


def test_manual_complaint_letter_quotes_the_customer(late_day, dispatcher):
    cid = complaints.open_complaint(late_day.other_customer_id, None, "The rug smells of $ and "
                                    "<b>soap</b>", "company", dispatcher, NOW)
    text = letters.apology_letter(cid, NOW).as_text()
    assert "You told us: \u201cThe rug smells of $ and <b>soap</b>\u201d" in text
    assert "offer you" not in text  # no reward linked: no offer paragraph


def test_letter_pdf(late_day, dispatcher, tmp_path):
    from desktop.letters.render import write_pdf

    path = tmp_path / "letter.pdf"
    assert write_pdf(letters.apology_letter(_work(late_day, dispatcher), NOW), path) == 1
    text = pdf_text(path)
    for expected in ("Prairie Carpet Care", "12 Main Street", "Zoë Ñúñez", "1 Elm St",
                     "Springfield, IL 62702", "130 minutes", "re-clean the hallway",
                     late_day.reward.certificate_code, "$100.00", "Mon 23 Nov 2026"):
        assert expected in text, expected


def test_certificate_pdf(late_day, tmp_path):
    from desktop.letters.render import write_pdf

    path = tmp_path / "cert.pdf"
    write_pdf(letters.certificate(late_day.reward.id, NOW), path)
    text = pdf_text(path)
    expires = late_day.reward.certificate_expires_at.astimezone(
        dt.timezone(dt.timedelta(hours=-6)))
    for expected in ("Prairie Carpet Care", "Zoë Ñúñez", late_day.reward.certificate_code,
                     "$100.00", day_text(expires.date()),
                     "cannot be exchanged for cash"):
        assert expected in text, expected


def test_certificate_refusals(late_day, owner, dispatcher):
    complaint = complaints.open_complaint(late_day.customer_id, None, "x", "company",
                                          dispatcher, NOW)
    rewards.void(late_day.reward.id, "Entered twice", owner, NOW)
    with pytest.raises(DomainError, match="void"):
        letters.certificate(late_day.reward.id, NOW)
    with pytest.raises(DomainError, match="step 4"):
        letters.confirmation(complaint, NOW)


def test_confirmation_pdf(late_day, dispatcher, tmp_path):
    from desktop.letters.render import write_pdf

    path = tmp_path / "confirm.pdf"
    write_pdf(letters.confirmation(_work(late_day, dispatcher), NOW), path)
    text = pdf_text(path)
    for expected in ("What we agreed", "Zoë Ñúñez", "re-clean the hallway",
                     "You chose: Re-clean today", "(217) 555-0142"):
        assert expected in text, expected


def test_fill_conditions():
    filled = letters.fill("# comment\ntitle: Hi $name\n\nAlways $name.\n\n[if x] Only $x.\n",
                          {"name": "Ann", "x": ""})
    assert filled["title"] == "Hi Ann" and filled["paragraphs"] == ["Always Ann."]

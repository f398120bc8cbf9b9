"""The letter and certificate commands, run as a user would: main.py in a subprocess."""

from __future__ import annotations

import shutil

import pytest

from models.services import complaints
from tests.cli.helpers import ok, refused, run_cli
from tests.conftest import NOW
from tests.recovery.test_letters import pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="needs poppler-utils (pdftotext)")


def test_letter_and_certificate_commands(late_day, dispatcher, db_path, tmp_path):
    cid = late_day.complaint.id
    complaints.tick_step(cid, 4, dispatcher, NOW, {"resolution": "Free re-clean on Friday"})
    letter, cert = tmp_path / "letter.pdf", tmp_path / "cert.pdf"
    out = ok(run_cli("letter", cid, "--pdf", letter, db=db_path, password=None))
    assert "letter.pdf" in out.stdout
    text = pdf_text(letter)
    assert "Prairie Carpet Care" in text and "Zoë Ñúñez" in text
    assert "Free re-clean on Friday." in text and late_day.reward.certificate_code in text
    ok(run_cli("certificate", late_day.reward.id, "--pdf", cert, db=db_path, password=None))
    text = pdf_text(cert)
    assert late_day.reward.certificate_code in text and "$100.00" in text
    confirm = tmp_path / "confirm.pdf"
    ok(run_cli("letter", cid, "--confirmation", "--pdf", confirm, db=db_path, password=None))
    assert "What we agreed" in pdf_text(confirm)


def test_commands_refuse_what_does_not_exist(late_day, db_path, tmp_path):
    refused(run_cli("letter", "999", "--pdf", tmp_path / "x.pdf", db=db_path, password=None),
            "no complaint")
    refused(run_cli("certificate", "999", "--pdf", tmp_path / "y.pdf", db=db_path,
                    password=None), "no reward")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()

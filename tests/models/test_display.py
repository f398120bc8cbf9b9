"""One way to write days, times, money and letter file names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.display import (
    clock_text,
    day_text,
    file_safe,
    letter_file_name,
    money_text,
    short_day_text,
    when_text,
)

UTC = dt.timezone.utc


def test_days():
    assert day_text(dt.date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert day_text(dt.date(2027, 1, 31)) == "Sun 31 Jan 2027"
    assert short_day_text(dt.date(2026, 11, 23)) == "Mon 23 Nov"


def test_instants_in_the_company_zone():
    at = dt.datetime(2026, 12, 1, 5, 30, tzinfo=UTC)  # 23:30 the day before in Chicago
    assert when_text(at, "America/Chicago") == "Mon 30 Nov 2026 23:30"
    assert clock_text(at, "Asia/Tokyo") == "14:30"
    assert when_text(None, "America/Chicago") == ""


@pytest.mark.parametrize("value, text", [
    (Decimal("25"), "$25.00"), ("329", "$329.00"), (1234.5, "$1,234.50"), (0, "$0.00"),
    (Decimal("-5"), "-$5.00"), ("0.005", "$0.01"), (None, "")])
def test_money(value, text):
    assert money_text(value, "$") == text


def test_money_in_another_currency():
    assert money_text("1000000", "€") == "€1,000,000.00"


@pytest.mark.parametrize("name, safe", [
    ("Zoë Ñúñez", "Zoë Ñúñez"), ("../../etc/passwd", "etc passwd"),
    ('a<b>c:d"e|f?g*h\\i', "a b c d e f g h i"), ("...", "customer"), ("\x1b[31m", "[31m"),
    ("  ", "customer"), ("x" * 200, "x" * 80)])
def test_file_safe_names(name, safe):
    assert file_safe(name) == safe


def test_letter_file_names():
    day = dt.date(2026, 12, 1)
    assert letter_file_name("apology", "Ana/Ben", day) == "Letter to Ana Ben 2026-12-01.pdf"
    assert letter_file_name("confirmation", "Zoë", day) == "Confirmation for Zoë 2026-12-01.pdf"


def test_models_stay_free_of_qt():
    import models.display as module

    assert "PySide6" not in open(module.__file__, encoding="utf-8").read()

"""One way to write dates, times and money on screen and paper: ``Tue 1 Dec 2026``, ``$25.00``.

Typed input keeps its own strict forms (models/timefmt.py: ``YYYY-MM-DD HH:MM``); these are
for reading. Month and weekday names are English whatever the machine's locale, so a
letter reads the same on every desktop.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from models.rules import zone

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: dt.date) -> str:
    """``Tue 1 Dec 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def short_day_text(day: dt.date) -> str:
    """``Tue 1 Dec``: where the year is plain from the context (a window near the shown day)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def clock_text(instant: dt.datetime, tz: str) -> str:
    """``13:05`` in the zone."""
    return instant.astimezone(zone(tz)).strftime("%H:%M")


def when_text(instant: dt.datetime | None, tz: str) -> str:
    """``Tue 1 Dec 2026 13:05`` in the zone; empty for no instant."""
    if instant is None:
        return ""
    local = instant.astimezone(zone(tz))
    return f"{day_text(local.date())} {local:%H:%M}"


def money_text(value: Decimal | float | int | str | None, currency: str) -> str:
    """``$1,329.00``; a negative amount as ``-$5.00``; empty for no amount."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}{currency}{abs(amount):,.2f}"


def file_safe(text: str, limit: int = 80) -> str:
    """A name any file system takes: no path separators, control or reserved characters,
    no leading dot, not empty."""
    cleaned = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', " ", text)
    cleaned = re.sub(r"\s+", " ", cleaned).lstrip(". ").strip()
    return cleaned[:limit].strip() or "customer"


def letter_file_name(kind: str, customer: str, day: dt.date) -> str:
    """``Letter to NAME 2026-12-01.pdf`` (or ``Confirmation for …``, ``Certificate for …``)."""
    heads = {"apology": "Letter to", "confirmation": "Confirmation for",
             "certificate": "Certificate for"}
    return f"{heads.get(kind, 'Letter to')} {file_safe(customer)} {day.isoformat()}.pdf"

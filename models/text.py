"""Small checks on text people type."""

from __future__ import annotations

import re

# C0 controls (ESC starts a terminal's escape sequences), DEL, C1 controls (CSI, OSC...),
# and the bidirectional overrides and isolates that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069]")


def is_number(text: str) -> bool:
    """Plain 0-9 digits only: str.isdigit() also accepts superscripts that int() refuses."""
    return text.isascii() and text.isdigit()


MAX_ID = 2**63 - 1  # the largest id a database column (signed 64-bit) can hold


def as_id(text: str | int | None) -> int | None:
    """The record id ``text`` names (plain digits, 1 to 2**63-1), else None.

    Larger numbers are no record's id; passed on, they overflow the database driver.
    """
    text = str(text if text is not None else "").strip()
    if not is_number(text) or len(text) > 19:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def within(text: str, most: int, what: str) -> str:
    """The text, stripped, if it is at most ``most`` characters; else a clear refusal."""
    from models.errors import DomainError

    text = (text or "").strip()
    if len(text) > most:
        raise DomainError(f"The {what} can have at most {most} characters "
                          f"(this one has {len(text)}).")
    return text


def for_terminal(text: str, keep: str = "") -> str:
    """``text`` safe to print: every control character becomes '?' except those in ``keep``
    (say newline and tab, where the layout needs them)."""
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else "?", text)

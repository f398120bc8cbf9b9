"""Small checks on text people type."""

from __future__ import annotations


def is_number(text: str) -> bool:
    """Plain 0-9 digits only: str.isdigit() also accepts superscripts that int() refuses."""
    return text.isascii() and text.isdigit()

"""Small checks on text people type."""

from __future__ import annotations


def is_number(text: str) -> bool:
    """Plain 0-9 digits only: str.isdigit() also accepts superscripts that int() refuses."""
    return text.isascii() and text.isdigit()


def within(text: str, most: int, what: str) -> str:
    """The text, stripped, if it is at most ``most`` characters; else a clear refusal."""
    from models.errors import DomainError

    text = (text or "").strip()
    if len(text) > most:
        raise DomainError(f"The {what} can have at most {most} characters "
                          f"(this one has {len(text)}).")
    return text

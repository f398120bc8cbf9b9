"""User names: one normal form, no invisible characters, no look-alikes of another user.

A user name is who signs an audit entry. ``mariа`` (ending in a Cyrillic а), ``Maria`` next
to ``maria``, or ``System`` next to the built-in ``system`` would let two people pass for one,
so such names are refused when a user is added, and sign-in finds a name ignoring case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from models.errors import DomainError

MOST = 60
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")
LOOK_ALIKE_SCRIPTS = ("CYRILLIC", "GREEK")

# Cyrillic and Greek letters drawn like Latin ones (a small part of Unicode's confusables).
_TO_LATIN = str.maketrans({
    # Cyrillic
    "а": "a", "А": "A", "В": "B", "в": "b", "е": "e", "Е": "E", "ё": "e", "Ё": "E",
    "З": "3", "і": "i", "І": "I", "ї": "i", "Ї": "I", "ј": "j", "Ј": "J", "К": "K",
    "к": "k", "М": "M", "м": "m", "Н": "H", "н": "h", "О": "O", "о": "o", "Р": "P",
    "р": "p", "С": "C", "с": "c", "Т": "T", "т": "t", "у": "y", "У": "Y", "Х": "X",
    "х": "x", "ѕ": "s", "Ѕ": "S", "ԁ": "d", "һ": "h", "Һ": "H", "ԛ": "q", "ԝ": "w",
    "Ԝ": "W", "ӏ": "l", "Ӏ": "I", "ь": "b", "Ь": "b", "г": "r", "п": "n", "и": "u",
    # Greek
    "Α": "A", "α": "a", "Β": "B", "β": "b", "Ε": "E", "ε": "e", "Ζ": "Z", "Η": "H",
    "η": "n", "Ι": "I", "ι": "i", "Κ": "K", "κ": "k", "Μ": "M", "Ν": "N", "ν": "v",
    "Ο": "O", "ο": "o", "Ρ": "P", "ρ": "p", "Τ": "T", "τ": "t", "Υ": "Y", "υ": "u",
    "Χ": "X", "χ": "x", "ϲ": "c", "Ϲ": "C", "ϳ": "j", "ω": "w",
})


def normal(name: str) -> str:
    """The form a name is stored and compared in: NFKC (full-width letters, ligatures and
    the like become plain ones), without surrounding spaces."""
    return unicodedata.normalize("NFKC", name or "").strip()


def folded(name: str) -> str:
    """For finding a user whatever the case: normal form, case-folded."""
    return normal(name).casefold()


def skeleton(name: str) -> str:
    """What the name looks like: Cyrillic and Greek look-alikes as Latin, case-folded."""
    return normal(name).translate(_TO_LATIN).casefold()


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    return unicodedata.name(char, "").split(" ", 1)[0] or None


def _plain_name(name: str, what: str, hidden: str) -> str:
    """``name`` normalised, or a refusal: empty, too long, hidden characters, odd spaces."""
    text = normal(name)
    if not text:
        raise DomainError(f"A {what} needs a name.")
    if len(text) > MOST:
        raise DomainError(f"A {what} name can have at most {MOST} characters "
                          f"(this one has {len(text)}).")
    for char in text:
        if unicodedata.category(char) in INVISIBLE_CATEGORIES:
            raise DomainError(f"A {what} name cannot contain {hidden} "
                              f"(U+{ord(char):04X} here); type it again by hand.")
        if char.isspace() and char != " ":
            raise DomainError(f"A {what} name can contain ordinary spaces only (no tabs or "
                              "other kinds of space).")
    return text


def check_new_user_name(name: str, existing: Iterable[str]) -> str:
    """The name to store for a new user, or a refusal saying what is wrong with it.

    ``existing`` are the names already taken, the built-in ``system`` included.
    """
    text = _plain_name(name, "user", "invisible or control characters")
    scripts = {s for s in map(_script, text) if s}
    if "LATIN" in scripts and scripts & set(LOOK_ALIKE_SCRIPTS):
        raise DomainError(f"'{text}' mixes Latin letters with Cyrillic or Greek ones, which "
                          "can look the same; write it in one alphabet.")
    for other in existing:
        if folded(other) == folded(text):
            raise DomainError(f"There is already a user named '{other}' (names differing "
                              "only in capitals are the same name).")
        if skeleton(other) == skeleton(text):
            raise DomainError(f"'{text}' looks the same as the user '{other}'; choose a name "
                              "that cannot be mistaken for it.")
    return text


def pick(name: str, candidates: Iterable[str]) -> str | None:
    """The user name that ``name`` means at sign-in: itself, else the one equal ignoring case.

    Two stored names equal ignoring case (made before this rule) are ambiguous: only an exact
    match picks one of them.
    """
    names = list(candidates)
    text = normal(name)
    if text in names:
        return text
    same = [n for n in names if folded(n) == folded(text)]
    return same[0] if len(same) == 1 else None


def check_truck_name(name: str, existing: Iterable[str]) -> str:
    """The name to store for a truck (new or renamed), or a refusal saying what is wrong.

    ``existing`` are the other trucks' names (a renamed truck's own name left out). A truck's
    name is printed on route sheets and is what a CSV import names: no hidden or
    direction-changing characters, and no twin that differs only in capitals or look.
    """
    text = _plain_name(name, "truck",
                       "invisible, control or direction-changing characters")
    for other in existing:
        if folded(other) == folded(text) or skeleton(other) == skeleton(text):
            raise DomainError(f"There is already a truck named '{other}'; choose a name "
                              "that cannot be mistaken for it.")
    return text

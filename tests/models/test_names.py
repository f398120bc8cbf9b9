"""User names: normal form, hidden characters, mixed alphabets, look-alikes, case twins."""

from __future__ import annotations

import pytest

from models.errors import DomainError
from models.names import check_new_user_name, normal, pick, skeleton

TAKEN = ["maria", "system", "Teo", "dana"]


@pytest.mark.parametrize("name, why", [
    ("Maria", "capitals"), ("MARIA", "capitals"), ("System", "capitals"),
    ("mari\u0430", "mixes"),  # Cyrillic а at the end
    ("m\u0430ri\u0430", "mixes"), ("\u0422\u0435\u043e", "looks the same"),  # all-Cyrillic Тео
    ("\u03a4\u0395\u039f", "looks the same"),  # all-Greek ΤΕΟ
    ("ma\u200bria", "invisible"), ("maria\u202e", "invisible"), ("ma\x1bria", "invisible"),
    ("an\u00adna", "invisible"), ("a\u2028b", "invisible"), ("an\tna", "invisible"),
    ("", "needs a name"), ("   ", "needs a name"),
    ("x" * 61, "at most 60"),
])
def test_refused(name, why):
    with pytest.raises(DomainError, match=f"(?i){why}"):
        check_new_user_name(name, TAKEN)


@pytest.mark.parametrize("name, stored", [
    ("  luis ", "luis"), ("\uff4c\uff55\uff49\uff53", "luis"),  # full-width letters
    ("Мария", "Мария"), ("Ζωή", "Ζωή"), ("José", "Jose\u0301"), ("Ann-Marie O'Neil",
                                                              "Ann-Marie O'Neil"),
])
def test_accepted_in_normal_form(name, stored):
    assert check_new_user_name(name, TAKEN) == normal(stored)


def test_skeleton_maps_look_alikes_to_latin():
    assert skeleton("\u0422\u0435\u043e") == skeleton("teo") == "teo"
    assert skeleton("Мария") != skeleton("maria")  # different letters stay different


def test_sign_in_picks_a_name_ignoring_case():
    assert pick("MARIA", TAKEN) == "maria"
    assert pick(" \uff4d\uff41\uff52\uff49\uff41 ", TAKEN) == "maria"
    assert pick("teo", TAKEN) == "Teo"
    assert pick("nobody", TAKEN) is None
    assert pick("\u0422\u0435\u043e", TAKEN) is None  # a look-alike is not the same user
    assert pick("ANN", ["ann", "Ann"]) is None  # two old case twins: only exact matches
    assert pick("Ann", ["ann", "Ann"]) == "Ann"

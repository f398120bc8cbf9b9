"""Certificate codes: unique and hard to guess."""

from __future__ import annotations

import secrets

from models.schema import Reward

# No 0/O, 1/I/L: a customer reads the code over the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    while True:
        body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        code = f"OT-{body[:4]}-{body[4:8]}-{body[8:]}"
        if not Reward.select().where(Reward.certificate_code == code).exists():
            return code


def normalise(code: str) -> str:
    return code.strip().upper()

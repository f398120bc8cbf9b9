"""Certificate codes: unique and hard to guess."""

from __future__ import annotations

import secrets

from models.schema import Reward

# No 0/O, 1/I/L: a customer reads the code over the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _candidate() -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"OT-{body[:4]}-{body[4:8]}-{body[8:]}"


def new_code() -> str:
    while True:
        code = _candidate()
        if not Reward.select().where(Reward.certificate_code == code).exists():
            return code


def normalise(code: str) -> str:
    return code.strip().upper()


def new_codes(count: int) -> list[str]:
    """``count`` new codes at once (one look-up per thousand, not one per code)."""
    codes: list[str] = []
    while len(codes) < count:
        wanted = {_candidate() for _ in range(min(count - len(codes), 1000))} - set(codes)
        taken = {r.certificate_code for r in Reward.select(Reward.certificate_code)
                 .where(Reward.certificate_code.in_(list(wanted)))}
        codes += sorted(wanted - taken)
    return codes[:count]

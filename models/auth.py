"""Passwords (scrypt, from the standard library) and roles."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SYSTEM_USER = "system"
ROLES = ("owner", "dispatcher")
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    enc = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${enc(salt).decode()}${enc(digest).decode()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, n, r, p, salt, digest = stored.split("$")
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                            r=int(r), p=int(p), dklen=len(expected))
    return hmac.compare_digest(actual, expected)

"""The company's details that letters, certificates and route sheets print (owner only).

Name, postal address, phone, e-mail and a logo (PNG or JPEG, at most 256 KB), kept in the
settings table (``company_name``, ``address``, ``office_phone``, ``email``, ``logo``), so the
audit trail's row triggers snapshot every change and ``check`` replays them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass

from models import audit
from models.company import get_setting, set_setting
from models.db import write_tx
from models.errors import DomainError
from models.services.actor import Actor

LOGO_MOST = 256 * 1024
NAME_MOST = 200
ADDRESS_MOST = 1000
PHONE_MOST = 40
EMAIL_MOST = 254
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
PHONE_CHARS = re.compile(r"^[0-9+()\-./ ,xXextEXT#*]+$")
KEYS = ("company_name", "address", "office_phone", "email", "logo")


@dataclass(frozen=True)
class Details:
    name: str
    address: str  # lines separated by "\n"
    phone: str
    email: str
    logo: bytes | None = None  # PNG or JPEG bytes, as uploaded

    @property
    def logo_kind(self) -> str:
        return logo_kind(self.logo) if self.logo else ""


def details() -> Details:
    return Details(get_setting("company_name"), get_setting("address"),
                   get_setting("office_phone"), get_setting("email"),
                   decode_logo(get_setting("logo")))


def decode_logo(text: str) -> bytes | None:
    """The logo's bytes from its setting (``image/png;base64,...``), or None."""
    if not text or "," not in text:
        return None
    try:
        return base64.b64decode(text.split(",", 1)[1], validate=True)
    except ValueError:
        return None


def encode_logo(data: bytes | None) -> str:
    if not data:
        return ""
    return f"image/{logo_kind(data)};base64,{base64.b64encode(data).decode('ascii')}"


def logo_kind(data: bytes) -> str:
    """``png`` or ``jpeg`` when the bytes are a whole, plausible image of that kind; else a
    refusal saying what is wrong (size, kind, damage)."""
    if len(data) > LOGO_MOST:
        raise DomainError(f"The logo is {len(data) // 1024} KB; at most {LOGO_MOST // 1024} KB "
                          "is allowed (save it smaller, e.g. 600 pixels wide).")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) < 33 or data[12:16] != b"IHDR":
            raise DomainError("The logo is a damaged PNG file.")
        width, height = struct.unpack(">II", data[16:24])
        if not width or not height or not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
            raise DomainError("The logo is a damaged or incomplete PNG file.")
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        if b"\xff\xd9" not in data[-16:]:
            raise DomainError("The logo is a damaged or incomplete JPEG file.")
        return "jpeg"
    raise DomainError("The logo must be a PNG or JPEG picture.")


def _one_line(value: str, most: int, what: str) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    if len(text) > most:
        raise DomainError(f"The {what} can have at most {most} characters "
                          f"(this one has {len(text)}).")
    if not text.isprintable():
        raise DomainError(f"The {what} cannot contain invisible, control or line-break "
                          "characters; type it again by hand.")
    return text


def _address(value: str) -> str:
    lines = [unicodedata.normalize("NFC", line).strip()
             for line in (value or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if any(not line.isprintable() for line in lines):
        raise DomainError("The address cannot contain invisible or control characters; type "
                          "it again by hand.")
    text = "\n".join(lines)
    if len(text) > ADDRESS_MOST:
        raise DomainError(f"The address can have at most {ADDRESS_MOST} characters.")
    return text


def validated(new: Details) -> Details:
    """The details as they would be stored, or a refusal naming the first bad field."""
    name = _one_line(new.name, NAME_MOST, "company's name")
    if not name:
        raise DomainError("The company needs a name.")
    phone = _one_line(new.phone, PHONE_MOST, "phone number")
    if phone and (not PHONE_CHARS.match(phone) or sum(c.isdigit() for c in phone) < 3):
        raise DomainError(f"'{phone}' does not look like a phone number (digits, spaces, "
                          "+ ( ) - . and an extension).")
    email = _one_line(new.email, EMAIL_MOST, "e-mail address")
    if email and not EMAIL.match(email):
        raise DomainError(f"'{email}' does not look like an e-mail address "
                          "(name@example.com).")
    if new.logo:
        logo_kind(new.logo)
    return Details(name, _address(new.address), phone, email, new.logo or None)


def _summary(values: dict[str, str]) -> dict[str, str]:
    """What the trail's entry says: the texts, and the logo only by size and fingerprint."""
    shown = {k: v for k, v in values.items() if k != "logo"}
    if "logo" in values:
        logo = decode_logo(values["logo"])
        shown["logo"] = (f"{len(logo)} bytes, sha256 {hashlib.sha256(logo).hexdigest()[:16]}"
                         if logo else "")
    return shown


def save(new: Details, actor: Actor, now: dt.datetime) -> Details:
    """Store the company's details; returns them as stored. Nothing changes on a refusal."""
    from models.services.users_admin import require_owner_now

    require_owner_now(actor, "change the company's details")
    clean = validated(new)
    values = {"company_name": clean.name, "address": clean.address,
              "office_phone": clean.phone, "email": clean.email,
              "logo": encode_logo(clean.logo)}
    with write_tx():
        old = {key: get_setting(key) for key in KEYS}
        changed = {k: v for k, v in values.items() if old.get(k, "") != v}
        if not changed:
            return clean
        for key, value in changed.items():
            set_setting(key, value)
        audit.record(actor.name, "settings", "company", 1,
                     old=_summary({k: old.get(k, "") for k in changed}),
                     new=_summary(changed), at=now)
    return clean

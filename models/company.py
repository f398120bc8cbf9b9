"""Company settings and the policy in force at an instant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from models.errors import DomainError
from models.policy import Policy
from models.schema import PolicyVersion, Setting

DEFAULTS = {
    "company_name": "",
    "tz": "UTC",
    "currency": "$",
    "office_phone": "",
    "address": "",
    "route_sheet_time": "06:00",
    "route_sheet_folder": "",
    "paper": "Letter",
    "margins_mm": "12",
    "office_hours": "Mon-Sat 08:00-18:00",
    "follow_up_days": "3",
}


@dataclass(frozen=True)
class Company:
    name: str
    tz: str
    currency: str
    office_phone: str
    address: str
    email: str = ""
    logo: str = ""  # "image/png;base64,..." (models/services/company_details.py)


def get_setting(key: str) -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else DEFAULTS.get(key, "")


def set_setting(key: str, value: str) -> None:
    if Setting.update(value=value).where(Setting.key == key).execute() == 0:
        Setting.create(key=key, value=value)


def company() -> Company:
    values = {r.key: r.value for r in Setting.select()}
    get = lambda k: values.get(k, DEFAULTS.get(k, ""))  # noqa: E731
    return Company(get("company_name"), get("tz"), get("currency"), get("office_phone"),
                   get("address"), get("email"), get("logo"))


def company_tz() -> str:
    return get_setting("tz")


@lru_cache(maxsize=256)
def _parse_policy(text: str) -> Policy:
    return Policy.from_json(text)


def policy_versions() -> list[tuple[dt.datetime, Policy]]:
    rows = PolicyVersion.select().order_by(PolicyVersion.effective_from, PolicyVersion.id)
    return [(r.effective_from, _parse_policy(r.data)) for r in rows]


def policy_at(instant: dt.datetime, versions=None) -> Policy:
    """The policy in force at ``instant`` (the latest version that began at or before it)."""
    versions = versions if versions is not None else policy_versions()
    if not versions:
        raise DomainError("This database has no guarantee policy; run 'init' first.")
    chosen = versions[0][1]
    for begins, policy in versions:
        if begins <= instant:
            chosen = policy
    return chosen

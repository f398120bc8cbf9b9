"""Each service's default booking duration (owner only), kept as settings rows.

A job booked without an explicit duration (in the app or by ``import-jobs``) takes its
service's default, else the policy's. The defaults live in the settings table under
``service_duration:<service>``, so the audit trail's row triggers snapshot every change and
``check`` replays them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from models import audit
from models.company import get_setting, set_setting
from models.db import write_tx
from models.errors import DomainError
from models.schema import Setting
from models.services.actor import Actor
from models.text import within

PREFIX = "service_duration:"
LEAST, MOST = 1, 720
SERVICE_MOST = 200
WHOLE = re.compile(r"[0-9]{1,4}")


@dataclass(frozen=True)
class Change:
    service: str
    old: int | None  # the service's own default before, None: it had the policy's
    new: int


def setting_key(service: str) -> str:
    return PREFIX + service


def defaults() -> dict[str, int]:
    """Every service that has its own default, with it (one query)."""
    out = {}
    for row in Setting.select().where(Setting.key.startswith(PREFIX)):
        value = _stored(row.value)
        if value is not None:
            out[row.key[len(PREFIX):]] = value
    return out


def default_for(service: str) -> int | None:
    """The service's own default booking duration, or None when it has none."""
    service = (service or "").strip()
    if not service:
        return None
    return _stored(get_setting(setting_key(service)))


def _stored(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if WHOLE.fullmatch(text) and LEAST <= int(text) <= MOST else None


def parse_minutes(value) -> int:
    """A duration typed or passed in: a whole number of minutes, 1 to 720."""
    text = str(value).strip()
    if isinstance(value, bool) or not WHOLE.fullmatch(text) or not LEAST <= int(text) <= MOST:
        raise DomainError(f"'{value}' is not a booking duration; give whole minutes from "
                          f"{LEAST} to {MOST}.")
    return int(text)


def set_default(service: str, value, actor: Actor, now: dt.datetime) -> Change:
    """Make ``value`` minutes the booking duration of new jobs of ``service``. Jobs already
    booked keep theirs. Nothing changes on a refusal."""
    from models.services.users_admin import require_owner_now

    require_owner_now(actor, "change a service's booking duration")
    name = within(service, SERVICE_MOST, "service")
    if not name:
        raise DomainError("Name the service whose booking duration changes.")
    new = parse_minutes(value)
    with write_tx():
        old = default_for(name)
        if old == new:
            return Change(name, old, new)
        set_setting(setting_key(name), str(new))
        audit.record(actor.name, "settings", "service_duration", name,
                     old={"service": name, "minutes": old},
                     new={"service": name, "minutes": new}, at=now)
    return Change(name, old, new)
